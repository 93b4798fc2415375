"""The practice sheet: a batch's questions with ruled space for notes, then the answer key."""

from __future__ import annotations

from ..models import Bank, Batch
from ..pdf.assemble import Part, merge
from ..pdf.assembly import finish
from ..pdf.objects import reader
from ..typeset.html import render_template
from ..typeset.jobs import PartJob, Typeset
from .base import Context, PerBatch

STYLES = ("base.css", "practice.css")
# Characters of code across the answer key's box, as in the guide.
CODE_COLUMNS = 79
# Ruled lines under each question: enough for the outline of an answer, not an essay.
NOTE_LINES = 4


def practice_html(bank: Bank, batch: Batch, duplex: bool = False) -> str:
    """Questions (numbered through the sheet) then the key; each side links to the other.

    One document, so the page references are `target-counter()`s that WeasyPrint fills in
    with the sheet's own page numbers: the same numbers its footer prints and the pack's
    page labels ('Practice 7') show.
    """
    sections, number = [], 0
    for chapter in bank.chapters(batch.chapters):
        items = []
        for question in chapter.category.questions:
            number += 1
            items.append({"number": number, "q": question})
        sections.append({"chapter": chapter, "entries": items})
    return render_template("practice.html", guide=bank.guide, batch=batch, sections=sections,
                           total=number, note_lines=NOTE_LINES, code_columns=CODE_COLUMNS, duplex=duplex)


def practice_part(ctx: Context, batch: Batch) -> Typeset:
    """The sheet as one document. Printed two-sided, its answer key opens on a right-hand page, so
    the key never shares a sheet of paper with questions (one-sided, a new page does that)."""
    return ctx.render_one(PartJob(practice_html(ctx.bank, batch, ctx.duplex(batch)), STYLES,
                                  f"practice sheet for batch '{batch.number}'"))


def even(pdf: bytes, duplex: bool = True) -> bytes:
    """The sheet assembled like every other document (its structure tree, PDF/UA metadata and
    language kept); two-sided, it ends on the back of its last sheet: one blank page more if need be."""
    source = reader(pdf)
    info = {key.lstrip("/"): str(value) for key, value in (source.metadata or {}).items()}
    info["Lang"] = str(source.trailer["/Root"].get("/Lang", ""))
    return finish(merge([Part(pdf, label="")], info, duplex=duplex))


class Practice(PerBatch):
    """OUT/batches/<id>/practice.pdf."""

    name, file = "practice", "practice.pdf"

    def make(self, ctx: Context, batch: Batch) -> bytes:
        part = practice_part(ctx, batch)
        return ctx.memo(even, part.pdf, ctx.duplex(batch))
