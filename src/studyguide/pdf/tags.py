"""The parts' structure trees grafted onto an assembled document with qpdf, as the document is packed.

pypdf copies pages but not a part's /StructTreeRoot, and copying tens of thousands of elements
one by one in Python cost nine tenths of an assembly. So pypdf never sees them: it records where
each part's pages went (`Tagging`), and once its file is written, qpdf copies the elements across
(`graft`). Each part's pages and annotations are first swapped for small stubs naming their
page, so that copying elements copies nothing else; one walk over the copies then points them
at the document's own pages, annotations and forms, and the ParentTree is built afresh (a key per
page, then per form, then per annotation), so the parts' numbering never meets.
"""

from __future__ import annotations

import contextlib
import html
import io
from collections.abc import Iterator
from dataclasses import dataclass, field

import pikepdf
from pikepdf import Array, Dictionary, Name

XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
<pdfuaid:part>1</pdfuaid:part>
</rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>"""
_PAGE, _ANNOT, _FORM = "/SGPage", "/SGAnnot", "/SGForm"  # the stubs' keys: never written, the stubs are let go


@dataclass
class Tagging:
    """What an assembled document's structure tree is made of, in reading order."""

    parts: dict[str, bytes] = field(default_factory=dict)  # part key -> its PDF
    # (part, page): the elements of one page of the part (a card face); (part, None): the whole part.
    steps: list[tuple[str, int | None]] = field(default_factory=list)
    # (part, page) -> (document page, name of the form drawing it there, or None: the page itself).
    where: dict[tuple[str, int], tuple[int, str | None]] = field(default_factory=dict)

    def add_part(self, key: str, pdf: bytes, first: int, pages: int) -> None:
        """A part whose pages were appended as they are, from document page `first` on."""
        self.parts[key] = pdf
        self.steps.append((key, None))
        self.where.update({(key, page): (first + page, None) for page in range(pages)})


class _Source:
    """One part opened with qpdf, its pages and annotations swapped for stubs."""

    def __init__(self, pdf: bytes):
        self.pdf = pikepdf.open(io.BytesIO(pdf))
        index = {page.obj.objgen: number for number, page in enumerate(self.pdf.pages)}
        root = self.pdf.Root.get(Name.StructTreeRoot)
        self.tops = [top for top in tops(root) if top.is_indirect]
        self.on_page: dict[int, list] = {}
        for top in self.tops:
            page = top.get(Name.Pg)
            if page is not None:
                self.on_page.setdefault(index[page.objgen], []).append(top)
        for page, number in index.items():
            obj = self.pdf.get_object(page)
            for annot in listed(obj.get(Name.Annots)):
                if annot.is_indirect:
                    self.pdf._replace_object(annot.objgen, Dictionary({_ANNOT: Array([number, *_rect(annot)])}))
            # A tagged form the page draws (a card face on a sheet of cards) is known by its name there.
            for name, form in obj.get(Name.Resources, Dictionary()).get(Name.XObject, Dictionary()).items():
                if form.is_indirect and Name.StructParents in form:
                    self.pdf._replace_object(form.objgen, Dictionary({_FORM: Array([number, Name(name)])}))
            self.pdf._replace_object(page, Dictionary({_PAGE: number}))
        if root is not None and root.is_indirect:  # the elements' way up ends at the part's Document element
            self.pdf._replace_object(root.objgen, Dictionary())


def tops(root) -> list[Dictionary]:
    """The elements just below a structure tree's Document element (or its root, had it none)."""
    found = []
    for top in listed(root.get(Name.K) if root is not None else None):
        found += listed(top.get(Name.K)) if top.get(Name.S) == Name.Document else [top]
    return [top for top in found if isinstance(top, Dictionary)]


def listed(value) -> list:
    """An array's items, a single object as one item, nothing as none (a /K, /Annots or /Contents)."""
    return list(value) if isinstance(value, Array) else ([] if value is None else [value])


def _rect(annot) -> tuple:
    return tuple(round(float(v), 2) for v in annot.get(Name.Rect, ()))


