"""A candidate's stamp fonts: only the glyphs that candidate's stamp pages draw, as new objects for an incremental update.

The personal stamps of a whole roster are set in one WeasyPrint document, so its font subsets
hold every candidate's glyphs. ``StampFonts`` reads that document's fonts once; ``subset(pages,
first)`` gives, for the pages of one candidate, a /Font resource dictionary per page whose fonts
hold only the glyphs those pages draw (codes read from their content streams), numbered from
``first`` on and added to no writer: the caller writes them in its update.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field, replace

import pikepdf
from fontTools.ttLib import newTable
from fontTools.ttLib.tables._g_l_y_f import Glyph
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, IndirectObject, NameObject, StreamObject

from .found import Font, is_type0, read_font
from .pdfobj import NewObjects, Unsupported, get
from .program import glyph_ids, glyph_names
from .variants import ProgramGroup
from .write import write_group

_SHOWING = {"Tj": 0, "'": 0, '"': 2, "TJ": 0}  # operator -> index of its string operand


@dataclass
class CandidateFonts:
    """One candidate's fonts: new objects numbered from the `first` asked for up to `size` - 1."""

    fonts: dict[int, DictionaryObject]  # stamp page index -> its /Font resource dictionary
    objects: list[tuple[int, object]]  # (object number, object), to write in the update
    size: int  # the trailer's /Size once they are written
    skipped: list[str] = field(default_factory=list)  # fonts copied whole (not subset), and why

    def resources(self, page: int, base: DictionaryObject) -> DictionaryObject:
        """`base` (the stamp page's other resources, already in the document) with this page's fonts."""
        resources = DictionaryObject(base)
        resources[NameObject("/Font")] = self.fonts[page]
        return resources


class StampFonts:
    """The fonts of a stamps document, read once, for any number of candidates' subsets."""

    def __init__(self, stamps: PdfReader):
        self.stamps = stamps
        self._programs: dict = {}
        self._fonts: dict[int, Font | Unsupported] = {}
        self._drawn: dict[int, dict[str, set[int]]] = {}
        self._parsed: dict[int, list] = {}
        # The pages' drawings are read and parsed by qpdf: pypdf takes ten times as long, and
        # every copy reads a page of its own.
        self._pages = pikepdf.open(io.BytesIO(stamps.stream.getvalue())).pages

    def instructions(self, page: int) -> list:
        """The drawing of stamp page `page`, parsed (once)."""
        if page not in self._parsed:
            self._parsed[page] = pikepdf.parse_content_stream(self._pages[page])
        return self._parsed[page]

    def drawn(self, page: int) -> dict[str, set[int]]:
        """{font resource name: 2-byte codes} that stamp page `page` shows (read once)."""
        if page not in self._drawn:
            self._drawn[page] = self._read_codes(page)
        return self._drawn[page]

    def _read_codes(self, page: int) -> dict[str, set[int]]:
        codes: dict[str, set[int]] = {}
        current = None
        for operands, operator in self.instructions(page):
            operator = str(operator)
            if operator == "Tf":
                current = codes.setdefault(str(operands[0]), set())
            elif operator in _SHOWING and current is not None:
                shown = operands[_SHOWING[operator]]
                for item in shown if isinstance(shown, pikepdf.Array) else [shown]:
                    if isinstance(item, pikepdf.String):
                        data = bytes(item)
                        current.update(int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data) - 1, 2))
        return codes

    def subset(self, pages: list[int], first: int, pdf=None) -> CandidateFonts:
        """The fonts `pages` use, each holding only what those pages draw; object numbers start at
        `first` (references carry `pdf`, the writer of the document they go into)."""
        new = NewObjects(first=first, pdf=pdf)
        wanted: dict[int, set[int]] = {}
        for page in pages:
            for name, codes in self.drawn(page).items():
                wanted.setdefault(self._ref(page, name).idnum, set()).update(codes)
        made: dict[int, IndirectObject] = {}
        skipped: list[str] = []
        for idnum, codes in sorted(wanted.items()):
            made[idnum] = self._one(idnum, codes, new, skipped)
        fonts = {page: DictionaryObject({NameObject(name): made[self._ref(page, name).idnum]
                                         for name in self.drawn(page)}) for page in pages}
        return CandidateFonts(fonts, new.added, new.next, skipped)

    def _ref(self, page: int, name: str) -> IndirectObject:
        ref = get(self.stamps.pages[page]["/Resources"], "/Font").raw_get(name)
        if not isinstance(ref, IndirectObject):
            raise Unsupported(f"stamp font {name} is not an indirect object")
        return ref

    def _one(self, idnum: int, codes: set[int], new: NewObjects, skipped: list[str]) -> IndirectObject:
        if idnum not in self._fonts:
            obj = self.stamps.get_object(idnum)
            try:
                if not is_type0(obj):
                    raise Unsupported(f"{obj.get('/Subtype')} font")
                self._fonts[idnum] = read_font(obj, idnum, self._programs)
            except Exception as exc:  # such a font is copied whole
                self._fonts[idnum] = exc if isinstance(exc, Unsupported) else Unsupported(f"{type(exc).__name__}: {exc}")
        font = self._fonts[idnum]
        if not isinstance(font, Unsupported):
            mark = len(new.added)
            try:
                return _subset_font(font, codes, new)
            except Exception as exc:  # the font is copied whole instead
                new.rollback(mark)
                font = exc if isinstance(exc, Unsupported) else Unsupported(repr(exc))
        skipped.append(f"{self.stamps.get_object(idnum).get('/BaseFont')}: {font}; copied whole")
        return _copy(IndirectObject(idnum, 0, self.stamps), new, {})


