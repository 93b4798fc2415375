"""Pages of another tagged PDF added after a finished document's last page by an incremental update."""

from __future__ import annotations

from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NullObject,
    NumberObject,
    PdfObject,
    StreamObject,
    TextStringObject,
)

from .assemble import anchors_of, part_outline
from .objects import reader
from .renumber import Copier, annots, as_list, outline_items, own, ref, rows, shallow
from .update import Base, append_update


@dataclass(frozen=True)
class Run:
    """Source pages [start, end) added as one part: an outline entry and a run of page labels."""

    start: int
    end: int
    title: str
    label: str  # the page-label prefix
    length: int = 0  # pages it takes, blank ones after the source's (never fewer than the source's)
    number: int = 1  # the label of its first page


@dataclass(frozen=True)
class Tail:
    """What each copy gets after the base's pages: a page range of one of `pdfs`."""

    pdfs: tuple[bytes, ...]
    ranges: tuple[tuple[int, int, int], ...]  # copy i: pages [start, end) of pdfs[source], as (source, start, end)
    length: int  # pages each copy gets: blank ones after a shorter range, so every copy has as many
    title: str  # its outline entry
    label: str  # its page-label prefix; its pages are numbered from 1
    link: str  # the URI the base's links to the tail carry until a copy points them at its first page

    def run(self, index: int) -> tuple[int, Run]:
        """Copy `index`'s source document and the run of its pages the copy gets."""
        source, start, end = self.ranges[index]
        return source, Run(start, end, self.title, self.label, self.length)


def appended(base: bytes, source: bytes, runs: tuple[Run, ...]) -> bytes:
    """`base` and, in one incremental update, the runs of `source`'s pages after its own."""
    start = Base(base)
    packed = reader(start.data)
    objects, _ = Graft(packed, source).add(list(runs), start.size)
    return append_update(start, objects, packed.trailer.raw_get("/Info").idnum)


