"""Tagged parts and their structure trees joined at assembly: one tree, in page order, that a PDF/UA checker accepts."""

from __future__ import annotations

import io
import re

import pikepdf
import pytest
from pypdf.generic import DictionaryObject

from studyguide.authoring.accessibility import check_bytes
from studyguide.pdf.assemble import Part, merge
from studyguide.pdf.assembly import finish
from studyguide.pdf.objects import content_bytes
from studyguide.pdf.stamp import Stamper
from studyguide.typeset import weasy
from studyguide.typeset.jobs import PartJob

from pdfutil import reader

LINK = "https://example.com/a/very/long/address/that/goes/on"
INFO = {"Title": "Tagged", "Lang": "en"}


@pytest.fixture(scope="module")
def render(tmp_path_factory):
    weasy.release()
    weasy.keep_fonts_in(tmp_path_factory.mktemp("weasyprint-fonts"))

    def run(body: str, css: str = "", tagged: bool = True) -> bytes:
        html = (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>t</title>"
                f"<style>{css}</style></head><body>{body}</body></html>")
        return weasy.typeset(PartJob(html, ("base.css",), "structure test part", with_content=False, tagged=tagged), "a4").pdf

    yield run
    weasy.release()


def elements(pdf: bytes):
    """(element, depth) of the document's structure tree, in its order."""
    root = reader(pdf).trailer["/Root"]["/StructTreeRoot"]

    def walk(node, depth):
        kids = node.get("/K")
        kids = kids if isinstance(kids, list) else [kids]
        for kid in kids:
            if hasattr(kid, "get_object") and hasattr(kid.get_object(), "get") and kid.get_object().get("/S"):
                yield kid.get_object(), depth
                yield from walk(kid.get_object(), depth + 1)

    yield from walk(root, 0)


def test_parts_join_into_one_document_in_page_order(render):
    first = render(f"<h1>Alpha</h1><p>See <a href='{LINK}'>the notes</a>.</p>")
    second = render("<h2>Beta</h2><table><thead><tr><th>Key</th><th>Value</th></tr></thead>"
                    "<tbody><tr><td>a</td><td>1</td></tr></tbody></table><ul><li>one</li><li>two</li></ul>")
    third = render("<h2>Gamma</h2><table><tr><th>Key</th></tr><tr><td>b</td></tr></table>")
    pdf = finish(merge([Part(first), Part(second), Part(third)], INFO))
    assert check_bytes(pdf) == []
    tree = list(elements(pdf))
    assert [e["/S"] for e, depth in tree if depth == 0] == ["/Document"]
    headings = [e["/S"] for e, _ in tree if re.fullmatch(r"/H\d", e["/S"])]
    assert headings == ["/H1", "/H2", "/H2"]
    kinds = {e["/S"] for e, _ in tree}
    assert {"/Table", "/TH", "/TD", "/L", "/LI", "/Link", "/P"} <= kinds
    # Table header IDs renamed per part, so two parts' tables never share one; every cell's
    # /Headers names an ID of its own part.
    ids = [str(e["/ID"]) for e, _ in tree if "/ID" in e]
    assert len(ids) == 3 and len(set(ids)) == 3
    for elem, _ in tree:
        for header in (elem.get("/A") or {}).get("/Headers", []):
            assert str(header) in ids
    # Every page's marked content maps (ParentTree) to an element on that very page.
    doc = reader(pdf)
    nums = doc.trailer["/Root"]["/StructTreeRoot"]["/ParentTree"]["/Nums"]
    parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    for page in doc.pages:
        mcids = [int(m) for m in re.findall(rb"/MCID\s+(\d+)", content_bytes(page))]
        row = parents[int(page["/StructParents"])].get_object()
        assert mcids and all(row[m].get_object().raw_get("/Pg").idnum == page.indirect_reference.idnum for m in mcids)


def test_one_annotation_per_link_spanning_its_lines_with_its_text(render):
    words = "the full list of rules every candidate should read before the first mock interview"
    pdf = finish(merge([Part(render(f"<p style='width: 40mm'>Read <a href='{LINK}'>{words}</a> today.</p>"))], INFO))
    doc = reader(pdf)
    annots = [a.get_object() for a in doc.pages[0]["/Annots"]]
    assert len(annots) == 1
    (annot,) = annots
    assert annot["/Contents"] == words and annot["/A"]["/URI"] == LINK
    quads = [float(v) for v in annot["/QuadPoints"]]
    assert len(quads) % 8 == 0 and len(quads) // 8 >= 3  # one quadrilateral per line
    x1, y1, x2, y2 = (float(v) for v in annot["/Rect"])
    left, bottom, right, top = min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)
    assert all(left - 0.01 <= x <= right + 0.01 for x in quads[0::2])
    assert all(bottom - 0.01 <= y <= top + 0.01 for y in quads[1::2])
    # The annotation belongs to a Link element, which holds it (OBJR) and the link's text.
    nums = doc.trailer["/Root"]["/StructTreeRoot"]["/ParentTree"]["/Nums"]
    parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    link = parents[int(annot["/StructParent"])].get_object()
    assert link["/S"] == "/Link"
    kids = [k.get_object() for k in link["/K"]]
    objrs = [k for k in kids if isinstance(k, DictionaryObject) and k.get("/Type") == "/OBJR"]
    assert [o.raw_get("/Obj").idnum for o in objrs] == [doc.pages[0]["/Annots"][0].idnum]
    # ... and every line of the link's text: one Link element, not one per line.
    assert [e["/S"] for e, _ in elements(pdf)].count("/Link") == 1
    assert len([k for k in kids if not isinstance(k, DictionaryObject)]) >= 3
    assert check_bytes(pdf) == []


