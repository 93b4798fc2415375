"""Card faces -> printed sheets: each face placed in its grid cell, backs mirrored for a long-edge flip."""

from __future__ import annotations

from dataclasses import dataclass

from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, StreamObject

from ..models import PAPERS
from .objects import add_object, page_form, reader, set_metadata, to_bytes

CARD_W, CARD_H = 95.0, 65.0  # mm; 2 x 4 fill an A4 or US Letter sheet with room for cut marks
COLS, ROWS = 2, 4
PER_SHEET = COLS * ROWS
MM = 72 / 25.4  # PDF points per millimetre


@dataclass(frozen=True)
class Face:
    doc: str  # key of the typeset document holding the face
    page: int  # 0-based page in it


@dataclass(frozen=True)
class Card:
    """One physical card: the question face and the answer face printed behind it."""

    chapter: str
    label: str
    front: Face
    back: Face


def grid_origin(paper: str) -> tuple[float, float]:
    """Top-left corner of the card grid on the sheet, in mm from the sheet's top-left."""
    sheet = PAPERS[paper]
    return (sheet.width - COLS * CARD_W) / 2, (sheet.height - ROWS * CARD_H) / 2


def cell(index: int, side: str) -> tuple[int, int]:
    """(row, column) of the card at `index` on a sheet's front or back.

    A sheet turned over its long edge shows the columns mirrored: the card in the first column
    of the front has its back in the last column of the back side; rows stay where they are.
    """
    row, col = divmod(index, COLS)
    return row, (COLS - 1 - col if side == "back" else col)


def cell_origin(paper: str, index: int, side: str) -> tuple[float, float]:
    """Lower-left corner of the card's cell in PDF points (origin at the sheet's lower left)."""
    x0, y0 = grid_origin(paper)
    row, col = cell(index, side)
    return (x0 + col * CARD_W) * MM, (PAPERS[paper].height - y0 - (row + 1) * CARD_H) * MM


class _Forms:
    """Pages of typeset documents as Form XObjects in one writer, each copied once.

    Drawing a page as a form costs one 'Do'; merging page content streams with pypdf re-parses the
    growing sheet for every card (quadratic, ~0.1 s a card).
    """

    def __init__(self, writer: PdfWriter, docs: dict[str, bytes]):
        self.writer = writer
        self.readers = {key: reader(pdf) for key, pdf in docs.items()}
        self.refs: dict[tuple[str, int], object] = {}

    def get(self, doc: str, page_index: int):
        key = (doc, page_index)
        if key not in self.refs:
            # Resources are cloned once per source document object, so fonts are shared by its faces.
            self.refs[key] = page_form(self.writer, self.readers[doc].pages[page_index])
        return self.refs[key]


def impose(cards: list[Card], docs: dict[str, bytes], sheet: bytes, paper: str, metadata: dict[str, str],
           outline: list[tuple[str, int]] = ()) -> bytes:
    """Cards -> sheets, each a front side followed by its back side.

    `sheet` is a two-page document (the empty front and back: cut marks); `outline` lists
    (title, index of the first card) for bookmarks.
    """
    writer = PdfWriter()
    forms = _Forms(writer, {**docs, "": sheet})
    width, height = PAPERS[paper].width * MM, PAPERS[paper].height * MM
    for start in range(0, len(cards), PER_SHEET):
        for side_index, side in enumerate(("front", "back")):
            placed = [(forms.get("", side_index), 0.0, 0.0)]
            for index, card in enumerate(cards[start:start + PER_SHEET]):
                face = card.front if side == "front" else card.back
                placed.append((forms.get(face.doc, face.page), *cell_origin(paper, index, side)))
            _add_sheet(writer, width, height, placed)
    for title, first in outline:
        writer.add_outline_item(title=title, page_number=2 * (first // PER_SHEET))
    set_metadata(writer, metadata)
    return to_bytes(writer)


def _add_sheet(writer: PdfWriter, width: float, height: float, placed: list) -> None:
    page = writer.add_blank_page(width, height)
    names = DictionaryObject()
    ops = []
    for n, (ref, x, y) in enumerate(placed):
        name = f"/Fm{n}"
        names[NameObject(name)] = ref
        ops.append(f"q 1 0 0 1 {x:.3f} {y:.3f} cm {name} Do Q")
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): names})
    content = StreamObject()
    content.set_data("\n".join(ops).encode("ascii"))
    page[NameObject("/Contents")] = add_object(writer, content.flate_encode())
