"""Small PDFs made with pypdf alone (Helvetica text, bookmarks, named destinations, links), for
testing the pdf stage without typesetting anything."""

from __future__ import annotations

from pypdf import PdfWriter
from pypdf.annotations import Link
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from studyguide.pdf.objects import to_bytes

A4 = (595.28, 841.89)


def _font(writer: PdfWriter):
    return writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"), NameObject("/Encoding"): NameObject("/WinAnsiEncoding")}))


def text_pdf(pages: list[str | tuple[str, ...]], size: tuple[float, float] = A4, outline: list[tuple[str, int]] = (),
             anchors: dict[str, int] | None = None, links: list[tuple[int, str]] = ()) -> bytes:
    """One line of text near the top of each page (a page given as lines: each drawn in a group
    of its own, q ... Q, as a typesetter paints boxes, going down the page); bookmarks (title, page), named destinations
    (name -> page) and URI links (page, uri) where asked."""
    writer = PdfWriter()
    font = _font(writer)
    for text in pages:
        page = writer.add_blank_page(*size)
        stream = DecodedStreamObject()
        if isinstance(text, str):
            drawing = f"BT /F1 14 Tf 72 {size[1] - 100:.2f} Td ({text}) Tj ET"
        else:
            drawing = "\n".join(f"q BT /F1 14 Tf 72 {size[1] - 100 - 20 * n:.2f} Td ({line}) Tj ET Q"
                                 for n, line in enumerate(text))
        stream.set_data(drawing.encode("latin-1"))
        page[NameObject("/Contents")] = writer._add_object(stream)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
    for title, page in outline:
        writer.add_outline_item(title=title, page_number=page)
    for name, page in (anchors or {}).items():
        writer.add_named_destination(title=name, page_number=page)
    for page, uri in links:
        writer.add_annotation(page, Link(rect=(72, 600, 300, 620), url=uri))
    return to_bytes(writer)


def dest_page(writer_or_reader, annot) -> int | None:
    """The 0-based page a link annotation jumps to, or None when it has no destination."""
    dest = annot.get("/Dest")
    if dest is None:
        return None
    target = dest[0].get_object()
    for index, page in enumerate(writer_or_reader.pages):
        if page.get_object() == target:
            return index
    return None
