"""Markdown question banks (## categories, ### or 1. questions, or <details> blocks) -> bank data."""

from __future__ import annotations

import html
import re

from ...names import slugify
from .seed import _heading, _wrap

ICON = "📘"  # for a category heading that carries no emoji of its own

_HEADING = re.compile(r"(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_ITEM = re.compile(r"(\d{1,3})[.)]\s+(\S.*)$")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
# "1. ", "Q3: ", "Question 2 - " in front of a question heading.
_NUMBER = re.compile(r"(?:q(?:uestion)?\s*)?\d{1,3}\s*[.):-]\s+|q\d{1,3}\s+", re.I)
_BOLD = re.compile(r"\*\*(.+?)\*\*[:.]?\s*(.*)$")
_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]*)[^)]*\)")
_TAG = re.compile(r"</?([a-zA-Z][\w-]*)\b[^>]*>")
# Plain paragraphs are re-wrapped; anything that starts like a list, quote, table or code is not.
_BLOCK = re.compile(r" {0,3}(?:[-+*>|#]|\d{1,9}[.)]|```|~~~)| {4}|\t|.*(?:  |\\)$")


def detect(text: str) -> str:
    """The layout of a bank: 'details', 'markdown' or 'seed' (the plain-text seed layout)."""
    if re.search(r"<details\b", text, re.I):
        return "details"
    lines = [line.strip() for line in text.splitlines()]
    if any(_HEADING.match(line) for line in lines):
        return "markdown"
    seedlike = any(re.match(r"\d\d(?=\S)", line) for line in lines) and any(map(_heading, lines))
    return "seed" if seedlike else "markdown"


def _fenced(lines: list[str]) -> list[bool]:
    """Which lines sit inside (or open/close) a code fence: headings there are code."""
    mask, fence = [], None
    for line in lines:
        m = _FENCE.match(line)
        if fence is None and m:
            fence, inside = m[1][0] * 3, True
        elif fence and line.strip().startswith(fence):
            fence, inside = None, True
        else:
            inside = fence is not None
        mask.append(inside)
    return mask


def _plain(text: str) -> str:
    """A question or title as one line of plain text (HTML tags of GitHub pages converted)."""
    text = re.sub(r"<code>(.*?)</code>", r"`\1`", text, flags=re.S | re.I)
    text = html.unescape(_TAG.sub("", text))
    text = " ".join(text.split())
    bold = _BOLD.fullmatch(text)
    return bold[1] if bold and not bold[2] else text


class Doc:
    """One parsed file: its title, intro, categories and the lines it could not place."""

    def __init__(self):
        self.title, self.intro, self.categories, self.problems = "", [], [], []
        self.question = None  # the question whose answer is being collected

    def category(self, n: int, text: str) -> dict:
        icon, title = _heading(text) or (ICON, text)
        self.categories.append({"title": _plain(title), "icon": icon, "line": n, "pre": [],
                                "questions": [], "tag": None})
        self.question = None
        return self.categories[-1]

    def ask(self, n: int, text: str, answer: list[tuple[int, str]] | None = None) -> None:
        if not self.categories:
            self.category(n, "")["implicit"] = True
        cat = self.categories[-1]
        tags = [cat["tag"]] if cat["tag"] else []
        self.question = {"question": _plain(text), "line": n, "raw": answer or [], "tags": tags}
        cat["questions"].append(self.question)

    def text(self, n: int, line: str) -> None:
        if line.strip() and not _TAG.sub("", line).strip():  # markup only, e.g. <a name="x"></a>
            if re.search(r"<img\b", line, re.I):
                self.problems.append((n, "image not imported: PDFs print text only"))
            line = ""
        if self.question is not None:
            self.question["raw"].append((n, line))
        elif self.categories:
            self.categories[-1]["pre"].append((n, line))
        else:
            self.intro.append((n, line))


