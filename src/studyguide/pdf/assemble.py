"""Rendered PDF parts -> one document with qpdf: outline, cross-part links, page labels, metadata
(the parts' structure trees follow as the document is packed, see `tags`)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import pikepdf
from pikepdf import Array, Dictionary, Name, OutlineItem, PageLocation

from ..names import LINK_SCHEME
from ..stored import Stored
from .assembly import Assembly, blank_page, copy_pages, describe
from .objects import qpdf_input


@dataclass
class Part:
    """One rendered part placed in a document."""

    pdf: bytes
    title: str | None = None  # outline entry for the whole part; None lifts its own entries up
    # Page labels: a prefix ("Handout ", or "" for plain numbers) starts a new run of numbers at
    # 1 on this part's first page; None goes on counting the pages before it.
    label: str | None = None
    # A later run of the previous part's chapter: its bookmarks nest under the chapter (1) or
    # under the chapter's last section (2); 0 for a part that starts afresh.
    continues: int = 0
    right: bool = False  # printed two-sided, it opens on a right-hand (odd) page
    pairs: bool = False  # pages meant as fronts and backs (card sheets): an odd page, however printed


@dataclass
class OutlineNode:
    title: str
    page: int  # 0-based page index inside its part
    children: list[OutlineNode] = field(default_factory=list)
    left: float | None = None  # where on the page the bookmark points (its heading's top left)
    top: float | None = None


def page_plan(sizes: list[int], right: list[bool], duplex: bool, pairs: list[bool] | None = None) -> tuple[list[int], int]:
    """Where each part starts (0-based) and the document's length, once blank versos are put in
    for the parts that open on a right-hand page and, two-sided, to make the count even."""
    starts, page = [], 0
    for size, opens_right, paired in zip(sizes, right, pairs or [False] * len(sizes)):
        page += (duplex and opens_right or paired) and page % 2
        starts.append(page)
        page += size
    return starts, page + (duplex and page % 2)


def part_outline(pdf: bytes) -> list[OutlineNode]:
    """A part's own bookmarks (as WeasyPrint wrote them) as a tree of page indexes."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        return outline_of(doc)


def outline_of(doc: pikepdf.Pdf) -> list[OutlineNode]:
    """An open document's bookmarks as a tree of page indexes."""
    index = {page.objgen: number for number, page in enumerate(doc.pages)}
    return _outline_nodes(pikepdf.Outline(doc).root, index)  # read only: not as a context, which writes it back


def _outline_nodes(items, index: dict) -> list[OutlineNode]:
    nodes = []
    for item in items:
        dest = item.destination
        if dest is None and item.action is not None and item.action.get(Name.S) == Name.GoTo:
            dest = item.action.get(Name.D)
        if not isinstance(dest, Array) or not len(dest) or dest[0].objgen not in index:
            continue  # a named or broken destination: WeasyPrint writes neither
        xyz = len(dest) > 3 and dest[1] == Name.XYZ
        place = [None if v is None else float(v) for v in list(dest)[2:4]] if xyz else [None, None]
        nodes.append(OutlineNode(str(item.title), index[dest[0].objgen], _outline_nodes(item.children, index),
                                 left=place[0], top=place[1]))
    return nodes


def anchors_of(pdf: bytes | Stored) -> dict[str, int]:
    """Named destinations (HTML ids) of a part, by 0-based page index."""
    with pikepdf.open(qpdf_input(pdf)) as doc:
        return {name: page for name, (page, _) in destinations(doc).items()}


def destinations(doc: pikepdf.Pdf) -> dict[str, tuple[int, list]]:
    """A document's named destinations: name -> (0-based page, the rest of its destination array)."""
    index = {page.objgen: number for number, page in enumerate(doc.pages)}
    names = doc.Root.get(Name.Names)
    dests = names.get(Name.Dests) if names is not None else None
    found = {}
    for name, dest in (pikepdf.NameTree(dests).items() if dests is not None else []):
        if isinstance(dest, Dictionary):
            dest = dest.D
        found[str(name).lstrip("/")] = (index[dest[0].objgen], list(dest)[1:])
    return found