def test_a_lang_attribute_tags_its_element_with_that_language(render):
    pdf = finish(merge([Part(render("<p>Prepared for <span lang='hi'>प्रिया शर्मा</span> and "
                                      "<span lang='zh'>陈伟</span>.</p>"))], INFO))
    languages = [str(e["/Lang"]) for e, _ in elements(pdf) if "/Lang" in e]
    assert languages == ["hi", "zh"]
    assert reader(pdf).trailer["/Root"]["/Lang"] == "en"


def test_running_headers_are_artifacts_not_orphaned_content(render):
    def marks(pdf: bytes) -> list[int]:
        return [int(m) for m in re.findall(rb"/MCID\s+(\d+)", content_bytes(reader(pdf).pages[0]))]

    plain = render("<h1>Body</h1>")
    headed = render("<h1>Body</h1>", "@page { @top-center { content: 'Running head' } }")
    # The running head is drawn, but as an artifact: no more marked content than without it.
    assert len(marks(headed)) == len(marks(plain)) >= 1
    assert b"/Artifact BMC" in content_bytes(reader(headed).pages[0])
    pdf = finish(merge([Part(headed)], INFO))
    assert check_bytes(pdf) == []
    row = reader(pdf).trailer["/Root"]["/StructTreeRoot"]["/ParentTree"]["/Nums"][1].get_object()
    assert all(row[m].get_object()["/S"] for m in marks(pdf))


def test_an_untagged_part_adds_no_elements(render):
    pdf = finish(merge([Part(render("<h1>Tagged</h1>")), Part(render("<p>Plain</p>", tagged=False))], INFO))
    assert [e["/S"] for e, depth in elements(pdf) if depth == 1] == ["/H1"]


def test_icons_beside_a_name_are_artifacts_and_not_in_the_link_text(render):
    plain = render("<h1>AWS</h1>")
    iconed = render(f"<h1><span class='icon'>☁</span> AWS</h1><p><a href='{LINK}'><span class='icon'>☁</span>Chapter one</a></p>")
    pdf = finish(merge([Part(iconed)], INFO))
    assert check_bytes(pdf) == []
    heading = next(e for e, _ in elements(pdf) if e["/S"] == "/H1")
    assert [e["/S"] for e, _ in elements(pdf) if e["/S"] == "/H1"] == ["/H1"]
    spans = [k.get_object() for k in heading["/K"]]
    assert len(spans) == 1  # the name's text only; the icon is drawn as an artifact
    assert len(re.findall(rb"/MCID", content_bytes(reader(plain).pages[0]))) == 1
    annot = reader(pdf).pages[0]["/Annots"][0].get_object()
    assert annot["/Contents"] == "Chapter one"


def test_a_candidates_stamped_name_reads_after_prepared_for_in_its_language(render):
    welcome = render("<header><h1>Batch 01</h1></header><div><span>Prepared for</span></div><p>Welcome aboard.</p>")
    pack = finish(merge([Part(welcome)], INFO))
    name, footer = "प्रिया शर्मा", "Prepared for प्रिया शर्मा · Batch 01"
    stamps = render(f"<p style='position: absolute; top: 80mm'>{name}</p>"
                    f"<p style='position: absolute; bottom: 6mm'>{footer}</p>", tagged=False)
    copy = Stamper(pack, stamps, "Pack").copy(0, name, footer, "hi")
    # Only the checker's complaint about the conjuncts' empty ToUnicode entries (see the README).
    assert {f.rule for f in check_bytes(copy)} <= {"PDFUA1-FONT-UNICODE-MAPPING-001"}
    order = [(str(e["/S"]), str(e.get("/Lang", ""))) for e, depth in elements(copy) if depth == 1]
    assert order == [("/NonStruct", ""), ("/Div", ""), ("/P", "hi"), ("/P", "")]
    named = next(e for e, _ in elements(copy) if e.get("/Lang") == "hi")
    drawn = content_bytes(reader(copy).pages[0])
    assert f"/P <</MCID {int(named['/K'][0])}>> BDC".encode() in drawn
    assert drawn.count(b"/Artifact BMC") >= 1  # the footer


