"""A document assembled in qpdf, and how it becomes bytes: fonts merged, the parts' structure
trees grafted on, objects packed into compressed streams, an ID derived from the content."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import pikepdf
from pikepdf import Dictionary, Name

from .fonts.gathered import merge_fonts_qpdf
from .objects import document_info
from .tags import Tagging, grafted


@dataclass(eq=False)
class Assembly:
    """A document being assembled, and what its file will need: the parts its pages were copied
    from (open until it is saved: qpdf reads a copied stream's data only then) and the
    structure trees to graft on (`tags`)."""

    pdf: pikepdf.Pdf = field(default_factory=pikepdf.new)
    tagging: Tagging = field(default_factory=Tagging)
    sources: list[pikepdf.Pdf] = field(default_factory=list)

    def open(self, pdf: bytes) -> pikepdf.Pdf:
        """A part's document, kept open until this one is packed."""
        source = pikepdf.open(io.BytesIO(pdf))
        self.sources.append(source)
        return source

    def close(self) -> None:
        for source in [*self.sources, self.pdf]:
            source.close()
        self.sources.clear()


def describe(pdf: pikepdf.Pdf, metadata: dict[str, str]) -> None:
    """The document information (title, author, ...), its language (`Lang`) and, so that
    viewers show the title rather than the file name, DisplayDocTitle."""
    language, info = document_info(metadata)
    pdf.docinfo = pdf.make_indirect(Dictionary({key: pikepdf.String(value) for key, value in info.items()}))
    if language:
        pdf.Root.Lang = pikepdf.String(language)
    if info.get("/Title"):
        pdf.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)


def finish(doc: Assembly) -> bytes:
    """The document as a compact file, the same bytes for the same inputs; `doc` is closed."""
    try:
        kept = merge_fonts_qpdf(doc.pdf)
        if kept is not None:
            doc.sources.append(kept)
        packed = io.BytesIO()
        with grafted(doc.pdf, doc.tagging):
            doc.pdf.save(packed, object_stream_mode=pikepdf.ObjectStreamMode.generate, deterministic_id=True,
                         compress_streams=True, min_version="1.7")
        return packed.getvalue()
    finally:
        doc.close()


def copy_pages(pdf: pikepdf.Pdf, source: pikepdf.Pdf) -> None:
    """`source`'s pages added at the end of `pdf`, their resources and annotations with them.

    Named destinations are not carried over: the callers carry over what they need of them (a
    deck has none; `assemble.merge` copies them). Each page is copied and added by qpdf directly:
    `pages.append` counts the document's pages first, every time, and a 1,700-page document
    spent a fifth of a second of its assembly counting (pikepdf pinned, so its private call stays)."""
    for page in source.pages:
        pdf._add_page(pdf.copy_foreign(page.obj), False)  # noqa: SLF001


def blank_page(pdf: pikepdf.Pdf) -> None:
    """A blank verso the size of the page before it (with its trim and bleed boxes, when a
    bleed sets them apart): nothing printed, not even a page number."""
    previous = pdf.pages[-1].obj
    box = [float(v) for v in previous.MediaBox]
    page = pdf.add_blank_page(page_size=(box[2] - box[0], box[3] - box[1])).obj
    trim = previous.get(Name.TrimBox)
    if trim is not None and any(abs(float(a) - b) > 0.01 for a, b in zip(trim, box)):
        for key in (Name.MediaBox, Name.TrimBox, Name.BleedBox):
            if key in previous:
                page[key] = pikepdf.Array(previous[key])
