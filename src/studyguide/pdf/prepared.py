"""The pack prepared once for its candidates' copies, with qpdf: every page draws the footer
form, the welcome page the name form too, both empty until a copy's update fills them.

qpdf edits the pack in place and packs it again in tens of milliseconds; copying its whole
object graph into pypdf to do the same took half a second for the seed's 38-page pack, and grows
with the pack (a real bank's pack has a thousand pages)."""

from __future__ import annotations

import io

import pikepdf
from pikepdf import Array, Dictionary, Name

from .structure import add_stamped_element
from .tags import listed

NAME, FOOTER = "/SgName", "/SgFooter"


def trim_box(box, media) -> tuple[float, ...]:
    """A page's trim box, or its media box when it has none or the two are the same to a
    hundredth of a point (a page without a bleed), as four numbers."""
    media = tuple(float(v) for v in media)
    if box is None:
        return media
    trim = tuple(float(v) for v in box)
    return media if all(abs(a - b) < 0.01 for a, b in zip(trim, media)) else trim


def placement(box: tuple[float, ...], turn: int, width: float, welcome: bool) -> tuple[float, ...]:
    """The matrix that puts a stamp `width` wide at the foot of the trim box `box`, centred,
    upright as the page is shown (turned by `turn` degrees); the name stamp covers the welcome
    page from its corner."""
    left, bottom, right, top = box
    turn %= 360
    if welcome:
        return (1, 0, 0, 1, left, bottom)
    if turn == 90:
        return (0, 1, -1, 0, right, bottom + (top - bottom - width) / 2)
    if turn == 180:
        return (-1, 0, 0, -1, right - (right - left - width) / 2, top)
    if turn == 270:
        return (0, -1, 1, 0, left, top - (top - bottom - width) / 2)
    return (1, 0, 0, 1, left + (right - left - width) / 2, bottom)


def marked(name: str, slot: int | None) -> str:
    """How a stamp's drawing is marked: the name as the paragraph element made for it (MCID
    `slot`), the rest as artifacts."""
    return f"/P <</MCID {slot}>> BDC" if name == NAME and slot is not None else "/Artifact BMC"


def prepare(pack: bytes, stamps: bytes, boxes: dict[str, list[float]], width: float) -> tuple[bytes, int | None]:
    """`pack` with the two empty forms (their boxes in `boxes`, resources those of the stamp
    pages but for their fonts, which each copy brings) drawn on its pages, packed; and the MCID
    of the name's element on the welcome page (None: the pack is not tagged)."""
    with pikepdf.open(io.BytesIO(pack)) as pdf, pikepdf.open(io.BytesIO(stamps)) as source:
        shared = source.pages[0].obj.Resources
        # Each copy's fonts come in its own update: the base keeps the stamp pages' other resources.
        resources = pdf.copy_foreign(source.make_indirect(
            Dictionary({key: value for key, value in shared.items() if key != Name.Font})))
        forms = {name: pdf.make_stream(b"", Type=Name.XObject, Subtype=Name.Form, BBox=Array(box),
                                       Resources=resources) for name, box in boxes.items()}
        opening = pdf.make_stream(b"q\n")
        # The name is content (a screen reader reads it where it is printed); footers are artifacts.
        slot = add_stamped_element(pdf, pdf.pages[0])
        for index, page in enumerate(pdf.pages):
            names = [NAME, FOOTER] if index == 0 else [FOOTER]
            if Name.Resources not in page.obj:  # a blank page may have none
                page.obj.Resources = Dictionary()
            own = page.obj.Resources
            if Name.XObject not in own:
                own.XObject = Dictionary()
            for name in names:
                own.XObject[name] = forms[name]
            # The page's own drawing is closed off (q ... Q) so its transforms cannot move the stamp.
            box = trim_box(page.obj.get(Name.TrimBox), page.mediabox)
            matrix = " ".join(f"{v:.4f}" for v in placement(box, int(page.obj.get(Name.Rotate, 0)), width,
                                                            index == 0))
            draw = "".join(f"{marked(name, slot)} q {matrix} cm {name} Do Q EMC\n" for name in names)
            old = listed(page.obj.get(Name.Contents))
            page.obj.Contents = Array([opening, *old, pdf.make_stream(f"Q\n{draw}".encode())])
        packed = io.BytesIO()
        pdf.save(packed, object_stream_mode=pikepdf.ObjectStreamMode.generate, deterministic_id=True,
                 compress_streams=True, min_version="1.7")
        return packed.getvalue(), slot
