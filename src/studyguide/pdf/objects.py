"""Small pypdf building blocks every assembled document uses: streams, forms, metadata, bytes."""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
import weakref

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    EncodedStreamObject,
    FloatObject,
    NameObject,
    TextStringObject,
)

from ..stored import Stored
from .fonts import merge_fonts
from .tags import Tagging, grafted

# The structure trees waiting for a writer's file: qpdf grafts them on as `to_bytes` packs it.
_TAGGINGS: weakref.WeakKeyDictionary[PdfWriter, Tagging] = weakref.WeakKeyDictionary()


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


class _CloneCount(logging.Filter):
    """pypdf counts a clone's objects, among them a few it copies twice where the source shares
    one, against the source's /Size, and warns on stderr ("Object count 20022 exceeds defined
    trailer size 19971", a real pack): the clone is written whole and nothing is lost."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Object count ")


def writer_of(pdf: bytes) -> PdfWriter:
    """A pypdf writer holding a copy of the whole document, to be changed and written again."""
    log, quiet = logging.getLogger("pypdf._writer"), _CloneCount()
    log.addFilter(quiet)
    try:
        return PdfWriter(clone_from=reader(pdf))
    finally:
        log.removeFilter(quiet)


def qpdf_input(pdf: bytes | Stored):
    """What qpdf opens to read a PDF: a stored one from its file (qpdf then reads only the objects
    it is asked for), bytes through a buffer."""
    return pdf.path if isinstance(pdf, Stored) else io.BytesIO(pdf)


def page_total(pdf: bytes | Stored) -> int:
    """How many pages a PDF has, read with qpdf: a tenth of the time pypdf takes on a long
    document (pypdf parses the object streams holding the page tree in Python first)."""
    import pikepdf

    with pikepdf.open(qpdf_input(pdf)) as doc:
        return len(doc.pages)


def form_names(pdf: bytes | Stored) -> list[list[str]]:
    """The names of each page's XObjects, read with qpdf: for a long document a small fraction
    of the memory and time pypdf takes, as qpdf loads objects only when they are asked for."""
    import pikepdf

    with pikepdf.open(qpdf_input(pdf)) as doc:
        names = []
        for page in doc.pages:
            xobjects = page.obj.get("/Resources", pikepdf.Dictionary()).get("/XObject", pikepdf.Dictionary())
            names.append([str(key) for key in xobjects.keys()])
        return names


def tag_later(writer: PdfWriter, tagging: Tagging) -> None:
    """Have `to_bytes` give the writer's document the structure trees `tagging` describes."""
    _TAGGINGS[writer] = tagging


def to_bytes(writer: PdfWriter, *, last_use: bool = False) -> bytes:
    """The document as a compact file: each face's per-part font subsets merged into one program,
    pypdf writes it, qpdf (through pikepdf) grafts the parts' structure trees on (`tag_later`),
    packs its objects into compressed object streams and gives it an ID derived from its content,
    so the same inputs still give the same bytes.

    `last_use`: the caller is done with `writer`; its objects (and the parts' readers it keeps
    alive) are let go as soon as pypdf has written them, before qpdf reads the file, so a large
    document's two object graphs are never held at once."""
    import pikepdf

    merge_fonts(writer)
    tagging = _TAGGINGS.pop(writer, None) or Tagging()
    buffer = io.BytesIO()
    writer.write(buffer)
    if last_use:
        release(writer)
    buffer.seek(0)
    packed = io.BytesIO()
    with pikepdf.open(buffer) as pdf, grafted(pdf, tagging):
        pdf.save(packed, object_stream_mode=pikepdf.ObjectStreamMode.generate, deterministic_id=True,
                 compress_streams=True, min_version="1.7")
    return packed.getvalue()


def close(source: PdfReader) -> None:
    """Free a reader's parsed objects now: its caches and its objects refer to each other, so
    they would otherwise wait for the next garbage collection. The reader is of no use afterwards."""
    source.close()
    source._validated_root = source._named_destinations_cache = source._named_destinations = None


def release(writer: PdfWriter) -> None:
    """Drop a written writer's objects and the source documents pypdf keeps alive for it (so that
    objects it copied from them keep their numbers); the writer is of no use afterwards."""
    writer._objects.clear()  # pypdf has no public call for either (pinned version)
    writer._id_translated.clear()
    writer._merged_in_pages.clear()
    writer._unresolved_links.clear()


