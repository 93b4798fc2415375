"""Fonts of assembled documents: one program per face, no name for two programs, pages unchanged;
candidates' copies holding only their own name's glyphs.

Parts are rendered by WeasyPrint in this process (its font folder under tmp_path, removed at the end).
"""

from __future__ import annotations

import collections
import io
import subprocess

import pypdfium2 as pdfium
import pytest
from fontTools.cffLib import CFFFontSet
from fontTools.ttLib import TTFont
from PIL import ImageChops
from pypdf import PdfWriter
from pypdf.generic import ContentStream, DictionaryObject, NameObject

from studyguide.pdf.assemble import Part, merge
from studyguide.pdf.assembly import finish
from studyguide.pdf.fonts import merge_fonts, merge_fonts_pdf
from studyguide.pdf.fonts.cmaps import parse_to_unicode
from studyguide.pdf.objects import to_bytes
from studyguide.pdf.stamp import Stamper, stamp_pages
from studyguide.typeset import weasy
from studyguide.typeset.jobs import PartJob

from pdfutil import norm, page_texts, reader

MISSING = "\U00013000"  # an Egyptian hieroglyph: no embedded face has it
NAMES = ["Chén Wei", "प्रिया शर्मा", "Zoë 陈伟"]  # é: a composite glyph in the Latin faces


@pytest.fixture(scope="module")
def render(tmp_path_factory):
    weasy.release()
    weasy.keep_fonts_in(tmp_path_factory.mktemp("weasyprint-fonts"))

    def run(body: str, styles: tuple[str, ...] = ("base.css",)) -> bytes:
        html = f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'></head><body>{body}</body></html>"
        return weasy.typeset(PartJob(html, styles, "font test part", with_content=False), "a4").pdf

    yield run
    weasy.release()
    weasy.keep_fonts_in(None)


@pytest.fixture(scope="module")
def parts(render):
    """Three parts sharing faces with different glyphs, and a page-number overlay for them."""
    bodies = [f"<p>Hello world, नमस्ते 🚀 漢字 and <b>bold</b> <i>italic</i> {MISSING}</p>",
              f"<p>Quite other glyphs: हिन्दी भाषा 🐳 中文 <b>Strong</b> <i>Slanted</i> <code>x = 1</code> {chr(0x13001)}</p>",
              "<p style='font-size: 17.3pt'>Third part, 🚀 again, <b>Vex</b> <i>quay</i> नमस्ते 字体</p>"]
    folio = render("".join(f"<div style='break-after: page; padding-top: 250mm; text-align: center'>Page {n} of 3</div>"
                           for n in (1, 2, 3)))
    return [render(body) for body in bodies], folio


def assembled(parts, fonts_merged: bool) -> bytes:
    pdfs, folio = parts
    writer = PdfWriter(clone_from=reader(unmerged(merge([Part(pdf, label="") for pdf in pdfs], {"Title": "Fonts"}))))
    stamp_pages(writer, [folio], first=1)
    if fonts_merged:
        report = merge_fonts(writer)
        assert not report.skipped, report.skipped
        return to_bytes(writer)
    return written(writer)


def unmerged(doc) -> bytes:
    """A merged document as qpdf writes it, fonts (and tags) left as the parts brought them."""
    buffer = io.BytesIO()
    doc.pdf.save(buffer, deterministic_id=True)
    doc.close()
    return buffer.getvalue()


def written(writer: PdfWriter) -> bytes:
    """The document as pypdf writes it: fonts as the parts brought them."""
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def fonts_used(pdf: bytes) -> list[dict]:
    """Every Type0 font the pages and their forms use: names, program, maps."""
    found, seen = [], set()
    stack = [page.get("/Resources") for page in reader(pdf).pages]
    while stack:
        resources = stack.pop()
        resources = resources.get_object() if resources is not None else {}
        for ref in (resources.get("/Font") or {}).values():
            if ref.idnum not in seen:
                seen.add(ref.idnum)
                found.append(_font(ref.get_object()))
        stack += [x.get_object().get("/Resources") for x in (resources.get("/XObject") or {}).values()]
    return found