def _subset_font(font: Font, codes: set[int], new: NewObjects) -> IndirectObject:
    """`font` holding only the glyphs `codes` draw (and the components and .notdef they need)."""
    program = font.program
    cids = font.cids(codes) | {0}
    if program.kind == "glyf":
        cids = _with_components(program, cids)
    records = {gid: program.records[gid] for gid in sorted(cids) if gid in program.records}
    shown = replace(font, to_unicode={c: t for c, t in font.to_unicode.items() if c in codes},
                    widths={c: w for c, w in font.widths.items() if c in cids},
                    encoding=None if font.encoding is None else {c: font.encoding[c] for c in codes if c in font.encoding},
                    used=cids)
    group = ProgramGroup()
    group.fonts, group.programs, group.records = [shown], [program], records
    group.count = min(max(cids) + 1, program.num_glyphs)  # retained ids, but none past the last one drawn
    group.compact = True  # only its few glyphs: a bare CFF (CJK) or a TrueType numbered afresh
    refs, _ = write_group(new, font.name, group, exact_widths=True)
    return refs[shown]


def _with_components(program, gids: set[int]) -> set[int]:
    """`gids` and every glyph their composite glyphs are built from (fontTools reads the components)."""
    table = newTable("glyf")
    table.glyphOrder = glyph_names(program.num_glyphs)
    found, stack = set(gids), list(gids)
    while stack:
        record = program.records.get(stack.pop())
        if record and record[0]:
            for name in Glyph(record[0]).getComponentNames(table):
                gid = glyph_ids(program.num_glyphs)[name]
                if gid not in found:
                    found.add(gid)
                    stack.append(gid)
    return found


def _copy(value, new: NewObjects, memo: dict):
    """A font's whole object graph from the stamps document, renumbered into `new`."""
    if isinstance(value, IndirectObject):
        if value.idnum not in memo:
            memo[value.idnum] = new.add(_copy(value.get_object(), new, memo))
        return memo[value.idnum]
    if isinstance(value, StreamObject):
        stream = DecodedStreamObject()
        stream.set_data(value.get_data())
        stream.update({NameObject(k): _copy(v, new, memo) for k, v in value.items()
                       if k not in ("/Filter", "/DecodeParms", "/Length")})
        return stream.flate_encode()
    if isinstance(value, DictionaryObject):
        return DictionaryObject({NameObject(k): _copy(v, new, memo) for k, v in value.items()})
    if isinstance(value, ArrayObject):
        return ArrayObject(_copy(v, new, memo) for v in value)
    return value
