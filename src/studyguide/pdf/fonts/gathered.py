"""merge_fonts for a document held by qpdf: its Type0 fonts copied across into a pypdf document
of their own, merged there as any assembled document's are, and put back in place of the originals."""

from __future__ import annotations

import io
from collections.abc import Iterator
from decimal import Decimal

import pikepdf
from pikepdf import Dictionary, Name
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    EncodedStreamObject,
    FloatObject,
    NameObject,
    NullObject,
    NumberObject,
    create_string_object,
)

from .merge import merge_fonts

_RESOURCES, _FONT, _SUBTYPE, _TYPE0, _XOBJECT, _FORM_XOBJECT = (
    Name.Resources, Name.Font, Name.Subtype, Name.Type0, Name.XObject, Name.Form)


def owners(pdf: pikepdf.Pdf) -> Iterator[Dictionary]:
    """Every page, annotation and form (however deep) of `pdf`, once: whatever may hold
    resources or marked content."""
    seen: set[tuple[int, int]] = set()
    todo = [page.obj for page in pdf.pages]
    while todo:
        obj = todo.pop()
        if obj.is_indirect:
            if obj.objgen in seen:
                continue
            seen.add(obj.objgen)
        yield obj
        keys = obj.keys()  # one call, where asking for each key with a default was three
        if "/Annots" in keys:
            todo += [annot for annot in obj.Annots if isinstance(annot, Dictionary)]
        xobjects = obj.Resources.get(_XOBJECT) if "/Resources" in keys else None
        if xobjects is not None:
            todo += [form for form in xobjects.values() if form.get(_SUBTYPE) == _FORM_XOBJECT]


def merge_fonts_qpdf(pdf: pikepdf.Pdf) -> pikepdf.Pdf | None:
    """One program per face in `pdf`, in place: the resources that named the old fonts name the
    merged ones, and the old ones, no longer reached, are left out when `pdf` is saved. Returns
    the document the merged fonts were copied from: close it only after saving `pdf` (qpdf
    reads a copied stream's data then)."""
    users, fonts, seen = [], {}, set()
    for owner in owners(pdf):
        resources = owner.get(_RESOURCES)
        named = resources.get(_FONT) if resources is not None else None
        if named is None:
            continue
        if named.is_indirect:  # a card sheet's thousands of forms share a few dozen font dictionaries
            if named.objgen in seen:
                continue
            seen.add(named.objgen)
        users.append(named)
        fonts.update({font.objgen: font for font in named.values()
                      if font.is_indirect and font.get(_SUBTYPE) == _TYPE0})
    if len(fonts) < 2:
        return None
    # Copied object by object, not written by qpdf and parsed again by pypdf: the widths of a
    # thousand subsets are hundreds of thousands of numbers, and pypdf parsing and cloning them
    # cost four times the merge itself.
    writer, copied = PdfWriter(), {}
    for font in fonts.values():
        page = writer.add_blank_page(1, 1)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F0"): _pypdf(font, writer, copied)})})
    merge_fonts(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    result = pikepdf.open(buffer)
    merged = {objgen: pdf.copy_foreign(page.Resources.Font.F0) for objgen, page in zip(fonts, result.pages)}
    for named in users:
        for key, font in list(named.items()):
            if font.is_indirect and font.objgen in merged:
                named[key] = merged[font.objgen]
    return result


def _pypdf(obj, writer: PdfWriter, copied: dict):
    """A qpdf object as pypdf's, in `writer`: an indirect one added once (`copied` maps object
    numbers to references), a stream's data as it is encoded."""
    if isinstance(obj, pikepdf.Object) and obj.is_indirect:
        ref = copied.get(obj.objgen)
        if ref is None:
            # Numbered first, filled in after: objects may refer to each other. (pypdf: no public calls.)
            ref = copied[obj.objgen] = writer._add_object(NullObject())
            writer._objects[ref.idnum - 1] = _direct(obj, writer, copied)
        return ref
    return _direct(obj, writer, copied)


def _direct(obj, writer: PdfWriter, copied: dict):  # noqa: PLR0911 - one case a PDF type
    if isinstance(obj, pikepdf.Stream):
        stream = EncodedStreamObject()
        stream.update({NameObject(key): _pypdf(value, writer, copied) for key, value in obj.items() if key != "/Length"})
        stream._data = obj.read_raw_bytes()
        return stream
    if isinstance(obj, pikepdf.Dictionary):
        return DictionaryObject({NameObject(key): _pypdf(value, writer, copied) for key, value in obj.items()})
    if isinstance(obj, pikepdf.Array):
        return ArrayObject(_pypdf(value, writer, copied) for value in obj)
    if isinstance(obj, pikepdf.Name):
        return NameObject(str(obj))
    if isinstance(obj, pikepdf.String):
        return create_string_object(bytes(obj))
    if isinstance(obj, bool):
        return BooleanObject(obj)
    if isinstance(obj, int):
        return NumberObject(obj)
    if isinstance(obj, (Decimal, float)):
        return FloatObject(obj)
    if obj is None:
        return NullObject()
    raise TypeError(f"no pypdf object for {obj!r}")  # pragma: no cover - every PDF type is above
