"""The guide's index: tags and key terms, sorted, each with the printed pages of its questions."""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field

from ..models import Bank, Chapter
from ..typeset.html import render_template
from ..typeset.jobs import PartJob, Typeset
from .base import entries

# Laid over the guide's stylesheets (under an edition's) for the index part alone.
INDEX_STYLES = ("index.css",)
# The heading of the group of entries that start with a digit or a symbol.
OTHERS = "#"
# Pages in a row, at least this many, print as a range ("75–93"): a tag on every page of a
# chapter is one range, not a paragraph of numbers.
RANGE_FROM = 3


@dataclass
class Term:
    """An index entry: the term as first written, and the questions that carry it, in print order."""

    text: str
    questions: list[str] = field(default_factory=list)


def sort_key(text: str) -> tuple[bool, tuple, str]:
    """Case, accents and leading symbols ignored ('.NET' with the n's, 'éclair' with the e's),
    numbers by value ('EC2' before 'EC10'); terms starting with a digit (or all symbols) first,
    under their own heading; then the text itself, so the order never depends on the bank's."""
    plain = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    plain = plain.lstrip("".join(ch for ch in plain if not ch.isalnum())) or plain
    # Splitting on digit runs leaves text at even places and numbers at odd ones, so keys compare.
    pieces = tuple(int(piece) if odd else piece for odd, piece in
                   ((n % 2, piece) for n, piece in enumerate(re.split(r"(\d+)", plain.casefold()))))
    return plain[:1].isalpha(), pieces, text


def index_terms(chapters: list[Chapter]) -> list[Term]:
    """Every key term and tag of the chapters' questions, merged whatever their case, sorted."""
    found: dict[str, Term] = {}
    for chapter in chapters:
        for entry in entries(chapter.category):
            for text in (*entry.q.terms, *entry.q.tags):
                term = found.setdefault(text.casefold(), Term(text))
                if entry.q.id not in term.questions:
                    term.questions.append(entry.q.id)
    return sorted(found.values(), key=lambda term: sort_key(term.text))


def question_pages(runs: list[Typeset], starts: list[int], prefix: str = "q-") -> dict[str, int]:
    """The printed page number of each question's heading: its anchor's page in its typeset run,
    plus where that run starts (0-based) in the assembled document. Anchors are `prefix` + the
    question's id (the guide's; a practice sheet's are 'pq-')."""
    pages = {}
    for run, start in zip(runs, starts):
        for name, page in run.anchors.items():
            if name.startswith(prefix):
                pages[name[len(prefix):]] = start + page + 1
    return pages


def index_letter(term: Term) -> str:
    starts_alpha, pieces, _ = sort_key(term.text)
    return pieces[0][:1].upper() if starts_alpha else OTHERS


def page_runs(first: dict[int, str]) -> list[tuple[int, int, str]]:
    """Pages (each with the question its link opens) as (first page, last page, question): a
    run of RANGE_FROM pages or more in a row as one range, any other page on its own."""
    spans = []
    # Pages in a row keep the same difference to their place in the sorted list.
    for _, run in itertools.groupby(enumerate(sorted(first)), lambda item: item[1] - item[0]):
        pages = [page for _, page in run]
        if len(pages) >= RANGE_FROM:
            spans.append((pages[0], pages[-1], first[pages[0]]))
        else:
            spans += [(page, page, first[page]) for page in pages]
    return spans


def index_groups(terms: list[Term], pages: dict[str, int]) -> list[dict]:
    """Entries under their letter: each term with its pages (`page_runs`), each page with the
    first of the term's questions printed on it (the page's link opens there)."""
    groups: list[dict] = []
    for term in terms:
        first: dict[int, str] = {}
        for qid in term.questions:
            if qid in pages:  # a question not printed (none should be) adds no number
                first.setdefault(pages[qid], qid)
        if not first:
            continue
        letter = index_letter(term)
        if not groups or groups[-1]["letter"] != letter:
            groups.append({"letter": letter, "entries": []})
        groups[-1]["entries"].append({"term": term.text, "pages": page_runs(first)})
    return groups


def index_html(bank: Bank, groups: list[dict]) -> str:
    return render_template("index.html", guide=bank.guide, groups=groups)


def index_jobs(bank: Bank, chapters: list[Chapter], runs: list[Typeset], styles: tuple[str, ...],
               starts: list[int]) -> list[PartJob]:
    """The index of a guide whose chapter `runs` start at `starts` (0-based) in the assembled
    document, to typeset once those places are known; none when no question has terms or tags."""
    terms = index_terms(chapters)
    if not terms:
        return []
    groups = index_groups(terms, question_pages(runs, starts))
    return [PartJob(index_html(bank, groups), styles, "index")]
