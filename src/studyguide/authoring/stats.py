"""`studyguide stats`: questions per category and tag, answer lengths, and the guide's page count."""

from __future__ import annotations

import math
import re
import statistics
import textwrap
from collections import Counter
from dataclasses import dataclass, field

from ..models import Bank
from ..names import plural
from ..outputs.guide import CHUNK
from ..outputs.index import index_letter, index_terms
from ..pdf.assemble import page_plan

# Measured once on the seed guide (A4): a full page of questions holds about 450 words, ~400
# once questions kept whole with their answers leave gaps; a chapter's opening costs ~60.
# With these, every seed chapter's estimate equals its real page count (18 pages in all).
WORDS_PER_PAGE = 400
CHAPTER_HEAD_WORDS = 60
# Measured on a generated 1,430-question bank: a line of code takes the room of ~2.5 words more
# than its own, a table row ~4 more (padding, rules), and each further run of a long chapter
# (the guide sets CHUNK questions a part, each from a new page) half a page on average.
CODE_LINE_WORDS, TABLE_ROW_WORDS, RUN_PAGES = 2.5, 4, 0.5
TOC_LINES_PER_PAGE = 30  # contents entries on the page after the cover
# Index: 9.5 pt lines, two columns of about 50 on an A4 page; a letter heading takes 2.5 lines
# with its space, the title and its lede 6.
INDEX_LINES_PER_PAGE, INDEX_LETTER_LINES, INDEX_TITLE_LINES = 100, 2.5, 6
# Tracker: 9 pt rows about 6.5 mm tall (some questions take two lines), a chapter's heading row 1.5.
TRACKER_ROWS_PER_PAGE, TRACKER_HEADING_ROWS = 32, 1.5


def words(text: str | None) -> int:
    return len(re.findall(r"\S+", text or ""))


def extra_words(markdown: str) -> float:
    """The room code lines and table rows take beyond their words, in words."""
    extra, code = 0.0, False
    for line in markdown.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            code = not code
        elif code:
            extra += CODE_LINE_WORDS
        elif line.lstrip().startswith("|"):
            extra += TABLE_ROW_WORDS
    return extra


@dataclass
class Row:
    id: str
    title: str
    questions: int
    words: int
    pages: int


@dataclass
class Stats:
    title: str
    rows: list[Row] = field(default_factory=list)
    tags: Counter = field(default_factory=Counter)
    untagged: int = 0
    answer_words: list[int] = field(default_factory=list)
    batches: int = 0
    pages: int = 0
    sides: str = "two-sided"


def compute(bank: Bank) -> Stats:
    """Counts for the guide as printed: its chapters, in order."""
    stats = Stats(title=bank.guide.title, batches=len(bank.batches),
                  sides="two-sided" if bank.guide.duplex else "one-sided")
    for chapter in bank.chapters():
        questions = chapter.category.questions
        total = sum(words(q.question) + words(q.answer) for q in questions)
        room = total + CHAPTER_HEAD_WORDS + sum(extra_words(q.answer) for q in questions)
        pages = math.ceil(room / WORDS_PER_PAGE + RUN_PAGES * ((len(questions) - 1) // CHUNK))
        stats.rows.append(Row(chapter.id, chapter.category.title, len(questions), total, pages))
        for q in questions:
            stats.tags.update(q.tags)
            stats.untagged += not q.tags
            stats.answer_words.append(words(q.answer))
    front = 1 + bank.guide.duplex + math.ceil(max(len(stats.rows), 1) / TOC_LINES_PER_PAGE)  # cover, its back, contents
    closing = [*tracker_pages(bank), *index_pages(bank), *([1] if bank.guide.outro or bank.guide.signup_url else [])]
    sizes = [front, *(row.pages for row in stats.rows), *closing]
    stats.pages = page_plan(sizes, [True] * len(sizes), bank.guide.duplex)[1]  # chapters open on the right
    return stats


def tracker_pages(bank: Bank) -> list[int]:
    """The progress tracker's pages, when guide.yaml asks for one: a row a question, a heading a chapter."""
    if not bank.guide.tracker:
        return []
    chapters = bank.chapters()
    rows = sum(len(ch.category.questions) for ch in chapters) + TRACKER_HEADING_ROWS * len(chapters)
    return [math.ceil(rows / TRACKER_ROWS_PER_PAGE)]


def index_pages(bank: Bank) -> list[int]:
    """The index's pages: a line a term, a few a letter heading, two columns a page; none without terms."""
    terms = index_terms(bank.chapters())
    if not terms:
        return []
    lines = INDEX_TITLE_LINES + len(terms) + INDEX_LETTER_LINES * len({index_letter(term) for term in terms})
    return [math.ceil(lines / INDEX_LINES_PER_PAGE)]


def lines(stats: Stats) -> list[str]:
    """The report as plain aligned text."""
    count = sum(row.questions for row in stats.rows)
    out = [f"{stats.title}: {plural(len(stats.rows), 'chapter')}, {plural(count, 'question')}, "
           f"{plural(stats.batches, 'batch', 'batches')}", ""]
    width = max([len("Chapter")] + [len(row.id) for row in stats.rows])
    out.append(f"{'Chapter':<{width}}  Questions  Words  Pages")
    for row in stats.rows:
        out.append(f"{row.id:<{width}}  {row.questions:>9}  {row.words:>5}  {row.pages:>5}")
    out.append("")
    if stats.answer_words:
        low, mid, high = min(stats.answer_words), statistics.median(stats.answer_words), max(stats.answer_words)
        out.append(f"Answer length (words): min {low}, median {mid:g}, max {high}")
    tags = ", ".join(f"{tag} {n}" for tag, n in sorted(stats.tags.items(), key=lambda kv: (-kv[1], kv[0])))
    tags = f"Tags ({len(stats.tags)}): {tags or 'none'}" + (f"; untagged {stats.untagged}" if stats.untagged else "")
    out += textwrap.wrap(tags, 88, subsequent_indent="  ", break_on_hyphens=False)
    out.append(f"Estimated guide length: {plural(stats.pages, 'page')} (A4, {stats.sides})")
    return out
