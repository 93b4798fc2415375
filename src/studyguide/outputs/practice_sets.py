"""Each candidate's own practice set, and the trainer's booklet of their answer keys."""

from __future__ import annotations

from dataclasses import dataclass

from ..content.draw import draws
from ..models import Bank, Batch, Question
from ..pdf.assemble import page_plan
from ..pdf.graft import Run, Tail, appended
from ..typeset.html import render_template
from ..typeset.jobs import PartJob
from .base import Context, Output, Request, batch_ids, for_batch
from .practice import CODE_COLUMNS, NOTE_LINES, even

STYLES = ("base.css", "practice.css", "practice-sets.css")
# Sets typeset together in one document. A document's fixed cost is paid once for this many,
# while WeasyPrint, which holds a whole document's layout (some 20 MB a set), stays within a few
# hundred megabytes, and a large roster's documents are typeset side by side.
CHUNK = 25
# The welcome page's links to a copy's own set: pointed at its first page by the copy's update.
TAIL_LINK = "studyguide-tail:practice"


def per_candidate(batch: Batch) -> bool:
    """Does each candidate of the batch get a practice set of their own?"""
    return bool(batch.practice and batch.practice.per_candidate and batch.candidates)


def drawn(bank: Bank, batch: Batch) -> list[list[Question]]:
    """Each candidate's questions, in the roster's order, as drawn for them: reproducible from the
    batch's number, its practice seed and the candidate's name, spread over the batch's chapters
    (cut to its selection), and overlapping earlier candidates' sets only when the pool runs out."""
    chapters = bank.chapters(batch.chapters)
    pool = [(chapter.id, [q.id for q in chapter.category.questions]) for chapter in chapters]
    by_id = {q.id: q for chapter in chapters for q in chapter.category.questions}
    found = draws(pool, batch.practice.questions, (batch.number, batch.practice.seed),
                  [candidate.name for candidate in batch.candidates])
    return [[by_id[qid] for qid in ids] for ids in found]


def people(bank: Bank, batch: Batch) -> list[dict]:
    return [{"name": candidate.name, "questions": questions}
            for candidate, questions in zip(batch.candidates, drawn(bank, batch))]


def sets_html(bank: Bank, batch: Batch, listed: list[dict], duplex: bool = False) -> str:
    """The sets of the candidates `listed` in one document: questions numbered 1..N in the drawn
    order, then the key. Each set is a named page group whose first page resets the page counter,
    so its footer, its `target-counter()` page references and a copy's page labels ('Practice 3')
    agree."""
    return render_template("practice-sets.html", guide=bank.guide, batch=batch, people=listed,
                           note_lines=NOTE_LINES, code_columns=CODE_COLUMNS, duplex=duplex)


def keys_html(bank: Bank, batch: Batch, pages: list[int], duplex: bool = False) -> str:
    """The key booklet's first page: the candidates and the page each one's key starts on."""
    people = [{"name": candidate.name, "page": page} for candidate, page in zip(batch.candidates, pages)]
    count = batch.practice.questions if batch.practice else 0
    return render_template("practice-keys.html", guide=bank.guide, batch=batch, people=people, count=count,
                           duplex=duplex)


@dataclass(frozen=True)
class Sets:
    """The rendered sets and where each candidate's pages are in them."""

    pdfs: tuple[bytes, ...]
    ranges: tuple[tuple[int, int, int], ...]  # (document, first page, end) of each candidate's set
    keys: tuple[int, ...]  # the page each set's answer key starts on, in its document
    length: int  # pages every copy gives its set: the longest, made even when printed two-sided


def rendered_sets(ctx: Context, batch: Batch) -> Sets:
    """The batch's sets typeset CHUNK at a time (one document each, typeset side by side), then cut
    by the page each set starts on."""
    duplex = ctx.duplex(batch)
    everyone = people(ctx.bank, batch)
    chunks = [everyone[i:i + CHUNK] for i in range(0, len(everyone), CHUNK)]
    parts = ctx.render([PartJob(sets_html(ctx.bank, batch, chunk, duplex), STYLES,
                                f"practice sets for batch '{batch.number}'" + (f" ({n + 1} of {len(chunks)})"
                                                                              if len(chunks) > 1 else ""))
                        for n, chunk in enumerate(chunks)])
    ranges, keys = [], []
    for n, (chunk, part) in enumerate(zip(chunks, parts)):
        names = part.anchors
        starts = [names[f"set-{i}"] for i in range(len(chunk))]
        ranges += [(n, start, end) for start, end in zip(starts, [*starts[1:], part.pages])]
        keys += [names[f"s{i}-key"] for i in range(len(chunk))]
    length = max(end - start for _, start, end in ranges)
    return Sets(tuple(part.pdf for part in parts), tuple(ranges), tuple(keys), length + (duplex and length % 2))


def practice_tail(sets: Sets) -> Tail:
    return Tail(sets.pdfs, sets.ranges, sets.length, "Practice set", "Practice ", TAIL_LINK)


def key_booklet(ctx: Context, batch: Batch, sets: Sets) -> bytes:
    """The trainer's booklet: a first page listing the candidates, then each candidate's key pages as
    typeset for their set (not typeset again), under a bookmark with their name, labelled with the
    page numbers the key prints ('Bo Chen 7'). Two-sided, each key opens on a right-hand page, as
    it does in the set."""
    duplex = ctx.duplex(batch)
    runs = [Run(key, end, candidate.name, f"{candidate.name} ", end - key + (duplex and (end - key) % 2),
                key - start + 1) for candidate, key, (_, start, end) in zip(batch.candidates, sets.keys, sets.ranges)]
    pages = 1
    for _ in range(3):
        starts, _ = page_plan([pages, *(run.length for run in runs)], [True] * (len(runs) + 1), duplex)
        cover = ctx.render_one(PartJob(keys_html(ctx.bank, batch, [start + 1 for start in starts[1:]], duplex),
                                       STYLES, f"practice set keys for batch '{batch.number}'"))
        if cover.pages == pages:
            break
        pages = cover.pages
    booklet = ctx.memo(even, cover.pdf, duplex)
    for n, pdf in enumerate(sets.pdfs):  # one update per document the keys come from
        booklet = ctx.memo(appended, booklet, pdf, tuple(run for run, (m, _, _) in zip(runs, sets.ranges) if m == n))
    return booklet


class PracticeKeys(Output):
    """OUT/batches/<id>/practice-keys.pdf: every candidate's answer key, for the trainer (batches
    whose practice sets are drawn per candidate)."""

    name = "practice-keys"

    def targets(self, bank: Bank, ids: tuple[str, ...]) -> tuple[str, ...]:
        return batch_ids(bank, ids)

    def produce(self, ctx: Context, request: Request) -> dict[str, bytes]:
        files = {}
        for bid in request.ids:
            own, batch = for_batch(ctx, ctx.bank.batches[bid])
            if not per_candidate(batch):
                continue
            files[f"batches/{bid}/practice-keys.pdf"] = key_booklet(own, batch, rendered_sets(own, batch))
        return files
