"""A paragraph element added to a finished document's structure tree, for text stamped on later."""

from __future__ import annotations

import pikepdf
from pikepdf import Array, Dictionary, Name

from .tags import listed


def add_stamped_element(pdf: pikepdf.Pdf, page: pikepdf.Page) -> int | None:
    """A new paragraph element for text stamped on `page` later (a candidate's name), and the MCID
    the stamp's drawing is to be marked with; None for an untagged document. It reads where the
    welcome page prints it: after the banner (the element holding the page's first H1) and the
    'Prepared for' box that follows it."""
    root = pdf.Root.get(Name.StructTreeRoot)
    if root is None or Name.StructParents not in page.obj:
        return None
    nums = root.ParentTree.Nums
    key = int(page.obj.StructParents)
    row = next(nums[i + 1] for i in range(0, len(nums), 2) if int(nums[i]) == key)
    mcid = len(row)
    document = listed(root.get(Name.K))[0]
    container, after = document, None
    heading = _find(document, Name.H1, page.obj.objgen)
    if heading is not None:
        after = heading.P
        container = after.P if after.objgen != document.objgen else document
        after = after if after.objgen != document.objgen else heading
    element = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.P, P=container, Pg=page.obj, K=Array([mcid])))
    row.append(element)
    kids = container.K
    ids = [kid.objgen if isinstance(kid, pikepdf.Object) and kid.is_indirect else None for kid in kids]
    place = ids.index(after.objgen) + 2 if after is not None and after.objgen in ids else len(kids)
    kids.insert(min(place, len(kids)), element)
    return mcid


def _find(start: pikepdf.Dictionary, kind: Name, page: tuple[int, int]) -> pikepdf.Dictionary | None:
    """The first element of `kind` on `page` below `start`, depth first."""
    todo = [start]
    while todo:
        element = todo.pop(0)
        if element.get(Name.S) == kind and Name.Pg in element and element.Pg.objgen == page:
            return element
        todo[:0] = [kid for kid in listed(element.get(Name.K))
                    if isinstance(kid, Dictionary) and kid.is_indirect and Name.S in kid]
    return None
