"""A file's events walked in order: categories, sections and levels from its headings, the raw text of
every question, and the text it leaves out (noted by kind, never silently)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import blocks
from .notes import Notes
from .outline import CONTENTS, CREDITS, ITEM, Shape, file_shape, plain_heading, strip_number
from .scan import Event
from .sources import Source
from .text import level_heading

_BOLD = re.compile(r"\*\*(.+?)\*\*[:.]?\s*(.*)$")
_SUMMARY = re.compile(r"<summary\b[^>]*>(.*?)</summary\s*>", re.I | re.S)
_LEAD = re.compile(r"\A(?:\s|<br\s*/?>)*", re.I)


@dataclass
class Draft:
    """A question as found: its raw text and answer, where it is, its section and level."""

    line: int
    head: str
    lines: list[tuple[int, str]]  # every line of the question, to place messages
    body: list[tuple[int, str]]
    section: tuple[str, ...] = ()
    level: str | None = None
    indent: int = 0  # how far a numbered item's answer is indented under it


@dataclass
class Topic:
    """A category as found: its heading, the text before its first question, its questions."""

    title: str
    line: int
    pre: list[tuple[int, str]] = field(default_factory=list)
    drafts: list[Draft] = field(default_factory=list)
    after: list[tuple[int, str]] = field(default_factory=list)  # text between or after questions


@dataclass
class Outline:
    """One file as found: its title heading, its front-page text, its categories."""

    title: str = ""
    intro: list[tuple[int, str]] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)


class _Entry:
    """An open heading inside a category: a section, or a level (### Beginner)."""

    def __init__(self, event: Event, level: str | None):
        self.event, self.level, self.count, self.text = event, level, 0, []


class Walk:
    """Walks one file's events, keeping the open headings, the current category and question."""

    def __init__(self, source: Source, shape: Shape, notes: Notes):
        self.source, self.shape, self.notes = source, shape, notes
        self.out, self.topic, self.stack, self.draft = Outline(), None, [], None
        self.expected = 1  # the number the next "N." question item must have
        if shape.topic:
            head = shape.title
            self.topic = Topic(head.text if head else source.fallback, head.line if head else 1)
            self.out.topics.append(self.topic)

    def where(self, line: int) -> str:
        return f"{self.source.path}:{line}"

    def run(self, events: list[Event]) -> Outline:
        for ev in events:
            {"heading": self.heading, "details": self.details, "line": self.line}[ev.kind](ev)
        self.draft = None
        self.pop(0)
        self.close_topic()
        return self.out

    def heading(self, ev: Event) -> None:
        shape = self.shape
        if self.draft and shape.question_depth and ev.depth > shape.question_depth:
            self.draft.body.append((ev.line, f"**{ev.text}**"))  # a heading inside an answer
            return
        self.draft = None
        if ev is shape.title:
            self.out.title = ev.text
            return
        name = plain_heading(ev.text)
        if ev.depth == shape.question_depth and ev.line not in shape.holders and not (
                level_heading(name) or CREDITS.match(name) or CONTENTS.match(name)):
            self.ask(Draft(ev.line, strip_number(ev.text), [(ev.line, ev.text)], []), True)
            return
        self.pop(ev.depth)
        if shape.category_depth and ev.depth <= shape.category_depth:
            self.close_topic()
            self.topic, self.expected = Topic(ev.text, ev.line), 1
            self.out.topics.append(self.topic)
        else:
            self.stack.append(_Entry(ev, level_heading(name)))

    def details(self, ev: Event) -> None:
        if self.draft is not None or not ev.asks:  # a hidden answer, or a block inside an answer
            for n, line in ev.lines:
                self.line(Event("line", n, line))
            return
        summary = _SUMMARY.search(ev.text)
        if not ev.closed:
            self.notes.warn(self.where(ev.line), "<details> block is never closed; read to the end of the file")
        if summary is None:
            self.notes.warn(self.where(ev.line), "<details> block has no <summary>; its first line is the question")
        head = summary[1] if summary else re.sub(r"<details\b[^>]*>", "", ev.lines[0][1], flags=re.I)
        start = ev.line + (ev.text[: summary.end()].count("\n") if summary else 0)
        rest = ev.text[summary.end():] if summary else "\n".join(line for _, line in ev.lines[1:])
        self.ask(Draft(ev.line, head, ev.lines, _answer_lines(rest, start if summary else ev.line + 1)), False)

    def line(self, ev: Event) -> None:
        m = ITEM.match(ev.text) if self.shape.items else None
        if m and int(m[1]) in (self.expected, 1 if self.shape.lazy else -1):
            self.expected = int(m[1]) + 1
            bold = _BOLD.match(m[2])
            body = [(ev.line, bold[2])] if bold and bold[2] else []
            self.ask(Draft(ev.line, bold[1] if bold else m[2], [(ev.line, ev.text)], body, indent=m.start(2)), True)
        elif self.draft is not None:  # an item's answer is indented under it: that indent goes
            cut = min(self.draft.indent, len(ev.text) - len(ev.text.lstrip(" ")))
            self.draft.body.append((ev.line, ev.text[cut:]))
        elif self.stack:
            self.stack[-1].text.append((ev.line, ev.text))
        elif self.topic is None:
            self.out.intro.append((ev.line, ev.text))
        else:
            (self.topic.after if self.topic.drafts else self.topic.pre).append((ev.line, ev.text))

    def ask(self, draft: Draft, collects: bool) -> None:
        if self.topic is None:  # questions before the first category heading
            self.topic = Topic(self.out.title or self.source.fallback, draft.line)
            self.out.topics.append(self.topic)
        for entry in self.stack:
            entry.count += 1
        levels = [entry.level for entry in self.stack if entry.level]
        draft.level = levels[-1] if levels else None
        draft.section = tuple(e.event.text for e in self.stack if not e.level)
        self.topic.drafts.append(draft)
        self.draft = draft if collects else None

    def pop(self, depth: int) -> None:
        """Close the headings of `depth` and deeper; report those that held no question."""
        while self.stack and self.stack[-1].event.depth >= depth:
            entry = self.stack.pop()
            if entry.count or entry.level:
                self.leave_out(entry.text)
            else:
                self.heading_left_out(entry.event)

    def close_topic(self) -> None:
        topic = self.topic
        if topic is None:
            return
        if topic.drafts:
            self.leave_out(topic.after)
            return
        self.out.topics.remove(topic)  # its text goes with it: the note on the heading says so
        if not self.shape.topic:  # a topic file without questions is reported as a file
            self.heading_left_out(Event("heading", topic.line, topic.title))

    def heading_left_out(self, ev: Event) -> None:
        name = plain_heading(ev.text)
        what = "credits" if CREDITS.match(name) else "contents" if CONTENTS.match(name) else "heading"
        self.notes.note(self.where(ev.line), blocks.LEFT_OUT[what])

    def leave_out(self, lines: list[tuple[int, str]]) -> None:
        for block in blocks.paragraphs(lines):
            if what := blocks.kind(block):
                self.notes.note(self.where(block[0][0]), blocks.LEFT_OUT[what])


def _answer_lines(rest: str, start: int) -> list[tuple[int, str]]:
    """The answer of a <details> block: after </summary>, without the <br><b> ... </b></details> frame."""
    rest = re.sub(r"</details\s*>\s*\Z", "", rest.rstrip(), flags=re.I)
    lead = _LEAD.match(rest)
    start, rest = start + lead[0].count("\n"), rest[lead.end():]
    # <b> round the whole answer (or left open to its end) only styles it; one that closes early is bold.
    if (bold := re.match(r"<(b|strong)>", rest, re.I)) and (
            (close := re.search(rf"</{bold[1]}\s*>", rest, re.I)) is None or not rest[close.end():].strip()):
        rest = rest[bold.end(): close.start() if close else len(rest)]
    return [(start + i, line) for i, line in enumerate(rest.split("\n"))]


def outline(source: Source, notes: Notes) -> Outline:
    events, shape = file_shape(source)
    return Walk(source, shape, notes).run(events)
