"""The Type0 fonts of a document, read into what the merge compares: program, maps, widths, and the objects they own."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pypdf.generic import ArrayObject, DictionaryObject, StreamObject

from .cmaps import parse_encoding, parse_to_unicode, parse_w
from .pdfobj import Unsupported, get, ref_idnum
from .program import Program


@dataclass(eq=False)
class Font:
    """One Type0 font over a CIDFont with an embedded TrueType or OpenType program."""

    idnum: int  # the Type0 font object (0 for a direct one)
    type0: DictionaryObject
    cidfont: DictionaryObject
    descriptor: DictionaryObject
    program_key: str  # /FontFile2 or /FontFile3
    program: Program
    program_ref: int
    name: str  # BaseFont without the subset tag
    encoding: dict[int, int] | None  # code -> CID; None: Identity-H
    to_unicode: dict[int, bytes]
    widths: dict[int, float]  # reachable CIDs only
    used: set[int]  # CIDs the content can draw
    owned: set[int]  # indirect objects that make up this font

    def cids(self, codes) -> set[int]:
        """The CIDs (= glyph ids) that 2-byte `codes` select."""
        return set(codes) if self.encoding is None else {self.encoding.get(code, 0) for code in codes}


def is_type0(obj) -> bool:
    return (isinstance(obj, DictionaryObject) and not isinstance(obj, StreamObject)
            and obj.get("/Type") == "/Font" and obj.get("/Subtype") == "/Type0")


def read_font(type0: DictionaryObject, idnum: int, programs: dict) -> Font:
    """`type0` read, or Unsupported; `programs` caches parsed programs by object number."""
    owned = {idnum}
    cidfont = _descendant(type0, owned)
    descriptor_ref = cidfont.raw_get("/FontDescriptor")
    owned.add(ref_idnum(descriptor_ref))
    descriptor = descriptor_ref.get_object()
    program_key, program_ref = _program_ref(descriptor, owned)
    if program_ref not in programs:
        try:
            programs[program_ref] = Program(descriptor[program_key].get_object().get_data())
        except Unsupported as exc:
            programs[program_ref] = exc
        except Exception as exc:  # a program fontTools chokes on is left alone, not fatal
            programs[program_ref] = Unsupported(f"unreadable font program ({type(exc).__name__}: {exc})")
    program = programs[program_ref]
    if isinstance(program, Unsupported):
        raise program
    name = str(type0.get("/BaseFont", "")).lstrip("/")
    name = name[7:] if re.match(r"^[A-Z]{6}\+", name) else name
    if str(cidfont.get("/BaseFont", "")).lstrip("/").split("+")[-1] != name:
        raise Unsupported("Type0 and CIDFont BaseFont differ")
    encoding, to_unicode = _maps(type0, owned)
    widths = parse_w(cidfont.get("/W"))
    if encoding is None:
        used = set(widths) | set(to_unicode)
    else:  # codes WeasyPrint made up for missing glyphs map to CID 0: their widths are unreachable
        used = set(encoding.values())
        widths = {cid: w for cid, w in widths.items() if cid in used}
    owned.discard(None)
    return Font(idnum, type0, cidfont, descriptor, program_key, program, program_ref, name, encoding,
                to_unicode, widths, used, owned)


def _descendant(type0: DictionaryObject, owned: set) -> DictionaryObject:
    descendants = get(type0, "/DescendantFonts")
    if not isinstance(descendants, ArrayObject) or len(descendants) != 1:
        raise Unsupported("no single descendant font")
    owned |= {ref_idnum(type0.raw_get("/DescendantFonts")), ref_idnum(descendants[0])}
    cidfont = descendants[0].get_object()
    subtype = cidfont.get("/Subtype")
    if subtype not in ("/CIDFontType2", "/CIDFontType0"):
        raise Unsupported(f"descendant {subtype}")
    if subtype == "/CIDFontType2" and cidfont.get("/CIDToGIDMap", "/Identity") != "/Identity":
        raise Unsupported("CIDToGIDMap is not /Identity")
    if "/W2" in cidfont or "/DW2" in cidfont:
        raise Unsupported("vertical metrics (W2/DW2)")
    if "/FontDescriptor" not in cidfont:
        raise Unsupported("no font descriptor")
    return cidfont


def _program_ref(descriptor: DictionaryObject, owned: set) -> tuple[str, int]:
    keys = [k for k in ("/FontFile2", "/FontFile3") if k in descriptor]
    if len(keys) != 1 or "/FontFile" in descriptor:
        raise Unsupported("no embedded TrueType/OpenType program")
    program_ref = ref_idnum(descriptor.raw_get(keys[0]))
    if program_ref is None:
        raise Unsupported("font program is not an indirect stream")
    if keys[0] == "/FontFile3" and get(descriptor, "/FontFile3").get("/Subtype") != "/OpenType":
        raise Unsupported(f"FontFile3 {get(descriptor, '/FontFile3').get('/Subtype')} (bare CFF)")
    owned |= {program_ref, ref_idnum(descriptor.raw_get("/CIDSet")) if "/CIDSet" in descriptor else None}
    return keys[0], program_ref


def _maps(type0: DictionaryObject, owned: set) -> tuple[dict[int, int] | None, dict[int, bytes]]:
    encoding_value = get(type0, "/Encoding")
    if encoding_value == "/Identity-H":
        encoding = None
    elif isinstance(encoding_value, StreamObject):
        owned.add(ref_idnum(type0.raw_get("/Encoding")))
        encoding = parse_encoding(encoding_value.get_data())
    else:
        raise Unsupported(f"Encoding {encoding_value}")
    to_unicode = {}
    if "/ToUnicode" in type0:
        owned.add(ref_idnum(type0.raw_get("/ToUnicode")))
        to_unicode = parse_to_unicode(get(type0, "/ToUnicode").get_data())
    return encoding, to_unicode
