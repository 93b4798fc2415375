"""Rendered PDF parts -> one document with pypdf: outline, links, page labels, stamps, metadata."""

from __future__ import annotations

import datetime as dt
import functools
import io
import os
from dataclasses import dataclass, field

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject, NameObject, NullObject,
)

from .render import LINK_SCHEME


@dataclass
class Part:
    """One rendered part placed in a document."""

    pdf: bytes
    title: str | None = None  # outline entry for the whole part; None lifts its own entries up
    label: str | None = None  # page-label prefix shown by viewers, e.g. "Handout "
    continues: bool = False  # a later run of the previous part's chapter: its bookmarks nest there
    reader: PdfReader = field(init=False, repr=False)

    def __post_init__(self):
        self.reader = PdfReader(io.BytesIO(self.pdf))

    @functools.cached_property
    def pages(self) -> int:
        return len(self.reader.pages)

    @property
    def key(self) -> str:
        import hashlib

        return hashlib.sha256(self.pdf).hexdigest()


@dataclass
class OutlineNode:
    title: str
    page: int  # 0-based page index inside its part
    children: list["OutlineNode"] = field(default_factory=list)


def part_outline(reader: PdfReader) -> list[OutlineNode]:
    """A part's own bookmarks (as WeasyPrint wrote them) as a tree of page indexes."""

    def walk(items) -> list[OutlineNode]:
        nodes: list[OutlineNode] = []
        for item in items:
            if isinstance(item, list):
                if nodes:
                    nodes[-1].children.extend(walk(item))
                continue
            nodes.append(OutlineNode(str(item.title), reader.get_destination_page_number(item)))
        return nodes

    return walk(reader.outline)


def anchors(reader: PdfReader) -> dict[str, int]:
    """Named destinations (HTML ids) of a part, by 0-based page index."""
    return {str(name).lstrip("/"): reader.get_destination_page_number(dest)
            for name, dest in reader.named_destinations.items()}


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
    last_top = None
    for part in parts:
        writer.append(part.reader, import_outline=False)
        if outline:
            nodes = part_outline(part.reader)
            if part.continues and last_top is not None:
                parent = last_top
            else:
                parent = writer.add_outline_item(title=part.title, page_number=offset) if part.title else None
            added = _add_outline(writer, nodes, offset, parent)
            if not part.continues:
                last_top = parent if parent is not None else (added[-1] if added else None)
        offset += part.pages
    _resolve_links(writer, anchor_pages(parts))
    _label_pages(writer, parts)
    set_metadata(writer, metadata)
    return writer


def _add_outline(writer: PdfWriter, nodes: list[OutlineNode], offset: int, parent) -> list:
    items = []
    for node in nodes:
        item = writer.add_outline_item(title=node.title, page_number=offset + node.page, parent=parent)
        _add_outline(writer, node.children, offset, item)
        items.append(item)
    return items


def _resolve_links(writer: PdfWriter, targets: dict[str, int]) -> None:
    # Parts link to each other through 'studyguide:<anchor>' URIs; turn each into a jump
    # to the page that now holds the anchor.
    prefix = f"{LINK_SCHEME}:"
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
                continue  # the link simply does nothing rather than leave the document
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


def set_metadata(writer: PdfWriter, metadata: dict[str, str]) -> None:
    info = {f"/{key}": value for key, value in metadata.items() if value}
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        # Dates only when the build asks for them, so outputs stay byte-identical.
        stamp = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).strftime("D:%Y%m%d%H%M%SZ")
        info["/CreationDate"] = stamp
        info["/ModDate"] = stamp
    writer.add_metadata(info)


STAMP = "/StudyguideStamp"


def stamp_pages(writer: PdfWriter, overlay_pdf: bytes | list[bytes], first: int = 0) -> None:
    """Draw page i of the overlay over page i of the document, from page `first` on; the
    overlay may come in pieces (a list of PDFs whose pages follow each other).

    Each overlay page becomes a form XObject that the page draws last. Unlike merging content
    streams, this never parses the page's own drawing, so it costs the same for any page."""
    pieces = [overlay_pdf] if isinstance(overlay_pdf, bytes) else overlay_pdf
    overlay = [page for piece in pieces for page in PdfReader(io.BytesIO(piece)).pages]
    opening = add_stream(writer, b"q\n")
    closing = add_stream(writer, f"Q\nq {STAMP} Do Q\n".encode())
    for index in range(first, len(writer.pages)):
        page, source = writer.pages[index], overlay[index]
        form = DecodedStreamObject()
        form.set_data(source.get_contents().get_data())
        form.update({
            NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject(FloatObject(float(v)) for v in source.mediabox),
            # the overlay's fonts are shared by all its pages: cloned into the document once
            NameObject("/Resources"): source["/Resources"].clone(writer),
        })
        form = form.flate_encode()
        # Pages of one part share a resource dictionary; each page gets its own (shallow)
        # copy, since each draws a different stamp under the same name.
        resources = DictionaryObject(page["/Resources"].get_object()) if "/Resources" in page else DictionaryObject()
        xobjects = DictionaryObject(resources["/XObject"].get_object()) if "/XObject" in resources else DictionaryObject()
        xobjects[NameObject(STAMP)] = writer._add_object(form)
        resources[NameObject("/XObject")] = xobjects
        page[NameObject("/Resources")] = resources
        # The page's own drawing is closed off (q ... Q) so its transforms cannot move the stamp.
        contents = page.get("/Contents")
        old = [] if contents is None else (list(contents) if isinstance(contents, ArrayObject)
                                           else [page.raw_get("/Contents")])
        page[NameObject("/Contents")] = ArrayObject([opening, *old, closing])


def add_stream(writer: PdfWriter, data: bytes):
    """A compressed content stream added to the document, for pages to draw."""
    stream = DecodedStreamObject()
    stream.set_data(data)
    return writer._add_object(stream.flate_encode())


def to_bytes(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
