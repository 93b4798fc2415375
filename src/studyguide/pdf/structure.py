"""A paragraph element added to a finished document's structure tree, for text stamped on later."""

from __future__ import annotations

from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, NumberObject

from .objects import add_object


def _list(value) -> list:
    value = value.get_object() if isinstance(value, IndirectObject) else value
    return list(value) if isinstance(value, ArrayObject) else ([] if value is None else [value])


def add_stamped_element(writer: PdfWriter, page) -> tuple[int, IndirectObject] | None:
    """A new paragraph element for text stamped on `page` later (a candidate's name), and the MCID
    the stamp's drawing is to be marked with; None for an untagged document. It reads where the
    welcome page prints it: after the banner (the element holding the page's first H1) and the
    'Prepared for' box that follows it."""
    catalog = writer._root_object
    if "/StructTreeRoot" not in catalog or "/StructParents" not in page:
        return None
    root = catalog["/StructTreeRoot"].get_object()
    nums = root["/ParentTree"].get_object()["/Nums"]
    key = int(page["/StructParents"])
    row = next(nums[i + 1].get_object() for i in range(0, len(nums), 2) if int(nums[i]) == key)
    mcid = len(row)
    document = _list(root["/K"])[0]
    container, after = document, None
    heading = _find(document, "/H1", page.indirect_reference.idnum)
    if heading is not None:
        after = heading.get_object().raw_get("/P")
        container = after.get_object().raw_get("/P") if after.idnum != document.idnum else document
        after = after if after.idnum != document.idnum else heading
    elem = DictionaryObject({NameObject("/Type"): NameObject("/StructElem"), NameObject("/S"): NameObject("/P"),
                             NameObject("/P"): container, NameObject("/Pg"): page.indirect_reference,
                             NameObject("/K"): ArrayObject([NumberObject(mcid)])})
    ref = add_object(writer, elem)
    row.append(ref)
    kids = container.get_object()["/K"]
    ids = [getattr(kid, "idnum", None) for kid in kids]
    place = ids.index(after.idnum) + 2 if after is not None and after.idnum in ids else len(kids)
    kids.insert(min(place, len(kids)), ref)
    return mcid, ref


def _find(start: IndirectObject, kind: str, page: int) -> IndirectObject | None:
    """The first element of `kind` on `page` below `start`, depth first."""
    todo = [start]
    while todo:
        ref = todo.pop(0)
        elem = ref.get_object()
        if elem.get("/S") == kind and "/Pg" in elem and elem.raw_get("/Pg").idnum == page:
            return ref
        todo[:0] = [kid for kid in _list(elem.get("/K")) if isinstance(kid, IndirectObject)
                    and isinstance(kid.get_object(), DictionaryObject) and "/S" in kid.get_object()]
    return None
