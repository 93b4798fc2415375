"""Pages -> printed sheets: card faces in a grid (backs mirrored for a long-edge flip), and booklets."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, Fit, NameObject, StreamObject

from ..models import PAPERS
from .assemble import OutlineNode, part_outline
from .objects import add_form, add_object, close, content_bytes, page_form, reader, set_metadata, tag_later, to_bytes
from .tags import Tagging

CARD_W, CARD_H = 95.0, 65.0  # mm; 2 x 4 fill an A4 or US Letter sheet with room for cut marks
COLS, ROWS = 2, 4
PER_SHEET = COLS * ROWS
MM = 72 / 25.4  # PDF points per millimetre
_MARKED = re.compile(rb"/(\w+)\s*<<\s*/MCID\s+\d+\s*>>\s*BDC")


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
        self.echoes: dict[tuple[str, int], object] = {}
        self.tagging = Tagging({f"d{key}": pdf for key, pdf in docs.items()})
        self.tagged: set[tuple[str, int]] = set()

    def get(self, doc: str, page_index: int, slot: int | None) -> tuple[object, bool]:
        """The form drawing a page as the `slot`th form of the next sheet, and whether it is drawn
        as an artifact (a `slot` of None: a flashcard sheet's cut marks).

        A page's first placement is its tagged form: tags tie marked content to one place, so a
        form with marks may be drawn once. An `artifact` (a flashcard sheet's cut marks) and any
        later placement of the same face draw a copy without marks, as an artifact."""
        key = (doc, page_index)
        if key not in self.refs and slot is not None:
            # Resources are cloned once per source document object, so fonts are shared by its faces.
            self.refs[key] = page_form(self.writer, self.readers[doc].pages[page_index])
            self.tagging.where[(f"d{doc}", page_index)] = (len(self.writer.pages), _form_name(slot))
            return self.refs[key], False
        if key not in self.echoes:
            page = self.readers[doc].pages[page_index]
            box = page.mediabox
            data = _MARKED.sub(rb"/\1 BMC", content_bytes(page))
            self.echoes[key] = add_form(self.writer, data, (box.left, box.bottom, box.right, box.top),
                                        page["/Resources"].clone(self.writer))
        return self.echoes[key], True

    def close(self) -> None:
        """Free the source documents' parsed objects: everything drawn is copied by now."""
        for source in self.readers.values():
            close(source)

    def tag(self, face: Face) -> None:
        """The face's elements next in the document's tree (at its first placement only)."""
        step = (f"d{face.doc}", face.page)
        if step not in self.tagged:
            self.tagged.add(step)
            self.tagging.steps.append(step)


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
        sides = []
        for side_index, side in enumerate(("front", "back")):
            placed = [(*forms.get("", side_index, None), 0.0, 0.0)]
            for index, card in enumerate(cards[start:start + PER_SHEET]):
                face = card.front if side == "front" else card.back
                placed.append((*forms.get(face.doc, face.page, len(placed)), *cell_origin(paper, index, side)))
            sides.append(_add_sheet(writer, width, height, placed))
        # Read card by card, each question then its answer, whatever cell the mirrored back puts it in.
        for card in cards[start:start + PER_SHEET]:
            forms.tag(card.front)
            forms.tag(card.back)
    for title, first in outline:
        writer.add_outline_item(title=title, page_number=2 * (first // PER_SHEET))
    set_metadata(writer, metadata)
    tag_later(writer, forms.tagging)
    forms.close()
    return to_bytes(writer, last_use=True)


def _form_name(slot: int) -> str:
    return f"/Fm{slot}"


def _add_sheet(writer: PdfWriter, width: float, height: float, placed: list):
    page = writer.add_blank_page(width, height)
    names = DictionaryObject()
    ops = []
    for n, (ref, artifact, x, y) in enumerate(placed):
        name = _form_name(n)
        names[NameObject(name)] = ref
        draw = f"q 1 0 0 1 {x:.3f} {y:.3f} cm {name} Do Q"
        ops.append(f"/Artifact BMC {draw} EMC" if artifact else draw)
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): names})
    content = StreamObject()
    content.set_data("\n".join(ops).encode("ascii"))
    page[NameObject("/Contents")] = add_object(writer, content.flate_encode())
    return page


# A booklet's pages are half its sheet: A5 on A4, half-Letter (5.5 x 8.5 in) on Letter.
FOLDED = {"a4": "a5", "letter": "half-letter"}


def booklet_order(pages: int, back_cover: bool = False) -> list[tuple[int | None, int | None]]:
    """(left, right) page of each sheet side, fronts and backs alternating, for a saddle-stitched
    booklet: 0-based pages, None for a blank added to make the count a multiple of 4.

    Side k's front holds [n-1-2k | 2k], its back [2k+1 | n-2-2k]: the sheets stacked in order
    and folded read 0, 1, ... n-1. The blanks go at the end, as a printer puts them: every page
    keeps the side it was typeset for (a blank anywhere earlier would turn the right-hand
    chapter openings after it into left-hand ones), and empty pages after the last text read as
    notes pages, not as a fault. A document whose last page is its back cover (`back_cover`)
    keeps it on the outside: the blanks go just before it.
    """
    n = -(-pages // 4) * 4
    order: list[int | None] = list(range(pages))
    blanks: list[int | None] = [None] * (n - pages)
    order = order[:-1] + blanks + order[-1:] if back_cover and pages > 1 else order + blanks
    sides = []
    for k in range(n // 4):
        sides += [(order[n - 1 - 2 * k], order[2 * k]), (order[2 * k + 1], order[n - 2 - 2 * k])]
    return sides


def impose_booklet(pdf: bytes, paper: str, back_cover: bool = False) -> bytes:
    """A document of half-sheet pages as booklet sheets of `paper` turned landscape, two pages a side.

    The backs are drawn upright, for the usual booklet setting of a duplex printer: flip on the
    short edge. A landscape sheet turned over its short (left or right) edge keeps its top at the
    top and swaps left and right, so the front's right half backs onto the back's left half:
    page 2k onto 2k+1, as a leaf of the folded booklet has them. The outline follows each
    bookmark to the sheet side its page is printed on, at the same spot; links are not kept.
    """
    forms = _Forms(PdfWriter(), {"": pdf})
    source = forms.readers[""]
    width, height = PAPERS[paper].height * MM, PAPERS[paper].width * MM
    where: dict[int, tuple[int, float, float]] = {}  # page -> (sheet side, where its origin lands)
    for index, pair in enumerate(booklet_order(len(source.pages), back_cover)):
        placed = []
        for half, page in enumerate(pair):
            if page is None:
                continue
            box = source.pages[page].mediabox
            # Each page meets the fold (the sheet's middle) with its inner edge, so the margin at
            # the fold is the one typeset; a page narrower than half the sheet gains at the outside.
            x = width / 2 - float(box.width) if half == 0 else width / 2
            dx, dy = x - float(box.left), (height - float(box.height)) / 2 - float(box.bottom)
            where[page] = (index, dx, dy)
            placed.append((*forms.get("", page, len(placed)), dx, dy))
        _add_sheet(forms.writer, width, height, placed)
    _booklet_outline(forms.writer, part_outline(pdf), where, None)
    # The document's structure, in its own page order, its marked content found in the forms.
    forms.tagging.steps.append(("d", None))
    _copy_info(forms.writer, source)
    (forms.writer.viewer_preferences or forms.writer.create_viewer_preferences()).display_doctitle = True
    tag_later(forms.writer, forms.tagging)
    forms.close()
    return to_bytes(forms.writer, last_use=True)


def _booklet_outline(writer: PdfWriter, nodes: list[OutlineNode], where: dict, parent) -> None:
    for node in nodes:
        side, dx, dy = where[node.page]
        left = None if node.left is None else node.left + dx
        fit = Fit.xyz(left, node.top + dy) if node.top is not None else Fit.fit()
        item = writer.add_outline_item(title=node.title, page_number=side, parent=parent, fit=fit)
        _booklet_outline(writer, node.children, where, item)


def _copy_info(writer: PdfWriter, source) -> None:
    """The document's title, author, ... and language, and what a print dialog should offer:
    two-sided, flipped on the short edge, at actual size (fit-to-page would shrink the pages)."""
    info = {str(key).lstrip("/"): str(value) for key, value in (source.metadata or {}).items()}
    language = source.trailer["/Root"].get("/Lang")
    set_metadata(writer, {**info, **({"Lang": str(language)} if language else {})})
    preferences = writer.create_viewer_preferences()
    preferences[NameObject("/Duplex")] = NameObject("/DuplexFlipShortEdge")
    preferences[NameObject("/PrintScaling")] = NameObject("/None")
