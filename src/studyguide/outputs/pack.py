"""The onboarding pack: a welcome page, then the handout, cheat sheets, practice sheet and extras."""

from __future__ import annotations

from dataclasses import dataclass

from ..content.extras import title_for
from ..models import Bank, Batch
from ..names import plural
from ..pdf.assemble import Part, merge, page_plan, resolve_links
from ..pdf.assembly import finish
from ..pdf.objects import page_total
from ..typeset.html import render_template
from ..typeset.jobs import PartJob
from ..typeset.qr import qr_svg
from .base import Context, PerBatch, metadata
from .cheatsheets import cheatsheet_pdf
from .flashcards import flashcards_pdf
from .guide import handout_pdf
from .practice import practice_pdf
from .practice_sets import TAIL_LINK

STYLES = ("base.css", "pack.css")
# Welcome-page links to the first page of a part; turned into jumps once the pack is merged.
PART_LINK = "studyguide-pack:"


@dataclass(frozen=True)
class Piece:
    """A rendered part of the pack, with what the welcome page says about it."""

    title: str
    label: str
    about: str
    pdf: bytes
    pairs: bool = False  # card sheets: fronts and backs, so an odd page of the pack even one-sided


def chapters_phrase(count: int) -> str:
    """'two chapters': small counts read better spelled out in running text."""
    words = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
    return f"{words[count] if count < len(words) else count} chapter{'' if count == 1 else 's'}"


def pack_title(batch: Batch) -> str:
    return f"Onboarding pack — {batch.banner}"


def pieces(ctx: Context, batch: Batch, practice: bool = True) -> list[Piece]:
    """Every part after the welcome page, each rendered once (the handout is the handout file's bytes);
    without the practice sheet for copies that end with their candidate's own set instead."""
    count = ctx.bank.question_count(batch.chapters)
    chapters = tuple(batch.chapters)
    found = [Piece("Handout", "Handout ", f"Cover, contents and {chapters_phrase(len(chapters))}: "
                   f"{plural(count, 'question')} with the answers interviewers expect.", handout_pdf(ctx, batch)),
             Piece("Cheat sheets", "Cheat sheet ", "Each topic condensed to its short answers: "
                   "the last look before an interview.", cheatsheet_pdf(ctx, chapters))]
    if practice:
        found.append(Piece("Practice sheet", "Practice ", f"The same {plural(count, 'question')} without answers, "
                           "ruled for your notes; the answer key is at the back.", practice_pdf(ctx, batch)))
    for rel in batch.extras:
        title = title_for(rel)
        source = f"by your trainer, {batch.trainer}" if batch.trainer else "for this batch"
        found.append(Piece(title, f"{title} ", f"Provided {source}.", ctx.bank.attachments[rel]))
    return with_flashcards(ctx, batch, found)


def with_flashcards(ctx: Context, batch: Batch, found: list[Piece]) -> list[Piece]:
    """The pieces, and last the batch's flashcards when its file asks for them (`flashcards: true`):
    card sheets are front/back pairs, so they start on a right-hand page of the pack."""
    if not batch.flashcards:
        return found
    cards = flashcards_pdf(ctx, tuple(batch.chapters))
    sheets = page_total(cards) // 2
    return [*found, Piece("Flashcards", "Flashcards ", f"{plural(sheets, 'sheet')} of cards: print double-sided, "
                          "flipping on the long edge, and cut along the marks.", cards, pairs=True)]


def welcome_html(bank: Bank, batch: Batch, rows: list[dict]) -> str:
    titles = [ch.category.title for ch in bank.chapters(batch.chapters)]
    joined = titles[0] if len(titles) == 1 else ", ".join(titles[:-1]) + " and " + titles[-1]
    return render_template("welcome.html", guide=bank.guide, batch=batch, parts=rows,
                           chapters=chapters_phrase(len(titles)), chapter_titles=joined,
                           question_total=bank.question_count(batch.chapters),
                           qr=qr_svg(batch.url) if batch.url else None)


def _rows(found: list[Piece], sizes: list[int], welcome_pages: int, duplex: bool) -> list[dict]:
    """The welcome page's table: where each part starts, which depends on the welcome page's length
    (and, two-sided, on the blank versos that let every part open on a right-hand page)."""
    starts, total = page_plan([welcome_pages, *sizes], [True] * (len(sizes) + 1), duplex,
                              [False, *(piece.pairs for piece in found)])
    ends = starts[2:] + [total]  # a part runs to the next one, its blank versos included
    return [{"title": piece.title, "about": piece.about, "first": start + 1, "last": end,
             "href": f"{PART_LINK}{index}", "label": piece.label}
            for index, (piece, start, end) in enumerate(zip(found, starts[1:], ends))]


def assemble_pack(welcome: bytes, found: tuple[Piece, ...], info: dict[str, str], starts: tuple[int, ...],
                  duplex: bool) -> bytes:
    """Welcome page, then every piece: one outline entry and one page-label prefix per part, each
    opening on a right-hand page when printed two-sided."""
    parts = [Part(welcome, title="Welcome", label="Welcome ", right=True)]
    parts += [Part(piece.pdf, title=piece.title, label=piece.label, right=True, pairs=piece.pairs) for piece in found]
    doc = merge(parts, info, duplex)
    resolve_links(doc, PART_LINK, {str(index): start for index, start in enumerate(starts)})
    return finish(doc)


def set_piece(batch: Batch) -> Piece:
    """What the welcome page says of a copy's own practice set, which the copy adds after the pack's pages."""
    count = batch.practice.questions if batch.practice else 0
    return Piece("Practice set", "Practice ", f"{plural(count, 'question')} drawn for you alone, without answers, "
                 "ruled for your notes; your answer key is at the back.", b"")


def pack_pdf(ctx: Context, batch: Batch, own_set: int = 0) -> bytes:
    """The batch's onboarding pack as PDF bytes. With `own_set` (the pages of each candidate's own
    practice set), the pack the copies are made from: no practice sheet, and a welcome page whose
    table ends with the set, which each copy's update adds after the last page."""
    found = pieces(ctx, batch, practice=not own_set)
    sizes = [page_total(piece.pdf) for piece in found]
    listed = [*found, set_piece(batch)] if own_set else found
    duplex = ctx.duplex(batch)
    welcome_pages = 1
    for _ in range(3):
        rows = _rows(listed, [*sizes, own_set] if own_set else sizes, welcome_pages, duplex)
        if own_set:
            rows[-1]["href"] = TAIL_LINK
        welcome = ctx.render_one(PartJob(welcome_html(ctx.bank, batch, rows), STYLES, "welcome page"))
        if welcome.pages == welcome_pages:
            break
        welcome_pages = welcome.pages
    info = metadata(ctx.bank, pack_title(batch),
                    f"Onboarding pack for batch {batch.number}, starting {batch.starts.isoformat()}: {batch.track}",
                    f"batch {batch.number}, {batch.name}, {batch.track}")
    return ctx.memo(assemble_pack, welcome.pdf, tuple(found), info,
                    tuple(row["first"] - 1 for row in rows[:len(found)]), duplex)


class Pack(PerBatch):
    """OUT/batches/<id>/pack.pdf."""

    name, file = "pack", "pack.pdf"

    def make(self, ctx: Context, batch: Batch) -> bytes:
        return pack_pdf(ctx, batch)
