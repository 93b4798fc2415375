"""Booklets: the guide or a batch's handout on A5 (half-Letter) pages, imposed to fold and staple."""

from __future__ import annotations

import dataclasses

from ..models import Batch
from ..pdf.impose import FOLDED, impose_booklet
from .base import Context, Output, PerBatch, Request, selected
from .guide import FOLIO_STYLES, Edition, guide_pdf

# Characters of 8 pt code across the booklet's answer box (booklet.css): A5 has 120 mm between
# the margins, half-Letter 113.7 mm; less the answer's indent and padding and the code box's
# own, 103.8 and 97.5 mm at 1.693 mm a character (IBM Plex Mono), less 2 for safety, as on A4.
COLUMNS = {"a5": 59, "half-letter": 55}


def booklet_edition(paper: str) -> Edition:
    """The guide dressed for booklet pages folded from `paper` sheets."""
    page = FOLDED[paper]
    styles = ("booklet.css", f"booklet-{page}.css")
    return Edition(
        name="guide-booklet",
        styles=styles,
        folio_styles=FOLIO_STYLES + styles,
        # The running header carries the title; an A5 footer holds the page number alone.
        footer_label=False,
        title_suffix=" — booklet",
        code_columns=COLUMNS[page],
        two_sided=True,
    )


def booklet_pdf(ctx: Context, chapter_ids: tuple[str, ...] | None = None, batch: Batch | None = None) -> bytes:
    """The guide (or a batch's handout) as booklet sheets: A5 pages two to a side of A4 landscape
    (half-Letter on Letter), in fold order.

    A booklet is read as a book whatever --simplex says of the flat documents: chapters open on
    right-hand pages, which in the folded booklet are the right-hand pages too."""
    two_sided = dataclasses.replace(ctx, sides=True)
    pages = guide_pdf(two_sided, chapter_ids, batch, booklet_edition(ctx.paper))
    # No back cover: the guide ends with its closing page (reading matter), so blanks go last.
    return ctx.memo(impose_booklet, pages, ctx.paper)


class GuideBooklet(Output):
    """OUT/guide-booklet.pdf: the whole guide as a booklet (with --booklet)."""

    name = "guide-booklet"

    def produce(self, ctx: Context, request: Request) -> dict[str, bytes]:
        ctx = selected(ctx, tuple(ctx.bank.guide.chapters), request.data)[0]  # --tags, --level, ...
        return {"guide-booklet.pdf": booklet_pdf(ctx)}


class HandoutBooklet(PerBatch):
    """OUT/batches/<id>/handout-booklet.pdf: a batch's handout as a booklet (with --booklet)."""

    name, file = "handout-booklet", "handout-booklet.pdf"

    def make(self, ctx: Context, batch: Batch) -> bytes:
        return booklet_pdf(ctx, tuple(batch.chapters), batch)