def _gid_of(cidfont):
    """CID -> glyph id in the program, by the CIDFont's /CIDToGIDMap (identity when it has none)."""
    table = cidfont.get("/CIDToGIDMap")
    if table is None or isinstance(table.get_object(), NameObject):
        return lambda cid: cid
    data = table.get_object().get_data()
    return lambda cid: int.from_bytes(data[2 * cid:2 * cid + 2], "big") if 2 * cid < len(data) else 0


def _font(type0) -> dict:
    cidfont = type0["/DescendantFonts"][0].get_object()
    descriptor = cidfont["/FontDescriptor"].get_object()
    key = next(k for k in ("/FontFile2", "/FontFile3") if k in descriptor)
    to_unicode = parse_to_unicode(type0["/ToUnicode"].get_object().get_data()) if "/ToUnicode" in type0 else {}
    return {"names": {str(type0["/BaseFont"]), str(cidfont["/BaseFont"]), str(descriptor["/FontName"])},
            "face": str(type0["/BaseFont"]).split("+")[-1], "program": descriptor.raw_get(key).idnum,
            "data": descriptor[key].get_object().get_data(), "subtype": descriptor[key].get_object().get("/Subtype"),
            "custom_cmap": not isinstance(type0["/Encoding"], NameObject), "gid_of": _gid_of(cidfont),
            "text": "".join(t.decode("utf-16-be") for t in to_unicode.values())}


def programs_by(fonts: list[dict], key: str) -> dict[str, set[int]]:
    found = collections.defaultdict(set)
    for font in fonts:
        for value in (font[key] if key == "names" else [font[key]]):
            found[value].add(font["program"])
    return found


def rendered(pdf: bytes) -> tuple[list, list[str]]:
    doc = pdfium.PdfDocument(pdf)
    images = [page.render(scale=1.5).to_pil() for page in doc]
    doc.close()
    return images, page_texts(pdf)


def qpdf_check(pdf: bytes, path) -> None:
    path.write_bytes(pdf)
    result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_assembled_parts_get_one_program_per_face_and_print_the_same(parts, tmp_path):
    before, after = assembled(parts, False), assembled(parts, True)
    fonts_before, fonts_after = fonts_used(before), fonts_used(after)
    faces_before = programs_by(fonts_before, "face")
    assert len(faces_before["Studyguide-Text"]) == 4  # each part and the overlay: its own subset...
    assert any(len(p) > 1 for p in programs_by(fonts_before, "names").values())  # ...under one name
    faces = programs_by(fonts_after, "face")
    assert {"Studyguide-Text", "Studyguide-Text-Bold", "Studyguide-Text-Italic", "Studyguide-Devanagari",
            "Studyguide-Emoji", "Studyguide-CJK"} <= set(faces)
    assert all(len(programs) == 1 for programs in faces.values()), faces
    assert all(len(programs) == 1 for programs in programs_by(fonts_after, "names").values())
    assert all(len(font["names"]) == 1 for font in fonts_after)  # Type0, CIDFont, descriptor agree
    assert any(font["custom_cmap"] for font in fonts_after)  # the missing glyph kept its made-up codes
    assert MISSING in "".join(font["text"] for font in fonts_after)
    images_before, texts_before = rendered(before)
    images_after, texts_after = rendered(after)
    assert texts_after == texts_before and "Page 3 of 3" in texts_after[2]
    assert [im.tobytes() for im in images_after] == [im.tobytes() for im in images_before]
    assert len(after) < 0.8 * len(before)
    qpdf_check(after, tmp_path / "merged.pdf")


def test_merged_cjk_face_is_one_opentype_program_holding_every_parts_glyphs(parts):
    cjk = [f for f in fonts_used(assembled(parts, True)) if f["face"] == "Studyguide-CJK"]
    assert len({f["program"] for f in cjk}) == 1 and cjk[0]["subtype"] == "/OpenType"
    font = TTFont(io.BytesIO(cjk[0]["data"]))
    drawn = {ch for f in cjk for ch in f["text"]}
    assert set("漢字中文体") <= drawn
    cmap = font.getBestCmap()
    assert all(ord(ch) in cmap for ch in "漢字中文体")


