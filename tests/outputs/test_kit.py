"""The trainer's kit: QR codes on the closing page, handout cover and welcome page; the progress tracker."""

from __future__ import annotations

import re

import pypdfium2 as pdfium
import pytest
import segno

from studyguide.typeset.qr import INK

from bankfactory import make_bank, question, write_yaml
from pdfutil import link_targets, norm, page_texts
from stage import make

SIGNUP = "https://cloudadhar.example/join?ref=guide&year=2026"
BATCH_PAGE = "https://cloudadhar.example/batches/01"
SCALE = 4  # 288 dpi: about ten pixels a module on a 30 mm code
MM = 72 / 25.4


@pytest.fixture(scope="module")
def kit(tmp_path_factory):
    """A guide with a tracker and a sign-up address; a batch with a page, its handout and pack."""
    root = tmp_path_factory.mktemp("kit")
    categories = {"alpha": [question(n, "alpha") for n in range(1, 41)],
                  "beta": [question(n, "beta") for n in range(1, 4)]}
    content = make_bank(root, categories, guide={"signup_url": SIGNUP, "tracker": True, "outro": None},
                        batches={"01": {"number": "01", "name": "Pilot", "track": "Beta track",
                                        "starts": "2026-06-28", "chapters": ["beta"], "url": BATCH_PAGE}})
    files, _ = make(content, "guide", "handout", "pack")
    return files


def module_grid(pdf: bytes, page: int, top_mm: float | None = None) -> list[list[bool]]:
    """The QR code printed on `page` (0-based) as a grid of dark modules, read off the rendered page:
    the ink-coloured pixels (only the code is in that colour there) bound the code without its quiet
    zone; each module is sampled at its centre. `top_mm` limits the search to the top of the page."""
    doc = pdfium.PdfDocument(pdf)
    image = doc[page].render(scale=SCALE).to_pil().convert("RGB")
    doc.close()
    if top_mm is not None:
        image = image.crop((0, 0, image.width, round(top_mm * MM * SCALE)))
    ink = tuple(int(INK[i:i + 2], 16) for i in (1, 3, 5))
    width, height = image.size
    pixels = image.load()

    def dark(x: int, y: int) -> bool:
        return all(abs(a - b) <= 25 for a, b in zip(pixels[x, y], ink))

    found = [(x, y) for y in range(0, height, 2) for x in range(0, width, 2) if dark(x, y)]
    assert found, "no QR code on the page"
    left, right = min(x for x, _ in found), max(x for x, _ in found)
    top, bottom = min(y for _, y in found), max(y for _, y in found)
    # The top-left finder pattern's first row is seven dark modules: that gives the module size,
    # and the width in modules, rounded to a size a QR code comes in (21, 25, 29, ... modules).
    run = next(x for x in range(left, width) if not dark(x, top + 3)) - left
    size = 21 + 4 * round(((right - left + 2) / (run / 7) - 21) / 4)
    step = (right - left + 2) / size
    assert abs((bottom - top + 2) / size - step) < 0.5, "the code is not square"
    return [[dark(round(left + (col + 0.5) * step), round(top + (row + 0.5) * step)) for col in range(size)]
            for row in range(size)]


def expected_grid(url: str) -> list[list[bool]]:
    return [[bool(cell) for cell in row] for row in segno.make(url, error="m", micro=False).matrix]


def tracker_pages(pdf: bytes) -> list[str]:
    texts = [norm(t) for t in page_texts(pdf)]
    first = next(i for i, t in enumerate(texts) if t.startswith("Progress tracker Tick"))
    return [t for t in texts[first:] if "CAN EXPLAIN" in t.upper() or t.startswith("Progress tracker")]


def test_closing_page_qr_code_reads_as_the_signup_address(kit):
    guide = kit["guide.pdf"]
    texts = [norm(t) for t in page_texts(guide)]
    # The closing page is the last printed one (a blank back may follow it, two-sided).
    closing = max(i for i, t in enumerate(texts) if t)
    assert module_grid(guide, closing) == expected_grid(SIGNUP)
    # The address beside it, as a reader copies it.
    assert texts[closing].startswith(f"SIGN UP {SIGNUP} ") or texts[closing].startswith(f"Sign up {SIGNUP} ")