class Graft:
    """A base and a source read once; `add(runs, first)` gives the update that puts runs of the source's
    pages after the base's: pages (each drawing the overlay, when there is one), page labels, outline
    entries and structure elements, and the base's links to `link` pointed at the first page added."""

    def __init__(self, base: PdfReader, source: bytes, overlay: tuple[str, int, str] | None = None,
                 link: str | None = None):
        self.overlay = overlay  # (resource name, form number, matrix): a form each added page draws last
        self.source = reader(source)
        root = base.trailer["/Root"]
        self.root, self.catalog = base.trailer.raw_get("/Root").idnum, root
        self.pages_ref = root.raw_get("/Pages")
        self.count = len(base.pages)
        struct = root.get("/StructTreeRoot")
        self.struct = struct
        self.struct_ref = root.raw_get("/StructTreeRoot") if struct is not None else None
        self.document = as_list(struct.raw_get("/K"))[0] if struct is not None else None
        self.box = self.source.pages[0].mediabox
        self.links = [(ref.idnum, ref.get_object()) for ref in base.pages[0].get("/Annots", []) or []
                      if link and str((ref.get_object().get("/A") or {}).get("/URI", "")) == link]
        self.named = anchors_of(source)
        self.rows = rows(self.source) if struct is not None else {}
        self.outline = part_outline(source)
        source_root = self.source.trailer["/Root"]
        self.premapped = {self.source.trailer.raw_get("/Root").idnum: self.root}
        node = self.source.pages[0].get_object()
        while "/Parent" in node:  # every page-tree node above the source's pages stands for the base's root
            self.premapped[node.raw_get("/Parent").idnum] = self.pages_ref.idnum
            node = node["/Parent"]
        if struct is not None and "/StructTreeRoot" in source_root:
            source_struct = source_root["/StructTreeRoot"]
            self.premapped[source_root.raw_get("/StructTreeRoot").idnum] = self.struct_ref.idnum
            for top in as_list(source_struct.raw_get("/K")):
                self.premapped[top.idnum] = self.document.idnum

    def add(self, runs: list[Run], first: int) -> tuple[dict[int, PdfObject], int]:
        """The update's objects (new ones numbered from `first`, and the base's it changes); the next free number."""
        sources = [list(range(run.start, run.end)) for run in runs]
        inside = {self.source.pages[i].indirect_reference.idnum for indexes in sources for i in indexes}
        copier = Copier(self.premapped, {page.indirect_reference.idnum for page in self.source.pages} - inside, first)
        where = {i: copier.ref(self.source.pages[i].indirect_reference).idnum for indexes in sources for i in indexes}
        blanks = []
        for run, indexes in zip(runs, sources):
            blanks.append(list(range(copier.next, copier.next + max(0, run.length - len(indexes)))))
            copier.next += len(blanks[-1])
        tops = self._top_elements(inside, copier)
        copier.run()
        out = copier.objects
        extra = self._drawing(out, copier)
        for number in where.values():
            self._place(out, out[number], extra)
        for number in (n for numbers in blanks for n in numbers):
            out[number] = self._blank(extra)
        refs = [[where[i] for i in indexes] + numbers for indexes, numbers in zip(sources, blanks)]
        self._dests(out, where)
        self._structure(out, copier, [self.source.pages[i] for i in where], tops, list(where.values()))
        self._outline(out, copier, runs, refs, where)
        self._catalog(out, runs, refs)
        for number, annot in self.links:  # the welcome page's links to the tail now go to its first page
            link = DictionaryObject({k: v for k, v in annot.items() if k != "/A"})
            link[NameObject("/Dest")] = ArrayObject([ref(refs[0][0]), NameObject("/XYZ"), NullObject(), NullObject(),
                                                     NullObject()])
            out[number] = link
        return out, copier.next

    def _top_elements(self, inside: set[int], copier: Copier) -> list[IndirectObject]:
        if self.struct is None:
            return []
        struct = self.source.trailer["/Root"]["/StructTreeRoot"]
        found = []
        for top in as_list(struct.raw_get("/K")):
            for kid in as_list(top.get_object().raw_get("/K")):
                elem = kid.get_object() if isinstance(kid, IndirectObject) else None
                if elem is not None and "/Pg" in elem and elem.raw_get("/Pg").idnum in inside:
                    found.append(copier.ref(kid))
        return found

    def _drawing(self, out: dict, copier: Copier) -> tuple[list[IndirectObject], PdfObject | None]:
        """The streams each page draws around its own (the overlay last, as an artifact)."""
        if self.overlay is None:
            return [], None
        name, form, matrix = self.overlay
        opening, closing = copier.next, copier.next + 1
        copier.next += 2
        for number, data in ((opening, b"q\n"), (closing, f"Q\n/Artifact BMC q {matrix} cm {name} Do Q EMC\n".encode())):
            stream = StreamObject()
            stream._data = data
            out[number] = stream
        return [ref(opening), ref(closing)], (NameObject(name), ref(form))

    def _place(self, out: dict, page: DictionaryObject, extra) -> None:
        page[NameObject("/Parent")] = self.pages_ref
        streams, xobject = extra
        if not streams:
            return
        contents = page.raw_get("/Contents") if "/Contents" in page else None
        listed = own(out, contents) if isinstance(own(out, contents), ArrayObject) else None
        old = list(listed) if listed is not None else ([] if contents is None else [contents])
        page[NameObject("/Contents")] = ArrayObject([streams[0], *old, streams[1]])
        resources = shallow(own(out, page.raw_get("/Resources")) if "/Resources" in page else {})
        xobjects = shallow(own(out, resources.raw_get("/XObject")) if "/XObject" in resources else {})
        xobjects[xobject[0]] = xobject[1]
        resources[NameObject("/XObject")] = xobjects
        page[NameObject("/Resources")] = resources

    def _blank(self, extra) -> DictionaryObject:
        page = DictionaryObject({NameObject("/Type"): NameObject("/Page"), NameObject("/MediaBox"): self.box,
                                 NameObject("/Resources"): DictionaryObject()})
        self._place({}, page, extra)
        return page

    def _dests(self, out: dict, where: dict[int, int]) -> None:
        """Links to a named destination become jumps to the page it is on (the base has no such names);
        one whose page was not added does nothing."""
        for number in where.values():
            for link in annots(out, out[number]):
                annot = out[link.idnum]
                dest = annot.get("/Dest")
                if not isinstance(dest, str):
                    continue
                target = where.get(self.named.get(str(dest), -1))
                del annot[NameObject("/Dest")]
                if target is not None:
                    annot[NameObject("/Dest")] = ArrayObject([ref(target), NameObject("/XYZ"),
                                                              NullObject(), NullObject(), NullObject()])

    def _structure(self, out: dict, copier: Copier, pages, tops: list, new_pages: list[int]) -> None:
        """The copied elements under the base's Document element; ParentTree keys for their pages and links."""
        if self.struct is None or not tops:
            return
        struct, tree = self.struct, self.struct["/ParentTree"]
        nums = ArrayObject(tree["/Nums"])
        key = int(struct.get("/ParentTreeNextKey", len(nums) // 2))
        for page, number in zip(pages, new_pages):
            if "/StructParents" in page:
                out[number][NameObject("/StructParents")] = NumberObject(key)
                nums += [NumberObject(key), copier.value(self.rows[int(page["/StructParents"])])]
                key += 1
        for number in new_pages:
            for link in annots(out, out[number]):
                annot = out[link.idnum]
                if "/StructParent" in annot:
                    nums += [NumberObject(key), copier.value(self.rows[int(annot["/StructParent"])])]
                    annot[NameObject("/StructParent")] = NumberObject(key)
                    key += 1
                if "/Tabs" not in out[number]:
                    out[number][NameObject("/Tabs")] = NameObject("/S")
        copier.run()  # rows hold direct references only, but a row given as its own object is copied here
        new_tree = shallow(tree)
        new_tree[NameObject("/Nums")] = nums
        out[struct.raw_get("/ParentTree").idnum] = new_tree
        new_struct = shallow(struct)
        new_struct[NameObject("/ParentTreeNextKey")] = NumberObject(key)
        if copier.ids:
            old = list(struct.get("/IDTree", {}).get("/Names", []))
            pairs = sorted([(str(old[i]), old[i + 1]) for i in range(0, len(old), 2)] + copier.ids,
                           key=lambda pair: pair[0])
            new_struct[NameObject("/IDTree")] = DictionaryObject({NameObject("/Names"): ArrayObject(
                v for name, ref in pairs for v in (TextStringObject(name), ref))})
        out[self.struct_ref.idnum] = new_struct
        document = shallow(self.document.get_object())
        document[NameObject("/K")] = ArrayObject([*as_list(document.raw_get("/K")), *tops])
        out[self.document.idnum] = document

    def _outline(self, out: dict, copier: Copier, runs: list[Run], refs: list[list[int]],
                 where: dict[int, int]) -> None:
        """An outline entry for each run at the end of the base's outline, the run's own bookmarks under it."""
        outlines = self.catalog.get("/Outlines")
        if outlines is None:
            return
        root = self.catalog.raw_get("/Outlines")
        new_root = shallow(outlines)
        last = outlines.raw_get("/Last") if "/Last" in outlines else None
        count = int(outlines.get("/Count", 0))
        for run, pages in zip(runs, refs):
            item = copier.next
            copier.next += 1
            entry = DictionaryObject({NameObject("/Title"): TextStringObject(run.title), NameObject("/Parent"): root,
                                      NameObject("/Dest"): ArrayObject([ref(pages[0]), NameObject("/Fit")])})
            nodes = [node for node in self.outline if run.start <= node.page < run.end]
            count += 1 + outline_items(out, copier, entry, item, nodes, where)
            if last is None:
                new_root[NameObject("/First")] = ref(item)
            else:
                entry[NameObject("/Prev")] = last
                previous = out.get(last.idnum) or shallow(last.get_object())
                previous[NameObject("/Next")] = ref(item)
                out[last.idnum] = previous
            out[item] = entry
            last = ref(item)
        new_root[NameObject("/Last")] = last
        new_root[NameObject("/Count")] = NumberObject(count)
        out[root.idnum] = new_root
    def _catalog(self, out: dict, runs: list[Run], refs: list[list[int]]) -> None:
        """The base's page tree with the new pages after its own, and a page-label run for each run."""
        added = [ref(n) for pages in refs for n in pages]
        tree = shallow(self.pages_ref.get_object())
        tree[NameObject("/Kids")] = ArrayObject([*tree["/Kids"], *added])
        tree[NameObject("/Count")] = NumberObject(self.count + len(added))
        out[self.pages_ref.idnum] = tree
        catalog = shallow(self.catalog)
        labels = self.catalog.get("/PageLabels")
        nums = list(labels["/Nums"]) if labels is not None else []
        at = self.count
        for run, pages in zip(runs, refs):
            nums += [NumberObject(at), DictionaryObject({
                NameObject("/S"): NameObject("/D"), NameObject("/P"): TextStringObject(run.label),
                NameObject("/St"): NumberObject(run.number)})]
            at += len(pages)
        catalog[NameObject("/PageLabels")] = DictionaryObject({NameObject("/Nums"): ArrayObject(nums)})
        out[self.root] = catalog

