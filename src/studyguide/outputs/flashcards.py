"""Printable flashcards: card faces typeset as card-sized pages, then imposed on sheets for duplex print.

Each face is a page of the card's size, so text too long for a card flows onto the next card
(marked "continued") instead of being cut off: the page count is the measurement. A face that
overflowed is set once more a step smaller; what still needs two cards gets a filler face on
the other side, so that every answer lands exactly behind its question.
"""

from __future__ import annotations

from ..errors import StudyGuideError
from ..models import PAPERS, Bank, Chapter
from ..pdf.assemble import anchors
from ..pdf.impose import CARD_H, CARD_W, COLS, ROWS, Card, Face, grid_origin, impose
from ..pdf.objects import reader
from ..typeset.html import render_template
from ..typeset.jobs import PartJob, Typeset
from .base import Context, Output, Request, category_ids, metadata

STYLES = ("base.css", "flashcards.css")
FOLDER = "flashcards"
FILLERS = "fillers"  # key of the document holding the filler faces
MARK_GAP, MARK_LEN = 2.0, 5.0  # mm; cut marks stop short of the grid, so none shows on a card
SIDES = ("front", "back")
# Characters of code across a card (7.6 pt type on a 95 mm card).
CODE_COLUMNS = 46


def label(chapter: Chapter, number: int) -> str:
    """What a dropped card is traced by (after the category icon): 'AWS · 03'."""
    return f"{chapter.category.title} · {number:02d}"


def faces_html(bank: Bank, chapter: Chapter, tight: frozenset[str] = frozenset()) -> str:
    """Every question of a category on a front face, then every answer on a back face.

    Faces named in `tight` (anchors) are set a step smaller, so that text which overflowed a card
    by a few lines fits on one instead of spilling onto a second card.
    """
    cards = [{"anchor": f"{side}-{q.id}", "side": side, "icon": chapter.category.icon, "label": label(chapter, n),
              "question": q.question, "answer": q.short or q.answer, "filler": False,
              "tight": f"{side}-{q.id}" in tight}
             for side in SIDES for n, q in enumerate(chapter.category.questions, 1)]
    title = f"{bank.guide.title} — {chapter.category.title} flashcards"
    return render_template("flashcards.html", title=title, cards=cards, code_columns=CODE_COLUMNS)


def sheet_html(paper: str) -> str:
    """The empty sheet, front and back: cut marks at every grid line, outside the grid."""
    width, height = PAPERS[paper].width, PAPERS[paper].height
    x0, y0 = grid_origin(paper)
    thin = 0.2  # mm, a hairline that still prints
    # Marks end 4 mm short of the sheet's edge, where most printers still print (Letter is short).
    tall, wide = (min(MARK_LEN, margin - MARK_GAP - 4) for margin in (y0, x0))
    marks = []
    for x in (x0 + c * CARD_W for c in range(COLS + 1)):
        for top in (y0 - MARK_GAP - tall, height - y0 + MARK_GAP):
            marks.append({"x": round(x - thin / 2, 3), "y": round(top, 3), "w": thin, "h": round(tall, 3)})
    for y in (y0 + r * CARD_H for r in range(ROWS + 1)):
        for left in (x0 - MARK_GAP - wide, width - x0 + MARK_GAP):
            marks.append({"x": round(left, 3), "y": round(y - thin / 2, 3), "w": round(wide, 3), "h": thin})
    # In the bottom margin, inside the first column, clear of the marks.
    note = {"x": round(x0 + 4, 3), "y": round(height - y0 + MARK_GAP + 1, 3),
            "text": "Print double-sided, flipping on the long edge · cut along the marks"}
    return render_template("flashcard-sheet.html", marks=marks, note=note)


def _anchors(chapter: Chapter) -> list[str]:
    return [f"{side}-{q.id}" for side in SIDES for q in chapter.category.questions]


def _spans(doc: Typeset, names: list[str]) -> dict[str, tuple[int, int]]:
    """(first page, page count) of each face run, the anchors being in document order."""
    found = anchors(reader(doc.pdf))
    starts = [found[a] for a in names]
    return {a: (start, end - start) for a, start, end in zip(names, starts, starts[1:] + [doc.pages])}


def typeset_cards(ctx: Context, chapters: list[Chapter]):
    """Typeset every chapter's faces; returns (documents by key, cards by chapter id, the empty sheet)."""
    jobs = [PartJob(sheet_html(ctx.paper), STYLES, "flashcard sheet", with_content=False, tagged=False)]
    jobs += [PartJob(faces_html(ctx.bank, ch), STYLES, f"flashcards '{ch.id}'") for ch in chapters]
    sheet, *faces = ctx.render(jobs)
    docs = {ch.id: doc for ch, doc in zip(chapters, faces)}
    spans = {ch.id: _spans(docs[ch.id], _anchors(ch)) for ch in chapters}
    # Only categories with a face that overflowed are set again, those faces a step smaller.
    tight = {ch.id: frozenset(a for a, (_, n) in spans[ch.id].items() if n > 1) for ch in chapters}
    again = [ch for ch in chapters if tight[ch.id]]
    jobs = [PartJob(faces_html(ctx.bank, ch, tight[ch.id]), STYLES, f"flashcards '{ch.id}'") for ch in again]
    for ch, doc in zip(again, ctx.render(jobs) if jobs else []):
        docs[ch.id], spans[ch.id] = doc, _spans(doc, _anchors(ch))
    return docs, _pair(ctx, chapters, spans, docs), sheet


