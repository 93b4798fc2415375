"""A Markdown file as a run of headings, <details> blocks and lines, with code fences and comments respected."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

HEADING = re.compile(r" {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
FENCE = re.compile(r"\s*(`{3,}|~{3,})")
_OPEN = re.compile(r"<details\b", re.I)
_CLOSE = re.compile(r"</details\s*>", re.I)
_SUMMARY = re.compile(r"<summary\b[^>]*>(.*?)</summary\s*>", re.I | re.S)
# A <summary> that only labels a hidden answer ("Answer", "Show solution") is no question.
_ANSWER_LABEL = re.compile(r"\W*(?:show\s+|click\s+(?:here\s+)?(?:to\s+)?(?:see|show|expand|reveal)\s+(?:the\s+)?)?"
                           r"(?:answers?|solutions?|explanation|hint|reveal|expand|details)\W*$", re.I)


@dataclass
class Event:
    """One piece of a file: a heading, a <details> block, or a line of text."""

    kind: str  # "heading", "details" or "line"
    line: int  # 1-based line number in the source file
    text: str  # the heading's text, the block's joined lines, or the line
    depth: int = 0  # the heading's level (1 for #)
    lines: list[tuple[int, str]] = field(default_factory=list)  # a block's numbered lines
    closed: bool = True  # False for a <details> block that runs to the end of the file

    @property
    def summary(self) -> str | None:
        """The <summary> of a <details> block (its inner HTML), or None."""
        found = _SUMMARY.search(self.text)
        return found[1] if found else None

    @property
    def asks(self) -> bool:
        """A <details> block that holds a question, not a hidden answer to the question above it."""
        summary = self.summary
        return self.kind == "details" and not (summary is not None and answer_label(summary))


def answer_label(summary: str) -> bool:
    """Whether a <summary> only labels a hidden answer ("Answer", "Show solution")."""
    return bool(_ANSWER_LABEL.match(re.sub(r"<[^>]*>", "", summary).strip()))


def visible_lines(text: str) -> tuple[list[str], list[bool]]:
    """The file's lines with HTML comments blanked (line numbers kept), and which lines are fenced code."""
    lines, fenced, fence, comment = text.split("\n"), [], None, False
    for i, line in enumerate(lines):
        if fence is None and not comment and (m := FENCE.match(line)):
            fence, inside = m[1], True
        elif fence is not None:
            inside = True
            if line.strip().startswith(fence[0] * len(fence)) and not line.strip().strip(fence[0]):
                fence = None
        else:
            inside = False
            line, comment = _uncomment(line, comment)
            lines[i] = line
        fenced.append(inside)
    return lines, fenced


def _uncomment(line: str, comment: bool) -> tuple[str, bool]:
    """The line without the HTML comments on it; `comment` says one is still open."""
    out = ""
    while line:
        if comment:
            end = line.find("-->")
            if end < 0:
                return out, True
            line, comment = line[end + 3:], False
        else:
            start = line.find("<!--")
            if start < 0:
                return out + line, False
            out, line, comment = out + line[:start], line[start + 4:], True
    return out, comment


def scan(text: str) -> list[Event]:
    """Every heading, <details> block and other line of the file, in order."""
    lines, fenced = visible_lines(text)
    events, i = [], 0
    while i < len(lines):
        line, n = lines[i], i + 1
        if not fenced[i] and _OPEN.match(line.lstrip()):
            end, closed = _block_end(lines, fenced, i)
            block = [(k + 1, lines[k]) for k in range(i, end + 1)]
            events.append(Event("details", n, "\n".join(t for _, t in block), lines=block, closed=closed))
            i = end + 1
            continue
        if not fenced[i] and (head := HEADING.match(line)):
            events.append(Event("heading", n, (head[2] or "").strip(), depth=len(head[1])))
        else:
            events.append(Event("line", n, line))
        i += 1
    return events


def _block_end(lines: list[str], fenced: list[bool], start: int) -> tuple[int, bool]:
    """Where the <details> block opened at `start` closes (nested blocks counted), and whether it does."""
    depth = 0
    for k in range(start, len(lines)):
        if fenced[k] and k != start:
            continue
        depth += len(_OPEN.findall(lines[k])) - len(_CLOSE.findall(lines[k]))
        if depth <= 0:
            return k, True
    return len(lines) - 1, False
