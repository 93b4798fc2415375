"""Code blocks for print: highlighted with Pygments, long lines wrapped at the box's width.

A line longer than the box is broken at the last space or `/ = , . ;` before the edge (never
right after a hyphen, which viewers would take for a hyphenation and drop), and each
continuation line starts with a hook drawn by the stylesheet, not typed: copying the code gives
back exactly its characters. The stylesheet also wraps (with the same hanging indent) whatever
this estimate of the width misses, so nothing is ever clipped.
"""

from __future__ import annotations

import functools
from html import escape

from pygments.lexers import get_lexer_by_name
from pygments.token import STANDARD_TYPES
from pygments.util import ClassNotFound

# Where a long line prefers to break (after these), looked for this far back from the edge.
BREAK_AFTER = set(" /=,.;:)]}>|&")
LOOK_BACK = 24
CONTINUED = 2  # columns the continuation hook takes


@functools.lru_cache(maxsize=64)
def _lexer(language: str):
    try:
        return get_lexer_by_name(language or "text", stripnl=False, ensurenl=False, tabsize=4)
    except ClassNotFound:
        return get_lexer_by_name("text", stripnl=False, ensurenl=False, tabsize=4)


def _css_class(ttype) -> str:
    while ttype not in STANDARD_TYPES:
        ttype = ttype.parent
    return STANDARD_TYPES[ttype]


def _lines(source: str, language: str) -> list[list[tuple[str, str]]]:
    """The source as lines of (class, text) runs."""
    lines: list[list[tuple[str, str]]] = [[]]
    for ttype, value in _lexer(language).get_tokens(source.expandtabs(4)):
        css = _css_class(ttype)
        for index, piece in enumerate(value.split("\n")):
            if index:
                lines.append([])
            if piece:
                lines[-1].append((css, piece))
    if lines and not lines[-1]:
        lines.pop()
    return lines


def _break_points(text: str, columns: int) -> list[int]:
    """Where to cut a line of `text` so that no piece is wider than the box. At a space the cut
    comes before it: the continuation starts with the space, which a viewer copies, where a space
    ending a line would be dropped and two words run together."""
    cuts, start, width = [], 0, columns
    while len(text) - start > width:
        limit = start + width
        cut = next((i - (text[i - 1] == " ") for i in range(limit, max(start + 1, limit - LOOK_BACK), -1)
                    if text[i - 1] in BREAK_AFTER and i - 1 > start), limit)
        while cut > start + 1 and text[cut - 1] == "-":  # a hyphen at a line end reads as hyphenation
            cut -= 1
        if cut > start + 1 and text[cut - 1] == " ":
            cut -= 1
        cuts.append(cut)
        start, width = cut, columns - CONTINUED
    return cuts


def _pieces(runs: list[tuple[str, str]], cuts: list[int]) -> list[list[tuple[str, str]]]:
    """The runs of one line split at `cuts` (character offsets) into visual lines."""
    out, position, bounds = [[]], 0, iter(cuts + [None])
    bound = next(bounds)
    for css, text in runs:
        while bound is not None and position + len(text) > bound:
            head, text = text[:bound - position], text[bound - position:]
            if head:
                out[-1].append((css, head))
            position, bound = bound, next(bounds)
            out.append([])
        if text:
            out[-1].append((css, text))
            position += len(text)
    return out


def _span(css: str, text: str) -> str:
    # Plain text and white space go unwrapped: a space that opens a continuation line inside an
    # element of its own would be dropped from the copied text.
    if css in ("", "w") or not text.strip():
        return escape(text, quote=False)
    return f'<span class="{css}">{escape(text, quote=False)}</span>'


def code_html(source: str, language: str, columns: int) -> str:
    """A <pre> of `source`: one block per source line, continuation lines marked."""
    rows = []
    for runs in _lines(source, language):
        text = "".join(t for _, t in runs)
        for index, piece in enumerate(_pieces(runs, _break_points(text, columns))):
            body = "".join(_span(css, t) for css, t in piece)
            rows.append(f'<span class="ln cont">{body}</span>' if index else f'<span class="ln">{body}</span>')
    lang = f' data-lang="{escape(language.split()[0], quote=True)}"' if language.strip() else ""
    return f'<pre class="code"{lang}><code>{"".join(rows)}</code></pre>\n'
