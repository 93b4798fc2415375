"""One sfnt program from glyph records (the union of a face's subsets, or a candidate's few glyphs), written by fontTools.

The base is the subset with the most glyph slots: its tables are kept, except what the glyph set
decides, which is rebuilt: glyf/loca (or the CFF charstrings, FDSelect and VORG), hmtx/vmtx,
cmap, maxp, the union's bounding box and side-bearing extremes in head/hhea/vhea, OS/2 first
and last character (fontTools recomputes them from the cmap), post 3.0 (no glyph names).
Layout tables are dropped. Glyph ids never change, so no content stream needs to.
"""

from __future__ import annotations

import io

from fontTools.fontBuilder import FontBuilder
from fontTools.ttLib import newTable
from fontTools.ttLib.tables._g_l_y_f import Glyph

from .cff import merge_vorg, set_charstrings
from .program import LAYOUT_TABLES, Program, glyph_names, open_font

_MAXP_MAX = ("maxPoints", "maxContours", "maxCompositePoints", "maxCompositeContours", "maxZones",
             "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs", "maxStackElements",
             "maxSizeOfInstructions", "maxComponentElements", "maxComponentDepth")
_HEA_MIN = ("minLeftSideBearing", "minRightSideBearing", "minTopSideBearing", "minBottomSideBearing")
_HEA_MAX = ("xMaxExtent", "yMaxExtent")


def build_program(programs: list[Program], records: dict[int, tuple], count: int | None = None,
                  compact: bool = False) -> bytes:
    """The program holding exactly `records` (glyph id -> record), on the largest subset's tables,
    with `count` glyph slots (default: as many as the largest subset has).

    `compact` (TrueType only): no empty slots, the glyphs numbered afresh in the order of their
    ids; the font's CIDFont then needs `cid_to_gid_map(records)`."""
    base = max(programs, key=lambda p: (p.num_glyphs, -programs.index(p)))
    count = count or max(p.num_glyphs for p in programs)
    font = open_font(base.data)
    for tag in LAYOUT_TABLES & base.tags:
        del font[tag]
    if base.kind == "glyf":
        every = glyph_names(max(p.num_glyphs for p in programs))
        names = {gid: every[gid] for gid in _kept(records)} if compact else glyph_names(count)
        order = list(names.values()) if compact else list(names)
        font.setGlyphOrder(order)
        glyf = font["glyf"] = newTable("glyf")
        glyf.glyphOrder = order
        empty = Glyph()  # one object for every empty slot: thousands of them in a retained-gid subset
        glyf.glyphs = dict.fromkeys(order, empty)
        for gid, record in records.items():
            if record[0]:
                glyf.glyphs[names[gid]] = _renumbered(record[0], every) if compact else Glyph(record[0])
        font["loca"] = newTable("loca")  # glyf's compile fills it and sets head.indexToLocFormat
        _max_fields(font["maxp"], [p.font["maxp"] for p in programs], _MAXP_MAX, max)
        count = len(order)
    else:
        names = set_charstrings(font, records, count)
        order = names
        if "VORG" in base.tags:
            merge_vorg(font, programs, records, names)
    font["maxp"].numGlyphs = count
    _metrics(font, programs, records, names, order)
    _head(font, programs)
    if "post" in base.tags:
        font["post"].formatType = 3.0
    if "cmap" in base.tags:
        codes = {}
        for program in programs:
            for code, gid in program.codes().items():
                if gid in records:
                    codes.setdefault(code, names[gid])
        FontBuilder(font=font).setupCharacterMap(codes, allowFallback=True)
        if "OS/2" in base.tags:
            font["OS/2"]  # decompiled, so fontTools writes first/last char from the new cmap
    buffer = io.BytesIO()
    # Tables in fontTools' own (tag) order: a viewer finds them by the directory, and putting
    # them back in the subset's order is a second pass over the file (a tenth of a copy's time).
    font.save(buffer, reorderTables=None)
    return buffer.getvalue()


def _kept(records: dict[int, tuple]) -> list[int]:
    """The glyph ids a compact program keeps, in order: .notdef and every record."""
    return sorted({0, *records})


def cid_to_gid_map(records: dict[int, tuple]) -> bytes:
    """/CIDToGIDMap of a compact program: two bytes per CID (its id in the original font, which
    the content streams draw), the glyph's new id; 0 (.notdef) for the CIDs it does not hold."""
    kept = _kept(records)
    table = bytearray(2 * (kept[-1] + 1))
    for new, gid in enumerate(kept):
        table[2 * gid:2 * gid + 2] = new.to_bytes(2, "big")
    return bytes(table)


def _renumbered(data: bytes, every: tuple[str, ...]) -> Glyph:
    """A composite glyph (fewer than no contours) refers to its components by glyph id: read it
    with the original ids (as names), so that compiling it in the compact program writes the new
    ones. A simple glyph's data holds no glyph id and stays as it is."""
    glyph = Glyph(data)
    if int.from_bytes(data[:2], "big", signed=True) >= 0:
        return glyph
    original = newTable("glyf")
    original.glyphOrder = every
    glyph.expand(original)
    return glyph


def _max_fields(target, sources: list, fields: tuple[str, ...], pick) -> None:
    for field in fields:
        values = [getattr(source, field) for source in sources if hasattr(source, field)]
        if values and hasattr(target, field):
            setattr(target, field, pick(values))


def _metrics(font, programs: list[Program], records: dict[int, tuple], names, order: list[str]) -> None:
    """hmtx (and vmtx) at full length, with hhea (vhea) extremes over the subsets; `names` gives
    a glyph id's name, `order` every name of the program."""
    for which, tag, header in ((1, "hmtx", "hhea"), (2, "vmtx", "vhea")):
        if tag not in programs[0].tags or header not in font:
            continue
        table = font[tag] = newTable(tag)
        table.metrics = {name: (0, 0) for name in order}
        for gid, record in records.items():
            if record[which] is not None:
                table.metrics[names[gid]] = record[which]
        head = font[header]
        sources = [p.font[header] for p in programs if header in p.tags]
        _max_fields(head, sources, _HEA_MIN, min)
        _max_fields(head, sources, _HEA_MAX, max)
        widest = max(advance for advance, _ in table.metrics.values())
        setattr(head, "advanceWidthMax" if which == 1 else "advanceHeightMax", widest)


def _head(font, programs: list[Program]) -> None:
    """The union's bounding box (the subsets' own boxes, as the subsetter computed them)."""
    head = font["head"]
    heads = [p.font["head"] for p in programs]
    head.xMin, head.yMin = min(h.xMin for h in heads), min(h.yMin for h in heads)
    head.xMax, head.yMax = max(h.xMax for h in heads), max(h.yMax for h in heads)
