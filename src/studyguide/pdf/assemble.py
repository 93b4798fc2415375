"""Rendered PDF parts -> one document with pypdf: outline, cross-part links, page labels, metadata
(the parts' structure trees follow with qpdf, see `tags`)."""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass, field

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, Fit, NameObject, NullObject

from ..names import LINK_SCHEME
from .objects import close, reader, set_metadata, tag_later
from .tags import Tagging


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
    reader: PdfReader | None = field(init=False, repr=False)  # None once `merge` has copied the part

    def __post_init__(self):
        self.reader = reader(self.pdf)

    @functools.cached_property
    def pages(self) -> int:
        return len(self.reader.pages)


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


def part_outline(source: PdfReader) -> list[OutlineNode]:
    """A part's own bookmarks (as WeasyPrint wrote them) as a tree of page indexes."""
    return _outline_nodes(source, source.outline)


def _outline_nodes(source: PdfReader, items) -> list[OutlineNode]:
    # Not a nested function: a recursive closure is a reference cycle, and would keep the
    # part's reader (and every object parsed from it) alive until the next full collection.
    nodes: list[OutlineNode] = []
    for item in items:
        if isinstance(item, list):
            if nodes:
                nodes[-1].children.extend(_outline_nodes(source, item))
            continue
        top = item.get("/Top") if hasattr(item, "get") else None
        nodes.append(OutlineNode(str(item.title), source.get_destination_page_number(item),
                                 left=_number(item.get("/Left")), top=_number(top)))
    return nodes


def anchors_of(pdf: bytes) -> dict[str, int]:
    """`anchors` of a part not otherwise read: qpdf finds them ~15x faster than opening the part
    with pypdf, which reads the whole cross-reference stream in Python first."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        index = {page.objgen: number for number, page in enumerate(doc.pages)}
        names = doc.Root.get("/Names")
        dests = names.get("/Dests") if names is not None else None
        found = {}
        for name, dest in (pikepdf.NameTree(dests).items() if dests is not None else []):
            if isinstance(dest, pikepdf.Dictionary):
                dest = dest.D
            found[str(name).lstrip("/")] = index[dest[0].objgen]
        return found


def anchors(source: PdfReader) -> dict[str, int]:
    """Named destinations (HTML ids) of a part, by 0-based page index."""
    return {str(name).lstrip("/"): source.get_destination_page_number(dest)
            for name, dest in source.named_destinations.items()}


def merge(parts: list[Part], metadata: dict[str, str], duplex: bool = False) -> PdfWriter:
    """Concatenate parts (blank versos between them where `duplex` needs them); nest each part's
    outline under its title; resolve cross-part links; label the pages.

    Each part's reader is let go as soon as the part is copied (its `reader` becomes None), so a
    long document never holds every part's parsed objects beside its own."""
    writer = PdfWriter()
    starts, total = page_plan([part.pages for part in parts], [part.right for part in parts], duplex,
                              [part.pairs for part in parts])
    last: dict[int, object] = {}  # the latest bookmark at each depth of the part being continued
    tagging = Tagging()
    targets: dict[str, int] = {}
    for index, (part, offset) in enumerate(zip(parts, starts)):
        while len(writer.pages) < offset:
            _blank_page(writer)
        source = part.reader
        writer.append(source, import_outline=False)
        tagging.add_part(f"p{index}", part.pdf, offset, part.pages)
        for name, page in anchors(source).items():
            targets.setdefault(name, offset + page)
        nodes = part_outline(source)
        _let_go(writer, part, offset)
        del source
        depth = part.continues if part.continues and (part.continues - 1) in last else 0
        if depth:
            parent = last[depth - 1]
        else:
            last.clear()
            parent = writer.add_outline_item(title=part.title, page_number=offset) if part.title else None
            if parent is not None:
                last[0], depth = parent, 1
        _add_outline(writer, nodes, offset, parent, depth, last)
    while len(writer.pages) < total:
        _blank_page(writer)
    resolve_links(writer, f"{LINK_SCHEME}:", targets)
    _label_pages(writer, parts, starts, total)
    set_metadata(writer, metadata)
    tag_later(writer, tagging)
    return writer


def _let_go(writer: PdfWriter, part: Part, offset: int) -> None:
    """Forget a copied part, so its parsed objects can be freed: pypdf keeps every source alive
    until the document is written, to patch links between its pages then (a part's links point
    within the part, so they are patched now), and each copied page keeps its original
    (pinned pypdf: no public call for any of this)."""
    writer._resolve_links()
    writer._unresolved_links.clear()
    writer._merged_in_pages.clear()
    writer._id_translated.pop(id(part.reader), None)
    for page in writer.pages[offset:offset + part.pages]:
        page.original_page = None
    close(part.reader)
    part.reader = None


def _blank_page(writer: PdfWriter) -> None:
    """A blank verso the size of the page before it: nothing printed, not even a page number."""
    previous = writer.pages[-1]
    box = previous.mediabox
    page = writer.add_blank_page(float(box.width), float(box.height))
    trim = previous.get("/TrimBox")  # not previous.trimbox, which would write a box into the page
    if trim is not None and any(abs(float(a) - float(b)) > 0.01 for a, b in zip(trim.get_object(), box)):
        for key in ("/MediaBox", "/TrimBox", "/BleedBox"):  # a bleed (the press edition): the same boxes
            if key in previous:
                page[NameObject(key)] = ArrayObject(previous[key])


def _number(value) -> float | None:
    return None if value is None or isinstance(value, NullObject) else float(value)


def _add_outline(writer: PdfWriter, nodes: list[OutlineNode], offset: int, parent, depth: int,  # noqa: PLR0913
                 last: dict[int, object]) -> None:
    for node in nodes:
        # The bookmark opens at its heading, not at the top of the page (as the part had it).
        fit = Fit.xyz(node.left, node.top) if node.top is not None else Fit.fit()
        item = writer.add_outline_item(title=node.title, page_number=offset + node.page, parent=parent, fit=fit)
        last[depth] = item
        for deeper in [d for d in last if d > depth]:
            del last[deeper]
        _add_outline(writer, node.children, offset, item, depth + 1, last)


def resolve_links(writer: PdfWriter, prefix: str, targets: dict[str, int]) -> None:
    """Turn every link to '<prefix><name>' into a jump to the page (0-based) `targets` gives the name.

    A name without a target loses its action: the link simply does nothing rather than leave
    the document."""
    for page in writer.pages:
        for ref in page.get("/Annots", []) or []:
            annot = ref.get_object()
            action = annot.get("/A")
            uri = str(action.get_object().get("/URI", "")) if action is not None else ""
            if not uri.startswith(prefix):
                continue
            target = targets.get(uri[len(prefix):])
            del annot[NameObject("/A")]
            if target is None:
                continue
            annot[NameObject("/Dest")] = ArrayObject([
                writer.pages[target].indirect_reference, NameObject("/XYZ"),
                NullObject(), NullObject(), NullObject(),
            ])


def _label_pages(writer: PdfWriter, parts: list[Part], starts: list[int], total: int) -> None:
    """One run of numbers from each labelled part to the next (its blank versos included)."""
    runs = [(start, part.label) for part, start in zip(parts, starts) if part.label is not None]
    for (start, label), (end, _) in zip(runs, runs[1:] + [(total, None)]):
        writer.set_page_label(start, end - 1, style="/D", prefix=label or None, start=1)
