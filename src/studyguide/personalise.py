"""Per-candidate copies: the pack is rendered once, then each candidate's name is stamped over it."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject, NameObject,
                           TextStringObject)

from . import assemble, render
from .models import Batch
from .parts import Options, PartJob, Report, render_part

STYLES = ("base.css", "pack.css")
MM = 72 / 25.4
# The strip at the foot of each page that the footer stamp draws in (pack.css puts the line
# 6.5 mm above the edge); the form is clipped to it so nothing else can show.
FOOTER_STRIP = 13 * MM
NAME, FOOTER = "/SgName", "/SgFooter"


def footer_line(batch: Batch, name: str) -> str:
    return f"Prepared for {name} · Batch {batch.number}"


def stamps_html(batch: Batch, names: list[str]) -> str:
    """Two pages per candidate (name, footer line), all in one document so WeasyPrint's fixed
    cost is paid once for the whole roster."""
    people = [{"name": name, "footer": footer_line(batch, name),
               "size": "" if len(name) <= 34 else ("long" if len(name) <= 56 else "longer")} for name in names]
    return render.render_template("personal.html", batch=batch, people=people)


def render_stamps(batch: Batch, names: list[str], opts: Options, report: Report) -> bytes:
    """The stamps, set in the embedded fonts: names in any script print as they are written."""
    return render_part(PartJob(stamps_html(batch, names), STYLES, f"personal stamps for batch '{batch.number}'",
                               with_content=False), opts, report).pdf


class Stamper:
    """The pack prepared once for stamping; `copy(i, ...)` gives candidate i's file.

    Every page of the pack draws the same footer Form XObject under a fixed resource name,
    and the welcome page also draws the name form. The prepared pack (forms empty) is written
    once; a copy is those bytes plus an incremental update holding only the two forms with the
    candidate's stamp pages and the document info, so a copy costs about a millisecond.
    """

    def __init__(self, pack_pdf: bytes, stamps_pdf: bytes, title: str):
        self.stamps = PdfReader(io.BytesIO(stamps_pdf))
        self.writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pack_pdf)))
        self.title = title
        box = self.stamps.pages[0].mediabox
        self.width, self.height = float(box.width), float(box.height)
        self.forms = {NAME: self._form([0, 0, self.width, self.height]),
                      FOOTER: self._form([0, 0, self.width, FOOTER_STRIP])}
        opening = assemble.add_stream(self.writer, b"q\n")
        for index, page in enumerate(self.writer.pages):
            names = [NAME, FOOTER] if index == 0 else [FOOTER]
            if "/Resources" not in page:  # a blank page may have none
                page[NameObject("/Resources")] = DictionaryObject()
            resources = page["/Resources"].get_object()
            if "/XObject" not in resources:
                resources[NameObject("/XObject")] = DictionaryObject()
            for name in names:
                resources["/XObject"].get_object()[NameObject(name)] = self.forms[name].indirect_reference
            # The page's own drawing is closed off (q ... Q) so its transforms cannot move the stamp.
            matrix = " ".join(f"{v:.4f}" for v in self._placement(page, index == 0))
            draw = " ".join(f"{name} Do" for name in names)
            closing = assemble.add_stream(self.writer, f"Q\nq {matrix} cm {draw} Q\n".encode())
            contents = page.get("/Contents")
            old = [] if contents is None else (list(contents) if isinstance(contents, ArrayObject)
                                               else [page.raw_get("/Contents")])
            page[NameObject("/Contents")] = ArrayObject([opening, *old, closing])
        # Every stamp page uses the same fonts: they are copied into the base file once.
        for form in self.forms.values():
            form[NameObject("/Resources")] = self.stamps.pages[0]["/Resources"].clone(self.writer)
        self.info = {NameObject(k): TextStringObject(str(v)) for k, v in (self.writer.metadata or {}).items()}
        buffer = io.BytesIO()
        self.writer.write(buffer)
        self.base = buffer.getvalue()
        trailer = self.base[self.base.rindex(b"trailer"):]
        self.size = int(re.search(rb"/Size (\d+)", trailer).group(1))
        self.root = int(re.search(rb"/Root (\d+) 0 R", trailer).group(1))
        self.xref = int(re.search(rb"startxref\s+(\d+)", trailer).group(1))
        found = re.search(rb"/ID\s*\[[^\]]*\]", trailer)
        self.file_id = (b" " + found.group(0)) if found else b""

    def _form(self, bbox: list[float]):
        form = DecodedStreamObject()
        form.set_data(b"")
        form.update({NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
                     NameObject("/BBox"): ArrayObject(FloatObject(v) for v in bbox),
                     NameObject("/Resources"): DictionaryObject()})
        return self.writer._add_object(form.flate_encode()).get_object()

    def _placement(self, page, welcome: bool) -> tuple[float, ...]:
        """The matrix that puts the stamp at the page's visual foot, centred, upright as the page is shown."""
        box = page.mediabox
        left, bottom, right, top = (float(v) for v in (box.left, box.bottom, box.right, box.top))
        turn = (page.get("/Rotate", 0) or 0) % 360
        if welcome:
            return (1, 0, 0, 1, left, bottom)
        if turn == 90:
            return (0, 1, -1, 0, right, bottom + (top - bottom - self.width) / 2)
        if turn == 180:
            return (-1, 0, 0, -1, right - (right - left - self.width) / 2, top)
        if turn == 270:
            return (0, -1, 1, 0, left, top - (top - bottom - self.width) / 2)
        return (1, 0, 0, 1, left + (right - left - self.width) / 2, bottom)

    def copy(self, index: int, name: str, footer: str) -> bytes:
        objects, known = [], len(self.writer._objects)
        for key, page, text in ((NAME, 2 * index, name), (FOOTER, 2 * index + 1, footer)):
            stamp = self.stamps.pages[page]
            form = self.forms[key]
            form.set_data(_with_actual_text(stamp.get_contents().get_data(), text))
            form[NameObject("/Resources")] = stamp["/Resources"].clone(self.writer)
            objects.append((form.indirect_reference.idnum, form))
        info = DictionaryObject(self.info)
        info[NameObject("/Title")] = TextStringObject(f"{self.title} — prepared for {name}")
        if len(self.writer._objects) != known:  # a stamp needed objects the base lacks: write it all
            self.writer.add_metadata({"/Title": info["/Title"]})
            buffer = io.BytesIO()
            self.writer.write(buffer)
            return buffer.getvalue()
        return self._update(objects + [(self.size, info)])

    def _update(self, objects: list) -> bytes:
        """The base file plus an incremental update replacing (or adding) `objects`."""
        out = io.BytesIO()
        out.write(self.base if self.base.endswith(b"\n") else self.base + b"\n")
        offsets = {}
        for idnum, obj in objects:
            offsets[idnum] = out.tell()
            out.write(f"{idnum} 0 obj\n".encode())
            obj.write_to_stream(out)
            out.write(b"\nendobj\n")
        xref = out.tell()
        out.write(b"xref\n0 1\n0000000000 65535 f \n")  # the free-list head, as a full table starts
        for idnum in sorted(offsets):
            out.write(f"{idnum} 1\n{offsets[idnum]:010d} 00000 n \n".encode())
        out.write(f"trailer\n<< /Size {self.size + 1} /Root {self.root} 0 R /Info {self.size} 0 R "
                  f"/Prev {self.xref}".encode() + self.file_id + f" >>\nstartxref\n{xref}\n%%EOF\n".encode())
        return out.getvalue()


def _with_actual_text(content: bytes, text: str) -> bytes:
    # WeasyPrint leaves some glyphs of Devanagari clusters without a Unicode mapping, so copying
    # the name would give stray characters; /ActualText makes viewers copy exactly `text`.
    encoded = ("\ufeff" + text).encode("utf-16-be").hex().upper()
    return b"/Span <</ActualText <" + encoded.encode() + b">>> BDC\n" + content + b"\nEMC\n"


def personal_copies(pack_pdf: bytes, batch: Batch, names: list[str], title: str, opts: Options,
                    report: Report) -> Iterator[bytes]:
    """Each candidate's copy of the pack, in the order of `names`."""
    if not names:
        return
    stamper = Stamper(pack_pdf, render_stamps(batch, names, opts, report), title)
    for index, name in enumerate(names):
        yield stamper.copy(index, name, footer_line(batch, name))