class _Book:
    """The document's side of the graft: its pages, and who owns which mark, link and ID."""

    def __init__(self, pdf: pikepdf.Pdf, tagging: Tagging):
        self.pdf, self.tagging = pdf, tagging
        self.pages = [page.obj for page in pdf.pages]
        self.marks: dict[tuple[int, int], dict[int, Dictionary]] = {}  # page or form -> MCID -> element
        self.annots: list[tuple[Dictionary, Dictionary]] = []
        self.ids: dict[str, Dictionary] = {}
        self._links: dict[int, dict[tuple, Dictionary]] = {}
        self._places: dict[tuple[int, int], tuple[Dictionary, Dictionary | None] | None] = {}

    def place(self, key: str, stub) -> tuple[Dictionary, Dictionary | None] | None:
        """Where a part's page (its stub) is drawn: the document page, and the form drawing it."""
        found = self._places.get(stub.objgen, False)  # asked once per element: each lookup counts
        if found is False:
            place = self.tagging.where.get((key, int(stub[_PAGE])))
            page = None if place is None else self.pages[place[0]]
            found = self._places[stub.objgen] = None if page is None else (
                page, page.Resources.XObject[place[1]] if place[1] else None)
        return found

    def link(self, key: str, stub) -> tuple[Dictionary, Dictionary] | None:
        """The document's annotation that a part's annotation (its stub) became, and its page."""
        number, *rect = stub[_ANNOT]
        place = self.tagging.where.get((key, int(number)))
        if place is None or place[1] is not None:  # a page drawn as a form keeps no annotations
            return None
        if place[0] not in self._links:
            self._links[place[0]] = {_rect(a): a for a in listed(self.pages[place[0]].get(Name.Annots))}
        annot = self._links[place[0]].get(tuple(round(float(v), 2) for v in rect))
        return None if annot is None else (annot, self.pages[place[0]])

    def drawn(self, key: str, stub) -> tuple[Dictionary, Dictionary] | None:
        """The document's page and form that a part's tagged form (its stub) became, drawn under
        the same name on the page the part's page became."""
        number, name = stub[_FORM]
        place = self.tagging.where.get((key, int(number)))
        if place is None or place[1] is not None:  # a page drawn as a form itself: its forms are not followed
            return None
        page = self.pages[place[0]]
        form = page.get(Name.Resources, Dictionary()).get(Name.XObject, Dictionary()).get(name)
        return None if form is None else (page, form)

    def mark(self, owner: Dictionary, mcid: int, elem: Dictionary) -> None:
        self.marks.setdefault(owner.objgen, {})[mcid] = elem


@contextlib.contextmanager
def grafted(pdf: pikepdf.Pdf, tagging: Tagging) -> Iterator[None]:
    """Give `pdf` (pages as `tagging` says) one structure tree holding every part's elements,
    claiming PDF/UA-1 in its metadata, for as long as the block lasts: save it inside (qpdf
    reads some of what it copied from the parts only then). Untagged parts leave it untagged."""
    book, sources = _Book(pdf, tagging), {}
    document = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document))
    kids = []
    last = {key: index for index, (key, _) in enumerate(tagging.steps)}
    try:
        for index, (key, page) in enumerate(tagging.steps):
            if key not in sources:
                sources[key] = _Source(tagging.parts[key])
            for top in sources[key].tops if page is None else sources[key].on_page.get(page, []):
                kids.append(pdf.copy_foreign(top))
                _fix(book, key, kids[-1], document)
            if last[key] == index:
                # Its elements are copied, and they hold no stream (pages, annotations and forms
                # were swapped for stubs): the part is let go now, not at the end. Holding every
                # part open took a 14,000-question guide's assembly from 350 to 550 MB.
                sources.pop(key).pdf.close()
        if kids:
            document.K = Array(kids)
            _finish(book, document)
        yield
    finally:
        for source in sources.values():
            source.pdf.close()


_OBJR = Name("/OBJR")


def _fix(book: _Book, key: str, top: Dictionary, document: Dictionary) -> None:
    """Point a copied element and those below it at the document's pages, forms and annotations.

    Tens of thousands of elements pass through here: each is looked at as few times as can be,
    and its kids are written back only when one of them changed."""
    top.P = document
    todo = [top]
    while todo:
        elem = todo.pop()
        keys = elem.keys()  # one call into qpdf; asking for each key is a call each (and Name's `in` is slow)
        where = None
        stub = elem.Pg if "/Pg" in keys else None
        if stub is not None:
            where = book.place(key, stub)
            if where is None:
                del elem.Pg
            else:
                elem.Pg = where[0]
        if "/ID" in keys:
            elem.ID = pikepdf.String(f"{key}-{elem.ID}")
            book.ids[str(elem.ID)] = elem
        if "/A" in keys:
            elem.A = _attributes(elem.A, key)
        kids = elem.K if "/K" in keys else None
        if kids is None:
            continue
        listed = isinstance(kids, Array)
        fixed, changed, on_page = [], not listed, None
        for kid in kids if listed else [kids]:
            if isinstance(kid, int) and where is not None and where[1] is None:
                # Most kids: a mark on the page itself, which keeps its number (done here, inline).
                if on_page is None:
                    on_page = book.marks.setdefault(where[0].objgen, {})
                on_page[kid] = elem
                new = kid
            elif isinstance(kid, int):
                new = _mark(book, kid, elem, where)
            elif "/S" in kid.keys():
                todo.append(kid)
                new = kid
            else:
                new = _content(book, key, kid, elem, where)
            changed = changed or new is not kid
            if new is not None:
                fixed.append(new)
        if changed:
            elem.K = Array(fixed)


