"""A part's structure tree without WeasyPrint's empty wrappers: plain Spans and NonStructs give their content to their parent.

WeasyPrint makes an element for every box: a Span for each run of text, another Span around it
for each inline box, a NonStruct for each anonymous block. Neither says anything to a screen
reader (PDF/UA reads a NonStruct's kids as its parent's, a Span without attributes is plain
text), yet they are nine tenths of a part's elements (a 300-page chapter: 126,000 of 140,000),
and every assembly copies and walks each of them. Their kids move up in place, reading order
unchanged; an element with attributes (a language, alternate text, a mark) or an annotation stays.

This runs on WeasyPrint's own objects (pydyf), before the file is written: plain Python, and
the emptied elements cost nothing further (left as empty dictionaries, no one refers to them,
and qpdf leaves them out when the part is saved again).
"""

from __future__ import annotations

import pydyf

_PLAIN = ("/Span", "/NonStruct")
_BARE = frozenset(("Type", "S", "K", "P", "Pg"))  # keys of an element that says nothing more


class _Tree:
    """The objects of one PDF being written, by reference."""

    def __init__(self, pdf):
        self.objects = pdf.objects
        self.root = self.get(pdf.catalog["StructTreeRoot"])
        nums = self.get(self.root["ParentTree"])["Nums"]
        # The ParentTree holds a row for each page, in page order (then one entry per annotation).
        self.rows = {page: nums[2 * index + 1] for index, page in enumerate(pdf.page_references)}

    def get(self, reference: bytes):
        return self.objects[int(reference.split(None, 1)[0])]

    def element(self, kid):
        """The element `kid` refers to, or None (a marked-content ID, an annotation)."""
        if not isinstance(kid, bytes):
            return None
        found = self.get(kid)
        return found if "S" in found else None


def prune(pdf) -> None:
    """Lift the content of plain wrappers below the top elements (the Document's kids: they stay,
    as assembly finds a page's elements by them) into their parents; the ParentTree names the
    element each marked-content sequence now belongs to."""
    tree = _Tree(pdf)
    document = tree.get(tree.root["K"][0])
    todo = [top for top in map(tree.element, document["K"]) if top is not None]
    while todo:
        elem = todo.pop()
        lifted, changed = pydyf.Array(), False
        for item in elem["K"]:
            kid = tree.element(item)
            if kid is None or not _plain(tree, kid):
                lifted.append(item)
                if kid is not None:
                    todo.append(kid)
                continue
            changed = True
            for inner, page in _content(tree, kid):
                if page is None:  # an element: it moves up
                    tree.get(inner)["P"] = elem.reference
                    todo.append(tree.get(inner))
                else:
                    inner = _claim(tree, inner, page, elem)
                lifted.append(inner)
        if changed:  # an element with nothing to lift keeps its own array
            elem["K"] = lifted


def _content(tree: _Tree, elem) -> list[tuple[object, bytes | None]]:
    """What a plain element holds, its plain kids opened in turn, and emptied: (element reference,
    None) or (marked-content ID, its page)."""
    found = []
    for kid in elem["K"]:
        inner = tree.element(kid)
        if inner is None:
            found.append((kid, elem["Pg"]))
        elif _plain(tree, inner):
            found += _content(tree, inner)
        else:
            found.append((kid, None))
    elem.clear()
    return found


def _claim(tree: _Tree, mcid: int, page: bytes, elem):
    """A lifted mark, now `elem`'s: a bare MCID when drawn on `elem`'s page, else an MCR naming its page."""
    row = tree.rows.get(page)
    if row is not None and 0 <= mcid < len(row):
        row[mcid] = elem.reference
    if elem.get("Pg") == page:
        return mcid
    return pydyf.Dictionary({"Type": "/MCR", "Pg": page, "MCID": mcid})


def _plain(tree: _Tree, elem) -> bool:
    """A Span or NonStruct with nothing to say of its own, on a page, holding no annotation."""
    if elem.get("S") not in _PLAIN or not elem.keys() <= _BARE or "Pg" not in elem:
        return False
    return all(isinstance(kid, int) or "S" in tree.get(kid) for kid in elem["K"])
