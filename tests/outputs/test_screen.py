"""The screen edition: A6 pages, nothing wider than the page, same outline and links as the print guide."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest

from studyguide.outputs.base import Request

from bankfactory import make_bank, question
from pdfutil import link_targets, outline_tree, page_texts, reader
from stage import make

A6 = (105 * 72 / 25.4, 148 * 72 / 25.4)
WIDE = ("Run `aws s3api put-bucket-versioning --bucket my-production-bucket-with-a-long-name "
        "--versioning-configuration Status=Enabled` first.\n\n"
        "```\nkubectl get pods --all-namespaces -o jsonpath='{range .items[*]}{.metadata.name}{\"\\t\"}"
        "{.status.phase}{\"\\n\"}{end}'\n```\n\nSee https://example.org/a/very/long/path/that/does/not/break/anywhere/at/all")


@pytest.fixture(scope="module")
def seed_screen(seed_build):
    """The committed bank's screen edition, from the one seed build."""
    return seed_build[0]["guide-screen.pdf"]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    root = tmp_path_factory.mktemp("screen")
    content = make_bank(root, categories={"alpha": [question(1, "alpha", answer=WIDE), question(2, "alpha")],
                                          "beta": [question(1, "beta")]})
    files, _ = make(content, "guide", Request("screen", ("light", "dark")))
    return {"print": files["guide.pdf"], "light": files["guide-screen.pdf"], "dark": files["guide-screen-dark.pdf"]}


def outside_chars(pdf: bytes) -> list[tuple[int, str]]:
    """(page, character) for every visible character whose box is not wholly on its page."""
    found = []
    doc = pdfium.PdfDocument(pdf)
    for number, page in enumerate(doc, 1):
        width, height = page.get_size()
        assert (width, height) == pytest.approx(A6, abs=0.5)
        textpage = page.get_textpage()
        for i in range(textpage.count_chars()):
            char = textpage.get_text_range(i, 1)
            left, bottom, right, top = textpage.get_charbox(i)
            if char.strip() and (left < 0 or bottom < 0 or right > width or top > height):
                found.append((number, char))
    return found


def test_seed_screen_edition_fits_a6_pages_without_anything_off_the_page(seed_screen):
    assert outside_chars(seed_screen) == []
    texts = page_texts(seed_screen)
    assert all(text.strip() for text in texts), "no blank pages"
    assert f"Page {len(texts)} of {len(texts)}" in texts[-1]


def test_long_commands_and_links_wrap_inside_the_page(tiny):
    assert outside_chars(tiny["light"]) == []
    assert outside_chars(tiny["dark"]) == []


def test_same_outline_and_contents_links_as_the_print_guide(tiny):
    printed, screen = outline_tree(tiny["print"]), outline_tree(tiny["light"])

    def titles(tree):
        return [(title, [child for child, _, _ in children]) for title, _, children in tree]

    assert titles(screen) == titles(printed) and titles(screen)[0][0] == "Alpha"
    chapter_pages = [page for _, page, _ in screen]
    # A link is one annotation per piece of its text; each contents entry jumps to its chapter.
    assert list(dict.fromkeys(link_targets(tiny["light"], 2))) == chapter_pages
    texts = page_texts(tiny["light"])
    for (title, page, _) in screen:
        assert title in texts[page - 1]


def test_dark_theme_paints_the_whole_page_and_keeps_the_page_numbers(tiny):
    doc = pdfium.PdfDocument(tiny["dark"])
    for index in (1, len(doc) - 1):
        image = doc[index].render(scale=0.5).to_pil().convert("L")
        assert image.getpixel((2, 2)) < 40 and image.getpixel((image.width // 2, image.height - 3)) < 40
    texts = page_texts(tiny["dark"])
    assert f"Page 2 of {len(texts)}" in texts[1]
    light = pdfium.PdfDocument(tiny["light"])[1].render(scale=0.5).to_pil().convert("L")
    assert light.getpixel((2, 2)) > 240
    assert reader(tiny["dark"]).metadata["/Title"] == "Tiny Guide — screen edition (dark)"


def test_the_guide_command_writes_the_screen_edition(tmp_path, run):
    content = make_bank(tmp_path, categories={"alpha": [question(1, "alpha")]})
    out = tmp_path / "dist"
    result = run("guide", "--edition", "screen", "--content", content, "--out", out, "--no-cache")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["guide-screen.pdf"]
    assert pdfium.PdfDocument((out / "guide-screen.pdf").read_bytes())[0].get_size() == pytest.approx(A6, abs=0.5)
    result = run("guide", "--theme", "dark", "--content", content, "--out", out, "--no-cache")
    assert result.exit_code == 2
    assert "--theme applies to the screen edition (--edition screen)" in result.stderr
