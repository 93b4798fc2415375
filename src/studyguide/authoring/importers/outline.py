"""Which headings of a file title the bank, name categories, open sections or set levels, and which
<details> blocks, headings or numbered items are its questions."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ...names import slugify
from .scan import Event, scan
from .sources import Source
from .text import level_heading, plain

# "1. ", "Q3: ", "Question 2 - " in front of a question heading.
NUMBER = re.compile(r"(?:q(?:uestion)?\s*)?\d{1,4}\s*[.):-]\s+|q\d{1,4}\s+|q(?:uestion)?\s*[:.]\s+", re.I)
ITEM = re.compile(r"(\d{1,3})[.)]\s+(\S.*)$")
_BADGES = re.compile(r"\s*[\[(][A-Za-z-]+[\])]\s*$")
# Headings whose blocks are about the repository, not its questions, when no question is under them.
CREDITS = re.compile(r"\W*(references?|credits?|contributors?|contributing|licen[cs]e|acknowledge?ments?|"
                     r"resources|further reading|see also|support|sponsors?|authors?|thanks|useful links|links)\W*$",
                     re.I)
CONTENTS = re.compile(r"\W*(table of contents|contents|toc|index|topics)\W*$", re.I)


@dataclass
class Shape:
    """The roles of a file's headings, decided before its lines are walked."""

    title: Event | None  # the heading that titles the file (the bank or its one topic)
    category_depth: int | None  # front page: headings of this level are categories
    question_depth: int | None  # headings of this level are questions
    items: bool  # numbered items "1. Question?" are the questions
    topic: bool  # the whole file is one category
    holders: set[int]  # lines of headings that group <details> questions: never questions themselves
    lazy: bool = False  # every item is numbered "1.", as CommonMark allows


def plain_heading(text: str) -> str:
    return plain(re.sub(r"<[^>]*>", "", text))


def _question_like(text: str) -> bool:
    bare = _BADGES.sub("", plain_heading(text))
    return bool(NUMBER.match(bare)) or bare.rstrip("*_ ").endswith("?")


def _holders(events: list[Event]) -> set[int]:
    """Lines of the headings with two or more <details> questions under them (one alone may be the
    hidden answer to a question heading)."""
    under: Counter = Counter()
    open_heads: list[Event] = []
    for ev in events:
        if ev.kind == "heading":
            open_heads = [h for h in open_heads if h.depth < ev.depth] + [ev]
        elif ev.kind == "details" and ev.asks:
            under.update(h.line for h in open_heads)
    return {line for line, count in under.items() if count > 1}


def strip_number(text: str) -> str:
    """A question heading without its "1." / "Q3:" in front."""
    text = text.strip()
    m = NUMBER.match(text)
    return text[m.end():] if m and text[m.end():].strip() else text


def shape(source: Source, events: list[Event]) -> Shape:
    heads = [(i, ev) for i, ev in enumerate(events) if ev.kind == "heading" and ev.text]
    first_question = next((i for i, ev in enumerate(events) if ev.kind == "details" and ev.asks), len(events))
    shallowest = min((ev.depth for _, ev in heads), default=0)
    tops = [(i, ev) for i, ev in heads if ev.depth == shallowest]
    title = tops[0][1] if len(tops) == 1 and tops[0][0] < first_question else None
    # A file titled at `##`, or titled after its own folder or name, is one topic even on its own.
    topic = not source.front or title is not None and (
        title.depth > 1 or slugify(plain_heading(title.text)) in _names(source))
    holders = _holders(events)
    candidates = Counter(ev.depth for _, ev in heads if ev is not title and ev.line not in holders
                         and not level_heading(plain_heading(ev.text)) and _question_like(ev.text))
    question_depth = max(candidates, key=lambda d: (candidates[d], d)) if candidates else None
    numbers = _numbers(events) if question_depth is None and first_question == len(events) else []
    rest = [ev.depth for _, ev in heads if ev is not title and ev.depth != question_depth
            and not level_heading(plain_heading(ev.text))]
    category_depth = None if topic else min(rest, default=None)
    return Shape(title, category_depth, question_depth, bool(numbers), topic, holders,
                 len(numbers) > 1 and set(numbers) == {1})


def _names(source: Source) -> set[str]:
    return {slugify(source.path.stem), slugify(source.path.resolve().parent.name)}


def _numbers(events: list[Event]) -> list[int]:
    """The numbers of the items at the left margin, when most of them ask something (then they are
    the questions); else none."""
    items = [m for ev in events if ev.kind == "line" and (m := ITEM.match(ev.text))]
    asking = sum(m[2].rstrip("*_ ").endswith("?") for m in items)
    return [int(m[1]) for m in items] if 2 * asking > len(items) else []


def file_shape(source: Source) -> tuple[list[Event], Shape]:
    events = scan(source.text)
    return events, shape(source, events)
