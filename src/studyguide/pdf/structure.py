"""The structure trees of tagged parts joined into one tree of the assembled document.

pypdf copies pages and annotations but neither a part's /StructTreeRoot nor the pages'
/StructParents. Each part's elements are copied under one Document element, in page order,
pointing at the document's own pages and annotations; the ParentTree is built afresh from the
copied elements (a key per page, then a key per annotation), so the parts' numbering never meets.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NullObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

from .objects import add_object

XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
<pdfuaid:part>1</pdfuaid:part>
</rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>"""


@dataclass
class Tree:
    """The assembled document's structure being built: its Document element and who owns what."""

    writer: PdfWriter
    document: DictionaryObject = field(default_factory=DictionaryObject)
    marks: dict[int, dict[int, IndirectObject]] = field(default_factory=dict)  # page idnum -> MCID -> element
    forms: dict[int, tuple[int, dict[int, IndirectObject]]] = field(default_factory=dict)  # form idnum -> (page, MCIDs)
    annots: list[tuple[DictionaryObject, IndirectObject]] = field(default_factory=list)
    ids: dict[str, IndirectObject] = field(default_factory=dict)

    def __post_init__(self):
        self.document.update({NameObject("/Type"): NameObject("/StructElem"), NameObject("/S"): NameObject("/Document"),
                              NameObject("/K"): ArrayObject()})
        self.ref = add_object(self.writer, self.document)


@dataclass
class Source:
    """How one part's objects map into the document: pages by object number, annotations by rectangle."""

    pages: dict[int, IndirectObject]
    annots: dict[tuple, DictionaryObject]
    prefix: str
    forms: dict[int, IndirectObject] = field(default_factory=dict)  # part page idnum -> form drawing it


def source_for(reader: PdfReader, writer: PdfWriter, first: int, prefix: str) -> Source:
    """The map of a part appended at page `first` of `writer` (its pages and link annotations)."""
    pages, annots = {}, {}
    for index, page in enumerate(reader.pages):
        new = writer.pages[first + index]
        pages[page.indirect_reference.idnum] = new.indirect_reference
        placed = {_rect(a.get_object()): a.get_object() for a in new.get("/Annots", []) or []}
        for annot in page.get("/Annots", []) or []:
            key = _rect(annot.get_object())
            if key in placed:
                annots[annot.idnum] = placed[key]
    return Source(pages, annots, prefix)


def _rect(annot) -> tuple:
    return tuple(round(float(v), 2) for v in annot.get("/Rect", []))


def _top(reader: PdfReader) -> list[DictionaryObject]:
    """A part's top elements: the children of its Document element (WeasyPrint writes one)."""
    root = reader.trailer["/Root"].get("/StructTreeRoot")
    kids = []
    for top in _list(root.get_object().get("/K") if root is not None else None):
        top_elem = top.get_object()
        kids += _list(top_elem.get("/K")) if top_elem.get("/S") == "/Document" else [top]
    return [kid.get_object() for kid in kids if isinstance(kid, IndirectObject)]


def add_part(tree: Tree, reader: PdfReader, source: Source) -> None:
    """Copy a part's elements into the tree, after those already there (an untagged part adds none)."""
    tree.document["/K"].extend(_copy(tree, elem, tree.ref, source) for elem in _top(reader))


def add_page(tree: Tree, reader: PdfReader, page: int, source: Source) -> None:
    """Copy the top elements of one page of a part (a card face placed on a sheet) into the tree."""
    idnum = reader.pages[page].indirect_reference.idnum
    tree.document["/K"].extend(_copy(tree, elem, tree.ref, source) for elem in _top(reader)
                               if "/Pg" in elem and elem.raw_get("/Pg").idnum == idnum)


def _list(value) -> list:
    value = value.get_object() if isinstance(value, IndirectObject) else value
    return list(value) if isinstance(value, ArrayObject) else ([] if value is None else [value])


def _copy(tree: Tree, elem: DictionaryObject, parent: IndirectObject, source: Source) -> IndirectObject:
    new = DictionaryObject()
    ref = add_object(tree.writer, new)
    for key, value in elem.items():
        if key not in ("/P", "/K", "/Pg", "/ID", "/A"):
            new[NameObject(key)] = value.get_object().clone(tree.writer)
    new[NameObject("/P")] = parent
    page = elem.raw_get("/Pg").idnum if "/Pg" in elem else None
    target = source.pages.get(page) if page is not None else None
    if target is not None:
        new[NameObject("/Pg")] = target
    if "/ID" in elem:
        new[NameObject("/ID")] = TextStringObject(source.prefix + str(elem["/ID"]))
        tree.ids[str(new["/ID"])] = ref
    if "/A" in elem:
        new[NameObject("/A")] = _attributes(elem["/A"], source.prefix, tree.writer)
    kids = ArrayObject()
    for kid in _list(elem.get("/K")):
        copied = _kid(tree, kid, ref, page, source)
        if copied is not None:
            kids.append(copied)
    new[NameObject("/K")] = kids
    return ref


