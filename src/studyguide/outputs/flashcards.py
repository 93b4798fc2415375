"""Printable flashcards: card faces typeset as card-sized pages, then imposed on sheets for duplex print.

Each face is a page of the card's size, so text too long for a card flows onto the next card
(marked "continued") instead of being cut off: the page count is the measurement. A face whose
text surely overflows is set a step smaller at once; one that overflowed unexpectedly is set
again smaller, alone; what still needs two cards gets a filler face on the other side, so that
every answer lands exactly behind its question.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..errors import StudyGuideError
from ..models import PAPERS, Bank, Chapter, Question
from ..pdf.impose import CARD_H, CARD_W, COLS, PER_SHEET, ROWS, Card, Face, grid_origin, impose
from ..pdf.join import join_decks
from ..typeset.html import render_template
from ..typeset.jobs import PartJob, Typeset
from .base import Context, Output, Request, category_ids, entries, metadata, page_count, selected

STYLES = ("base.css", "flashcards.css")
FOLDER = "flashcards"
MARK_GAP, MARK_LEN = 2.0, 5.0  # mm; cut marks stop short of the grid, so none shows on a card
SIDES = ("front", "back")
# Characters of code across a card (7.6 pt type on a 95 mm card).
CODE_COLUMNS = 46
# What a face holds at its normal size (flashcards.css: 81 x 45.5 mm of text), measured on set
# cards: lines of 9 pt answer text and their characters, lines of 12.5 pt question; a line of
# 7.6 pt code is CODE_LINE of an answer line, a paragraph break PARAGRAPH_GAP.
ANSWER_COLUMNS, ANSWER_LINES = 58, 11
QUESTION_COLUMNS, QUESTION_LINES = 40, 8
CODE_LINE, PARAGRAPH_GAP = 0.85, 0.45
SURE = 1.0  # measured: faces that fit reach 0.98 of this, those that overflow 0.99 and more
# Questions whose faces are typeset as one part: an edit lays out this many cards again, not a
# chapter. Each face is a page of its own, so a part's size changes no card; laying out 24
# questions' faces as one part or as two of 12 costs the same (1.6-1.7 s a deck part measured
# either way), and an edit lays out half as many.
FACE_CHUNK = 12
# A deck of several categories opens each on a fresh sheet when that costs at most one sheet in SPARE.
SPARE = 20
# A category's deck longer than this many sheets is imposed this many sheets at a time and the
# pieces joined: an edit imposes again the piece holding its cards, not a deck of hundreds.
PIECE_SHEETS = 16


def label(chapter: Chapter, number: int) -> str:
    """What a dropped card is traced by (after the category icon): 'AWS · 03'."""
    return f"{chapter.category.title} · {number:02d}"


def faces_html(bank: Bank, chapter: Chapter, tight: frozenset[str] = frozenset(),
               faces: list[tuple[str, int, Question]] | None = None) -> str:
    """Card faces of a category: every question on a front face, then every answer on a back face
    (or only `faces`: (side, number, question), in that order).

    Faces named in `tight` (anchors) are set a step smaller, so that text which overflows a card
    by a few lines fits on one instead of spilling onto a second card.
    """
    if faces is None:
        faces = [(side, e.number, e.q) for side in SIDES for e in entries(chapter.category)]
    cards = [{"anchor": f"{side}-{q.id}", "side": side, "icon": chapter.category.icon, "label": label(chapter, n),
              "question": q.question, "answer": q.short or q.answer, "filler": False,
              "tight": f"{side}-{q.id}" in tight}
             for side, n, q in faces]
    title = f"{bank.guide.title} — {chapter.category.title} flashcards"
    return render_template("flashcards.html", title=title, cards=cards, code_columns=CODE_COLUMNS,
                           language=bank.guide.language)


def lines_needed(text: str, columns: int) -> float:
    """About how many lines of `columns` characters a face's markdown takes (code a little less)."""
    total, code = 0.0, False
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            code = not code
            total += 0.3
        elif code:
            total += CODE_LINE * max(1, math.ceil(len(line) / CODE_COLUMNS))
        elif not line.strip():
            total += PARAGRAPH_GAP
        else:
            total += len(line) / columns + (0.5 if line.lstrip()[:2] in ("- ", "* ", "| ") or line[:1].isdigit() else 0)
    return total


def set_tight(side: str, q: Question) -> bool:
    """Whether a face is sure to overflow a card at its normal size, judged from its text, so
    that it is set a step smaller at once instead of being laid out twice."""
    if side == "front":
        return lines_needed(q.question, QUESTION_COLUMNS) > QUESTION_LINES * SURE
    return lines_needed(q.short or q.answer, ANSWER_COLUMNS) > ANSWER_LINES * SURE


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


