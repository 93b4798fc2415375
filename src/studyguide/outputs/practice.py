"""The practice sheet: a batch's questions with ruled space for notes, then the answer key.

Both sides are set in runs (parts of their own), so no part holds the whole sheet's layout and
an edited answer lays out one run of the key again. The questions come first and refer to the
key by their number; the key, set once the questions' pages are known, names the page of each
question. Each side is laid out once: `target-counter()`s both ways would have WeasyPrint set
the whole sheet twice. Page numbers are stamped at assembly.
"""

from __future__ import annotations

from ..models import Bank, Batch
from ..pdf.assemble import Part, merge, page_plan
from ..pdf.assembly import finish
from ..pdf.folio import stamp_folios
from ..pdf.objects import reader
from ..typeset.html import render_template
from ..typeset.jobs import PartJob
from .base import Context, PerBatch, metadata
from .guide import CHUNK, FOLIO_BAND, folio_jobs, folio_parts
from .index import question_pages

STYLES = ("base.css", "practice.css")
# The sheet's runs leave their footers to the stamped page numbers.
SHEET_STYLES = (*STYLES, "practice-sheet.css")
# Questions to a run of the question side: three times the key's (a run of the key, like a guide's,
# holds CHUNK), as a question without its answer takes a third of the room; fewer runs, fewer
# half-filled pages where one ends.
QUESTION_CHUNK = 3 * CHUNK
# Characters of code across the answer key's box, as in the guide.
CODE_COLUMNS = 79
# Ruled lines under each question: enough for the outline of an answer, not an essay.
NOTE_LINES = 4


def practice_runs(chapters: list[tuple], chunk: int) -> list[list[dict]]:
    """(chapter, its questions) in runs of up to `chunk` questions, numbered through the sheet;
    each run a list of sections: a chapter (`opens` if the run starts it) and its entries in the
    run. Short chapters share a run, so the sheet reads on from one chapter to the next; a run that
    continues a chapter ends with it, so that its bookmarks all nest under that chapter."""
    runs: list[list[dict]] = [[]]
    filled = number = 0
    for chapter, questions in chapters:
        for index, q in enumerate(questions):
            if filled == chunk or (index == 0 and runs[-1] and not runs[-1][0]["opens"]):
                runs.append([])
                filled = 0
            if index == 0 or not runs[-1]:
                runs[-1].append({"chapter": chapter, "opens": index == 0, "entries": []})
            number += 1
            filled += 1
            runs[-1][-1]["entries"].append({"number": number, "q": q})
    return [run for run in runs if run]


def footer_label(batch: Batch) -> str:
    """What each page of the sheet names beside its number."""
    return f"Practice sheet · Batch {batch.number} · {batch.name}"


def practice_html(bank: Bank, batch: Batch, run: list[dict], opens: bool,  # noqa: PLR0913
                  pages: dict[str, int] | None = None, duplex: bool = False) -> str:
    """One run: of questions, or (given the printed page of every question) of answers."""
    return render_template("practice.html", guide=bank.guide, batch=batch, sections=run, opens=opens, pages=pages,
                           total=bank.question_count(batch.chapters), footer=footer_label(batch),
                           note_lines=NOTE_LINES, code_columns=CODE_COLUMNS, duplex=duplex)


def continues(run: list[dict], first: bool) -> int:
    """How a run's bookmarks join the sheet's: 0 it opens a side, 1 under the side, 2 under its chapter."""
    return 0 if first else 1 if run[0]["opens"] else 2


def practice_pdf(ctx: Context, batch: Batch) -> bytes:
    """The sheet as PDF bytes: question runs, then answer runs opening on a right-hand page when
    printed two-sided (the key never shares a sheet of paper with questions), page numbers stamped."""
    bank, duplex = ctx.bank, ctx.duplex(batch)
    chapters = [(ch, ch.category.questions) for ch in bank.chapters(batch.chapters)]
    questions, answers = practice_runs(chapters, QUESTION_CHUNK), practice_runs(chapters, CHUNK)
    what = f"practice sheet for batch '{batch.number}'"
    asked = ctx.render([PartJob(practice_html(bank, batch, run, n == 0, None, duplex), SHEET_STYLES,
                                f"{what} (questions, run {n + 1})") for n, run in enumerate(questions)])
    starts, _ = page_plan([part.pages for part in asked], [False] * len(asked), duplex)
    pages = question_pages(asked, starts, "pq-")
    keyed = ctx.render([PartJob(practice_html(bank, batch, run, n == 0, pages, duplex), SHEET_STYLES,
                                f"{what} (answer key, run {n + 1})") for n, run in enumerate(answers)])
    # (part, how it continues, opens on a right-hand page: the key's first run)
    placed = [(part, continues(run, n == 0), side == 1 and n == 0)
              for side, (runs, parts) in enumerate(((questions, asked), (answers, keyed)))
              for n, (run, part) in enumerate(zip(runs, parts))]
    starts, total = page_plan([part.pages for part, _, _ in placed], [right for _, _, right in placed], duplex)
    printed = {start + i + 1 for start, (part, _, _) in zip(starts, placed) for i in range(part.pages)}
    folio = folio_parts(ctx, folio_jobs(total, frozenset(range(1, total + 1)) - printed, footer_label(batch)))
    info = metadata(bank, f"Practice sheet — {batch.banner}", "Interview questions to answer, then their answers")
    return ctx.memo(assemble_practice, tuple((part.pdf, how, right) for part, how, right in placed), folio, info, duplex)


def assemble_practice(bodies: tuple[tuple[bytes, int, bool], ...], folio: tuple[tuple[bytes, tuple[int, ...]], ...],
                      info: dict[str, str], duplex: bool) -> bytes:
    """The runs (PDF, how it continues, opens on a right-hand page) as one document numbered from 1."""
    parts = [Part(pdf, label="" if n == 0 else None, continues=how, right=right)
             for n, (pdf, how, right) in enumerate(bodies)]
    doc = merge(parts, info, duplex)
    stamp_folios(doc, list(folio), FOLIO_BAND)
    return finish(doc)


def even(pdf: bytes, duplex: bool = True) -> bytes:
    """A document assembled like every other (its structure tree, PDF/UA metadata and language
    kept); two-sided, it ends on the back of its last sheet: one blank page more if need be."""
    source = reader(pdf)
    info = {key.lstrip("/"): str(value) for key, value in (source.metadata or {}).items()}
    info["Lang"] = str(source.trailer["/Root"].get("/Lang", ""))
    return finish(merge([Part(pdf, label="")], info, duplex=duplex))


class Practice(PerBatch):
    """OUT/batches/<id>/practice.pdf."""

    name, file = "practice", "practice.pdf"

    def make(self, ctx: Context, batch: Batch) -> bytes:
        return practice_pdf(ctx, batch)
