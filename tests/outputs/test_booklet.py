"""Booklets of a tiny bank: A5 pages in fold order on A4 landscape sheets, numbers on the outer
edges, margins at the fold, code wrapped for the A5 box, and the --booklet flag."""

from __future__ import annotations

import re
import subprocess

import pypdfium2 as pdfium
import pytest

from studyguide.outputs.booklet import COLUMNS
from studyguide.pdf.impose import MM, booklet_order
from studyguide.typeset.code import _break_points

from bankfactory import make_bank, question
from pdfutil import outline_tree, reader
from stage import make

CODE = ("aws s3 sync ./build s3://example-bucket/releases/current --delete --exclude '*.map' "
        "--cache-control max-age=31536000,public --metadata-directive REPLACE")
FOLIO = re.compile(r"Page (\d+) of (\d+)")


@pytest.fixture(scope="module")
def booklets(tmp_path_factory):
    """The guide and batch 01's handout as booklets, A4 and Letter."""
    long_answer = "Sync the build:\n\n```bash\n" + CODE + "\n```\n\n" + " ".join(["Then check the site."] * 40)
    content = make_bank(tmp_path_factory.mktemp("booklet"), {
        "alpha": [question(1, "alpha", long_answer), question(2, "alpha"), question(3, "alpha")],
        "beta": [question(1, "beta")]})
    a4, _ = make(content, "guide-booklet", "handout-booklet", jobs=1)
    letter, _ = make(content, "guide-booklet", jobs=1, paper="letter")
    return a4 | {"letter/guide-booklet.pdf": letter["guide-booklet.pdf"]}


def folios(pdf: bytes) -> list[list[tuple[int, int, float]]]:
    """For each sheet side: (printed page number, of how many, x of the number's middle)."""
    sides = []
    for page in pdfium.PdfDocument(pdf):
        text, found = page.get_textpage(), []
        for match in FOLIO.finditer(text.get_text_range()):
            box = text.get_charbox(match.start()), text.get_charbox(match.end() - 1)
            found.append((int(match.group(1)), int(match.group(2)), (box[0][0] + box[1][2]) / 2))
        sides.append(found)
    return sides


@pytest.mark.parametrize(("name", "size"), [("guide-booklet.pdf", (842, 595)),
                                            ("batches/01/handout-booklet.pdf", (842, 595)),
                                            ("letter/guide-booklet.pdf", (792, 612))])
def test_sheets_hold_the_printed_pages_in_fold_order_numbers_outside(booklets, name, size):
    pdf = booklets[name]
    sides = folios(pdf)
    total = next(of for side in sides for _, of, _ in side)
    assert total % 2 == 0  # typeset two-sided: chapters open on right-hand pages
    assert len(sides) == -(-total // 4) * 2
    width = size[0]
    for (left, right), side in zip(booklet_order(total), sides):
        # page 1 is the cover and blank versos carry no number; every other page shows its own
        expected = {page + 1 for page in (left, right) if page is not None}
        assert {number for number, _, _ in side} <= expected
        for number, _, middle in side:
            on_left = middle < width / 2
            assert on_left == (number - 1 == left)
            # the outer edge: left on a left-hand (even) page, right on a right-hand one
            assert (middle < width / 4 if on_left else middle > 3 * width / 4), (number, middle)
    assert {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader(pdf).pages} == {size}


def test_every_page_of_the_guide_is_printed_once(booklets):
    numbers = [number for side in folios(booklets["guide-booklet.pdf"]) for number, _, _ in side]
    assert len(numbers) == len(set(numbers)) and 1 not in numbers and {3, 5} <= set(numbers)


def test_text_keeps_its_margins_at_the_fold_and_the_edges(booklets):
    for page in list(pdfium.PdfDocument(booklets["guide-booklet.pdf"]))[1:]:  # the first holds the cover
        width, _ = page.get_size()
        text = page.get_textpage()
        for index in range(text.count_rects()):
            left, _, right, _ = text.get_rect(index)
            assert min(left, abs(left - width / 2), abs(right - width / 2), width - right) >= 13 * MM, (left, right)


@pytest.mark.parametrize(("name", "page"), [("guide-booklet.pdf", "a5"), ("letter/guide-booklet.pdf", "half-letter")])
def test_code_wraps_where_the_program_breaks_it(booklets, name, page):
    """The column count fits the answer box: no line the program set is wrapped again."""
    lines = [line for side in pdfium.PdfDocument(booklets[name])
             for line in side.get_textpage().get_text_range().splitlines() if line.strip() and line.strip() in CODE]
    expected = len(_break_points(CODE, COLUMNS[page])) + 1
    assert len(lines) == expected and expected >= 3
    assert "".join(lines).replace(" ", "") == CODE.replace(" ", "")


def test_outline_opens_each_chapter_on_its_sheet(booklets):
    pdf = booklets["guide-booklet.pdf"]
    tree = outline_tree(pdf)
    assert [title for title, _, _ in tree] == ["Alpha", "Beta"]
    for (_, side, children), chapter in zip(tree, ("Alpha", "Beta")):
        assert len(children) == {"Alpha": 3, "Beta": 1}[chapter]
        assert f"CHAPTER {1 + (chapter == 'Beta')}" in pdfium.PdfDocument(pdf)[side - 1].get_textpage().get_text_range().upper()


def test_metadata_and_qpdf_check(booklets, tmp_path):
    pdf = booklets["batches/01/handout-booklet.pdf"]
    assert reader(pdf).metadata["/Title"] == "Tiny Guide — Batch 01 · Pilot — Alpha track — booklet"
    target = tmp_path / "handout-booklet.pdf"
    target.write_bytes(pdf)
    result = subprocess.run(["qpdf", "--check", str(target)], capture_output=True, text=True)
    assert result.returncode == 0 and "No syntax or stream encoding errors" in result.stdout, result.stdout


def test_booklets_are_not_a_default_output(seed_build):
    assert not [path for path in seed_build[0] if "booklet" in path]


def test_the_flag_writes_the_booklet_beside_the_usual_outputs(tmp_path, run):
    content = make_bank(tmp_path, {"alpha": [question(1, "alpha")]})
    out, options = tmp_path / "dist", ("--content", content, "--cache", tmp_path / "cache", "-j", "1")
    assert run("guide", *options, "--out", out, "--booklet").exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == ["guide-booklet.pdf", "guide.pdf"]
    result = run("batch", "01", *options, "--out", out, "--booklet")
    assert result.exit_code == 0, result.output
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.pdf"))
    assert "batches/01/handout-booklet.pdf" in written and "batches/01/handout.pdf" in written
    # two sheets, a front and a back each, for the handout's 8 two-sided pages
    assert len(reader((out / "batches/01/handout-booklet.pdf").read_bytes()).pages) == 4


def test_no_booklet_of_the_screen_edition(tmp_path, run):
    content = make_bank(tmp_path)
    result = run("guide", "--content", content, "--out", tmp_path / "dist", "--edition", "screen", "--booklet")
    assert result.exit_code == 2
    assert "Invalid value for --booklet: --booklet applies to the print edition" in result.stderr
    assert not (tmp_path / "dist").exists()
