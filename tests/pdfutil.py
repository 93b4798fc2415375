"""Helpers the tests use to read PDFs as a viewer would (pypdfium2) and as a program would (pypdf)."""

from __future__ import annotations

import functools
import io
import re
import unicodedata

import pypdfium2 as pdfium
from pypdf import PdfReader


def norm(text: str) -> str:
    """Collapse whitespace and drop emoji variation selectors, for comparing extracted text."""
    text = unicodedata.normalize("NFC", text).replace("\ufe0f", "").replace("\u00ad", "")
    # pdfium reports a hyphen that ends a line as U+FFFE; the text had a real hyphen there
    text = re.sub(r"\ufffe\s*", "-", text)
    return re.sub(r"\s+", " ", text).strip()


def page_texts(pdf: bytes) -> list[str]:
    """The text of every page, as copy-paste in a viewer gives it."""
    doc = pdfium.PdfDocument(pdf)
    try:
        texts = []
        for page in doc:
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return texts
    finally:
        doc.close()


def joined_text(pdf: bytes) -> str:
    """The whole document's text with line-break hyphenation undone and whitespace collapsed."""
    return norm(" ".join(page_texts(pdf)))


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def outline_tree(pdf: bytes) -> list[tuple[str, int, list]]:
    """[(title, 1-based page, children)] from the PDF outline."""
    r = reader(pdf)

    def walk(items):
        nodes = []
        for item in items:
            if isinstance(item, list):
                nodes[-1][2].extend(walk(item))
            else:
                nodes.append((str(item.title), r.get_destination_page_number(item) + 1, []))
        return nodes

    return walk(r.outline)


def embedded_fonts(pdf: bytes) -> set[str]:
    """BaseFont names of every font used on any page (subset prefixes removed)."""
    names = set()
    for page in reader(pdf).pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            names.add(str(font["/BaseFont"]).lstrip("/").split("+", 1)[-1])
            for desc in font.get("/DescendantFonts", []) or []:
                descriptor = desc.get_object().get("/FontDescriptor")
                if descriptor is not None:
                    assert any(k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    return names


@functools.lru_cache(maxsize=8)
def _links_reader(pdf: bytes):
    # A document is read once for all the pages a test asks about.
    r = reader(pdf)
    return r, {str(name): r.get_destination_page_number(dest) + 1 for name, dest in r.named_destinations.items()}


def link_targets(pdf: bytes, page_number: int) -> list[int]:
    """1-based pages the links on a 1-based page jump to, whether by page or by named destination."""
    r, named = _links_reader(pdf)
    targets = []
    for ref in r.pages[page_number - 1].get("/Annots", []) or []:
        annot = ref.get_object()
        dest = annot.get("/Dest")
        if dest is None and annot.get("/A") is not None and annot["/A"].get("/S") == "/GoTo":
            dest = annot["/A"]["/D"]
        if isinstance(dest, str):
            targets.append(named[dest])
        elif dest is not None:
            targets.append(r.get_page_number(dest[0].get_object()) + 1)
    return targets


def contents_page(pages: list[str]) -> int:
    """The 1-based page that holds a guide's contents (the third printed two-sided, the second one-sided)."""
    return next(n for n, text in enumerate(pages, 1) if "Contents" in text)


def font_programs(pdf: bytes) -> list[tuple[str, int]]:
    """(font name, embedded program's object number) of every font descriptor in the file."""
    found = []
    for page in reader(pdf).pages:
        stack = [page.get("/Resources")]
        while stack:
            resources = stack.pop()
            resources = resources.get_object() if resources is not None else {}
            for font in (resources.get("/Font") or {}).values():
                font = font.get_object()
                for descendant in font.get("/DescendantFonts", [font]):
                    descriptor = descendant.get_object().get("/FontDescriptor")
                    if descriptor is not None:
                        descriptor = descriptor.get_object()
                        key = next(k for k in ("/FontFile", "/FontFile2", "/FontFile3") if k in descriptor)
                        found.append((str(descriptor["/FontName"]), descriptor.raw_get(key).idnum))
            stack += [x.get_object().get("/Resources") for x in (resources.get("/XObject") or {}).values()]
    return found
