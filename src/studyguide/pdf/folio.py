"""Page numbers from strips: many footers set on one page, each cut out and moved to its own page.

A footer is one line, so a page of the overlay holds dozens of them, one per strip; the overlay's
first page shows a footer where the edition's stylesheet puts it, which tells how far each strip
must move. Every stamped page then draws a form holding only its own strip's text, so a viewer
finds "Page 7 of 90" on page 7 and nowhere else.
"""

from __future__ import annotations

import re

import pikepdf
from pikepdf import Array, Dictionary, Name

from .assembly import Assembly

FOLIO = "/StudyguideFolio"
PX = 0.75  # PDF points per CSS pixel: WeasyPrint draws each page in pixels scaled by this
_SCALE = b"0.75 0 0 0.75 0 0 cm"
_TEXT = re.compile(rb"\nBT\n.*?\nET(?=\n)", re.S)
_MATRIX = re.compile(rb"([-0-9.]+) ([-0-9.]+) Tm")


def _baseline(block: bytes) -> float:
    found = _MATRIX.search(block)
    if found is None:  # pragma: no cover - WeasyPrint places every text run with Tm
        raise ValueError("page-number text without a position")
    return float(found.group(2))


def strips(content: bytes, band_px: float) -> list[tuple[float, list[bytes]]]:
    """The text runs of a page of strips grouped by strip, top first: (baseline, runs)."""
    if _SCALE not in content:  # pragma: no cover - a WeasyPrint that draws otherwise
        raise ValueError("page numbers: unexpected drawing of the overlay")
    groups: dict[int, list[bytes]] = {}
    for block in _TEXT.findall(content):
        groups.setdefault(int(_baseline(block) // band_px), []).append(block)
    return [(_baseline(runs[0]), runs) for _, runs in sorted(groups.items())]


def content_of(page: Dictionary) -> bytes:
    """A page's drawing: its content streams, joined."""
    contents = page.get(Name.Contents)
    streams = contents if isinstance(contents, Array) else [] if contents is None else [contents]
    return b"\n".join(stream.read_bytes() for stream in streams)


def folio_forms(doc: Assembly, piece: bytes, numbers: list[int], band_mm: float) -> dict[int, pikepdf.Stream]:
    """Forms drawing each page number's footer where it belongs: page number -> form.

    `piece` is an overlay: its first page shows one footer in place, the next pages hold the
    strips of `numbers` (1-based pages of the document), in order."""
    pages = [page.obj for page in doc.open(piece).pages]
    home = max(_baseline(block) for block in _TEXT.findall(content_of(pages[0])))
    band_px = band_mm / 25.4 * 96
    forms: dict[int, pikepdf.Stream] = {}
    remaining = iter(numbers)
    for page in pages[1:]:
        content, box = content_of(page), Array(page.MediaBox)
        resources = doc.pdf.copy_foreign(page.Resources)  # once per overlay page, shared by its strips
        for baseline, runs in strips(content, band_px):
            keep = set(runs)
            data = _TEXT.sub(lambda m, keep=keep: m.group(0) if m.group(0) in keep else b"", content)
            forms[next(remaining)] = doc.pdf.make_stream(
                data, Type=Name.XObject, Subtype=Name.Form, BBox=box, Resources=resources,
                Matrix=Array([1, 0, 0, 1, 0, round(PX * (baseline - home), 4)]))
    return forms


def stamp_folios(doc: Assembly, pieces: list[tuple[bytes, tuple[int, ...]]], band_mm: float) -> None:
    """Draw each numbered page's footer over it, last (pages without a number keep none)."""
    forms: dict[int, pikepdf.Stream] = {}
    for piece, numbers in pieces:
        forms.update(folio_forms(doc, piece, list(numbers), band_mm))
    opening = doc.pdf.make_stream(b"q\n")
    # Page numbers are pagination, not content: an artifact, which screen readers skip.
    closing = doc.pdf.make_stream(f"Q\n/Artifact BMC q {FOLIO} Do Q EMC\n".encode())
    pages = [page.obj for page in doc.pdf.pages]  # once: doc.pdf.pages[i] costs a tenth of a millisecond
    for number, form in sorted(forms.items()):
        page = pages[number - 1]
        # Pages of one part share a resource dictionary; each page gets its own (shallow) copy,
        # since each draws a different form under the same name.
        resources = Dictionary(dict(page.get(Name.Resources, Dictionary()).items()))
        xobjects = Dictionary(dict(resources.get(Name.XObject, Dictionary()).items()))
        xobjects[FOLIO] = form
        resources.XObject = xobjects
        page.Resources = resources
        # The page's own drawing is closed off (q ... Q) so its transforms cannot move the form.
        contents = page.get(Name.Contents)
        old = list(contents) if isinstance(contents, Array) else [] if contents is None else [contents]
        page.Contents = Array([opening, *old, closing])
