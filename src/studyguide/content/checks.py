"""Checks on printed text beyond the schema: links, images, markup that would print as text, and
characters no font has."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import emoji
from markdown_it import MarkdownIt

from ..errors import Problem
from ..models import Batch, Category, Guide
from . import glyphs
from .images import image_problem
from .yamlsafe import Parsed

# A link in the PDF may only leave the document for the web or an e-mail program: a relative
# or file link would point at (and reveal) a path on the machine that built it.
LINK_SCHEMES = ("http", "https", "mailto")
# Parsed as the renderer parses (raw HTML off, tables on), to find what it would print.
_md = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
# Outside code, an HTML tag or a :shortcode: prints as the characters typed, not as markup.
_TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9-]*)(?:\s[^<>]*)?/?>")
_SHORTCODE = re.compile(r":[a-z0-9_+-]+:")
# What any of those needs: a bracket (links, images), an angle bracket (autolinks, tags), a shortcode.
_MAY_MATTER = re.compile(r"[\[<]|:[a-z0-9_+-]+:")


def image_sources(text: str | None) -> list[str]:
    """The images one markdown field shows, as written."""
    if not text or "![" not in text:  # every image is written ![...]: most fields need no parse
        return []
    return [str(token.attrGet("src") or "") for token in _walk(_md.parse(text)) if token.type == "image"]


def markdown_problems(text: str | None, content_dir: Path) -> tuple[list[str], list[str]]:
    """(errors, warnings) about the links, images and stray markup of one markdown field."""
    if not text or not _MAY_MATTER.search(text):  # no link, image, tag or shortcode: no parse needed
        return [], []
    errors, warnings = [], []
    for token in _walk(_md.parse(text)):
        if token.type == "image":
            why = image_problem(content_dir, str(token.attrGet("src") or ""))
            errors += [why] if why else []
        elif token.type == "link_open":
            href = str(token.attrGet("href") or "")
            parts = urlsplit(href)
            if parts.scheme.lower() not in LINK_SCHEMES or (parts.scheme.lower() != "mailto" and not parts.netloc):
                errors.append(f"link to '{href}' is not allowed; a link must be a full web address "
                              "(https://...) or mailto:")
        elif token.type == "text":
            warnings += _literal_markup(token.content)
    return errors, warnings


def _literal_markup(text: str) -> list[str]:
    found = [f"HTML tag <{m[1]}> prints as text; write it in markdown (or put it in `code`)"
             for m in _TAG.finditer(text)]
    found += [f"{m[0]} prints as text; write the emoji itself ({emoji.emojize(m[0], language='alias')})"
              for m in _SHORTCODE.finditer(text) if emoji.emojize(m[0], language="alias") != m[0]]
    return list(dict.fromkeys(found))


def _walk(tokens):
    for token in tokens:
        yield token
        if token.children:
            yield from _walk(token.children)


def _control(ch: str) -> bool:
    return (ch < " " and ch not in "\t\n\r") or "\x7f" <= ch < "\xa0"


def glyph_messages(text: str | None) -> list[str]:
    """Characters that would not print: control characters (whatever a font maps them to), then
    characters no embedded font has, in order of first use."""
    if not text:
        return []
    controls = list(dict.fromkeys(ch for ch in text if _control(ch)))
    return [f"control character U+{ord(ch):04X} cannot be printed; remove it" for ch in controls] + [
        f"character {glyphs.describe(ch)} is in no embedded font and would print as an empty box"
        for ch in glyphs.missing(text) if not _control(ch)]


@dataclass
class FileChecks:
    """The checks of one content file, collecting located errors and warnings."""

    content_dir: Path
    parsed: Parsed
    shown: str

    def __post_init__(self):
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []

    def field(self, loc: tuple, label: str, plain: dict, marked: dict | None = None) -> None:
        """Plain-text fields are checked for unprintable characters; markdown ones for links,
        images and stray markup too."""
        at = self.parsed.where(loc)
        for name, value in {**plain, **(marked or {})}.items():
            for item in (value if isinstance(value, list) else [value]):
                self.warnings += [Problem(self.shown, *at, f"{label}{name}: {m}") for m in glyph_messages(item)]
        for name, value in (marked or {}).items():
            errors, warnings = markdown_problems(value, self.content_dir)
            self.errors += [Problem(self.shown, *at, f"{label}{name}: {m}") for m in errors]
            self.warnings += [Problem(self.shown, *at, f"{label}{name}: {m}") for m in warnings]


def guide_problems(guide: Guide, checks: FileChecks) -> None:
    for name in ("title", "subtitle", "edition", "publisher"):
        checks.field((name,), "", {name: getattr(guide, name)})
    for name in ("intro", "outro"):
        checks.field((name,), "", {}, {name: getattr(guide, name)})


def category_problems(category: Category, checks: FileChecks) -> None:
    for name in ("title", "icon", "summary"):
        checks.field((name,), "", {name: getattr(category, name)})
    for index, section in enumerate(category.sections):
        checks.field(("sections", index, "title"), "", {"section": section.title})
    for loc, q, _ in category.located():
        # Located at the question, so the author finds the entry whatever field it is in.
        checks.field(loc, f"question '{q.id}' ", {"tags": q.tags, "terms": q.terms, "level": q.level},
                     {"question": q.question, "answer": q.answer, "short": q.short})


def batch_problems(batch: Batch, checks: FileChecks) -> None:
    for name in ("name", "track", "trainer"):
        checks.field((name,), "", {name: getattr(batch, name)})
    for i, candidate in enumerate(batch.candidates):
        checks.field(("candidates", i), "candidate ", {"name": candidate.name})
