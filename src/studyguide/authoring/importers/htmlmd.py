"""GitHub Markdown with inline HTML -> plain Markdown: code kept aside, the HTML read by a real parser."""

from __future__ import annotations

import html
import re
import warnings
from collections import Counter

from bs4 import BeautifulSoup, Comment, MarkupResemblesLocatorWarning, NavigableString, Tag
from markdownify import MarkdownConverter

from .scan import FENCE, answer_label

# Code is set aside as tokens before anything else reads the text: `kill -0 <PID>` is code, not a tag.
_TOKEN = re.compile("[\ue000\ue004](\\d+)\ue001")
BLOCK = "\ue004"  # opens the token of a fenced block; "\ue000" opens that of a code span
_SPAN = re.compile(r"(?<![\\`])(`+)(?!`)((?:(?!\n[ \t]*\n).)+?)(?<!`)\1(?!`)", re.S)
BREAK = "\ue002"  # where a <br> stood, until the text around it decides what it becomes
NESTED = "nested"  # counted in `unknown` when the elements are nested too deep to walk
# Elements GitHub lets through; anything else that looks like a tag (<PID>, <name>) is text.
_ELEMENTS = ("a abbr b big blockquote br caption center cite code dd del details dfn div dl dt em figcaption "
             "figure font h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p picture pre q s samp small source "
             "span strike strong sub summary sup table tbody td tfoot th thead tr tt u ul var video audio iframe "
             "input script style svg object embed section article").split()
_NAMES = "|".join(_ELEMENTS)
_NOT_A_TAG = re.compile(rf"<(?!/?(?:{_NAMES})(?=[\s/>])|!--)", re.I)
_BARE_AMP = re.compile(r"&(?!#?\w+;)")
_HAS_HTML = re.compile(rf"<(?:/?(?:{_NAMES})(?=[\s/>])|!--)|&#?\w+;", re.I)
_WRAPPERS = {"b": "**", "strong": "**", "i": "*", "em": "*"}
_STRUCTURES = {"table", "ul", "ol", "dl", "pre", "blockquote", "hr", "img", "code", "kbd", "samp", "tt",
               "h1", "h2", "h3", "h4", "h5", "h6"}
_TRANSPARENT = {"details", "picture", "[document]"}
_DROPPED = {"script", "style", "svg", "iframe", "object", "embed", "audio", "video", "input"}


class Code:
    """The code spans and fenced blocks of a text, kept aside while the rest is converted."""

    def __init__(self):
        self.kept: list[str] = []
        self.blocks: set[int] = set()  # which tokens stand for fenced blocks

    def token(self, text: str, block: bool = False) -> str:
        self.kept.append(text)
        if block:
            self.blocks.add(len(self.kept) - 1)
        return f"{BLOCK if block else chr(0xE000)}{len(self.kept) - 1}\ue001"

    def protect(self, text: str) -> str:
        """`text` with every fenced block (one token line) and code span (one token) replaced."""
        lines, out, i = text.split("\n"), [], 0
        while i < len(lines):
            m = FENCE.match(lines[i])
            if not m:
                out.append(lines[i])
                i += 1
                continue
            indent, end = len(lines[i]) - len(lines[i].lstrip()), i + 1
            while end < len(lines) and not _closes(lines[end], m[1]):
                end += 1
            block = [line[min(indent, len(line) - len(line.lstrip())):] for line in lines[i:end + 1]]
            out.append(" " * indent + self.token("\n".join(block), block=True))
            i = end + 1
        return _SPAN.sub(lambda s: self.token(s[0]), "\n".join(out))

    def restore(self, text: str) -> str:
        def back(m: re.Match) -> str:
            kept = self.kept[int(m[1])]
            if int(m[1]) not in self.blocks:
                return kept
            start = text.rfind("\n", 0, m.start()) + 1
            indent = text[start:m.start()] if not text[start:m.start()].strip() else ""
            return kept.replace("\n", "\n" + indent)

        return _TOKEN.sub(back, text)

    def fenced(self, token_line: str) -> bool:
        """Whether a line is only a fenced block's token."""
        m = _TOKEN.fullmatch(token_line.strip())
        return bool(m) and int(m[1]) in self.blocks


def _closes(line: str, fence: str) -> bool:
    bare = line.strip()
    return bare.startswith(fence[0] * len(fence)) and not bare.strip(fence[0])