def parse_markdown(text: str) -> Doc:
    """`## Category` (emoji optional), a blurb, then `### question` headings or `1.` items."""
    lines = text.splitlines()
    fenced = _fenced(lines)
    heads = [(n, len(m[1]), m[2]) for n, line in enumerate(lines, 1)
             if not fenced[n - 1] and (m := _HEADING.match(line))]
    title_at = heads[0][0] if heads and heads[0][1] == 1 and [h[1] for h in heads].count(1) == 1 else 0
    heads = [h for h in heads if h[0] != title_at]
    levels = sorted({lv for _, lv, _ in heads})
    items = [int(m[1]) for n, line in enumerate(lines, 1)
             if not fenced[n - 1] and (m := _ITEM.match(line))]
    cat_level, q_level = (levels + [None, None])[:2]
    asks = sum(text.rstrip("*").endswith("?") for *_, text in heads)
    if len(levels) == 1 and (not items or 2 * asks > len(heads)):
        cat_level, q_level = None, levels[0]  # headings are the questions of one category
    lazy = len(items) > 1 and set(items) == {1}  # every item numbered "1." as CommonMark allows
    doc, expected = Doc(), 1
    for n, line in enumerate(lines, 1):
        head = None if fenced[n - 1] else _HEADING.match(line)
        item = None if fenced[n - 1] or q_level else _ITEM.match(line)
        if head and n == title_at:
            doc.title = _plain(head[2])
        elif head and cat_level and len(head[1]) <= cat_level:
            doc.category(n, head[2])
            expected = 1
        elif head and len(head[1]) == q_level:
            doc.ask(n, _NUMBER.sub("", head[2], count=1))
        elif item and (lazy or int(item[1]) == expected):
            expected = int(item[1]) + 1
            bold = _BOLD.match(item[2])
            doc.ask(n, bold[1] if bold else item[2], [(n, bold[2])] if bold and bold[2] else None)
        else:
            doc.text(n, line)
    return doc


def parse_details(text: str) -> Doc:
    """GitHub's `<details><summary>question</summary> answer </details>`, under # headings."""
    lines = text.splitlines()
    heads = [(n, len(m[1])) for n, line in enumerate(lines, 1) if (m := _HEADING.match(line))]
    title_at = heads[0][0] if heads and heads[0][1] == 1 and [lv for _, lv in heads].count(1) == 1 else 0
    cat_level = min((lv for n, lv in heads if n != title_at), default=None)
    doc, block, depth = Doc(), [], 0
    for n, line in enumerate(lines, 1):
        opens, closes = len(re.findall(r"<details\b", line, re.I)), len(re.findall(r"</details>", line, re.I))
        if depth or opens:
            block.append((n, line))
            depth += opens - closes
            if depth <= 0:
                _details_block(doc, block)
                block, depth = [], 0
        elif (head := _HEADING.match(line)) and n == title_at:
            doc.title = _plain(head[2])
        elif head and len(head[1]) <= cat_level:
            doc.category(n, head[2])
        elif head:  # a sub-heading names a topic: it becomes a tag of the questions below it
            if not doc.categories:
                doc.category(n, "")["implicit"] = True
            doc.categories[-1]["tag"] = slugify(_plain(head[2]))[:30].strip("-") or None
            doc.question = None
        else:
            doc.text(n, re.sub(r"<!--.*?-->", "", line))
    if block:
        doc.problems.append((block[0][0], "<details> block is never closed; its text was kept as an answer"))
        _details_block(doc, block)
    return doc