def merge(parts: list[Part], metadata: dict[str, str], duplex: bool = False) -> Assembly:
    """Concatenate parts (blank versos between them where `duplex` needs them); nest each part's
    outline under its title; resolve cross-part links; label the pages. `assembly.finish`
    makes the file."""
    doc = Assembly()
    try:
        sources = [doc.open(part.pdf) for part in parts]
        starts, total = page_plan([len(source.pages) for source in sources], [part.right for part in parts], duplex,
                                  [part.pairs for part in parts])
        named: dict[str, tuple[int, list]] = {}
        outline = _Outline()
        for index, (part, source, offset) in enumerate(zip(parts, sources, starts)):
            while len(doc.pdf.pages) < offset:
                blank_page(doc.pdf)
            for name, (page, place) in destinations(source).items():
                named.setdefault(name, (offset + page, place))
            copy_pages(doc.pdf, source)
            doc.tagging.add_part(f"p{index}", part.pdf, offset, len(source.pages))
            outline.add(part, outline_of(source), offset)
        while len(doc.pdf.pages) < total:
            blank_page(doc.pdf)
        _name_destinations(doc.pdf, named)
        targets = {name: page for name, (page, _) in named.items()}
        with doc.pdf.open_outline() as tree:
            tree.root.extend(outline.root)
        if Name.Outlines not in doc.pdf.Root:  # an empty one: pages added later (a copy's own) add theirs to it
            doc.pdf.Root.Outlines = doc.pdf.make_indirect(Dictionary(Type=Name.Outlines, Count=0))
        resolve_links(doc, f"{LINK_SCHEME}:", targets)
        _label_pages(doc.pdf, parts, starts)
        describe(doc.pdf, metadata)
    except BaseException:
        doc.close()
        raise
    return doc


class _Outline:
    """The document's bookmarks as they are added part by part."""

    def __init__(self):
        self.root: list[OutlineItem] = []
        self.last: dict[int, OutlineItem] = {}  # the latest bookmark at each depth of the part being continued

    def add(self, part: Part, nodes: list[OutlineNode], offset: int) -> None:
        depth = part.continues if part.continues and (part.continues - 1) in self.last else 0
        if depth:
            parent = self.last[depth - 1]
        else:
            self.last.clear()
            parent = OutlineItem(part.title, offset) if part.title else None
            if parent is not None:
                self.root.append(parent)
                self.last[0], depth = parent, 1
        self._nodes(nodes, offset, parent, depth)

    def _nodes(self, nodes: list[OutlineNode], offset: int, parent, depth: int) -> None:
        for node in nodes:
            # The bookmark opens at its heading, not at the top of the page (as the part had it).
            item = (OutlineItem(node.title, offset + node.page, PageLocation.XYZ, left=node.left, top=node.top)
                    if node.top is not None else OutlineItem(node.title, offset + node.page))
            (parent.children if parent is not None else self.root).append(item)
            self.last[depth] = item
            for deeper in [d for d in self.last if d > depth]:
                del self.last[deeper]
            self._nodes(node.children, offset, item, depth + 1)


def resolve_links(doc: Assembly, prefix: str, targets: dict[str, int]) -> None:
    """Turn every link to '<prefix><name>' into a jump to the page (0-based) `targets` gives the name.

    A name without a target loses its action: the link simply does nothing rather than leave
    the document."""
    pages = doc.pdf.pages
    for page in pages:
        for annot in page.obj.get(Name.Annots, ()):
            action = annot.get(Name.A)
            uri = str(action.get(Name.URI, "")) if action is not None else ""
            if not uri.startswith(prefix):
                continue
            target = targets.get(uri[len(prefix):])
            del annot.A
            if target is not None:
                annot.Dest = Array([pages[target].obj, Name.XYZ, None, None, None])


def _name_destinations(pdf: pikepdf.Pdf, named: dict[str, tuple[int, list]]) -> None:
    """The parts' named destinations (their HTML ids: `guide.pdf#chapter-aws` opens there), the
    first part naming one keeping it."""
    if not named:
        return
    tree = pikepdf.NameTree.new(pdf)
    pages = [page.obj for page in pdf.pages]  # once: pdf.pages[i] costs a tenth of a millisecond
    for name in sorted(named):
        page, place = named[name]
        tree[name] = Array([pages[page], *place])
    pdf.Root.Names = Dictionary(Dests=tree.obj)


def _label_pages(pdf: pikepdf.Pdf, parts: list[Part], starts: list[int]) -> None:
    """One run of numbers from each labelled part to the next (its blank versos included); pages
    before the first run are numbered plainly."""
    runs = [(start, part.label) for part, start in zip(parts, starts) if part.label is not None]
    if not runs:
        return
    nums = [] if runs[0][0] == 0 else [0, Dictionary(S=Name.D)]
    for start, label in runs:
        style = Dictionary(S=Name.D, St=1)
        if label:
            style.P = pikepdf.String(label)
        nums += [start, style]
    pdf.Root.PageLabels = Dictionary(Nums=Array(nums))
