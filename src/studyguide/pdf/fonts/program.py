"""One embedded font program as the merge sees it: per-glyph records, read through fontTools.

A record is ``(outline bytes, (advance, lsb), (vertical advance, tsb) or None)`` for every glyph
that has an outline or an advance; WeasyPrint's subsets (HarfBuzz, RETAIN_GIDS) leave every
other glyph empty with zero metrics, so glyph ids are those of the original font file.
"""

from __future__ import annotations

import array
import functools
import hashlib
import io
import struct
import sys
from itertools import compress

from fontTools.ttLib import TTFont

from .cff import CffGlyphs
from .pdfobj import Unsupported

# Tables only a layout engine reads: a viewer drawing glyph ids needs none of them, and they
# would not match the union of glyphs.
LAYOUT_TABLES = frozenset({"GDEF", "GSUB", "GPOS", "BASE", "JSTF", "MATH", "kern", "morx", "mort", "feat",
                           "LTSH", "hdmx", "VDMX", "DSIG", "PCLT"})
# Per-glyph data the merge cannot take apart: a program carrying any of it is left alone.
UNMERGEABLE = frozenset({"CBDT", "CBLC", "sbix", "COLR", "CPAL", "SVG ", "EBDT", "EBLC", "gvar", "fvar",
                         "CFF2", "HVAR", "VVAR", "avar", "cvar"})


@functools.lru_cache(maxsize=16)
def glyph_names(count: int) -> tuple[str, ...]:
    """fontTools' names for nameless glyphs (post 3.0): the merge addresses glyphs by id only."""
    return (".notdef", *(f"glyph{gid:05d}" for gid in range(1, count)))


@functools.lru_cache(maxsize=16)
def glyph_ids(count: int) -> dict[str, int]:
    return {name: gid for gid, name in enumerate(glyph_names(count))}


def open_font(data: bytes) -> TTFont:
    """A lazy fontTools view of a program; nothing is decompiled until asked for."""
    font = TTFont(io.BytesIO(data), lazy=True, recalcBBoxes=False, recalcTimestamp=False)
    if font.sfntVersion not in ("\0\1\0\0", "true", "OTTO"):
        raise Unsupported(f"font program is not a single sfnt ({font.sfntVersion!r})")
    return font


# glyf and hmtx/vmtx are sliced here rather than decompiled by fontTools. On the guide's 79
# subsets (2,463 glyph slots each) fontTools' glyf decompile takes 240 ms and hmtx 80 ms; slicing
# glyf by fontTools' own loca takes 25 ms and unpacking hmtx 2 ms. The merge reads every subset
# of every part, so this is most of its run time; the merged program is written by fontTools.