def test_the_merge_is_deterministic_and_a_second_merge_changes_nothing(parts):
    first = assembled(parts, True)
    assert assembled(parts, True) == first
    again, report = merge_fonts_pdf(first)
    assert report.fonts_before == report.type0_after and report.programs_before == report.programs_after
    assert sorted((f["names"], f["data"]) for f in fonts_used(again)) == sorted((f["names"], f["data"]) for f in fonts_used(first))


def test_another_font_under_the_same_name_keeps_its_own_program_and_gets_its_own_name(parts):
    # A PDF from elsewhere (the pack's extras) may embed another font under one of our names:
    # here the second part's code face (IBM Plex Mono) carries its text face's name (Lato's).
    pdfs, _ = parts
    writer = PdfWriter(clone_from=reader(pdfs[1]))
    lato_name = next(iter(next(f for f in fonts_used(pdfs[1]) if f["face"] == "Studyguide-Text")["names"]))
    for obj in writer._objects:
        for key in ("/BaseFont", "/FontName"):
            if isinstance(obj, DictionaryObject) and str(obj.get(key, "")).endswith("+Studyguide-Code"):
                obj[NameObject(key)] = NameObject(lato_name)
    before = unmerged(merge([Part(pdfs[0], label=""), Part(written(writer), label="")], {}))
    after, _ = merge_fonts_pdf(before)
    text = [f for f in fonts_used(after) if f["face"] == "Studyguide-Text"]
    families = {f["program"]: TTFont(io.BytesIO(f["data"]))["name"].getDebugName(1) for f in text}
    assert sorted(families.values()) == ["IBM Plex Mono", "Lato"]
    assert all(len(p) == 1 for p in programs_by(fonts_used(after), "names").values())  # two programs, two names
    images, texts = rendered(after)
    old_images, old_texts = rendered(before)
    assert texts == old_texts and [im.tobytes() for im in images] == [im.tobytes() for im in old_images]


# ----- candidates' copies: the pack once, then each copy an incremental update with its own fonts


class Copies:
    """pdf.stamp.Stamper on a pack and a roster's stamps, with what each copy's update added."""

    def __init__(self, pack: bytes, stamps: bytes):
        self.stamper = Stamper(pack, stamps, "Pack")
        self.base, self.size = self.stamper.base.data, self.stamper.base.size

    def copy(self, index: int) -> tuple[bytes, list[int]]:
        """Candidate `index`'s file and the numbers of the objects its update added (forms and info aside)."""
        data = self.stamper.copy(index, NAMES[index], footer(index))
        update = reader(data).xref[0]
        added = sorted(number for number, offset in update.items() if offset >= len(self.base) and number >= self.size)
        return data, added[:-1]  # the last one is the document information


def footer(index: int) -> str:
    return f"Prepared for {NAMES[index]} · Batch 01"


def reference_copy(copy: bytes, stamps: bytes) -> bytes:
    """The same copy with the stamps' fonts whole (every candidate's glyphs), as copies were made before."""
    source = reader(stamps)
    writer = PdfWriter(clone_from=reader(copy))
    whole = source.pages[0]["/Resources"].clone(writer)
    xobjects = writer.pages[0]["/Resources"]["/XObject"]
    for key in ("/SgName", "/SgFooter"):
        xobjects[key].get_object()[NameObject("/Resources")] = whole
    return to_bytes(writer)


def shown_glyphs(pdf: bytes) -> dict[int, set[int]]:
    """{font program object: the 2-byte codes (glyph ids) shown with it} in the first page's stamp forms."""
    page = reader(pdf).pages[0]
    shown = collections.defaultdict(set)
    for key in ("/SgName", "/SgFooter"):
        form = page["/Resources"]["/XObject"][key].get_object()
        current = None
        for operands, operator in ContentStream(form, None).operations:
            if operator == b"Tf":
                current = shown[_font(form["/Resources"]["/Font"][operands[0]].get_object())["program"]]
            elif operator == b"TJ":
                for item in operands[0]:
                    data = getattr(item, "original_bytes", b"")
                    current.update(int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data), 2))
    return shown


@pytest.fixture(scope="module")
def roster(render):
    pack = finish(merge([Part(render("<p>Hello pack, read all of it.</p>", ("base.css", "pack.css")))], {}))
    people = "".join(f"<div class='stamp'><div class='recipient'><span class='recipient-name'>{name}</span></div>"
                     f"<p class='personal-footer'>Prepared for {name} · Batch 01</p></div>" for name in NAMES)
    return pack, render(people, ("base.css", "pack.css"))