@dataclass(frozen=True)
class _Chunk:
    """A run of a chapter's questions whose faces are typeset as one part."""

    chapter: Chapter
    key: str  # of its document among the deck's
    numbered: tuple[tuple[int, Question], ...]
    what: str

    def faces(self) -> list[tuple[str, int, Question]]:
        return [(side, n, q) for side in SIDES for n, q in self.numbered]


def _chunks(chapters: list[Chapter]) -> list[_Chunk]:
    found = []
    for ch in chapters:
        numbered = [(e.number, e.q) for e in entries(ch.category)]  # a selection keeps the guide's numbers
        for start in range(0, len(numbered), FACE_CHUNK):
            run = tuple(numbered[start:start + FACE_CHUNK])
            what = f"flashcards '{ch.id}'" + (f" (questions {run[0][0]}-{run[-1][0]})" if len(numbered) > FACE_CHUNK else "")
            found.append(_Chunk(ch, f"{ch.id}/{start // FACE_CHUNK}", run, what))
    return found


def _anchor(face: tuple[str, int, Question]) -> str:
    return f"{face[0]}-{face[2].id}"


def _spans(doc: Typeset, names: list[str]) -> dict[str, tuple[int, int]]:
    """(first page, page count) of each face run, the anchors being in document order."""
    found = doc.anchors
    starts = [found[a] for a in names]
    return {a: (start, end - start) for a, start, end in zip(names, starts, starts[1:] + [doc.pages])}


def typeset_cards(ctx: Context, chapters: list[Chapter]):
    """Typeset every chapter's faces; returns (documents by key, cards by chapter id, the empty sheet).

    Each face is laid out once: at its normal size, or a step smaller when its text surely
    overflows a card. Only a face that overflowed at its normal size is set again, smaller, in a
    small document of its own part's overflowing faces."""
    chunks = _chunks(chapters)
    tight = [frozenset(_anchor(f) for f in c.faces() if set_tight(f[0], f[2])) for c in chunks]
    jobs = [PartJob(sheet_html(ctx.paper), STYLES, "flashcard sheet", with_content=False)]
    jobs += [PartJob(faces_html(ctx.bank, c.chapter, small, c.faces()), STYLES, c.what) for c, small in zip(chunks, tight)]
    sheet, *faces = ctx.render(jobs)
    docs, spans, again = {}, {}, []
    for c, small, doc in zip(chunks, tight, faces):
        docs[c.key] = doc
        found = _spans(doc, [_anchor(f) for f in c.faces()])
        spans.update({a: (c.key, first, n) for a, (first, n) in found.items()})
        over = [f for f in c.faces() if found[_anchor(f)][1] > 1 and _anchor(f) not in small]
        if over:
            again.append((c, over))
    jobs = [PartJob(faces_html(ctx.bank, c.chapter, frozenset(map(_anchor, over)), over), STYLES,
                    f"{c.what}, set smaller") for c, over in again]
    for (c, over), doc in zip(again, ctx.render(jobs) if jobs else []):
        docs[c.key + "/smaller"] = doc
        found = _spans(doc, [_anchor(f) for f in over])
        spans.update({a: (c.key + "/smaller", first, n) for a, (first, n) in found.items()})
    return docs, _pair(ctx, chunks, spans, docs), sheet


def _filler(ch: Chapter, number: int, q, side: str, k: int, repeat: bool) -> dict:
    # A filler repeats the question only when the question itself fits one face.
    return {"anchor": f"filler-{side}-{q.id}-{k}", "side": side, "icon": ch.category.icon,
            "label": label(ch, number), "answer": None, "filler": True, "tight": False,
            "question": q.question if repeat else None}


def _pair(ctx: Context, chunks: list[_Chunk], spans, docs: dict[str, Typeset]) -> dict[str, list[Card]]:
    """Cards by chapter: each question's faces with its answer's, fillers where one side runs longer
    (in a document for each part that needs them)."""
    cards: dict[str, list[Card]] = {c.chapter.id: [] for c in chunks}
    long_cards, filler_jobs = [], []
    for c in chunks:
        ch, fillers = c.chapter, []
        for number, q in c.numbered:
            runs = {side: spans[f"{side}-{q.id}"] for side in SIDES}
            count = max(n for _, _, n in runs.values())
            if count > 1:
                long_cards.append(f"{ch.id} {number:02d}")
            faces = {}
            for side, (key, first, n) in runs.items():
                faces[side] = [Face(key, first + k) for k in range(n)]
                for k in range(n, count):
                    fillers.append(_filler(ch, number, q, side, k, runs["front"][2] == 1))
                    faces[side].append(Face(c.key + "/fill", len(fillers) - 1))
            cards[ch.id] += [Card(ch.id, label(ch, number), f, b) for f, b in zip(faces["front"], faces["back"])]
        if fillers:
            html = render_template("flashcards.html", title="Flashcards, continued", cards=fillers,
                                   code_columns=CODE_COLUMNS, language=ctx.bank.guide.language)
            filler_jobs.append((c.key + "/fill", len(fillers), PartJob(html, STYLES, f"{c.what} (continued)")))
    for (key, count, _), doc in zip(filler_jobs, ctx.render([job for _, _, job in filler_jobs]) if filler_jobs else []):
        # A filler holds a label and at most one face's worth of text: one page apiece.
        if doc.pages != count:  # pragma: no cover - would be a stylesheet bug
            raise StudyGuideError(f"flashcards: {count} continued faces took {doc.pages} pages")
        docs[key] = doc
    if long_cards:
        shown = ", ".join(long_cards[:8]) + (f" and {len(long_cards) - 8} more" if len(long_cards) > 8 else "")
        ctx.log.note(f"flashcards: {len(long_cards)} {'card continues' if len(long_cards) == 1 else 'cards continue'}"
                     f" onto a second card ({shown}); a `short:` answer keeps a card to one")
    return cards


