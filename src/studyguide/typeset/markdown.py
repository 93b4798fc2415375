"""Markdown in the bank -> safe HTML for print (and plain HTML for screens), with raw HTML escaped."""

from __future__ import annotations

import functools
import re

from markdown_it import MarkdownIt
from markupsafe import Markup

# Raw HTML in content prints as literal text: html=False escapes it; linkify stays off.
_md = MarkdownIt("commonmark", {"html": False, "typographer": False}).disable("image")

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
