"""Each candidate's copy of the pack: the pack rendered once, then the candidate's name stamped over it."""

from __future__ import annotations

import time

from ..content.roster import assign_slugs
from ..models import Bank, Batch
from ..pdf.graft import Tail
from ..pdf.stamp import Stamper
from ..typeset.html import render_template
from ..typeset.jobs import PartJob, Typeset
from ..typeset.languages import language_of
from .base import Context, Output, Request, batch_ids, for_batch
from .pack import STYLES, pack_pdf, pack_title
from .practice_sets import per_candidate, practice_tail, rendered_sets


def footer_line(batch: Batch, name: str) -> str:
    return f"Prepared for {name} · Batch {batch.number}"


def stamps_html(batch: Batch, names: list[str]) -> str:
    """A page per candidate (name, footer line), all in one document so WeasyPrint's fixed
    cost is paid once for the whole roster."""
    people = [{"name": name, "footer": footer_line(batch, name),
               "size": "" if len(name) <= 34 else ("long" if len(name) <= 56 else "longer")} for name in names]
    return render_template("personal.html", batch=batch, people=people)


def personal_copies(ctx: Context, pack: bytes, batch: Batch, names: list[str],
                    tail: Tail | None = None) -> tuple[bytes, ...]:
    """Each candidate's copy of the pack, in the order of `names` (candidate i's range of `tail`
    after its last page); the stamps are set in the embedded fonts, so names in any script print
    as they are written. Made together and kept in the cache as one entry: a build that changes
    neither the pack nor the roster copies nothing."""
    if not names:
        return ()
    stamps = ctx.render_one(PartJob(stamps_html(batch, names), STYLES,
                                    f"personal stamps for batch '{batch.number}'", with_content=False, tagged=False))
    people = tuple((name, footer_line(batch, name), language_of(name, ctx.bank.guide.language)) for name in names)
    return ctx.memo(stamped_copies, pack, stamps, pack_title(batch), tail, people)


def stamped_copies(pack: bytes, stamps: Typeset, title: str, tail: Tail | None,
                   people: tuple[tuple[str, str, str | None], ...]) -> tuple[bytes, ...]:
    """The copies of `pack`, one for each (name, footer line, language) of `people`."""
    stamper = Stamper(pack, stamps.pdf, title, tail)
    return tuple(stamper.copy(index, *person) for index, person in enumerate(people))


def copies_pack(ctx: Context, batch: Batch) -> tuple[bytes, Tail | None]:
    """The pack the copies are made from and what each adds after it: the batch's pack as is, or,
    when each candidate has a practice set of their own, the pack without the shared sheet and
    every candidate's set (all typeset as one document, each copy taking its own pages).

    A copy stays the pack plus an incremental update: its set's pages, page labels, outline entry
    and structure elements go into that update beside the name stamps. `make bench` (100 copies of
    the seed batch's pack, 20 questions a set of 12 pages) measured 171 ms a copy this way, against
    at least 1,988 ms for the pack merged, packed and prepared for stamping anew for each copy, so
    the copies stay incremental; a copy grows by the set's pages and fonts (388 KB against 261 KB)."""
    if not per_candidate(batch):
        return pack_pdf(ctx, batch), None
    sets = rendered_sets(ctx, batch)
    return pack_pdf(ctx, batch, own_set=sets.length), practice_tail(sets)


class Copies(Output):
    """OUT/batches/<id>/candidates/<slug>.pdf: the pack with one candidate's name on every page."""

    name = "copies"

    def targets(self, bank: Bank, ids: tuple[str, ...]) -> tuple[str, ...]:
        return batch_ids(bank, ids)

    def produce(self, ctx: Context, request: Request) -> dict[str, bytes]:
        outputs = {}
        for bid in request.ids:
            own, batch = for_batch(ctx, ctx.bank.batches[bid])  # its chapters cut to its selection
            started = time.perf_counter()
            names = [c.name for c in batch.candidates]
            pack, tail = copies_pack(own, batch)
            copies = personal_copies(own, pack, batch, names, tail)
            for slug, data in zip(assign_slugs(batch.candidates), copies):
                outputs[f"batches/{bid}/candidates/{slug}.pdf"] = data
            if names:
                ctx.log.note(f"batch '{bid}': {len(names)} personal copies in {time.perf_counter() - started:.2f} s")
        return outputs
