"""Stamps drawn over finished pages: page numbers on a document, a candidate's name on a pack."""

from __future__ import annotations

from pypdf import PdfWriter
from pypdf.generic import (
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    PdfObject,
    TextStringObject,
)

from .drawings import as_stamp, cut, groups
from .fonts import StampFonts
from .graft import Graft, Tail
from .objects import add_stream, draw_over, page_form, reader
from .prepared import FOOTER, NAME, placement, prepare, trim_box
from .update import Base, append_update

MM = 72 / 25.4
# The strip at the foot of each page that the footer stamp draws in (pack.css puts the line
# 6.5 mm above the edge); the form is clipped to it so nothing else can show.
FOOTER_STRIP = 13 * MM
STAMP = "/StudyguideStamp"


def stamp_pages(writer: PdfWriter, overlays: list[bytes], first: int = 0) -> None:
    """Draw page i of the overlay over page i of the document, from page `first` on; the
    overlay comes in pieces (PDFs whose pages follow each other).

    Each overlay page becomes a form XObject that the page draws last. Unlike merging content
    streams, this never parses the page's own drawing, so it costs the same for any page."""
    overlay = [page for piece in overlays for page in reader(piece).pages]
    opening = add_stream(writer, b"q\n")
    # Page numbers are pagination, not content: an artifact, which screen readers skip.
    closing = add_stream(writer, f"Q\n/Artifact BMC q {STAMP} Do Q EMC\n".encode())
    for index in range(first, len(writer.pages)):
        page = writer.pages[index]
        form = page_form(writer, overlay[index])
        draw_over(page, STAMP, form, opening, closing)


class Stamper:
    """The pack prepared once for stamping; `copy(i, ...)` gives candidate i's file.

    Every page of the pack draws the same footer Form XObject under a fixed resource name,
    and the welcome page also draws the name form. The prepared pack (forms empty, `prepared`)
    is written once; a copy is those bytes plus an incremental update holding only the two forms
    (the candidate's stamp page cut in two, `drawings`), their fonts (the name's glyphs only:
    most of the few milliseconds a copy costs) and the document info.
    """

    def __init__(self, pack_pdf: bytes, stamps_pdf: bytes, title: str, tail: Tail | None = None):
        self.stamps = reader(stamps_pdf)
        self.title = title
        # By the trim box: a press pack's pages (and its stamps) have a bleed and marks around it.
        first = self.stamps.pages[0]
        left, bottom, right, top = trim_box(first.get("/TrimBox"), first.mediabox)
        self.width, self.height = right - left, top - bottom
        boxes = {NAME: [0, 0, self.width, self.height], FOOTER: [0, 0, self.width, FOOTER_STRIP]}
        prepared, slot = prepare(pack_pdf, stamps_pdf, boxes, self.width)
        self.base = Base(prepared)
        self.fonts = StampFonts(self.stamps)
        # The packed base numbers its objects afresh: find the forms and the information in it.
        packed = reader(self.base.data)
        xobjects = packed.pages[0]["/Resources"]["/XObject"]
        self.numbers = {key: xobjects.raw_get(key).idnum for key in (NAME, FOOTER)}
        self.boxes = {key: xobjects[key]["/BBox"] for key in (NAME, FOOTER)}
        self.resources = {key: xobjects[key]["/Resources"] for key in (NAME, FOOTER)}
        self.info = DictionaryObject({NameObject(k): TextStringObject(str(v)) for k, v in (packed.metadata or {}).items()})
        self.shared = first.raw_get("/Resources")
        self.name = None  # the name's element: (its number, the element), given the name's language in each copy
        if slot is not None:
            row = packed.trailer["/Root"]["/StructTreeRoot"]["/ParentTree"]["/Nums"]
            key = int(packed.pages[0]["/StructParents"])
            entry = next(row[i + 1].get_object() for i in range(0, len(row), 2) if int(row[i]) == key)[slot]
            self.name = (entry.idnum, entry.get_object())
        # A tail (each candidate's own practice set) is added after the pack's pages by the same
        # update, its pages drawing the same footer form as the pack's.
        self.tail, self.grafts = tail, []
        if tail is not None:
            page = reader(tail.pdfs[0]).pages[0]
            box = trim_box(page.get("/TrimBox"), page.mediabox)
            matrix = " ".join(f"{v:.4f}" for v in placement(box, page.get("/Rotate", 0) or 0, self.width, False))
            self.grafts = [Graft(packed, pdf, (FOOTER, self.numbers[FOOTER], matrix), tail.link) for pdf in tail.pdfs]

    def copy(self, index: int, name: str, footer: str, lang: str | None = None) -> bytes:
        """Candidate `index`'s copy: the base and an update holding its name (in `lang`, when not
        the document's language), its footer line and its title."""
        objects: dict[int, PdfObject] = {}
        first = self.base.size
        if self.tail is not None:
            source, run = self.tail.run(index)
            added, first = self.grafts[source].add([run], first)
            objects.update(added)
        mine = self.fonts.subset([index], first=first)
        objects.update(mine.objects)
        if self.stamps.pages[index].raw_get("/Resources") != self.shared:  # pragma: no cover - WeasyPrint shares them
            raise ValueError("stamp pages must share one resource dictionary")
        # The candidate's page paints the name, then the footer line, each in a group of its own.
        drawing = self.fonts.instructions(index)
        parts = groups(drawing)
        if len(parts) != 2:
            boxes = f"{len(parts)} box" + "es" * (len(parts) != 1)
            raise ValueError(f"stamp page {index + 1} paints {boxes}, not a name and a footer line")
        for part, (key, text) in enumerate(((NAME, name), (FOOTER, footer))):
            form = DecodedStreamObject()
            form.set_data(as_stamp(cut(drawing, part, parts), text))
            form.update({NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
                         NameObject("/BBox"): self.boxes[key],
                         NameObject("/Resources"): mine.resources(index, self.resources[key])})
            objects[self.numbers[key]] = form.flate_encode()
        if lang and self.name is not None:
            element = DictionaryObject(self.name[1])
            element[NameObject("/Lang")] = TextStringObject(lang)
            objects[self.name[0]] = element
        info = DictionaryObject(self.info)
        info[NameObject("/Title")] = TextStringObject(f"{self.title} — prepared for {name}")
        number = max(mine.size, max(objects) + 1)
        objects[number] = info
        return append_update(self.base, objects, number)


