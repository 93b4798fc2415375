"""Imported Markdown made tidy: emoji, level badges, one line per paragraph in a question, wrapped answers."""

from __future__ import annotations

import re

import emoji

from .htmlmd import Code
from .seed import _wrap

# :rocket: is an emoji; a:b:c and 10:30:00 are not, so a shortcode stands apart from words and colons.
_SHORTCODE = re.compile(r"(?<![\w:]):[a-z0-9_+\-]+:(?![\w:])", re.I)
LEVELS = r"junior|mid|middle|mid-level|senior|beginner|intermediate|advanced|expert|easy|medium|hard"
_LEVEL_HEADING = re.compile(rf"[\W_]*(?:level\s*[:\-–]?\s*)?({LEVELS})(?:[\s-]+(?:level|questions))?[\W_]*$", re.I)
_BADGE = rf"(?:\*\*|__|\*|_)?[\[(]({LEVELS})[\])](?:\*\*|__|\*|_)?"
_BADGE_START = re.compile(rf"^\s*{_BADGE}\s*(?:[-–—:]\s*)?", re.I)
_BADGE_END = re.compile(rf"\s*{_BADGE}\s*$", re.I)
_HEADING = re.compile(r" {0,3}#{1,6}[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$")
_ITEM = re.compile(r"( *)([-*+]|\d{1,9}[.)])(?:[ \t]+|$)")
# A paragraph of running text (re-wrapped) starts like no list, quote, table, heading or code.
_BLOCK = re.compile(r"\s|[-+*](?:\s|$)|[>|]|#{1,6}(?:\s|$)|\d{1,9}[.)](?:\s|$)|```|~~~|.*\\$")


def emojize(text: str) -> str:
    return _SHORTCODE.sub(lambda m: emoji.emojize(m[0], language="alias"), text)


def level_heading(title: str) -> str | None:
    """'Beginner' for a heading that only names a level (### Beginner, ## 🟢 Advanced questions)."""
    m = _LEVEL_HEADING.fullmatch(title.strip())
    return _level(m[1]) if m else None


def _level(word: str) -> str:
    return word[:1].upper() + word[1:].lower()


def take_badge(blocks: list[str]) -> tuple[list[str], str | None]:
    """The question's blocks without a (Junior) / [Senior] badge at the start or end of its first
    paragraph or at its very end, and the level the badge names."""
    blocks = list(blocks)
    if not blocks:
        return blocks, None
    for index, pattern in ((0, _BADGE_START), (0, _BADGE_END), (-1, _BADGE_END)):
        if "\n" not in blocks[index] and (m := pattern.search(blocks[index])):
            blocks[index] = (blocks[index][:m.start()] + blocks[index][m.end():]).strip()
            return [b for b in blocks if b], _level(m[1])
    return blocks, None


def question_blocks(text: str, code: Code) -> list[str]:
    """A question's blocks: each paragraph on one line, list items one a line with '-' bullets and
    their numbers as written, tables and code as they are."""
    out = []
    for block in _blocks(text, code):
        if code.fenced(block[0]):
            out.append(block[0].strip())
        elif _ITEM.match(block[0]):
            out.append(_list(block))
        elif block[0].lstrip().startswith("|"):
            out.append("\n".join(line.strip() for line in block))
        else:
            out.append(" ".join(" ".join(block).split()))
    return [b for b in out if b.strip()]


def _blocks(text: str, code: Code) -> list[list[str]]:
    """Blank-line separated blocks; a fenced block, and a list after a paragraph line, start their own."""
    blocks: list[list[str]] = [[]]
    for line in text.split("\n"):
        starts = code.fenced(line) or _ITEM.match(line) and blocks[-1] and not _ITEM.match(blocks[-1][0])
        if not line.strip() or starts or (blocks[-1] and code.fenced(blocks[-1][-1])):
            blocks.append([])
        if line.strip():
            blocks[-1].append(line)
    return [b for b in blocks if b]


def _list(block: list[str]) -> str:
    items: list[str] = []
    base = len(_ITEM.match(block[0])[1])  # nested items keep their indent relative to the first
    for line in block:
        if m := _ITEM.match(line):
            bullet = "-" if m[2] in "*+-" else m[2]
            items.append(f"{m[1][base:]}{bullet} {' '.join(line[m.end():].split())}".rstrip())
        elif items:
            items[-1] += " " + " ".join(line.split())
    return "\n".join(items)


def running_text(rows: list[str]) -> bool:
    """A paragraph of running text: no list, table, quote, heading or code (its later lines may be
    indented: they continue the paragraph)."""
    return bool(rows) and not _BLOCK.match(rows[0]) and not any(_BLOCK.match(row.lstrip()) for row in rows[1:])


def answer_text(text: str, code: Code) -> str:
    """An answer as tidy Markdown: dedented, line breaks as backslashes, running text re-wrapped;
    lists, tables and code exactly as written."""
    text = re.sub(r"[ \t]{2,}\n(?=[ \t]*\S)", "\\\\\n", text)  # two trailing spaces: a line break
    lines = [line.rstrip() for line in text.strip("\n").split("\n")]
    first = next((line for line in lines if line.strip()), "")
    lead = len(first) - len(first.lstrip(" "))
    lines = [line[lead:] if line[:lead].isspace() else line for line in lines]
    # A heading inside an answer would join the guide's outline: it is a bold line instead.
    lines = [f"**{m[1]}**" if (m := _HEADING.match(line)) else line for line in lines]
    out = []
    for block in re.split(r"\n\s*\n", "\n".join(lines).strip()):
        # Running text is re-wrapped, each stretch between line breaks on its own.
        stretches = block.split("\\\n")
        if all(running_text(part.split("\n")) and not any(map(code.fenced, part.split("\n"))) for part in stretches):
            block = "\\\n".join("\n".join(_wrap(code.restore(" ".join(part.split())))) for part in stretches)
        out.append(block)
    return "\n\n".join(b for b in out if b.strip())


def plain(markdown: str) -> str:
    """Markdown as one line of plain text, for titles and summaries."""
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", markdown)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text).replace("`", "").replace("\\\n", " ")
    return " ".join(text.split())