def _filler(ch: Chapter, number: int, q, side: str, k: int, repeat: bool) -> dict:
    # A filler repeats the question only when the question itself fits one face.
    return {"anchor": f"filler-{side}-{q.id}-{k}", "side": side, "icon": ch.category.icon,
            "label": label(ch, number), "answer": None, "filler": True, "tight": False,
            "question": q.question if repeat else None}


def _pair(ctx: Context, chapters: list[Chapter], spans, docs: dict[str, Typeset]) -> dict[str, list[Card]]:
    """Cards by chapter: each question's faces with its answer's, fillers where one side runs longer."""
    fillers: list[dict] = []
    cards: dict[str, list[Card]] = {ch.id: [] for ch in chapters}
    long_cards = []
    for ch in chapters:
        for number, q in enumerate(ch.category.questions, 1):
            runs = {side: spans[ch.id][f"{side}-{q.id}"] for side in SIDES}
            count = max(n for _, n in runs.values())
            if count > 1:
                long_cards.append(f"{ch.id} {number:02d}")
            faces = {}
            for side, (first, n) in runs.items():
                faces[side] = [Face(ch.id, first + k) for k in range(n)]
                for k in range(n, count):
                    fillers.append(_filler(ch, number, q, side, k, runs["front"][1] == 1))
                    faces[side].append(Face(FILLERS, len(fillers) - 1))
            cards[ch.id] += [Card(ch.id, label(ch, number), f, b) for f, b in zip(faces["front"], faces["back"])]
    if fillers:
        html = render_template("flashcards.html", title="Flashcards, continued", cards=fillers,
                               code_columns=CODE_COLUMNS)
        doc = ctx.render_one(PartJob(html, STYLES, "flashcards (continued)"))
        # A filler holds a label and at most one face's worth of text: one page apiece.
        if doc.pages != len(fillers):  # pragma: no cover - would be a stylesheet bug
            raise StudyGuideError(f"flashcards: {len(fillers)} continued faces took {doc.pages} pages")
        docs[FILLERS] = doc
    if long_cards:
        shown = ", ".join(long_cards[:8]) + (f" and {len(long_cards) - 8} more" if len(long_cards) > 8 else "")
        ctx.log.note(f"flashcards: {len(long_cards)} {'card continues' if len(long_cards) == 1 else 'cards continue'}"
                     f" onto a second card ({shown}); a `short:` answer keeps a card to one")
    return cards


def deck_pdf(ctx: Context, ids: tuple[str, ...], typeset: tuple) -> bytes:
    """The cards of the categories `ids`, in that order, on as few sheets as they need."""
    docs, cards, sheet = typeset
    titles = [ctx.bank.categories[cid].title for cid in ids]
    info = metadata(ctx.bank, f"{ctx.bank.guide.title} — Flashcards: {', '.join(titles)}",
                    "Interview questions on the front, answers on the back; "
                    "print double-sided, flipping on the long edge")
    chosen, outline = [], []
    for cid, title in zip(ids, titles):
        outline.append((f"{ctx.bank.categories[cid].icon} {title}", len(chosen)))
        chosen += cards[cid]
    used = sorted({face.doc for card in chosen for face in (card.front, card.back)})
    return ctx.memo(impose, tuple(chosen), {key: docs[key].pdf for key in used}, sheet.pdf, ctx.paper, info,
                    tuple(outline) if len(ids) > 1 else ())


def flashcards_pdf(ctx: Context, ids: tuple[str, ...]) -> bytes:
    """One PDF with the cards of `ids` (a batch's chapters, say), in that order."""
    return deck_pdf(ctx, ids, typeset_cards(ctx, ctx.bank.chapters(list(ids))))


class Flashcards(Output):
    """OUT/flashcards/<id>.pdf for each category (every chapter when none named) and all.pdf."""

    name = "flashcards"

    def targets(self, bank: Bank, ids: tuple[str, ...]) -> tuple[str, ...]:
        return category_ids(bank, ids)

    def produce(self, ctx: Context, request: Request) -> dict[str, bytes]:
        order = request.ids
        typeset = typeset_cards(ctx, ctx.bank.chapters(list(order)))
        outputs = {f"{FOLDER}/{cid}.pdf": deck_pdf(ctx, (cid,), typeset) for cid in order}
        outputs[f"{FOLDER}/all.pdf"] = deck_pdf(ctx, order, typeset)
        return outputs
