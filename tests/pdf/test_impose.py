"""Card faces placed on sheets: fronts in reading order, backs mirrored for a long-edge flip."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest
from pypdf import PdfWriter

from studyguide.pdf import objects
from studyguide.pdf.impose import CARD_H, CARD_W, COLS, MM, PER_SHEET, Card, Face, cell, grid_origin, impose

from synthetic import text_pdf

CARD = (CARD_W * MM, CARD_H * MM)


def cell_of(paper: str, box, height: float) -> tuple[int, int]:
    x0, y0 = grid_origin(paper)
    left, bottom, right, top = box
    return (int(((height - (bottom + top) / 2) / MM - y0) // CARD_H), int(((left + right) / 2 / MM - x0) // CARD_W))


def where(pdf: bytes, paper: str) -> list[dict[str, tuple[int, int]]]:
    """For each sheet side: the text of each face -> the (row, column) it landed in."""
    found = []
    for page in pdfium.PdfDocument(pdf):
        textpage, height = page.get_textpage(), page.get_height()
        spots = {}
        for index in range(textpage.count_rects()):
            box = textpage.get_rect(index)
            spots[textpage.get_text_bounded(*box).strip()] = cell_of(paper, box, height)
        found.append(spots)
    return found


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_each_answer_lands_behind_its_question(paper):
    count = PER_SHEET + 3  # a full sheet and part of another
    fronts = text_pdf([f"Q{n}" for n in range(count)], size=CARD)
    backs = text_pdf([f"A{n}" for n in range(count)], size=CARD)
    sheet = text_pdf(["", ""])
    cards = [Card("alpha", f"Alpha {n}", Face("q", n), Face("a", n)) for n in range(count)]
    pdf = impose(cards, {"q": fronts, "a": backs}, sheet, paper, {"Title": "Cards"})
    sides = where(pdf, paper)
    assert len(sides) == 4  # two sheets, front and back
    for n in range(count):
        front, back = sides[2 * (n // PER_SHEET)], sides[2 * (n // PER_SHEET) + 1]
        row, col = front[f"Q{n}"]
        assert (row, col) == cell(n % PER_SHEET, "front")
        assert back[f"A{n}"] == (row, COLS - 1 - col)  # the same card, seen from behind


def test_a_face_drawn_as_a_form_keeps_its_compressed_content_as_it_is(monkeypatch):
    source = objects.reader(text_pdf(["Q0", "Q1"], size=CARD)).pages[1]
    stream = source["/Contents"].get_object()
    assert stream["/Filter"] == "/FlateDecode"
    monkeypatch.setattr(objects, "content_bytes", lambda page: pytest.fail("the face's content was inflated"))
    form = objects.page_form(PdfWriter(), source).get_object()
    assert (form["/Subtype"], form["/Filter"]) == ("/Form", "/FlateDecode")
    assert form._data == stream._data
    assert b"(Q1) Tj" in form.get_data()
    assert [float(v) for v in form["/BBox"]] == pytest.approx([0, 0, *CARD], abs=0.001)
