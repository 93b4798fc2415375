"""Extra PDFs a batch names: found inside the content folder, checked, and stripped of active content."""

from __future__ import annotations

import io
import re
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from ..errors import StudyGuideError
from .files import resolve_inside

MAX_BYTES = 20_000_000
MAX_PAGES = 60
# Actions that only move around or open a web page; every other kind is dropped.
SAFE_ACTIONS = {"/GoTo", "/URI", "/Named"}
# Annotations that carry files, media or scripts rather than marks on the page.
DROPPED_ANNOTS = {"/FileAttachment", "/Screen", "/Movie", "/Sound", "/RichMedia", "/3D"}


class ExtraError(StudyGuideError):
    """An extra PDF that cannot go into a pack; the message names the file."""


def title_for(rel: str) -> str:
    """The outline title and page-label stem of an extra: 'extras/code-of-conduct.pdf' -> 'Code of conduct'."""
    words = re.sub(r"[-_\s]+", " ", Path(rel).stem).strip()
    return (words[:1].upper() + words[1:]) if words else "Extra"


def load_extra(content_dir: Path, rel: str) -> bytes:
    """Read, check and clean the extra `rel`; raise ExtraError naming the file if it is unusable."""
    path, error = resolve_inside(content_dir, rel)
    if error:
        raise ExtraError(f"extra {error}")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ExtraError(f"extra '{rel}': cannot read file: {exc.strerror or exc}") from None
    return clean_pdf(data, rel)


def clean_pdf(data: bytes, name: str) -> bytes:
    """The pages of `data` re-written without scripts, attachments, form actions or open actions."""
    def fail(why: str):
        raise ExtraError(f"extra '{name}' {why}")

    if len(data) > MAX_BYTES:
        fail(f"is {len(data):,} bytes; the limit is {MAX_BYTES:,}")
    if not data.lstrip(b"\x00\t\r\n ").startswith(b"%PDF-"):
        fail("is not a PDF file (it does not start with %PDF-)")
    try:
        reader = PdfReader(io.BytesIO(data), strict=True)
        if reader.is_encrypted:
            fail("is encrypted; save it again without a password or restrictions")
        count = len(reader.pages)
        if count == 0:
            fail("has no pages")
        if count > MAX_PAGES:
            fail(f"has {count} pages; the limit is {MAX_PAGES}")
        writer = PdfWriter()
        for page in reader.pages:
            page.get_contents()  # a damaged content stream fails here, not in a viewer
            # Cleaned before copying, so what is removed is not copied at all. Only pages are
            # copied: the catalog's /OpenAction, /AA, /Names (scripts, attached files) and
            # /AcroForm stay behind.
            _clean_page(page)
            writer.add_page(page)
        _tag_pages(writer, title_for(name))
    except ExtraError:
        raise
    except Exception as exc:  # pypdf raises many kinds for damaged files; all mean the same here
        fail(f"is not a readable PDF ({type(exc).__name__}: {exc})")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _clean_page(page) -> None:
    for key in ("/AA", "/PieceInfo"):
        page.pop(NameObject(key), None)
    annots = page.get("/Annots")
    if annots is None:
        return
    kept = ArrayObject()
    for ref in annots.get_object():
        annot = ref.get_object()
        if annot.get("/Subtype") in DROPPED_ANNOTS:
            continue
        action = annot.get("/A")
        if action is not None and action.get_object().get("/S") not in SAFE_ACTIONS:
            del annot[NameObject("/A")]
        elif action is not None:
            action.get_object().pop(NameObject("/Next"), None)  # a chain may hide a script
        # A form field keeps its printed look but loses its field logic and triggers.
        for key in ("/AA", "/Parent", "/FT", "/V"):
            annot.pop(NameObject(key), None)
        kept.append(ref)
    page[NameObject("/Annots")] = kept


def _stream(writer: PdfWriter, data: bytes):
    stream = DecodedStreamObject()
    stream.set_data(data)
    return writer._add_object(stream)


def _tag_pages(writer: PdfWriter, title: str) -> None:
    """Tag the copied pages for screen readers: each page's drawing one paragraph of a section
    titled like the extra's bookmark, its links Link elements, so the pack stays a tagged PDF.
    The source's own structure tree cannot be trusted once its pages are cleaned and copied
    alone, so it is not kept: a reader hears every page's text in the order it is drawn."""
    section = _element(writer, "/Sect", [], T=TextStringObject(title))
    opening, closing = _stream(writer, b"/P <</MCID 0>> BDC\n"), _stream(writer, b"\nEMC\n")
    nums = ArrayObject()
    for index, page in enumerate(writer.pages):
        contents = page.get("/Contents")
        own = list(contents.get_object()) if isinstance(contents, ArrayObject) else [] if contents is None else [contents]
        # One marked sequence around the page's whole drawing, whatever it marked inside.
        page[NameObject("/Contents")] = ArrayObject([opening, *own, closing])
        page[NameObject("/StructParents")] = NumberObject(index)
        paragraph = _element(writer, "/P", [NumberObject(0)], P=section, Pg=page.indirect_reference)
        section.get_object()["/K"].append(paragraph)
        nums += [NumberObject(index), ArrayObject([paragraph])]
    for page, paragraph in zip(writer.pages, section.get_object()["/K"]):
        for annot in page.get("/Annots", []) or []:
            if annot.get_object().get("/Subtype") == "/Link":
                annot.get_object()[NameObject("/StructParent")] = NumberObject(len(nums) // 2)
                nums += [NumberObject(len(nums) // 2), _link(writer, page, annot, paragraph)]
    document = _element(writer, "/Document", [section])
    section.get_object()[NameObject("/P")] = document
    root = writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/StructTreeRoot"), NameObject("/K"): ArrayObject([document]),
        NameObject("/ParentTree"): writer._add_object(DictionaryObject({NameObject("/Nums"): nums})),
        NameObject("/ParentTreeNextKey"): NumberObject(len(nums) // 2)}))
    document.get_object()[NameObject("/P")] = root
    writer._root_object[NameObject("/StructTreeRoot")] = root
    writer._root_object[NameObject("/MarkInfo")] = DictionaryObject({NameObject("/Marked"): BooleanObject(True)})


def _element(writer: PdfWriter, role: str, kids, **entries):
    elem = DictionaryObject({NameObject("/Type"): NameObject("/StructElem"), NameObject("/S"): NameObject(role),
                             NameObject("/K"): kids if isinstance(kids, DictionaryObject) else ArrayObject(kids)})
    elem.update({NameObject(f"/{key}"): value for key, value in entries.items()})
    return writer._add_object(elem)


def _link(writer: PdfWriter, page, annot, paragraph):
    """A Link element inside the page's paragraph for a link annotation, which says where it goes
    (/Contents) when it says nothing itself."""
    link = annot.get_object()
    action = link["/A"].get_object() if "/A" in link else {}
    if not str(link.get("/Contents", "")).strip():
        target = action.get("/URI")
        link[NameObject("/Contents")] = TextStringObject(f"Link to {target}" if target else "Link")
    objr = DictionaryObject({NameObject("/Type"): NameObject("/OBJR"), NameObject("/Obj"): annot,
                             NameObject("/Pg"): page.indirect_reference})
    element = _element(writer, "/Link", objr, P=paragraph, Pg=page.indirect_reference)
    paragraph.get_object()["/K"].append(element)
    return element