def add_object(writer: PdfWriter, obj):
    # pypdf has no public call for adding an indirect object (pinned version).
    return writer._add_object(obj)


def add_stream(writer: PdfWriter, data: bytes):
    """A compressed content stream added to the document, for pages to draw."""
    stream = DecodedStreamObject()
    stream.set_data(data)
    return add_object(writer, stream.flate_encode())


def add_form(writer: PdfWriter, data: bytes, bbox, resources: DictionaryObject):
    """A Form XObject drawing `data`: one 'Do' draws it on any page, at any place."""
    form = DecodedStreamObject()
    form.set_data(data)
    return add_object(writer, _form(form, bbox, resources).flate_encode())


def _form(stream, bbox, resources: DictionaryObject):
    stream.update({
        NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/BBox"): ArrayObject(FloatObject(v) for v in bbox),
        NameObject("/Resources"): resources,
    })
    return stream


def content_bytes(page) -> bytes:
    contents = page.get("/Contents")
    if contents is None:
        return b""
    contents = contents.get_object()
    streams = contents if isinstance(contents, ArrayObject) else [contents]
    return b"\n".join(s.get_object().get_data() for s in streams)


def page_form(writer: PdfWriter, page):
    """A page of another document as a form in `writer` (its resources cloned, fonts shared)."""
    box = page.mediabox
    bbox = (box.left, box.bottom, box.right, box.top)
    resources = page["/Resources"].clone(writer)
    contents = page.get("/Contents")
    stream = contents.get_object() if contents is not None else None
    if isinstance(stream, EncodedStreamObject) and stream.get("/Filter") == "/FlateDecode" \
            and "/DecodeParms" not in stream:
        # One compressed stream (a typeset part's page): its bytes go across as they are, rather
        # than inflated and deflated again, which was a fifth of imposing a deck of cards.
        form = _form(EncodedStreamObject(), bbox, resources)
        form[NameObject("/Filter")] = NameObject("/FlateDecode")
        form._data = stream._data
        return add_object(writer, form)
    return add_form(writer, content_bytes(page), bbox, resources)


def wrap_contents(page, before, after) -> None:
    """Draw the `before` and `after` streams around the page's own content streams."""
    contents = page.get("/Contents")
    old = [] if contents is None else (list(contents) if isinstance(contents, ArrayObject)
                                       else [page.raw_get("/Contents")])
    page[NameObject("/Contents")] = ArrayObject([before, *old, after])


def draw_over(page, name: str, form, opening, closing) -> None:
    """Make `page` draw `form` (as XObject `name`) last, between the `opening` and `closing` streams."""
    # Pages of one part share a resource dictionary; each page gets its own (shallow) copy,
    # since each draws a different form under the same name.
    resources = DictionaryObject(page["/Resources"].get_object()) if "/Resources" in page else DictionaryObject()
    xobjects = DictionaryObject(resources["/XObject"].get_object()) if "/XObject" in resources else DictionaryObject()
    xobjects[NameObject(name)] = form
    resources[NameObject("/XObject")] = xobjects
    page[NameObject("/Resources")] = resources
    # The page's own drawing is closed off (q ... Q) so its transforms cannot move the form.
    wrap_contents(page, opening, closing)


def set_metadata(writer: PdfWriter, metadata: dict[str, str]) -> None:
    """The document information (title, author, ...), its language (`Lang`) and, so that viewers
    show the title rather than the file name, DisplayDocTitle."""
    language, info = document_info(metadata)
    if language:
        writer._root_object[NameObject("/Lang")] = TextStringObject(language)
    if info.get("/Title"):
        writer.create_viewer_preferences().display_doctitle = True
    writer.add_metadata(info)


def document_info(metadata: dict[str, str]) -> tuple[str | None, dict[str, str]]:
    """(the language, the document information entries) of `metadata`; the dates only when the
    build asks for them (SOURCE_DATE_EPOCH), so outputs stay byte-identical."""
    metadata = dict(metadata)
    language = metadata.pop("Lang", None)
    info = {f"/{key}": value for key, value in metadata.items() if value}
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        stamp = dt.datetime.fromtimestamp(int(epoch), dt.UTC).strftime("D:%Y%m%d%H%M%SZ")
        info["/CreationDate"] = stamp
        info["/ModDate"] = stamp
    return language, info