def side_metrics(table: bytes, long_count: int, count: int) -> tuple[tuple, tuple]:
    """hmtx / vmtx -> (advances, side bearings), one of each per glyph."""
    long_count = max(0, min(long_count, count, len(table) // 4))
    pairs = struct.unpack(">" + "Hh" * long_count, table[:4 * long_count])
    advances, bearings = pairs[0::2], pairs[1::2]
    short = max(0, min(count - long_count, (len(table) - 4 * long_count) // 2))
    if short:
        advances += (advances[-1] if advances else 0,) * short
        bearings += struct.unpack(f">{short}h", table[4 * long_count:4 * long_count + 2 * short])
    missing = count - len(advances)
    return advances + (0,) * missing, bearings + (0,) * missing


def glyf_outlines(font: TTFont, count: int) -> dict[int, bytes]:
    """{glyph id: glyph data} for every glyph with an outline."""
    offsets, scale = _loca(font)
    if len(offsets) < count + 1:
        raise Unsupported("truncated loca table")
    glyf = font.reader["glyf"]
    drawn = compress(range(count), map(int.__ne__, offsets[1:count + 1], offsets[:count]))
    return {gid: glyf[scale * offsets[gid]:scale * offsets[gid + 1]] for gid in drawn}


def _loca(font: TTFont) -> tuple[array.array, int]:
    """loca's offsets as stored (half the byte offset in the short format) and what scales them
    to bytes: read as one array, where fontTools builds a list of every offset doubled (a third
    of reading a subset)."""
    long = font["head"].indexToLocFormat
    size, data = (4 if long else 2), font.reader["loca"]
    offsets = array.array("I" if long else "H", data[:len(data) // size * size])
    if sys.byteorder == "little":
        offsets.byteswap()
    return offsets, 1 if long else 2


class Program:
    """An sfnt font program (TrueType or OpenType/CFF) reduced to glyph records."""

    def __init__(self, data: bytes):
        self.data = data
        self.font = font = open_font(data)
        self.tags = set(font.reader.keys())
        bad = UNMERGEABLE & self.tags
        if bad:
            raise Unsupported(f"font program has {sorted(bad)}")
        if not {"head", "hhea", "hmtx", "maxp"} <= self.tags:
            raise Unsupported("font program lacks head, hhea, hmtx or maxp")
        self.num_glyphs = count = font["maxp"].numGlyphs
        self.kind = "cff" if "CFF " in self.tags else "glyf"
        advances, bearings = side_metrics(font.reader["hmtx"], font["hhea"].numberOfHMetrics, count)
        vertical = None
        if {"vmtx", "vhea"} <= self.tags:
            vertical = side_metrics(font.reader["vmtx"], font["vhea"].numberOfVMetrics, count)
        self.has_vmtx = vertical is not None
        if self.kind == "glyf":
            if not {"glyf", "loca"} <= self.tags:
                raise Unsupported("TrueType program without glyf/loca")
            font.setGlyphOrder(list(glyph_names(count)))  # not post's names: glyphs go by id here
            self.cff, outlines = None, glyf_outlines(font, count)
        else:
            self.cff = CffGlyphs(font, count)
            outlines = self.cff.outlines()
        # A glyph is a record when it has an outline or an advance (a space).
        wanted = set(outlines) | set(compress(range(count), advances))
        self.records = {gid: (outlines.get(gid, b""), (advances[gid], bearings[gid]),
                              (vertical[0][gid], vertical[1][gid]) if vertical else None)
                        for gid in sorted(wanted)}

    def identity(self) -> tuple:
        """What makes two subsets 'the same original font' (besides their glyphs agreeing)."""
        font = self.font
        head, hhea = font["head"], font["hhea"]
        os2 = font["OS/2"] if "OS/2" in self.tags else None
        name = font.reader["name"] if "name" in self.tags else b""
        return (self.kind, font.sfntVersion, head.fontRevision, head.unitsPerEm, head.created, head.macStyle,
                hhea.ascent, hhea.descent, hhea.lineGap,
                (os2.usWeightClass, os2.usWidthClass, os2.fsSelection) if os2 else None,
                hashlib.sha256(name).hexdigest()[:16], self.cff.identity() if self.cff else None)

    def codes(self) -> dict[int, int]:
        """The program's own cmap: {code point: glyph id}."""
        if "cmap" not in self.tags:
            return {}
        ids = glyph_ids(self.num_glyphs) if self.kind == "glyf" else self.font.getReverseGlyphMap()
        result: dict[int, int] = {}
        for table in self.font["cmap"].tables:
            if table.isUnicode():
                for code, name in table.cmap.items():
                    if name in ids:
                        result.setdefault(code, ids[name])
        return result


def same_glyph(a: tuple, b: tuple) -> bool:
    """Same outline and metrics. TrueType glyph data is self-delimiting, so trailing zero bytes
    are padding, and tools pad differently (HarfBuzz, fontTools): they are ignored."""
    return a[1:] == b[1:] and (a[0] == b[0] or a[0].rstrip(b"\0") == b[0].rstrip(b"\0"))