def test_marked_content_on_another_page_points_at_the_documents_page(render):
    # An element whose content goes on over a page break holds the later page's marks as MCRs
    # naming that page (as a link's later lines are joined to it): made so here by hand.
    part = render("<p>First half</p><p style='break-before: page'>second half</p>")
    with pikepdf.open(io.BytesIO(part)) as doc:
        document = doc.Root.StructTreeRoot.K[0]
        first, second = document.K[0], document.K[1]
        todo, mcids = [second], []
        while todo:
            elem = todo.pop(0)
            kids = elem.K if isinstance(elem.K, pikepdf.Array) else [elem.K]
            mcids += [kid for kid in kids if isinstance(kid, int)]
            todo += [kid for kid in kids if isinstance(kid, pikepdf.Dictionary)]
        moved = [pikepdf.Dictionary(Type=pikepdf.Name.MCR, MCID=m, Pg=second.Pg) for m in mcids]
        first.K = pikepdf.Array(list(first.K) + moved)
        document.K = pikepdf.Array([first])
        nums = doc.Root.StructTreeRoot.ParentTree.Nums
        for i in range(1, len(nums), 2):
            nums[i] = pikepdf.Array([first for _ in nums[i]])
        out = io.BytesIO()
        doc.save(out)
    pdf = finish(merge([Part(render("<h1>Cover</h1>")), Part(out.getvalue())], INFO))
    assert check_bytes(pdf) == []
    doc = reader(pdf)
    pages = {page.indirect_reference.idnum: number for number, page in enumerate(doc.pages)}
    marked = {number: {int(m) for m in re.findall(rb"/MCID\s+(\d+)", content_bytes(page))}
              for number, page in enumerate(doc.pages)}
    (paragraph,) = [e for e, depth in elements(pdf) if depth == 1 and e["/S"] == "/P"]
    mcrs = [k.get_object() for k in paragraph["/K"] if isinstance(k.get_object(), DictionaryObject)
            and k.get_object().get("/Type") == "/MCR"]
    assert mcrs and all(pages[m.raw_get("/Pg").idnum] == 2 for m in mcrs)
    assert {int(m["/MCID"]) for m in mcrs} == marked[2]
    assert pages[paragraph.raw_get("/Pg").idnum] == 1
    # Every element names a page of this document, never one of the part it came from.
    assert all(e.raw_get("/Pg").idnum in pages for e, _ in elements(pdf) if "/Pg" in e)


def test_a_typeset_part_keeps_its_objects_in_small_streams(render):
    # Reading a page must not parse the whole structure tree: WeasyPrint's own file holds every
    # object in one stream, which pypdf parses whole on the first object it reads from it.
    pdf = render("".join(f"<h2>Question {n}</h2><p>An answer with <b>bold</b> and <code>code</code>.</p>"
                         for n in range(300)))
    streams = {}
    for stream, _ in reader(pdf).xref_objStm.values():
        streams[stream] = streams.get(stream, 0) + 1
    assert len(streams) > 5 and max(streams.values()) <= 100


def test_a_typeset_part_keeps_no_empty_wrappers_and_reads_in_the_same_order(render):
    # WeasyPrint wraps every run of text in a Span, and nests them (bold, code, a link's words);
    # they say nothing and were nine tenths of a part's elements. Their marks move to the parent.
    pdf = render(f"<h1>Title</h1><p>Plain <b>bold <i>both</i></b> and <code>code</code>, "
                 f"<a href='{LINK}'>a link</a> and <span lang='fr'>un élève</span>.</p>")
    found = list(elements(pdf))
    plain = [e for e, depth in found if depth > 1 and e["/S"] in ("/Span", "/NonStruct") and "/Lang" not in e]
    assert plain == []
    paragraph = next(e for e, _ in found if e["/S"] == "/P")
    kids = paragraph["/K"]
    drawn = [int(m) for m in re.findall(rb"/MCID\s+(\d+)", content_bytes(reader(pdf).pages[0]))]
    # Reading order is the order marks are drawn: the paragraph's own marks are in that order.
    own = [int(k) for k in kids if isinstance(k, int)]
    assert own == [m for m in drawn if m in own] and len(own) >= 4
    assert [e.get("/Lang") for e, _ in found if e["/S"] == "/Span"] == ["fr"]
    row = reader(pdf).trailer["/Root"]["/StructTreeRoot"]["/ParentTree"]["/Nums"][1].get_object()
    assert {row[m].idnum for m in own} == {paragraph.indirect_reference.idnum}
    merged = finish(merge([Part(pdf)], INFO))
    assert check_bytes(merged) == []
