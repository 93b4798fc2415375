"""Pruning a structure tree as WeasyPrint writes it: plain wrappers give their kids to their parent, marks keep their page and owner."""

from __future__ import annotations

import io

import pikepdf
import pydyf

from studyguide.typeset.prune import prune


class _Writer:
    """A PDF of two pages with a structure tree, built the way WeasyPrint builds one."""

    def __init__(self):
        self.pdf = pydyf.PDF()
        for _ in range(2):
            self.pdf.add_page(pydyf.Dictionary({"Type": "/Page", "Parent": self.pdf.pages.reference,
                                                "MediaBox": pydyf.Array([0, 0, 100, 100])}))
        self.one, self.two = self.pdf.page_references

    def element(self, kind: str, kids: list, page: bytes | None, **extra) -> pydyf.Dictionary:
        elem = pydyf.Dictionary({"Type": "/StructElem", "S": kind, "K": pydyf.Array(kids), **extra})
        if page is not None:
            elem["Pg"] = page
        self.pdf.add_object(elem)
        for kid in kids:
            if isinstance(kid, bytes) and "S" in self.pdf.objects[int(kid.split()[0])]:
                self.pdf.objects[int(kid.split()[0])]["P"] = elem.reference
        return elem

    def saved(self, document: pydyf.Dictionary, rows: list[list]) -> pikepdf.Pdf:
        tree = pydyf.Dictionary({"Nums": pydyf.Array([v for i, row in enumerate(rows) for v in (i, pydyf.Array(row))])})
        self.pdf.add_object(tree)
        root = pydyf.Dictionary({"Type": "/StructTreeRoot", "K": pydyf.Array([document.reference]),
                                 "ParentTree": tree.reference})
        self.pdf.add_object(root)
        document["P"] = root.reference
        self.pdf.catalog["StructTreeRoot"] = root.reference
        prune(self.pdf)
        out = io.BytesIO()
        self.pdf.write(out, compress=True)
        return pikepdf.open(io.BytesIO(out.getvalue()))


def test_plain_wrappers_lift_their_marks_in_order_and_a_mark_on_another_page_keeps_its_page():
    w = _Writer()
    annot = pydyf.Dictionary({"Type": "/Annot", "Subtype": "/Link", "Rect": pydyf.Array([0, 0, 1, 1])})
    w.pdf.add_object(annot)
    objr = pydyf.Dictionary({"Type": "/OBJR", "Obj": annot.reference})
    w.pdf.add_object(objr)
    link = w.element("/Span", [objr.reference, 3], w.one)  # holds an annotation: stays
    french = w.element("/Span", [w.element("/Span", [2], w.one).reference], w.one, Lang=pydyf.String("fr"))
    nested = w.element("/NonStruct", [w.element("/Span", [1], w.one).reference, french.reference], w.one)
    paragraph = w.element("/P", [w.element("/Span", [0], w.one).reference, nested.reference, link.reference,
                                 w.element("/Span", [1], w.two).reference], w.one)
    top = w.element("/NonStruct", [paragraph.reference], w.one)
    document = w.element("/Document", [top.reference], None)
    placeholder = b"0 0 R"
    pdf = w.saved(document, [[placeholder] * 3 + [link.reference, placeholder], [placeholder] * 2])

    tops = pdf.Root.StructTreeRoot.K[0].K
    assert len(tops) == 1 and tops[0].S == "/NonStruct"  # a top element stays, plain or not
    para = tops[0].K[0]
    assert para.S == "/P" and para.P == tops[0]
    kids = list(para.K)
    assert kids[:2] == [0, 1] and kids[2].get("/Lang") == "fr" and list(kids[3].K)[1] == 3  # in reading order
    assert kids[4].Type == "/MCR" and kids[4].Pg == pdf.pages[1].obj and kids[4].MCID == 1
    assert list(kids[2].K) == [2] and kids[2].P == para and kids[3].P == para
    rows = pdf.Root.StructTreeRoot.ParentTree.Nums
    assert rows[1][0] == para and rows[1][1] == para and rows[3][1] == para
    assert rows[1][2] == kids[2]  # lifted into the Span that carries a language
    assert rows[1][3] == pdf.get_object(link.number, 0)  # untouched
