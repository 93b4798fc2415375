"""The practice sheet: a batch's questions with ruled space for notes, then the answer key."""

from __future__ import annotations

from ..models import Bank, Batch
from ..typeset.html import render_template
from ..typeset.jobs import PartJob, Typeset
from .base import Context, PerBatch

STYLES = ("base.css", "practice.css")
# Characters of code across the answer key's box, as in the guide.
CODE_COLUMNS = 79
# Ruled lines under each question: enough for the outline of an answer, not an essay.
NOTE_LINES = 4


def practice_html(bank: Bank, batch: Batch) -> str:
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
                           total=number, note_lines=NOTE_LINES, code_columns=CODE_COLUMNS)


def practice_part(ctx: Context, batch: Batch) -> Typeset:
    return ctx.render_one(PartJob(practice_html(ctx.bank, batch), STYLES,
                                  f"practice sheet for batch '{batch.number}'"))


class Practice(PerBatch):
    """OUT/batches/<id>/practice.pdf."""

    name, file = "practice", "practice.pdf"

    def make(self, ctx: Context, batch: Batch) -> bytes:
        return practice_part(ctx, batch).pdf
