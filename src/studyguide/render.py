"""Models + Jinja templates -> HTML strings, one per rendered part."""

from __future__ import annotations

import functools
import re
from importlib import resources

import jinja2
from markdown_it import MarkdownIt
from markupsafe import Markup

from .models import Bank, Batch, Chapter

# Raw HTML in content prints as literal text: html=False escapes it; linkify stays off.
_md = MarkdownIt("commonmark", {"html": False, "typographer": False}).disable("image")
# Answers shorter than this are kept on one page with their question.
SHORT_ANSWER_CHARS = 700

# Links between separately rendered parts use this scheme; assembly turns them into
# in-document jumps once every part's page number is known.
LINK_SCHEME = "studyguide"


# WeasyPrint 70 ends a line after the FIRST word of a text run when the run fits but for its
# trailing space and an inline element (bold, code, link) follows; a space held in an element
# of its own never takes that path. It is still a space: it collapses at line ends and copies.
_SPACE_BEFORE_INLINE = re.compile(r" <(strong|em|code|a)\b")


def _hold_spaces(html: str) -> str:
    return _SPACE_BEFORE_INLINE.sub(r"<span> </span><\1", html)


def web_markdown(text: str | None) -> Markup:
    """Markdown as plain, safe HTML for screens and other programs (Anki), without print fixes."""
    return Markup(_md.render(text)) if text else Markup("")


@functools.lru_cache(maxsize=65536)
def markdown(text: str | None) -> Markup:
    """Render answer/intro markdown to safe HTML (raw HTML escaped, no images).

    Cached: one answer appears in the guide, the handout, the screen edition, cards and sheets."""
    if not text:
        return Markup("")
    return Markup(_hold_spaces(_md.render(text)))


@functools.lru_cache(maxsize=65536)
def inline_markdown(text: str | None) -> Markup:
    """Render a one-line markdown string without the surrounding paragraph."""
    if not text:
        return Markup("")
    return Markup(_hold_spaces(_md.renderInline(text)))


def plain_text(text: str | None) -> str:
    """A one-line markdown string as plain text (for bookmarks and metadata): `code` -> code."""
    if not text:
        return ""
    pieces = []
    for token in _md.parseInline(text):
        for child in token.children or []:
            if child.type in ("text", "code_inline", "html_inline"):
                pieces.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                pieces.append(" ")
    return "".join(pieces)


def part_link(anchor: str) -> str:
    """A link to an element id that may live in another part of the assembled document."""
    return f"{LINK_SCHEME}:{anchor}"


@functools.lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    loader = jinja2.FunctionLoader(_template_source)
    env = jinja2.Environment(
        loader=loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["markdown"] = markdown
    env.filters["inline_markdown"] = inline_markdown
    env.filters["plain"] = plain_text
    env.globals["part_link"] = part_link
    env.globals["SHORT_ANSWER_CHARS"] = SHORT_ANSWER_CHARS
    return env


def _template_source(name: str):
    # Templates are package data so an installed wheel finds them too.
    source = resources.files("studyguide").joinpath("templates", name).read_text(encoding="utf-8")
    return source, None, lambda: True


def template_text(name: str) -> str:
    """The raw text of a template (part of the render cache key)."""
    return _template_source(name)[0]


def render_template(name: str, **context) -> str:
    return environment().get_template(name).render(**context)


def front_html(bank: Bank, toc: list[dict], doc_title: str, batch: Batch | None = None) -> str:
    """Cover, introduction and table of contents; `toc` carries real page numbers."""
    return render_template(
        "front.html",
        guide=bank.guide,
        toc=toc,
        doc_title=doc_title,
        batch=batch,
        question_total=sum(entry["count"] for entry in toc),
    )


def chapter_html(bank: Bank, chapter: Chapter, answers: bool = True, start: int = 0, stop: int | None = None) -> str:
    """A chapter (or the run of its questions from `start` to `stop`): the heading opens the
    first run, then each question with its answer set off beneath."""
    questions = chapter.category.questions
    stop = len(questions) if stop is None else min(stop, len(questions))
    return render_template("chapter.html", guide=bank.guide, chapter=chapter, answers=answers,
                           start=start, items=list(enumerate(questions[start:stop], start + 1)))


def outro_html(bank: Bank) -> str:
    """The closing call to action, alone on the last page."""
    return render_template("outro.html", guide=bank.guide)


def folio_html(pages: int, skip_first: int, label: str, start: int = 1, stop: int | None = None) -> str:
    """Empty pages carrying only 'Page N of M' footers, stamped onto an assembled document:
    pages `start` to `stop` (1-based, inclusive) of a document of `pages` pages."""
    stop = pages if stop is None else min(stop, pages)
    return render_template("folio.html", pages=pages, numbers=range(start, stop + 1), skip_first=skip_first,
                           label=label)
