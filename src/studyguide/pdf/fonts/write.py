"""A merged face written into the document: one program, one descriptor, one Type0 + CIDFont per variant."""

from __future__ import annotations

import hashlib

from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, NumberObject

from .build import build_program, cid_to_gid_map
from .cff import compact_cff
from .cmaps import build_encoding, build_to_unicode, build_w
from .found import Font
from .pdfobj import NewObjects, detach, get, number
from .variants import ProgramGroup, Variant, most_common, variants

_DESCRIPTOR_VOTES = ("/Ascent", "/Descent", "/CapHeight", "/StemV", "/StemH", "/ItalicAngle", "/XHeight")


def tag(name: str, gids, program: bytes) -> str:
    """Six capitals from the face name, its glyph ids and its program: a name never names two programs."""
    digest = hashlib.sha256(name.encode() + b"\0" + b",".join(str(g).encode() for g in sorted(gids))
                            + b"\0" + hashlib.sha256(program).digest()).digest()
    return "".join(chr(65 + b % 26) for b in digest[:6])


def rename(font: Font) -> str:
    """A subset that stays as it is gets a tag from its own glyphs too: WeasyPrint's tag only
    hashes the font description, so another program may carry the same name."""
    full = f"{tag(font.name, font.program.records, font.program.data)}+{font.name}"
    for dictionary, key in ((font.type0, "/BaseFont"), (font.cidfont, "/BaseFont"), (font.descriptor, "/FontName")):
        dictionary[NameObject(key)] = NameObject(f"/{full}")
    return full


def write_group(new: NewObjects, name: str, group: ProgramGroup, exact_widths: bool) -> tuple[dict, dict]:
    """Write `group` as one face; returns ({old font: its new Type0 reference}, a report entry)."""
    fonts = group.fonts
    program, extra, cid_map = _program(group)
    full = f"{tag(name, group.records, program)}+{name}"
    program_ref = new.stream(program, extra)
    cid_map_ref = new.stream(cid_map) if cid_map is not None else None
    sets = variants(fonts, exact_widths)
    descriptor_ref = _descriptor(new, group, full, program_ref, sets)
    text_maps = _shared_maps([v.to_unicode for v in sets])
    custom = [v for v in sets if v.custom]
    code_maps = dict(zip(map(id, custom), _shared_maps([v.encoding for v in custom])))
    streams: dict[bytes, IndirectObject] = {}
    refs = {}
    for variant, text_map in zip(sets, text_maps):
        type0_ref = _variant(new, variant, full, (descriptor_ref, cid_map_ref),
                             (text_map, code_maps.get(id(variant)), streams))
        refs.update((font, type0_ref) for font in variant.fonts)
    entry = {"name": full, "fonts": len(fonts), "programs": len({f.program_ref for f in fonts}),
             "variants": len(sets), "glyphs": sum(1 for r in group.records.values() if r[0]),
             "program_bytes": len(program)}
    return refs, entry


def _program(group: ProgramGroup) -> tuple[bytes, dict, bytes | None]:
    """The merged program, its stream's own entries, and the /CIDToGIDMap it needs (None: identity)."""
    cff = group.programs[0].cff
    if group.compact and cff is not None and cff.cid_keyed and len(group.programs) == 1:
        return compact_cff(group.programs[0].data, group.records), {"/Subtype": NameObject("/CIDFontType0C")}, None
    # A TrueType face of a few glyphs: without its thousand empty slots it is written in a
    # fifth of the time (a candidate's copy writes two), its CIDs mapped to the new glyph ids.
    compact = group.compact and group.programs[0].kind == "glyf" and _cid_type2(group)
    program = build_program(group.programs, group.records, group.count, compact=compact)
    cid_map = cid_to_gid_map(group.records) if compact else None
    if group.fonts[0].program_key == "/FontFile3":
        return program, {"/Subtype": NameObject("/OpenType")}, cid_map
    return program, {"/Length1": NumberObject(len(program))}, cid_map


def _cid_type2(group: ProgramGroup) -> bool:
    """Whether every font of the group is a TrueType CIDFont, whose glyphs a /CIDToGIDMap can number."""
    return all(get(font.cidfont, "/Subtype") == "/CIDFontType2" for font in group.fonts)