def _mark(book: _Book, mcid: int, elem: Dictionary, where):
    """A marked-content reference: a bare MCID on its page, an MCR naming the form it is drawn in."""
    if where is None:
        return None
    page, form = where
    book.mark(form if form is not None else page, mcid, elem)
    return mcid if form is None else Dictionary(Type=Name.MCR, MCID=mcid, Pg=page, Stm=form)


def _content(book: _Book, key: str, kid: Dictionary, elem: Dictionary, where):
    """An object or marked-content reference dictionary of `elem`, pointing at the document's objects, or None."""
    keys = kid.keys()
    if "/Type" in keys and kid.Type == _OBJR:
        found = book.link(key, kid.Obj)
        if found is None:
            return None
        book.annots.append((found[0], elem))
        kid.Obj, kid.Pg = found
        return kid
    where = book.place(key, kid.Pg) if "/Pg" in keys else where  # an MCR: on its own page, if it names one
    if "/Stm" in keys and where is not None:  # drawn in a form: the one the document's page draws
        where = book.drawn(key, kid.Stm) if _FORM in kid.Stm else None
    mark = _mark(book, int(kid.MCID), elem, where)
    if isinstance(mark, int):  # drawn on the page itself: the MCR stays, naming the document's page
        kid.Pg = where[0]
        return kid
    return mark


def _attributes(value, key: str):
    """Attribute dictionaries, their table header references (/Headers) renamed like the IDs."""
    if isinstance(value, Array):
        return Array([_attributes(v, key) for v in value])
    if isinstance(value, Dictionary) and Name.Headers in value:
        value.Headers = Array([pikepdf.String(f"{key}-{h}") for h in value.Headers])
    return value


def _finish(book: _Book, document: Dictionary) -> None:
    """The ParentTree's entries (a key per page, then per form, then per annotation) and the tree's root."""
    pdf, nums = book.pdf, []
    owners = [page for page in book.pages if page.objgen in book.marks]
    owners += [pdf.get_object(og) for og in sorted(set(book.marks) - {page.objgen for page in owners})]
    for owner in owners:
        marks = book.marks[owner.objgen]
        owner.StructParents = len(nums) // 2
        nums += [len(nums) // 2, pdf.make_indirect(Array([marks.get(i, None) for i in range(max(marks) + 1)]))]
    for annot, elem in book.annots:
        annot.StructParent = len(nums) // 2
        nums += [len(nums) // 2, elem]
    tree_root(pdf, document, nums, book.ids)
    for page in book.pages:
        if page.get(Name.Annots):
            page.Tabs = Name.S


def tree_root(pdf: pikepdf.Pdf, document: Dictionary, nums: list, ids: dict[str, Dictionary]) -> None:
    """The StructTreeRoot over the Document element: the ParentTree of `nums` (key, value, ... in
    ascending keys), the IDTree of `ids`; the document marked tagged, claiming PDF/UA-1."""
    root = pdf.make_indirect(Dictionary(
        Type=Name.StructTreeRoot, K=Array([document]), ParentTreeNextKey=int(nums[-2]) + 1 if nums else 0,
        ParentTree=pdf.make_indirect(Dictionary(Nums=Array(nums)))))
    if ids:
        root.IDTree = Dictionary(Names=Array([v for name in sorted(ids) for v in (pikepdf.String(name), ids[name])]))
    document.P = root
    pdf.Root.StructTreeRoot = root
    pdf.Root.MarkInfo = Dictionary(Marked=True)
    _declare(pdf)


def _declare(pdf: pikepdf.Pdf) -> None:
    """The XMP metadata PDF/UA asks for: the title (the one the document information gives), and
    the claim of conformance to PDF/UA-1."""
    text = html.escape(str(pdf.trailer.get(Name.Info, Dictionary()).get(Name.Title, "")), quote=False)
    stream = pikepdf.Stream(pdf, XMP.format(title=text).encode("utf-8"))
    stream.Type, stream.Subtype = Name.Metadata, Name.XML
    pdf.Root.Metadata = pdf.make_indirect(stream)
