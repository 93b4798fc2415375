"""Rendered PDF parts -> one document with pypdf: outline, cross-part links, page labels, metadata."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, NameObject, NullObject

from ..names import LINK_SCHEME
from .objects import reader, set_metadata


@dataclass
class Part:
    """One rendered part placed in a document."""

    pdf: bytes
    title: str | None = None  # outline entry for the whole part; None lifts its own entries up
    label: str | None = None  # page-label prefix shown by viewers, e.g. "Handout "
    # A later run of the previous part's chapter: its bookmarks nest under the chapter (1) or
    # under the chapter's last section (2); 0 for a part that starts afresh.
    continues: int = 0
    reader: PdfReader = field(init=False, repr=False)

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


def part_outline(source: PdfReader) -> list[OutlineNode]:
    """A part's own bookmarks (as WeasyPrint wrote them) as a tree of page indexes."""

    def walk(items) -> list[OutlineNode]:
        nodes: list[OutlineNode] = []
        for item in items:
            if isinstance(item, list):
                if nodes:
                    nodes[-1].children.extend(walk(item))
                continue
            nodes.append(OutlineNode(str(item.title), source.get_destination_page_number(item)))
        return nodes

    return walk(source.outline)


def anchors(source: PdfReader) -> dict[str, int]:
    """Named destinations (HTML ids) of a part, by 0-based page index."""
    return {str(name).lstrip("/"): source.get_destination_page_number(dest)
            for name, dest in source.named_destinations.items()}


def anchor_pages(parts: list[Part]) -> dict[str, int]:
    """Every anchor of every part, by 0-based page index in the assembled document."""
    result: dict[str, int] = {}
    offset = 0
    for part in parts:
        for name, page in anchors(part.reader).items():
            result.setdefault(name, offset + page)
        offset += part.pages
    return result


def merge(parts: list[Part], metadata: dict[str, str], outline: bool = True) -> PdfWriter:
    """Concatenate parts; nest each part's outline under its title; resolve cross-part links."""
    writer = PdfWriter()
    offset = 0
    last: dict[int, object] = {}  # the latest bookmark at each depth of the part being continued
    for part in parts:
        writer.append(part.reader, import_outline=False)
        if outline:
            nodes = part_outline(part.reader)
            depth = part.continues if part.continues and (part.continues - 1) in last else 0
            if depth:
                parent = last[depth - 1]
            else:
                last.clear()
                parent = writer.add_outline_item(title=part.title, page_number=offset) if part.title else None
                if parent is not None:
                    last[0], depth = parent, 1
            _add_outline(writer, nodes, offset, parent, depth, last)
        offset += part.pages
    resolve_links(writer, f"{LINK_SCHEME}:", anchor_pages(parts))
    _label_pages(writer, parts)
    set_metadata(writer, metadata)
    return writer


def _add_outline(writer: PdfWriter, nodes: list[OutlineNode], offset: int, parent, depth: int,  # noqa: PLR0913
                 last: dict[int, object]) -> None:
    for node in nodes:
        item = writer.add_outline_item(title=node.title, page_number=offset + node.page, parent=parent)
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


def _label_pages(writer: PdfWriter, parts: list[Part]) -> None:
    offset = 0
    for part in parts:
        if part.label is not None:
            writer.set_page_label(offset, offset + part.pages - 1, style="/D",
                                  prefix=part.label or None, start=1)
        offset += part.pages
