"""Flashcards: answers land behind their questions after a long-edge flip; no card text is lost or cut."""

from __future__ import annotations

import functools
import re

import pypdfium2 as pdfium
import pytest

from studyguide.models import PAPERS
from studyguide.pdf.impose import CARD_H, CARD_W, COLS, MM, ROWS, grid_origin

from bankfactory import make_bank, question
from pdfutil import joined_text, outline_tree, page_texts
from stage import make

LONG = " ".join(f"Step {n}: check the {word} settings, then confirm the change with a second look."
                for n, word in enumerate(["network", "storage", "cluster", "policy", "budget", "alerting",
                                          "rollback", "runbook", "quota", "ingress", "backup", "cache"] * 2, 1))
SHORT_FULL = "This full answer is long and never printed on a card because a short one exists."


def categories():
    alpha = [question(n, "alpha") for n in range(1, 6)]
    alpha[2] = question(3, "alpha", answer=LONG)  # needs a second card even when set smaller
    alpha[3] = question(4, "alpha", answer=SHORT_FULL, short="Cards print the **short** answer.")
    beta = [question(n, "beta") for n in range(1, 6)]
    return {"alpha": alpha, "beta": beta}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("cards")
    content = make_bank(root, categories=categories())
    return make(content, "flashcards")


def cell_of(paper: str, page_height: float, box) -> tuple[int, int]:
    """(row, column) of the grid cell holding the centre of a text box (PDF points)."""
    x0, y0 = grid_origin(paper)
    left, bottom, right, top = box
    x_mm = (left + right) / 2 / MM - x0
    y_mm = (page_height - (bottom + top) / 2) / MM - y0
    assert 0 <= x_mm < COLS * CARD_W and 0 <= y_mm < ROWS * CARD_H, "text outside the card grid"
    return int(y_mm // CARD_H), int(x_mm // CARD_W)


def label_cells(pdf: bytes, paper: str) -> list[dict[str, list[tuple[int, int]]]]:
    """For each page: every card label ('Alpha · 03') and the cells it is printed in."""
    doc = pdfium.PdfDocument(pdf)
    pages = []
    for page in doc:
        height = page.get_size()[1]
        textpage = page.get_textpage()
        text = textpage.get_text_range()
        found: dict[str, list[tuple[int, int]]] = {}
        for name in sorted(set(re.findall(r"(?:Alpha|Beta) · \d\d", text))):
            searcher = textpage.search(name)
            while (hit := searcher.get_next()) is not None:
                index, count = hit
                boxes = [textpage.get_charbox(i) for i in range(index, index + count)]
                box = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
                found.setdefault(name, []).append(cell_of(paper, height, box))
        pages.append(found)
    return pages


def test_each_answer_lies_behind_its_question_after_a_long_edge_flip(built):
    outputs, _ = built
    pages = label_cells(outputs["flashcards/all.pdf"], "a4")
    assert len(pages) == 4  # 10 questions and the long answer's extra cards: two sheets, front and back
    for front, back in zip(pages[0::2], pages[1::2]):
        assert set(front) == set(back)
        for name, cells in front.items():
            # Turning the sheet over its long edge swaps left and right and keeps top and bottom.
            flipped = sorted((row, COLS - 1 - col) for row, col in back[name])
            assert sorted(cells) == flipped, name
    first_front = pages[0]
    assert first_front["Alpha · 01"] == [(0, 0)] and first_front["Alpha · 02"] == [(0, 1)]
    assert pages[1]["Alpha · 01"] == [(0, 1)]


def test_no_card_text_is_lost_and_long_answers_continue_on_the_next_card(built):
    outputs, report = built
    pdf = outputs["flashcards/all.pdf"]
    text = joined_text(pdf)
    for cat in categories().values():
        for q in cat:
            shown = q.get("short") or q["answer"]
            for word in re.findall(r"[A-Za-z0-9]+", q["question"] + " " + shown):
                assert word in text, (q["id"], word)
    assert SHORT_FULL not in text and "Cards print the short answer." in text
    # The long answer runs over several backs; each later front repeats the question.
    cards = sum(len(page.get("Alpha · 03", [])) for page in label_cells(pdf, "a4")[0::2])
    assert cards >= 2
    assert text.count("continued on the next card") == cards - 1
    assert text.count("Question alpha 3?") == cards
    assert text.count("The answer continues overleaf.") == cards - 1
    assert LONG[:60] in text and LONG[-60:] in text
    assert report.notes == ["flashcards: 1 card continues onto a second card (alpha 03); "
                            "a `short:` answer keeps a card to one"]


def test_every_character_stays_inside_its_card(built):
    outputs, _ = built
    doc = pdfium.PdfDocument(outputs["flashcards/all.pdf"])
    x0, y0 = grid_origin("a4")
    inset = 3.0  # mm: text keeps clear of the cut, with room for a duplex print's misregistration
    checked = 0
    for page in doc:
        height = page.get_size()[1]
        textpage = page.get_textpage()
        for i in range(textpage.count_chars()):
            char = textpage.get_text_range(i, 1)
            if not char.strip():
                continue
            checked += 1
            left, bottom, right, top = (v / MM for v in textpage.get_charbox(i))
            top_mm, bottom_mm = height / MM - top, height / MM - bottom
            if top_mm > y0 + ROWS * CARD_H:
                continue  # the printing note in the bottom margin
            col, row = int((left - x0) // CARD_W), int((top_mm - y0) // CARD_H)
            cell_left, cell_top = x0 + col * CARD_W, y0 + row * CARD_H
            assert cell_left + inset <= left and right <= cell_left + CARD_W - inset, char
            assert cell_top + inset <= top_mm and bottom_mm <= cell_top + CARD_H - inset, char
    assert checked > 2000


def test_files_pages_and_outline(built):
    outputs, _ = built
    assert sorted(outputs) == ["flashcards/all.pdf", "flashcards/alpha.pdf", "flashcards/beta.pdf"]
    width, height = PAPERS["a4"].width * MM, PAPERS["a4"].height * MM
    for name, pages in (("alpha", 2), ("beta", 2)):
        texts = page_texts(outputs[f"flashcards/{name}.pdf"])
        assert len(texts) == pages
    doc = pdfium.PdfDocument(outputs["flashcards/all.pdf"])
    assert all(abs(p.get_size()[0] - width) < 0.5 and abs(p.get_size()[1] - height) < 0.5 for p in doc)
    assert [(title, page) for title, page, _ in outline_tree(outputs["flashcards/all.pdf"])] == [
        ("☁️ Alpha", 1), ("☁️ Beta", 3)]
    # Each category opens a fresh sheet (alpha's seven cards leave a cell of its sheet empty), so
    # a category's cards can be printed and cut alone; every page is its category's deck's page.
    cells = label_cells(outputs["flashcards/all.pdf"], "a4")
    assert [sorted({name.split(" · ")[0] for name in page}) for page in cells] == [["Alpha"]] * 2 + [["Beta"]] * 2
    assert sum(len(found) for found in cells[0].values()) == 7
    assert page_texts(outputs["flashcards/all.pdf"]) == page_texts(outputs["flashcards/alpha.pdf"]) + \
        page_texts(outputs["flashcards/beta.pdf"])
    assert "Print double-sided, flipping on the long edge" in page_texts(outputs["flashcards/all.pdf"])[0]


def test_small_categories_share_a_sheet_rather_than_each_open_one(tmp_path):
    # Three cards apart would take three sheets for one's worth: they share it, in order.
    content = make_bank(tmp_path, categories={cid: [question(1, cid)] for cid in ("alpha", "beta", "gamma")})
    outputs = make(content, "flashcards")[0]
    deck = outputs["flashcards/all.pdf"]
    assert [title.split()[-1] for title, _, _ in outline_tree(deck)] == ["Alpha", "Beta", "Gamma"]
    assert [page for _, page, _ in outline_tree(deck)] == [1, 1, 1]
    texts = page_texts(deck)
    assert len(texts) == 2 and all(f"{name} · 01" in texts[0] for name in ("Alpha", "Beta", "Gamma"))


def test_letter_paper_and_the_command(tmp_path, run):
    content = make_bank(tmp_path, categories={"alpha": [question(1, "alpha"), question(2, "alpha")]})
    out = tmp_path / "dist"
    result = run("flashcards", "alpha", "--content", content, "--out", out, "--paper", "letter", "--no-cache")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (out / "flashcards").iterdir()) == ["all.pdf", "alpha.pdf"]
    pdf = (out / "flashcards" / "alpha.pdf").read_bytes()
    assert pdfium.PdfDocument(pdf)[0].get_size() == pytest.approx((612, 792), abs=0.5)
    pages = label_cells(pdf, "letter")
    assert pages[0] == {"Alpha · 01": [(0, 0)], "Alpha · 02": [(0, 1)]}
    assert pages[1] == {"Alpha · 01": [(0, 1)], "Alpha · 02": [(0, 0)]}


def test_unknown_category_is_a_usage_error_and_writes_nothing(tmp_path, run):
    content = make_bank(tmp_path)
    result = run("flashcards", "alpah", "--content", content, "--out", tmp_path / "dist", "--no-cache")
    assert result.exit_code == 2
    assert "unknown category 'alpah' (did you mean 'alpha'?); known categories: alpha, beta" in result.stderr
    assert not (tmp_path / "dist").exists()


@pytest.mark.parametrize("outro", ["## Bye\n\nThe end.", None])
def test_a_one_sided_pack_holds_its_flashcards_starting_on_a_right_hand_page(tmp_path, outro):
    # With and without the outro page, the parts before the cards differ in length by one page.
    content = make_bank(tmp_path, categories={"alpha": [question(1, "alpha")]}, guide={"outro": outro},
                        batches={"01": {"number": "01", "name": "Pilot", "track": "Alpha", "starts": "2026-06-28",
                                        "chapters": ["alpha"], "flashcards": True}})
    pack = make(content, "pack", duplex=False)[0]["batches/01/pack.pdf"]
    entries = {title: page for title, page, _ in outline_tree(pack)}
    assert list(entries)[-1] == "Flashcards"
    first = entries["Flashcards"]
    assert first % 2 == 1, "card fronts must fall on the front of a sheet"
    texts = page_texts(pack)
    assert len(texts) == first + 1  # one sheet: its front and its back
    assert "Print double-sided" in texts[first - 1] and "Alpha · 01" in texts[first]
    assert "Flashcards" in texts[0]  # listed on the welcome page
    blank = [n for n, text in enumerate(texts, 1) if not text.strip()]
    assert blank == ([] if outro else [first - 1])  # a blank page closes the practice sheet when needed


def test_a_long_deck_is_imposed_in_pieces_that_print_as_one_and_an_edit_imposes_one_again(tmp_path, monkeypatch):
    from studyguide.outputs import flashcards

    content = make_bank(tmp_path, categories={"alpha": [question(n, "alpha") for n in range(1, 21)]})
    whole = make(content, "flashcards", jobs=1)[0]["flashcards/alpha.pdf"]
    imposed = []
    real = flashcards.impose

    @functools.wraps(real)
    def counted(cards, *args):
        imposed.append(len(cards))
        return real(cards, *args)

    monkeypatch.setattr(flashcards, "PIECE_SHEETS", 1)  # a sheet of eight cards a piece: three pieces
    monkeypatch.setattr(flashcards, "FACE_CHUNK", 4)  # the last piece draws on one part alone
    monkeypatch.setattr(flashcards, "impose", counted)
    cache = tmp_path / "cache"
    pieces = make(content, "flashcards", jobs=1, cache=cache)[0]["flashcards/alpha.pdf"]
    assert imposed == [8, 8, 4]
    assert page_texts(pieces) == page_texts(whole) and len(page_texts(whole)) == 6
    a, b = pdfium.PdfDocument(whole), pdfium.PdfDocument(pieces)
    assert [p.render(scale=1).to_pil().tobytes() for p in a] == [p.render(scale=1).to_pil().tobytes() for p in b]
    # The last card's answer changes: the piece drawing on its part is imposed again, alone.
    path = content / "categories" / "alpha.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Answer alpha 20 ", "Answer alpha twenty "), encoding="utf-8")
    imposed.clear()
    edited = make(content, "flashcards", jobs=1, cache=cache)[0]["flashcards/alpha.pdf"]
    assert imposed == [4]
    assert "Answer alpha twenty" in page_texts(edited)[5] and page_texts(edited)[:4] == page_texts(whole)[:4]