def apart(cards: dict[str, list[Card]], ids: tuple[str, ...]) -> bool:
    """Whether a deck of the categories `ids` opens each on a fresh sheet: when that costs at
    most one sheet in SPARE more than sharing sheets (categories of dozens of cards). Apart, a
    category's cards can be cut and handed out alone, and the deck is its categories' own decks
    joined, so an edit imposes only its category's cards again; small categories share sheets."""
    shared = math.ceil(sum(len(cards[cid]) for cid in ids) / PER_SHEET)
    return sum(math.ceil(len(cards[cid]) / PER_SHEET) for cid in ids) - shared <= shared // SPARE


def deck_pdf(ctx: Context, ids: tuple[str, ...], typeset: tuple) -> bytes:
    """The cards of the categories `ids`, in that order, on as few sheets as they need (each
    category opening a fresh one when `apart` says so)."""
    docs, cards, sheet = typeset
    titles = [ctx.bank.categories[cid].title for cid in ids]
    info = metadata(ctx.bank, f"{ctx.bank.guide.title} — Flashcards: {', '.join(titles)}",
                    "Interview questions on the front, answers on the back; "
                    "print double-sided, flipping on the long edge")
    marks = tuple(f"{ctx.bank.categories[cid].icon} {title}" for cid, title in zip(ids, titles))
    if len(ids) > 1 and apart(cards, ids):
        return ctx.memo(join_decks, tuple(deck_pdf(ctx, (cid,), typeset) for cid in ids), marks, info)
    chosen, outline = [], []
    for cid, mark in zip(ids, marks):
        outline.append((mark, len(chosen)))
        chosen += cards[cid]
    step = PIECE_SHEETS * PER_SHEET
    if len(ids) == 1 and len(chosen) > step:
        pieces = tuple(_imposed(ctx, chosen[start:start + step], docs, sheet, info, ())
                       for start in range(0, len(chosen), step))
        return ctx.memo(join_decks, pieces, (), info)
    return _imposed(ctx, chosen, docs, sheet, info, tuple(outline) if len(ids) > 1 else ())


def _imposed(ctx: Context, cards: list[Card], docs: dict[str, Typeset], sheet: Typeset, info: dict[str, str],
             outline: tuple[tuple[str, int], ...]) -> bytes:
    """`cards` on sheets, with the face documents they draw from (and no other)."""
    used = sorted({face.doc for card in cards for face in (card.front, card.back)})
    return ctx.memo(impose, tuple(cards), {key: docs[key].pdf for key in used}, sheet.pdf, ctx.paper, info, outline)


def flashcards_pdf(ctx: Context, ids: tuple[str, ...]) -> bytes:
    """One PDF with the cards of `ids` (a batch's chapters, say), in that order."""
    return deck_pdf(ctx, ids, typeset_cards(ctx, ctx.bank.chapters(list(ids))))


class Flashcards(Output):
    """OUT/flashcards/<id>.pdf for each category (every chapter when none named) and all.pdf."""

    name = "flashcards"

    def targets(self, bank: Bank, ids: tuple[str, ...]) -> tuple[str, ...]:
        return category_ids(bank, ids)

    def pool(self, bank: Bank, ids: tuple[str, ...]) -> tuple[str, ...]:
        return ids

    def produce(self, ctx: Context, request: Request) -> dict[str, bytes]:
        ctx, order = selected(ctx, request.ids, request.data)  # --tags, --level, ...: their questions only
        typeset = typeset_cards(ctx, ctx.bank.chapters(list(order)))
        outputs = {f"{FOLDER}/{cid}.pdf": deck_pdf(ctx, (cid,), typeset) for cid in order}
        outputs[f"{FOLDER}/all.pdf"] = deck_pdf(ctx, order, typeset)
        return outputs

    def shipped(self, files: dict[str, bytes]) -> int:
        return page_count(files[f"{FOLDER}/all.pdf"])  # every deck's card faces once