def test_each_copy_holds_only_its_own_names_glyphs_and_prints_like_the_old_copy(roster, tmp_path):
    pack, stamps = roster
    copies = Copies(pack, stamps)
    assert not [f for f in fonts_used(copies.base) if set(f["text"]) & set("Cप्र陈伟")]  # no stamp font in the base
    for index, name in enumerate(NAMES[:2]):
        data, added = copies.copy(index)
        assert data.startswith(copies.base)
        allowed = set(f"{name}Prepared for · Batch 01 ") | {"\u00a0"}
        assert added == list(range(copies.size, copies.size + len(added)))
        fonts, glyphs = fonts_used(data), shown_glyphs(data)
        new = [f for f in fonts if f["program"] in added]
        assert new and all(set(f["text"]) <= allowed for f in new), [f["text"] for f in new]
        composites = 0
        for font in new:
            program = TTFont(io.BytesIO(font["data"]))
            by_glyph = collections.defaultdict(set)  # a glyph may serve several code points (· and ∙)
            for code, glyph in program.getBestCmap().items():
                by_glyph[glyph].add(chr(code))
            assert all(chars & allowed for chars in by_glyph.values())
            glyf, shown = program["glyf"], set(map(font["gid_of"], glyphs[font["program"]])) | {0}
            outlined = {program.getGlyphID(n) for n in program.getGlyphOrder() if glyf[n].numberOfContours}
            needed = shown | {program.getGlyphID(c) for g in outlined for c in glyf[program.getGlyphName(g)].getComponentNames(glyf)}
            assert outlined <= needed and outlined & shown  # the glyphs the stamps show (and their parts), no more
            assert program["maxp"].numGlyphs == len(needed)  # and no empty slot: numbered afresh
            composites += sum(glyf[n].isComposite() for n in program.getGlyphOrder())
        assert composites or index  # é's parts are numbered afresh too, and it prints the same (below)
        everything = set("".join(f["text"] for f in fonts))
        only_other = set(NAMES[1 - index]) - allowed - set("Hello pack, read all of it.")
        assert only_other and not only_other & everything
        assert any("\u0900" <= ch <= "\u097f" for ch in everything) == (index == 1)
        assert not any("Devanagari" in f["face"] for f in fonts) or index == 1
        images, texts = rendered(data)
        old_images, old_texts = rendered(reference_copy(data, stamps))
        assert texts == old_texts and norm(name) in norm(texts[0])
        assert [im.tobytes() for im in images] == [im.tobytes() for im in old_images]
        qpdf_check(data, tmp_path / f"copy-{index}.pdf")


def test_a_cjk_name_is_a_bare_cff_of_its_few_glyphs(roster, tmp_path):
    pack, stamps = roster
    data, _ = Copies(pack, stamps).copy(2)
    cjk = [f for f in fonts_used(data) if f["face"] == "Studyguide-CJK"]
    assert len(cjk) == 1 and cjk[0]["subtype"] == "/CIDFontType0C" and set(cjk[0]["text"]) == set("陈伟")
    assert len(cjk[0]["data"]) < 5000  # the retained-id OpenType form is ~45 KB compressed
    cff = CFFFontSet()
    cff.decompile(io.BytesIO(cjk[0]["data"]), None)
    shown = shown_glyphs(data)[cjk[0]["program"]]  # the codes: glyph ids of the font file, CIDs here
    assert cff.topDictIndex[0].charset == [".notdef"] + [f"cid{code:05d}" for code in sorted(shown)]
    images, texts = rendered(data)
    old_images, old_texts = rendered(reference_copy(data, stamps))
    assert texts == old_texts and "陈伟" in texts[0]
    for image, old in zip(images, old_images):  # the same glyphs; FreeType's anti-aliasing may differ by a shade
        low, high = zip(*ImageChops.difference(image.convert("RGB"), old.convert("RGB")).getextrema())
        assert max(high) <= 16
    qpdf_check(data, tmp_path / "copy-cjk.pdf")
