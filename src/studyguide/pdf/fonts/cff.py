"""CFF programs (the CJK face): outlines by glyph id, and the CFF and VORG tables of a union, through fontTools.

WeasyPrint embeds a CJK face as an OpenType/CFF subset (FontFile3 /OpenType under a
CIDFontType0): CID-keyed, ROS Adobe-Identity-0, every FD of the face kept, desubroutinized,
glyph ids retained, and the codes in the content are glyph ids. Its charset still maps each
glyph to the CID of the font file, which for the vendored Noto Sans CJK subset is not the glyph
id (gid 2670 is cid09896): viewers that go by the charset rather than the glyph id would pick
other glyphs. The programs written here have an identity charset (cidNNNNN = glyph id = code),
which is right either way.
"""

from __future__ import annotations

import io
from itertools import compress

from fontTools.cffLib import CharStrings
from fontTools.ttLib import TTFont

from .pdfobj import Unsupported

_SKIP_IN_IDENTITY = {"CharStrings", "charset", "FDArray", "FDSelect", "Private", "CIDCount", "FontBBox"}


class CffGlyphs:
    """The CFF table of one program: its identity and its charstrings by glyph id."""

    def __init__(self, font: TTFont, count: int):
        self.count = count
        cff = font["CFF "].cff
        self.top = top = cff.topDictIndex[0]
        self.cid_keyed = hasattr(top, "ROS")
        if len(cff.GlobalSubrs):
            raise Unsupported("subroutinized CFF")
        self.index = top.CharStrings.charStringsIndex
        fdarray = getattr(top, "FDArray", None)
        privates = [fd.Private for fd in fdarray] if fdarray is not None else [top.Private]
        if any("Subrs" in private.rawDict for private in privates):
            raise Unsupported("subroutinized CFF")
        self.fd_names = tuple(str(getattr(fd, "FontName", i)) for i, fd in enumerate(fdarray or ()))
        self.fd_select = top.FDSelect if fdarray is not None else None

    def identity(self) -> tuple:
        raw = sorted((k, repr(v)) for k, v in self.top.rawDict.items() if k not in _SKIP_IN_IDENTITY)
        return self.cid_keyed, getattr(self.top, "ROS", None), self.fd_names, tuple(raw)

    def outlines(self) -> dict[int, bytes]:
        """{glyph id: FD index byte + charstring} for every real glyph.

        A glyph the subsetter dropped is a bare 'endchar' (one byte). The FD index travels with
        the glyph: it decides its Private dict (widths, hints). Charstrings are read as raw
        bytes: 24k T2CharString objects for a CJK subset would cost 0.4 s."""
        index, offsets = self.index, self.index.offsets
        result = {}
        file = index.file
        for gid in compress(range(self.count), map(lambda a, b: b - a > 1, offsets[:-1], offsets[1:])):
            file.seek(index.offsetBase + offsets[gid])
            raw = file.read(offsets[gid + 1] - offsets[gid])
            result[gid] = bytes([self.fd_select[gid] if self.fd_select is not None else 0]) + raw
        return result


class _RawCharString:
    """A charstring kept as bytecode: all fontTools' compiler asks of it (thousands of them in a
    CJK subset, so no T2CharString objects)."""

    __slots__ = ("bytecode",)

    def __init__(self, bytecode: bytes):
        self.bytecode = bytecode

    def compile(self, isCFF2=False):
        pass


def set_charstrings(font: TTFont, records: dict[int, tuple], count: int) -> list[str]:
    """Give `font` (a fresh view of the base program) the union's charstrings; returns the glyph order.

    The subsets are desubroutinized (WeasyPrint asks HarfBuzz for that), so a charstring is
    copied as it is, with its FD index (the FDArrays were checked to be the same)."""
    cff = font["CFF "].cff
    top = cff.topDictIndex[0]
    has_fds = hasattr(top, "FDArray")
    if hasattr(top, "ROS"):
        names = [".notdef"] + [f"cid{gid:05d}" for gid in range(1, count)]
    else:
        names = list(top.charset[:count])
        if len(names) < count:
            raise Unsupported("CFF merge: base charset too short")
    charstrings = CharStrings(None, names, cff.GlobalSubrs, None if has_fds else top.Private,
                              top.FDSelect if has_fds else None, top.FDArray if has_fds else None)
    fd_select = []
    for gid in range(count):
        record = records.get(gid)
        outline = record[0] if record else b""
        fd, bytecode = (outline[0], outline[1:]) if outline else (0, b"\x0e")  # 0x0e: endchar
        charstrings[names[gid]] = _RawCharString(bytecode)
        fd_select.append(fd)
    top.CharStrings = charstrings
    top.charset = names
    if has_fds:
        top.FDSelect.gidArray = fd_select
        top.FDSelect.format = None  # fontTools picks the smaller encoding
    font.setGlyphOrder(names)
    return names


def merge_vorg(font: TTFont, programs: list, records: dict[int, tuple], names: list[str]) -> None:
    """The VORG table of the union: each real glyph's vertical origin, from a subset that has it."""
    vorg = font["VORG"]
    default = vorg.defaultVertOriginY
    origins: dict[int, int] = {}
    for program in programs:
        if "VORG" not in program.tags:
            continue
        source = program.font
        for name, y in source["VORG"].VOriginRecords.items():
            gid = source.getGlyphID(name)
            if gid in records and records[gid][0] and y != default:
                origins.setdefault(gid, y)
    vorg.VOriginRecords = {names[gid]: y for gid, y in sorted(origins.items())}


def compact_cff(data: bytes, records: dict[int, tuple]) -> bytes:
    """A bare CID-keyed CFF (for FontFile3 /CIDFontType0C) holding only `records`' glyphs.

    For a CIDFontType0 the CFF charset maps each CID to its glyph, so unlike the TrueType
    faces no glyph id needs to be retained: a few CJK glyphs make a few kilobytes, where the
    retained-id OpenType form carries tens of thousands of empty slots (about 45 KB and 0.3 s
    to write for a two-ideograph name)."""
    font = TTFont(io.BytesIO(data), lazy=True, recalcBBoxes=False, recalcTimestamp=False)
    cff = font["CFF "].cff
    top = cff.topDictIndex[0]
    if not hasattr(top, "ROS") or not hasattr(top, "FDArray"):
        raise Unsupported("not a CID-keyed CFF")
    gids = sorted({0, *(gid for gid, record in records.items() if record[0])})
    names = [".notdef" if gid == 0 else f"cid{gid:05d}" for gid in gids]
    charstrings = CharStrings(None, names, cff.GlobalSubrs, None, top.FDSelect, top.FDArray)
    fd_select = []
    for gid, name in zip(gids, names):
        outline = records[gid][0] if gid in records and records[gid][0] else b""
        fd, bytecode = (outline[0], outline[1:]) if outline else (0, b"\x0e")
        charstrings[name] = _RawCharString(bytecode)
        fd_select.append(fd)
    top.CharStrings, top.charset = charstrings, names
    top.FDSelect.gidArray, top.FDSelect.format = fd_select, None
    font.setGlyphOrder(names)
    buffer = io.BytesIO()
    cff.compile(buffer, font, isCFF2=False)
    return buffer.getvalue()