class _Structures(MarkdownConverter):
    """markdownify for the HTML that has a Markdown form: tables, lists, code, images, headings."""

    def __init__(self, code: Code):
        super().__init__(escape_asterisks=False, escape_underscores=False, escape_misc=False, bullets="-",
                         newline_style="backslash", table_infer_header=True, autolinks=False)
        self.code = code

    def convert_code(self, el, text, parent_tags):
        if "pre" in parent_tags:
            return text
        plain = " ".join(el.get_text().replace("\n", " ").split(" "))
        ticks = "`" * (max((len(r) for r in re.findall(r"`+", plain)), default=0) + 1)
        pad = " " if plain.startswith("`") or plain.endswith("`") else ""
        return self.code.token(f"{ticks}{pad}{plain}{pad}{ticks}") if plain.strip() else ""

    convert_kbd = convert_samp = convert_tt = convert_code

    def convert_pre(self, el, text, parent_tags):
        body = el.get_text().strip("\n")
        lang = re.sub(r"^(?:language-|lang-)", "", " ".join(el.get("class", [])) or el.get("lang", ""))
        fence = "`" * max(3, max((len(r) + 1 for r in re.findall(r"`{3,}", body)), default=3))
        return f"\n\n{self.code.token(f'{fence}{lang}'.strip() + chr(10) + body + chr(10) + fence, block=True)}\n\n"

    def convert_img(self, el, text, parent_tags):
        return image(el)

    def convert_td(self, el, text, parent_tags):
        return super().convert_td(el, text.replace("|", "\\|"), parent_tags)

    convert_th = convert_td

    def convert_hN(self, n, el, text, parent_tags):
        return f"\n\n**{text.strip()}**\n\n" if text.strip() else ""


def image(el: Tag) -> str:
    alt = " ".join(str(el.get("alt") or "").split()).replace("]", "")
    return f"![{alt}]({_address(el.get('src'))})" if el.get("src") else ""


def _address(url) -> str:
    """An address as Markdown can hold it: no spaces or bare parentheses."""
    return str(url).strip().replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def to_markdown(text: str, code: Code, unknown: Counter) -> str:
    """Protected text (see Code) with its HTML turned into Markdown; tags without a Markdown
    form give their text and are counted in `unknown`; <br> becomes BREAK."""
    if not _HAS_HTML.search(text):
        return text
    text = _BARE_AMP.sub("&amp;", _NOT_A_TAG.sub("&lt;", text))
    with warnings.catch_warnings():  # a fragment that looks like a file name is still a fragment
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(text, "html.parser")
    try:
        return _Walk(_Structures(code), unknown).children(soup)
    except RecursionError:  # elements nested thousands deep: their text is all that can be kept
        unknown[NESTED] += 1
        return html.unescape(re.sub(r"<[^>]*>", "", text))


class _Walk:
    """Top-level text stays Markdown as written; elements are converted one by one."""

    def __init__(self, structures: _Structures, unknown: Counter):
        self.structures, self.unknown = structures, unknown

    def children(self, node: Tag) -> str:
        return "".join(self.node(child) for child in node.children)

    def node(self, node) -> str:
        if isinstance(node, Comment):
            return ""
        if isinstance(node, NavigableString):
            return str(node)
        name = node.name.lower()
        if name == "br":
            return BREAK
        if name in _STRUCTURES:
            return self.structures.process_tag(node, parent_tags=set())
        if name == "a":
            return self.link(node)
        inner = self.children(node) if name not in _DROPPED else ""
        if name in _WRAPPERS:
            return _wrap(inner, _WRAPPERS[name])
        if name in ("p", "div", "center", "section", "article"):
            if name != "p":
                self.unknown[name] += 1
            return f"\n\n{inner.strip()}\n\n" if inner.strip() else ""
        if name == "summary":  # a label such as "Answer" says nothing the layout does not
            return "\n\n" if answer_label(inner) else f"\n\n{_wrap(inner.strip(), '**')}\n\n"
        if name not in _TRANSPARENT:
            self.unknown[name] += 1
        return inner

    def link(self, node: Tag) -> str:
        inner, href = self.children(node), _address(node.get("href") or "")
        if not href or not inner.strip():
            return inner
        lead, body, tail = _chomp(inner)
        return f"{lead}[{' '.join(body.split())}]({href}){tail}"


def _chomp(text: str) -> tuple[str, str, str]:
    body = text.strip()
    if not body:
        return text, "", ""
    start = text.index(body[0])
    return text[:start], body, text[start + len(body):]


def _wrap(inner: str, mark: str) -> str:
    """**bold** around inline text; a wrapper around whole paragraphs (or around lines it breaks
    itself, as GitHub answers put <b> round theirs) stays out of the way."""
    lead, body, tail = _chomp(inner)
    if not body or "\n\n" in body or BREAK in body and "\n" in body:
        return inner
    return f"{lead}{mark}{body}{mark}{tail}"


def breaks(text: str, question: bool) -> str:
    """Each <br>: a space in a question; in an answer, a paragraph break when doubled, nothing at the
    edge of a paragraph or before a list or table, else a line break (a backslash at the end of the line)."""
    if question:
        return text.replace(BREAK, " ")
    text = re.sub(f"[ \t]*{BREAK}(?:[ \t]*\n?[ \t]*{BREAK})+[ \t]*\n?", "\n\n", text)
    text = re.sub(f"(?:^|(?<=\n))[ \t]*{BREAK}[ \t]*|[ \t]*{BREAK}[ \t]*(?=\n[ \t]*\n|\n?[ \t]*$)", "", text)
    text = re.sub(f"[ \t]*{BREAK}[ \t]*(?=\n[ \t]*(?:[-*+|>#]|\\d+[.)]|{BLOCK}))", "", text)
    text = re.sub(f"[ \t]*{BREAK}[ \t]*\n", "\\\\\n", text)
    return re.sub(f"[ \t]*{BREAK}[ \t]*", "\\\\\n", text)
