"""The press edition of the guide, a batch's handout and pack: PDF/X-4, CMYK, 3 mm bleed, crop marks.

Every part is typeset again with press.css laid over its own sheets and written by WeasyPrint as
PDF/X-4; the documents are assembled exactly as the ordinary ones, then finished for the press
(output intent, XMP, boxes on every page). The ordinary editions are untouched.
"""

from __future__ import annotations

from dataclasses import replace

from ..content.roster import assign_slugs
from ..models import Batch
from ..pdf.press import finish
from ..typeset.jobs import PartJob
from ..typeset.qr import in_press_colours
from ..typeset.styles import PRESS_SHEET, icc_dir
from .base import Context, Output, PerBatch, Request, batch_ids, for_batch, selected
from .copies import personal_copies
from .guide import guide_pdf, handout_pdf
from .pack import pack_pdf

VARIANT = "pdf/x-4"
PROFILE = "CoatedFOGRA39.icc"


def press_job(job: PartJob) -> PartJob:
    """The same part for the press: press.css over its sheets, QR codes in CMYK, written as PDF/X-4."""
    if job.variant:
        return job
    return replace(job, html=in_press_colours(job.html), styles=job.styles + (PRESS_SHEET,), variant=VARIANT)


def press_context(ctx: Context) -> Context:
    """A context whose every part is a press part: outputs made in it need no change of their own."""
    return replace(ctx, render=lambda jobs: ctx.render([press_job(job) for job in jobs]))


def for_press(ctx: Context, assembled: bytes) -> bytes:
    """An assembled press document finished as PDF/X-4, dated as the content is."""
    return ctx.memo(finish, assembled, icc_dir() / PROFILE, ctx.source_date)


class GuidePress(Output):
    """OUT/guide-press.pdf."""

    name = "guide-press"

    def produce(self, ctx: Context, request: Request) -> dict[str, bytes]:
        ctx = selected(ctx, tuple(ctx.bank.guide.chapters), request.data)[0]  # --tags, --level, ...
        return {"guide-press.pdf": for_press(ctx, guide_pdf(press_context(ctx)))}


class HandoutPress(PerBatch):
    """OUT/batches/<id>/handout-press.pdf."""

    name, file = "handout-press", "handout-press.pdf"

    def make(self, ctx: Context, batch: Batch) -> bytes:
        return for_press(ctx, handout_pdf(press_context(ctx), batch))


def pack_press_pdf(ctx: Context, batch: Batch) -> bytes:
    return for_press(ctx, pack_pdf(press_context(ctx), batch))


class PackPress(PerBatch):
    """OUT/batches/<id>/pack-press.pdf."""

    name, file = "pack-press", "pack-press.pdf"

    def make(self, ctx: Context, batch: Batch) -> bytes:
        if batch.extras:
            ctx.log.note(f"batch '{batch.number}': the press pack has the extras as they were supplied "
                         f"({', '.join(batch.extras)}): their colours are not converted to CMYK")
        return pack_press_pdf(ctx, batch)


class CopiesPress(Output):
    """OUT/batches/<id>/candidates-press/<slug>.pdf: the press pack with one candidate's name."""

    name = "copies-press"

    def targets(self, bank, ids: tuple[str, ...]) -> tuple[str, ...]:
        return batch_ids(bank, ids)

    def produce(self, ctx: Context, request: Request) -> dict[str, bytes]:
        outputs = {}
        for bid in request.ids:
            own, batch = for_batch(ctx, ctx.bank.batches[bid])  # its chapters cut to its selection
            copies = personal_copies(press_context(own), pack_press_pdf(own, batch), batch,
                                     [c.name for c in batch.candidates])
            finished = ctx.memo(finish_each, copies, icc_dir() / PROFILE, ctx.source_date) if copies else ()
            for slug, data in zip(assign_slugs(batch.candidates), finished):
                outputs[f"batches/{bid}/candidates-press/{slug}.pdf"] = data
        return outputs


def finish_each(copies: tuple[bytes, ...], profile, source_date) -> tuple[bytes, ...]:
    """Each copy finished for the press, written whole again rather than updated: the stamps'
    own copies of the profile go, and the XMP title follows the copy's. Done by the assembler
    and kept in the cache with the copies, as the documents they are made from are."""
    return tuple(finish(copy, profile, source_date) for copy in copies)
