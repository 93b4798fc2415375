"""Stamps over finished pages: page numbers drawn as forms, candidates' copies as incremental updates."""

from __future__ import annotations

import pytest
from pypdf import PdfWriter

from studyguide.pdf.objects import to_bytes
from studyguide.pdf.stamp import STAMP, Stamper, stamp_pages

from pdfutil import page_texts, reader
from synthetic import text_pdf


def test_page_numbers_are_drawn_over_every_page_but_the_first():
    writer = PdfWriter(clone_from=reader(text_pdf(["Cover", "Body one", "Body two"])))
    overlays = [text_pdf(["", "Page 2 of 3"]), text_pdf(["Page 3 of 3"])]  # in two pieces
    stamp_pages(writer, overlays, first=1)
    pdf = to_bytes(writer)
    assert [t.split() for t in page_texts(pdf)] == [["Cover"], ["Body", "one", "Page", "2", "of", "3"],
                                                   ["Body", "two", "Page", "3", "of", "3"]]
    pages = reader(pdf).pages
    assert STAMP not in pages[0]["/Resources"].get("/XObject", {})
    for page in pages[1:]:
        contents = page["/Contents"]
        drawn = b"".join(part.get_object().get_data() for part in contents)
        # the page's own drawing is closed off first, so its transforms cannot move the stamp;
        # the page number is pagination, marked as an artifact
        assert drawn.startswith(b"q\n") and drawn.endswith(f"Q\n/Artifact BMC q {STAMP} Do Q EMC\n".encode())


def test_a_copy_is_the_pack_plus_a_small_update_naming_the_candidate():
    pack = text_pdf(["Welcome", "Handout"])
    stamps = text_pdf([("Ana Lima", "Prepared for Ana Lima"), ("Bo Chen", "Prepared for Bo Chen")])
    stamper = Stamper(pack, stamps, "Pack")
    ana, bo = stamper.copy(0, "Ana Lima", "Prepared for Ana Lima"), stamper.copy(1, "Bo Chen", "Prepared for Bo Chen")
    assert ana.startswith(stamper.base.data) and bo.startswith(stamper.base.data)
    assert len(ana) - len(stamper.base.data) < 2000
    texts = page_texts(ana)
    assert "Ana Lima" in texts[0] and all("Prepared for Ana Lima" in t for t in texts)
    # each form draws its own half of the candidate's page: the name is on the welcome page
    # twice (the name, the footer line), not three times
    assert texts[0].count("Ana Lima") == 2 and texts[1].count("Ana Lima") == 1
    assert "Bo Chen" not in " ".join(texts)
    assert reader(bo).metadata["/Title"] == "Pack — prepared for Bo Chen"


def test_a_stamp_page_that_is_not_a_name_and_a_footer_line_is_refused():
    pack = text_pdf(["Welcome"])
    for page, found in ((("Ana Lima", "Prepared for Ana Lima", "Batch 01"), "3 boxes"), (("Ana Lima",), "1 box")):
        with pytest.raises(ValueError, match=f"^stamp page 1 paints {found}, not a name and a footer line$"):
            Stamper(pack, text_pdf([page]), "Pack").copy(0, "Ana Lima", "Prepared for Ana Lima")
    # text painted outside any group cannot be cut from the other stamp's drawing
    with pytest.raises(ValueError, match="paints outside its boxes' groups"):
        Stamper(pack, text_pdf(["Ana Lima"]), "Pack").copy(0, "Ana Lima", "Prepared for Ana Lima")
