"""Markdown in the bank -> safe HTML for print (and plain HTML for screens), raw HTML escaped.

GFM tables, images from the content folder, highlighted code wrapped to the box, list numbers
as written, links that say where they go on paper. The HTML is the same for every edition;
each edition's stylesheet decides what shows (the screen edition hides the printed URLs).
"""

from __future__ import annotations

import re
from html import escape
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markupsafe import Markup

from .code import code_html
from .fragments import kept

# Columns of code that fit the guide's answer box at the code size; outputs with narrower
# boxes (cheat sheets, cards) pass their own.
CODE_COLUMNS = 82
# Inline code breaks only at spaces and after these, never inside a word or a --flag.
_CODE_BREAK = re.compile(r"(?<=[/=,.])(?=[^\s/=,.])")
# A piece of inline code longer than this may break anywhere rather than overflow the column.
_LONGEST_PIECE = 36
# Characters around which a line may otherwise break inside a piece of code ('--dry-|run', '$|(date)').
_BREAKABLE = re.compile(r"[-?!%+$(\[{]")
# WeasyPrint 70 ends a line after the FIRST word of a text run when the run fits but for its
# trailing space and an inline element (bold, code, link) follows; a space held in an element
# of its own never takes that path. It is still a space: it collapses at line ends and copies.
_SPACE_BEFORE_INLINE = re.compile(r" <(strong|em|code|a)\b")


def _hold_spaces(html: str) -> str:
    return _SPACE_BEFORE_INLINE.sub(r"<span> </span><\1", html)


def short_url(href: str, limit: int = 42) -> str:
    """How a printed page shows where a link goes: 'kubernetes.io/docs/…/pods' rather than the whole URL."""
    parts = urlsplit(href)
    if parts.scheme == "mailto":
        return parts.path
    text = (parts.netloc.removeprefix("www.") + parts.path).rstrip("/")
    if len(text) <= limit:
        return text
    host, _, path = text.partition("/")
    last = path.rsplit("/", 1)[-1][: max(8, limit - len(host) - 4)]
    return f"{host}/…/{last}" if last else f"{host}/…"


def _annotate(state) -> None:
    """Marks the tokens the stylesheet needs: list numbers as written, figures, lead-in lines."""
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type == "list_item_open" and token.info:
            token.attrSet("value", token.info)  # '3.' printed as 3, even after another 3
        elif token.type == "paragraph_open" and index + 1 < len(tokens):
            children = tokens[index + 1].children or []
            kinds = [child.type for child in children if not (child.type == "text" and not child.content.strip())]
            if kinds == ["image"]:
                token.attrSet("class", "figure")
            elif kinds[:3] == ["strong_open", "text", "strong_close"] and len(kinds) <= 4:
                token.attrSet("class", "lead")  # "**Why it matters:**" keeps to what follows
        elif token.type == "heading_open":
            token.attrSet("class", "ah")  # headings inside an answer never join the outline


def _code_inline(renderer, tokens, index, options, env) -> str:
    words = []
    for word in tokens[index].content.split(" "):
        pieces = [escape(piece, quote=False) for piece in _CODE_BREAK.split(word)]
        words.append("<wbr>".join(f'<span class="any">{p}</span>' if len(p) > _LONGEST_PIECE
                                  else f'<span class="nb">{p}</span>' if _BREAKABLE.search(p) else p for p in pieces))
    return f"<code>{' '.join(words)}</code>"


def _fence(renderer, tokens, index, options, env) -> str:
    token = tokens[index]
    return code_html(token.content, token.info.strip(), env.get("columns", CODE_COLUMNS))


def _link_open(renderer, tokens, index, options, env) -> str:
    env.setdefault("links", []).append(index)
    return f'<a href="{escape(tokens[index].attrGet("href") or "", quote=True)}">'


def _link_close(renderer, tokens, index, options, env) -> str:
    start = env["links"].pop()
    href = tokens[start].attrGet("href") or ""
    text = "".join(t.content for t in tokens[start + 1:index] if t.type in ("text", "code_inline"))
    shown = short_url(href)
    if not urlsplit(href).scheme or shown in text or href in text:
        return "</a>"
    # Printed after the link so paper says where it goes; the screen edition hides it.
    return f'</a><span class="url"> ({escape(shown, quote=False)})</span>'


def _image(renderer, tokens, index, options, env) -> str:
    token = tokens[index]
    alt = escape(token.content, quote=True)
    src = escape(token.attrGet("src") or "", quote=True)
    caption = f'<span class="caption">{escape(token.content, quote=False)}</span>' if token.content else ""
    return f'<img src="{src}" alt="{alt}">{caption}'


def _parser() -> MarkdownIt:
    # Raw HTML in content prints as literal text: html=False escapes it; linkify stays off.
    md = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable(["table", "strikethrough"])
    md.core.ruler.push("studyguide_print", _annotate)
    for name, rule in (("code_inline", _code_inline), ("fence", _fence), ("code_block", _fence),
                       ("link_open", _link_open), ("link_close", _link_close), ("image", _image)):
        md.add_render_rule(name, rule)
    return md


_md = _parser()
_plain_md = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable(["table", "strikethrough"])


@kept(Markup)
def web_markdown(text: str | None) -> Markup:
    """Markdown as plain, safe HTML for screens and other programs (Anki), without print fixes.

    Kept: the Anki deck is written again whenever any answer changes."""
    return Markup(_plain_md.render(text)) if text else Markup("")


@kept(Markup)
def markdown(text: str | None, columns: int = CODE_COLUMNS) -> Markup:
    """Answer or intro markdown as safe HTML for print; code wrapped at `columns`.

    Kept: one answer appears in the guide, the handout, the screen edition, cards and sheets."""
    if not text:
        return Markup("")
    return Markup(_hold_spaces(_md.render(text, {"columns": columns})))


@kept(Markup)
def inline_markdown(text: str | None) -> Markup:
    """Render a one-line markdown string without the surrounding paragraph."""
    if not text:
        return Markup("")
    return Markup(_hold_spaces(_md.renderInline(text, {})))


@kept(tuple)
def split_question(text: str) -> tuple[str, str]:
    """(first paragraph, the rest) of a question: the first is its heading, the rest prints beneath."""
    head, _, rest = text.strip().partition("\n\n")
    blocks = _md.parse(head)
    if blocks and blocks[0].type != "paragraph_open":
        return "", text.strip()  # it opens with a list or code: no heading line of its own
    return " ".join(head.split()), rest.strip()


@kept(str)
def plain_text(text: str | None, limit: int = 0) -> str:
    """A question's heading (its first paragraph) as plain text, for bookmarks, contents and
    metadata: `code` -> code. With `limit`, a longer heading is cut at a word and ends in '…'."""
    if not text:
        return ""
    head = split_question(text)[0] or re.sub(r"^\s*(?:[-*+]|\d+[.)]|`{3,}\S*)\s*", "", text.strip().split("\n")[0])
    pieces = []
    for token in _md.parseInline(head):
        for child in token.children or []:
            if child.type in ("text", "code_inline", "html_inline"):
                pieces.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                pieces.append(" ")
    plain = " ".join("".join(pieces).split())
    if limit and len(plain) > limit:
        plain = plain[:limit].rsplit(" ", 1)[0] + "…"
    return plain