def _details_block(doc: Doc, block: list[tuple[int, str]]) -> None:
    start = block[0][0]
    joined = "\n".join(line for _, line in block)
    summary = re.search(r"<summary[^>]*>(.*?)</summary>", joined, re.S | re.I)
    if not summary:
        doc.problems.append((start, "<details> block has no <summary> question; kept as a question"))
        summary_text, rest = "Untitled question", re.sub(r"</?details[^>]*>", "", joined, flags=re.I)
    else:
        summary_text, rest = summary[1], joined[summary.end():]
    if re.search(r"<img\b", summary_text, re.I):
        doc.problems.append((start, "image in the question not imported: PDFs print text only"))
    # A question may carry a code sample: the first paragraph asks, the sample opens the answer.
    if split := re.search(r"\n\s*\n|```|~~~", summary_text.strip()):
        summary_text, sample = summary_text.strip()[: split.start()], summary_text.strip()[split.start():]
        rest = sample.strip("\n") + "\n\n" + re.sub(r"^(\s*<br\s*/?>)*\s*(<b>)?", "", rest, flags=re.I)
    rest = re.sub(r"</details>\s*$", "", rest.rstrip(), flags=re.I)
    rest = re.sub(r"^(\s*<br\s*/?>)*\s*(<b>)?", "", rest, flags=re.I)
    rest = re.sub(r"</b>\s*$", "", rest.rstrip(), flags=re.I)
    first = start + joined[: len(joined) - len(rest)].count("\n") if rest.strip() else start
    doc.ask(start, summary_text, [(first + i, line) for i, line in enumerate(rest.split("\n"))])
    doc.question["html"] = True
    doc.question = None


def html_to_markdown(text: str) -> str:
    """The few HTML tags GitHub interview pages use, written as markdown."""
    def pre(m):
        return "\n```\n" + html.unescape(re.sub(r"</?code[^>]*>", "", m[1])).strip("\n") + "\n```\n"

    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    text = re.sub(r"<pre[^>]*>(.*?)</pre>", pre, text, flags=re.S | re.I)
    text = re.sub(r"<code>(.*?)</code>", lambda m: f"`{html.unescape(m[1])}`", text, flags=re.S | re.I)
    text = re.sub(r"<(b|strong)>\s*(.+?)\s*</\1>", r"**\2**", text, flags=re.S | re.I)
    text = re.sub(r"<(i|em)>\s*(.+?)\s*</\1>", r"*\2*", text, flags=re.S | re.I)
    text = re.sub(r'<a\s[^>]*href="([^"]*)"[^>]*>(.*?)</a>', r"[\2](\1)", text, flags=re.S | re.I)
    text = re.sub(r"<br\s*/?>[ \t]*(?=\n)", "", text, flags=re.I)  # a line already ends there
    text = re.sub(r"<br\s*/?>|</?p>|</?div[^>]*>", "\n", text, flags=re.I)
    return re.sub(r"</?(b|strong|i|em|span|code)>", "", text, flags=re.I)


def answer_markdown(raw: list[tuple[int, str]], from_html: bool, problems: list) -> str:
    """The collected lines of an answer as tidy markdown: dedented, paragraphs re-wrapped."""
    text = "\n".join(line.rstrip() for _, line in raw)
    if from_html:
        text = html_to_markdown(text)
    for m in _IMAGE.finditer(text):
        problems.append((_line_of(raw, m[0]), f"image {m[2]!r} not imported: PDFs print text only"))
    text = _IMAGE.sub(lambda m: f"(image: {m[1] or 'untitled'})", text)
    for m in _TAG.finditer(text):
        problems.append((_line_of(raw, m[0]), f"HTML tag <{m[1]}> kept as text: rewrite it in markdown"))
    lines = text.strip("\n").split("\n")
    lead = len(lines[0]) - len(lines[0].lstrip(" ")) if lines[0].strip() else 0
    lines = [line[lead:] if line[:lead].isspace() else line for line in lines]  # first block at column 0
    blocks, out = re.split(r"\n\s*\n", "\n".join(lines).strip()), []
    for block in blocks:
        fence = any(_FENCE.match(line) for line in block.split("\n"))
        wrap = not fence and is_plain(block.split("\n"))
        out.append("\n".join(_wrap(" ".join(block.split()))) if wrap else block)
    return "\n\n".join(out).strip() + "\n" if any(b.strip() for b in out) else ""


def is_plain(lines: list[str]) -> bool:
    """A paragraph of running text: no list, table, quote, heading or code."""
    return not any(_BLOCK.match(line) for line in lines)


def _line_of(raw: list[tuple[int, str]], snippet: str) -> int:
    head = snippet.split("\n")[0][:20]
    return next((n for n, line in raw if head in line), raw[0][0] if raw else 0)
