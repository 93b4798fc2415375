"""Merging parts: pages in order, outlines nested, cross-part links resolved, labels, metadata."""

from __future__ import annotations

from studyguide.pdf.assemble import Part, merge, resolve_links
from studyguide.pdf.assembly import finish

from pdfutil import outline_tree, page_texts, reader
from synthetic import dest_page, text_pdf

FRONT = text_pdf(["Cover", "Contents"], links=[(1, "studyguide:chapter-beta"), (1, "studyguide:nowhere")])
ALPHA = text_pdf(["Alpha one", "Alpha two"], outline=[("01 First", 0), ("02 Second", 1)], anchors={"chapter-alpha": 0})
BETA = text_pdf(["Beta one"], outline=[("01 Only", 0)], anchors={"chapter-beta": 0})
MORE = text_pdf(["Alpha three"], outline=[("03 Third", 0)])


def parts(**kw) -> list[Part]:
    return [Part(FRONT, label=""), Part(ALPHA, title="Alpha", label=""), Part(MORE, continues=True, label=""),
            Part(BETA, title="Beta", label="")]


def test_pages_follow_the_parts_in_order():
    pdf = finish(merge(parts(), {"Title": "T"}))
    assert page_texts(pdf) == ["Cover", "Contents", "Alpha one", "Alpha two", "Alpha three", "Beta one"]


def test_each_part_outline_nests_under_its_title_and_a_continued_run_joins_its_chapter():
    tree = outline_tree(finish(merge(parts(), {})))
    assert [(title, page) for title, page, _ in tree] == [("Alpha", 3), ("Beta", 6)]
    assert [(title, page) for title, page, _ in tree[0][2]] == [("01 First", 3), ("02 Second", 4), ("03 Third", 5)]


def test_links_between_parts_become_jumps_and_unknown_targets_go_quiet():
    doc = reader(finish(merge(parts(), {})))
    annots = [a.get_object() for a in doc.pages[1]["/Annots"]]
    assert [dest_page(doc, a) for a in annots] == [5, None]
    assert all("/A" not in a for a in annots)  # neither leaves the document


def test_resolve_links_takes_any_prefix():
    merged = merge([Part(text_pdf(["Welcome"], links=[(0, "pack:1")])), Part(ALPHA), Part(BETA)], {})
    resolve_links(merged, "pack:", {"1": 3})
    doc = reader(finish(merged))
    assert dest_page(doc, doc.pages[0]["/Annots"][0].get_object()) == 3


def test_page_labels_restart_per_part_with_their_prefix():
    labelled = [Part(FRONT, label="Welcome "), Part(ALPHA, label="Handout "), Part(BETA, label="")]
    assert reader(finish(merge(labelled, {}))).page_labels == ["Welcome 1", "Welcome 2", "Handout 1", "Handout 2", "1"]


def test_metadata_and_dates_only_when_the_build_asks(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    info = reader(finish(merge([Part(BETA)], {"Title": "A guide", "Author": "", "Subject": "S"}))).metadata
    assert (info["/Title"], info["/Subject"], "/Author" in info, "/CreationDate" in info) == ("A guide", "S", False, False)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1782604800")
    info = reader(finish(merge([Part(BETA)], {"Title": "Dated"}))).metadata
    assert info["/CreationDate"] == info["/ModDate"] == "D:20260628000000Z"


def test_merging_twice_gives_the_same_bytes():
    assert finish(merge(parts(), {"Title": "T"})) == finish(merge(parts(), {"Title": "T"}))


def test_anchors_are_the_pages_of_named_destinations():
    from studyguide.pdf.assemble import anchors_of

    two = text_pdf(["One", "Two", "Three"], anchors={"zeta": 2, "alpha": 0, "mid": 1})
    assert anchors_of(two) == {"alpha": 0, "mid": 1, "zeta": 2} and anchors_of(MORE) == {}
    assert anchors_of(ALPHA) == {"chapter-alpha": 0} and anchors_of(BETA) == {"chapter-beta": 0}


def test_a_typeset_part_knows_its_anchors_pages_as_its_pdf_names_them(tmp_path):
    from studyguide.build.cache import PartCache
    from studyguide.pdf.assemble import anchors_of
    from studyguide.typeset import weasy
    from studyguide.typeset.jobs import PartJob

    # an id on the second page, one over a forced right-hand opening (a blank page before it),
    # and one given twice: the first wins, as in the PDF's named destinations
    html = ("<html lang='en'><title>t</title><p id='a'>one</p><p id='b' style='break-before: page'>two</p>"
            "<p id='dup'>x</p><p id='c' style='break-before: left'>three</p><p id='dup'>again</p></html>")
    part = weasy.typeset(PartJob(html, ("base.css",), "anchors", with_content=False))
    assert part.blank == (2,) and part.warnings == ["Anchor defined twice: 'dup'"]
    assert part.anchors == anchors_of(part.pdf) == {"a": 0, "b": 1, "dup": 1, "c": 3}
    cache = PartCache(tmp_path)
    cache.put("k", part)
    assert cache.get("k").anchors == part.anchors
