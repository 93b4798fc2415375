"""Checks on printed text beyond the schema: link targets, images, and characters no font has."""

from __future__ import annotations

from urllib.parse import urlsplit

from markdown_it import MarkdownIt

from ..errors import Problem
from ..models import Batch, Category, Guide
from . import glyphs
from .yamlsafe import Parsed

# A link in the PDF may only leave the document for the web or an e-mail program: a relative
# or file link would point at (and reveal) a path on the machine that built it.
LINK_SCHEMES = ("http", "https", "mailto")
# The renderer's own parser has images switched off; this one finds them to report them.
_md = MarkdownIt("commonmark", {"html": False})


def markdown_problems(text: str | None) -> list[str]:
    """What is wrong with the links and images in one markdown field, as messages."""
    if not text:
        return []
    found: list[str] = []
    for token in _walk(_md.parse(text)):
        if token.type == "image":
            found.append(f"images are not printed ('{token.attrGet('src')}'); describe the picture in words "
                         "or link to it with [text](https://...)")
        elif token.type == "link_open":
            href = str(token.attrGet("href") or "")
            parts = urlsplit(href)
            if parts.scheme.lower() not in LINK_SCHEMES or (parts.scheme.lower() != "mailto" and not parts.netloc):
                found.append(f"link to '{href}' is not allowed; a link must be a full web address "
                             "(https://...) or mailto:")
    return found


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


def _field_problems(shown: str, at: tuple[int, int], label: str, plain: dict, marked: dict):
    """(errors, warnings) for the plain-text and markdown fields of one object."""
    errors, warnings = [], []
    for name, value in {**plain, **marked}.items():
        values = value if isinstance(value, list) else [value]
        for item in values:
            warnings += [Problem(shown, *at, f"{label}{name}: {m}") for m in glyph_messages(item)]
    for name, value in marked.items():
        errors += [Problem(shown, *at, f"{label}{name}: {m}") for m in markdown_problems(value)]
    return errors, warnings


def guide_problems(guide: Guide, parsed: Parsed, shown: str):
    errors, warnings = [], []
    for name in ("title", "subtitle", "edition", "publisher", "intro", "outro"):
        plain, marked = ({}, {name: getattr(guide, name)}) if name in ("intro", "outro") else ({name: getattr(guide, name)}, {})
        found = _field_problems(shown, parsed.where((name,)), "", plain, marked)
        errors, warnings = errors + found[0], warnings + found[1]
    return errors, warnings


def category_problems(category: Category, parsed: Parsed, shown: str):
    errors, warnings = [], []
    for name in ("title", "icon", "summary"):
        warnings += _field_problems(shown, parsed.where((name,)), "", {name: getattr(category, name)}, {})[1]
    for name, section in enumerate(category.sections):
        warnings += _field_problems(shown, parsed.where(("sections", name, "title")), "", {"section": section.title}, {})[1]
    for loc, q, _ in category.located():
        # Located at the question, so the author finds the entry whatever field it is in.
        found = _field_problems(shown, parsed.where(loc), f"question '{q.id}' ", {"tags": q.tags, "level": q.level},
                                {"question": q.question, "answer": q.answer, "short": q.short})
        errors, warnings = errors + found[0], warnings + found[1]
    return errors, warnings


def batch_problems(batch: Batch, parsed: Parsed, shown: str):
    warnings = []
    for name in ("name", "track", "trainer"):
        warnings += _field_problems(shown, parsed.where((name,)), "", {name: getattr(batch, name)}, {})[1]
    for i, candidate in enumerate(batch.candidates):
        warnings += _field_problems(shown, parsed.where(("candidates", i)), "candidate ", {"name": candidate.name}, {})[1]
    return [], warnings