def _descriptor(new: NewObjects, group: ProgramGroup, full: str, program_ref, sets: list[Variant]) -> IndirectObject:
    """The first font's descriptor with the merged name, program, box and flags."""
    fonts = group.fonts
    first = fonts[0]
    descriptor = DictionaryObject({NameObject(k): detach(v, new.writer) for k, v in first.descriptor.items()
                                   if k not in ("/FontFile2", "/FontFile3", "/CIDSet")})
    descriptor[NameObject("/FontName")] = NameObject(f"/{full}")
    descriptor[NameObject(first.program_key)] = program_ref
    boxes = [[float(v) for v in get(f.descriptor, "/FontBBox", [0, 0, 0, 0])] for f in fonts]
    descriptor[NameObject("/FontBBox")] = ArrayObject([
        number(min(b[0] for b in boxes)), number(min(b[1] for b in boxes)),
        number(max(b[2] for b in boxes)), number(max(b[3] for b in boxes))])
    for key in _DESCRIPTOR_VOTES:
        values = [get(f.descriptor, key) for f in fonts if key in f.descriptor]
        if values:
            descriptor[NameObject(key)] = most_common(values)
    widths = {cid: w for variant in sets for cid, w in variant.widths.items()}
    flags = int(most_common([int(get(f.descriptor, "/Flags", 0)) for f in fonts]))
    fixed = len(widths) > 1 and len(set(widths.values())) == 1
    descriptor[NameObject("/Flags")] = NumberObject((flags | 1) if fixed else (flags & ~1))
    if any("/CIDSet" in f.descriptor for f in fonts):  # WeasyPrint writes one for PDF <= 1.4
        cids = sorted(g for g, r in group.records.items() if r[0] or r[1][0]) or [0]
        bits = bytearray((cids[-1] + 8) // 8)
        for cid in cids:
            bits[cid // 8] |= 0x80 >> (cid % 8)
        descriptor[NameObject("/CIDSet")] = new.stream(bytes(bits))
    return new.add(descriptor)


def _variant(new: NewObjects, variant: Variant, full: str, refs: tuple, maps: tuple) -> IndirectObject:
    """One Type0 + CIDFont pair; ToUnicode and Encoding streams are shared when their bytes are."""
    text_map, code_map, streams = maps
    descriptor_ref, cid_map_ref = refs

    def shared(data: bytes, extra: dict | None = None) -> IndirectObject:
        if data not in streams:
            streams[data] = new.stream(data, extra)
        return streams[data]

    template = variant.fonts[0]
    cidfont = DictionaryObject({NameObject(k): detach(v, new.writer) for k, v in template.cidfont.items()
                                if k not in ("/W", "/FontDescriptor", "/BaseFont")})
    cidfont[NameObject("/BaseFont")] = NameObject(f"/{full}")
    cidfont[NameObject("/FontDescriptor")] = descriptor_ref
    if cid_map_ref is not None:
        cidfont[NameObject("/CIDToGIDMap")] = cid_map_ref
    cidfont[NameObject("/W")] = build_w(variant.widths)
    type0 = DictionaryObject({NameObject(k): detach(v, new.writer) for k, v in template.type0.items()
                              if k not in ("/DescendantFonts", "/ToUnicode", "/Encoding", "/BaseFont")})
    type0[NameObject("/BaseFont")] = NameObject(f"/{full}")
    type0[NameObject("/DescendantFonts")] = ArrayObject([new.add(cidfont)])
    type0[NameObject("/Encoding")] = NameObject("/Identity-H")
    if variant.custom:
        digest = hashlib.sha256(repr(sorted(code_map.items())).encode()).hexdigest()[:8]
        cmap_name = f"FM-{full.split('+')[0]}-{digest}"
        system_info = detach(get(get(template.type0, "/Encoding"), "/CIDSystemInfo", cidfont.get("/CIDSystemInfo")))
        type0[NameObject("/Encoding")] = shared(build_encoding(code_map, cmap_name), {
            "/Type": NameObject("/CMap"), "/CMapName": NameObject(f"/{cmap_name}"), "/CIDSystemInfo": system_info})
    if variant.to_unicode or any("/ToUnicode" in f.type0 for f in variant.fonts):
        type0[NameObject("/ToUnicode")] = shared(build_to_unicode(text_map))
    return new.add(type0)


def _shared_maps(maps: list[dict]) -> list[dict]:
    """Each map, or all of them replaced by their union when no key disagrees (one stream for all)."""
    union: dict = {}
    for mapping in maps:
        for key, value in mapping.items():
            if union.setdefault(key, value) != value:
                return maps
    return [union] * len(maps)
