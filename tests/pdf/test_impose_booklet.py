"""Booklet imposition: fold order, blanks, sheet sizes, each half's page, the short-edge flip, outline."""

from __future__ import annotations

import subprocess

import pypdfium2 as pdfium
import pytest
from pypdf import PdfWriter
from pypdf.generic import Fit

from studyguide.models import PAPERS
from studyguide.pdf.impose import FOLDED, MM, booklet_order, impose_booklet
from studyguide.pdf.objects import reader, to_bytes

from pdfutil import outline_tree
from synthetic import text_pdf

N = None  # a blank added to make the count a multiple of 4


@pytest.mark.parametrize(("pages", "sides"), [
    (1, [(N, 0), (N, N)]),
    (4, [(3, 0), (1, 2)]),
    (5, [(N, 0), (1, N), (N, 2), (3, 4)]),
    (8, [(7, 0), (1, 6), (5, 2), (3, 4)]),
    (10, [(N, 0), (1, N), (9, 2), (3, 8), (7, 4), (5, 6)]),
])
def test_page_order(pages, sides):
    assert booklet_order(pages) == sides


def test_a_back_cover_stays_outside_with_the_blanks_before_it():
    assert booklet_order(5, back_cover=True) == [(4, 0), (1, N), (N, 2), (3, N)]
    assert booklet_order(1, back_cover=True) == booklet_order(1)


def folded_reading(sides: list) -> list:
    """The pages in the order a reader meets them, modelling the paper rather than the formula:
    sheets stacked (the first outermost), printed two-sided flipped on the short edge (so the
    back's left half lies behind the front's right half), folded down the middle. Right of the
    fold each sheet's leaf reads front-right then back-left, outer sheets first; left of it,
    inner sheets first, back-right then front-left."""
    fronts, backs = sides[0::2], sides[1::2]
    right = [page for front, back in zip(fronts, backs) for page in (front[1], back[0])]
    left = [page for front, back in reversed(list(zip(fronts, backs))) for page in (back[1], front[0])]
    return right + left


@pytest.mark.parametrize("pages", range(1, 42))
def test_folded_sheets_read_in_order(pages):
    n = -(-pages // 4) * 4
    assert folded_reading(booklet_order(pages)) == list(range(pages)) + [N] * (n - pages)
    with_cover = folded_reading(booklet_order(pages, back_cover=True))
    # the last page outside, at the back (a single page is only a front cover)
    assert with_cover[-1 if pages > 1 else 0] == pages - 1 and [p for p in with_cover if p is not None] == list(range(pages))


def a5_pages(count: int, paper: str = "a4") -> bytes:
    page = PAPERS[FOLDED[paper]]
    return text_pdf([f"P{n}" for n in range(1, count + 1)], size=(page.width * MM, page.height * MM))


def halves(pdf: bytes) -> list[tuple[str, str]]:
    """The text on the left and right half of every sheet side."""
    found = []
    for page in pdfium.PdfDocument(pdf):
        width, height = page.get_size()
        text = page.get_textpage()
        found.append((text.get_text_bounded(0, 0, width / 2, height).strip(),
                      text.get_text_bounded(width / 2, 0, width, height).strip()))
    return found


@pytest.mark.parametrize(("paper", "size"), [("a4", (842, 595)), ("letter", (792, 612))])
@pytest.mark.parametrize("count", [1, 4, 5, 8, 10])
def test_sheets_are_landscape_and_each_half_holds_its_page(paper, size, count):
    pdf = impose_booklet(a5_pages(count, paper), paper)
    pages = reader(pdf).pages
    assert len(pages) == -(-count // 4) * 2
    assert {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in pages} == {size}
    label = {None: ""} | {n: f"P{n + 1}" for n in range(count)}
    assert halves(pdf) == [(label[left], label[right]) for left, right in booklet_order(count)]


def test_pages_meet_at_the_fold():
    # A5 is 0.5 mm narrower than half an A4 sheet: the pages touch in the middle, the spare
    # half millimetre goes to the outer edges.
    pdf = impose_booklet(a5_pages(4), "a4")
    sheet = pdfium.PdfDocument(pdf)[0]
    objects = [obj for obj in sheet.get_objects() if obj.type == pdfium.raw.FPDF_PAGEOBJ_FORM]
    left, right = sorted(obj.get_matrix().e for obj in objects)
    assert left + 148 * MM == pytest.approx(right, abs=0.01) == pytest.approx(297 / 2 * MM, abs=0.01)


def test_outline_points_at_the_sheet_side_and_spot_of_its_page():
    source = reader(a5_pages(10))
    writer = PdfWriter()
    writer.append(source, import_outline=False)
    chapter = writer.add_outline_item(title="Chapter", page_number=4, fit=Fit.xyz(40, 500))
    writer.add_outline_item(title="Question", page_number=7, parent=chapter, fit=Fit.xyz(40, 300))
    pdf = impose_booklet(to_bytes(writer), "a4")
    # 0-based pages 7 and 4 share side 4 (the third sheet's front), on the left and the right
    assert outline_tree(pdf) == [("Chapter", 5, [("Question", 5, [])])]
    item = reader(pdf).outline[0]
    assert (float(item["/Left"]), float(item["/Top"])) == pytest.approx((40 + 297 / 2 * MM, 500), abs=0.01)
    assert float(reader(pdf).outline[1][0]["/Left"]) == pytest.approx(40 + (297 / 2 - 148) * MM, abs=0.01)


def test_metadata_print_preferences_and_structure(tmp_path):
    pdf = impose_booklet(a5_pages(5), "letter")
    r = reader(pdf)
    preferences = r.trailer["/Root"]["/ViewerPreferences"]
    assert (preferences["/Duplex"], preferences["/PrintScaling"]) == ("/DuplexFlipShortEdge", "/None")
    target = tmp_path / "booklet.pdf"
    target.write_bytes(pdf)
    result = subprocess.run(["qpdf", "--check", str(target)], capture_output=True, text=True)
    assert result.returncode == 0 and "No syntax or stream encoding errors" in result.stdout, result.stdout