def test_handout_cover_and_welcome_page_carry_the_batch_page(kit):
    handout, pack = kit["batches/01/handout.pdf"], kit["batches/01/pack.pdf"]
    assert module_grid(handout, 0) == expected_grid(BATCH_PAGE)
    assert BATCH_PAGE in norm(page_texts(handout)[0])
    # On the welcome page the code sits in the banner (the body below is set in the same ink).
    assert module_grid(pack, 0, top_mm=62) == expected_grid(BATCH_PAGE)
    assert BATCH_PAGE in norm(page_texts(pack)[0]).replace(" ", "")
    # The guide's own cover has no batch, so no code.
    assert "BATCH PAGE" not in page_texts(kit["guide.pdf"])[0].upper()


def test_tracker_lists_every_question_once_with_its_number(kit):
    pages = tracker_pages(kit["guide.pdf"])
    assert len(pages) >= 2
    text = " ".join(pages)
    for prefix, count in (("alpha", 40), ("beta", 3)):
        for n in range(1, count + 1):
            assert len(re.findall(rf"\b{n:02d} Question {prefix} {n}\?", text)) == 1, (prefix, n)
    assert text.upper().index("CHAPTER 1 ALPHA") < text.upper().index("CHAPTER 2 BETA")
    # The header row repeats on every tracker page.
    assert all(re.search(r"NO\. QUESTION CAN EXPLAIN REVIEW", page.upper()) for page in pages)
    # The tracker comes after the chapters and before the closing page.
    texts = [norm(t) for t in page_texts(kit["guide.pdf"])]
    first = texts.index(pages[0])
    assert any("Answer beta 3" in t for t in texts[:first])
    closing = max(i for i, t in enumerate(texts) if t)
    assert texts.index(pages[-1]) < closing and SIGNUP in texts[closing]
    # Each question links to its page in the chapters: the first row to the page of alpha 1.
    assert link_targets(kit["guide.pdf"], first + 1)[0] == next(
        i for i, t in enumerate(texts) if "01 Question alpha 1? Answer alpha 1" in t) + 1


def test_handout_tracker_follows_the_batch_chapters(kit):
    text = " ".join(tracker_pages(kit["batches/01/handout.pdf"]))
    assert "Question beta 3?" in text and "Question alpha" not in text


def test_no_tracker_unless_asked(tmp_path):
    content = make_bank(tmp_path)
    files, _ = make(content, "guide")
    assert not any("Progress tracker" in t for t in page_texts(files["guide.pdf"]))
    assert "SIGN UP" not in page_texts(files["guide.pdf"])[-1].upper()


@pytest.mark.parametrize(("where", "key", "value"), [
    ("guide", "signup_url", "ftp://cloudadhar.example/join"),
    ("guide", "signup_url", "cloudadhar.example/join"),
    ("batch", "url", "https:///batches/01"),
    ("batch", "url", "https://cloudadhar.example/batch 01"),
])
def test_bad_url_is_a_located_error(run, tmp_path, where, key, value):
    content = make_bank(tmp_path)
    path = content / ("guide.yaml" if where == "guide" else "batches/01.yaml")
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.append(f"{key}: {value}")
    shown = "guide.yaml" if where == "guide" else "batches/01.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("check", "--content", content)
    assert result.exit_code != 0
    assert f"{shown}:{len(lines)}:{len(key) + 3}: {key}: '{value}' is not a web address" in result.stderr
    assert "Traceback" not in result.stderr


def test_good_urls_pass_check(run, tmp_path):
    content = make_bank(tmp_path, guide={"signup_url": SIGNUP})
    write_yaml(content / "batches" / "01.yaml", {"number": "01", "name": "Pilot", "track": "T",
                                                 "starts": "2026-06-28", "chapters": ["alpha"], "url": BATCH_PAGE})
    result = run("check", "--content", content)
    assert result.exit_code == 0, result.stderr