def _kid(tree: Tree, kid, ref: IndirectObject, page: int | None, source: Source):
    if isinstance(kid, NumberObject | int):
        return _mark(tree, int(kid), ref, page, source)
    obj = kid.get_object()
    kind = obj.get("/Type")
    if kind == "/MCR":
        pg = obj.raw_get("/Pg").idnum if "/Pg" in obj else page
        return _mark(tree, int(obj["/MCID"]), ref, pg, source)
    if kind == "/OBJR":
        annot = source.annots.get(obj.raw_get("/Obj").idnum)
        if annot is None:
            return None
        pg = obj.raw_get("/Pg").idnum if "/Pg" in obj else page
        tree.annots.append((annot, ref))
        return add_object(tree.writer, DictionaryObject({
            NameObject("/Type"): NameObject("/OBJR"), NameObject("/Obj"): annot.indirect_reference,
            NameObject("/Pg"): source.pages.get(pg, NullObject())}))
    return _copy(tree, obj, ref, source)


def _mark(tree: Tree, mcid: int, ref: IndirectObject, page: int | None, source: Source):
    """A marked-content reference: a bare MCID on a page, an MCR naming the form it is drawn in."""
    form = source.forms.get(page)
    if form is not None:
        tree.forms.setdefault(form.idnum, (source.pages[page], {}))[1][mcid] = ref
        return DictionaryObject({NameObject("/Type"): NameObject("/MCR"), NameObject("/MCID"): NumberObject(mcid),
                                 NameObject("/Pg"): source.pages[page], NameObject("/Stm"): form})
    target = source.pages.get(page)
    if target is None:
        return None
    tree.marks.setdefault(target.idnum, {})[mcid] = ref
    return NumberObject(mcid)


def _attributes(value, prefix: str, writer: PdfWriter):
    """Attribute dictionaries copied, their table header references (/Headers) renamed like the IDs."""
    value = value.get_object()
    if isinstance(value, ArrayObject):
        return ArrayObject(_attributes(v, prefix, writer) for v in value)
    if not isinstance(value, DictionaryObject):
        return value.clone(writer)
    new = DictionaryObject({NameObject(k): v.get_object().clone(writer) for k, v in value.items() if k != "/Headers"})
    if "/Headers" in value:
        new[NameObject("/Headers")] = ArrayObject(TextStringObject(prefix + str(h)) for h in value["/Headers"])
    return new


def finish(tree: Tree) -> None:
    """Write the StructTreeRoot: the Document element, the ParentTree, the IDTree; mark the document tagged."""
    writer = tree.writer
    nums = ArrayObject()
    key = 0
    for page in writer.pages:
        marks = tree.marks.get(page.indirect_reference.idnum)
        if marks:
            page[NameObject("/StructParents")] = NumberObject(key)
            nums += [NumberObject(key), add_object(writer, _row(marks))]
            key += 1
    for form_id, (_, marks) in sorted(tree.forms.items()):
        writer.get_object(form_id)[NameObject("/StructParents")] = NumberObject(key)
        nums += [NumberObject(key), add_object(writer, _row(marks))]
        key += 1
    for annot, elem in tree.annots:
        annot[NameObject("/StructParent")] = NumberObject(key)
        nums += [NumberObject(key), elem]
        key += 1
    root = DictionaryObject({
        NameObject("/Type"): NameObject("/StructTreeRoot"), NameObject("/K"): ArrayObject([tree.ref]),
        NameObject("/ParentTree"): add_object(writer, DictionaryObject({NameObject("/Nums"): nums})),
        NameObject("/ParentTreeNextKey"): NumberObject(key),
    })
    if tree.ids:
        names = ArrayObject(v for name in sorted(tree.ids) for v in (TextStringObject(name), tree.ids[name]))
        root[NameObject("/IDTree")] = DictionaryObject({NameObject("/Names"): names})
    root_ref = add_object(writer, root)
    tree.document[NameObject("/P")] = root_ref
    catalog = writer._root_object
    catalog[NameObject("/StructTreeRoot")] = root_ref
    catalog[NameObject("/MarkInfo")] = DictionaryObject({NameObject("/Marked"): BooleanObject(True)})
    for page in writer.pages:
        if page.get("/Annots"):
            page[NameObject("/Tabs")] = NameObject("/S")


def _row(marks: dict[int, IndirectObject]) -> ArrayObject:
    return ArrayObject(marks.get(i, NullObject()) for i in range(max(marks) + 1))


def declare(writer: PdfWriter, title: str) -> None:
    """The XMP metadata PDF/UA asks for: the title, and the claim of conformance to PDF/UA-1."""
    text = title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    stream = StreamObject()
    stream.set_data(XMP.format(title=text).encode("utf-8"))
    stream.update({NameObject("/Type"): NameObject("/Metadata"), NameObject("/Subtype"): NameObject("/XML")})
    writer._root_object[NameObject("/Metadata")] = add_object(writer, stream)


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
