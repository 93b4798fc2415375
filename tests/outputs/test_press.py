"""The press edition: PDF/X-4 output intent and XMP, 3 mm bleed boxes on every page, CMYK only,
text on the black plate, stamps placed by the trim box; the ordinary editions stay RGB."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest

from studyguide.authoring.accessibility import check_bytes
from studyguide.outputs.press import press_job
from studyguide.typeset import weasy
from studyguide.typeset.jobs import PartJob
from studyguide.typeset.styles import icc_dir

from bankfactory import make_bank
from stage import make

MM = 72 / 25.4
PRESS = ("guide-press.pdf", "batches/01/handout-press.pdf", "batches/01/pack-press.pdf",
         "batches/01/candidates-press/chen-wei.pdf")
RGB = re.compile(rb"(?<![A-Za-z])(rg|RG)(?![A-Za-z])|/DeviceRGB")
SHOWS = {"Tj", "TJ", "'", '"'}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("press")
    content = make_bank(root)
    batch = content / "batches" / "01.yaml"
    batch.write_text(batch.read_text(encoding="utf-8") + "candidates: [{name: Chen Wei}]\n"
                     "url: https://example.com/batch-01\n", encoding="utf-8")
    # QR codes on the closing page, the handout cover and the welcome page: drawn in CMYK too.
    guide = content / "guide.yaml"
    guide.write_text(guide.read_text(encoding="utf-8") + "signup_url: https://example.com/join\n", encoding="utf-8")
    # Two workers: the documents come back from the assembler as stored files, as in a build.
    files, report = make(content, "guide", "pack", "guide-press", "handout-press", "pack-press", "copies-press",
                         jobs=2)
    return files, report, root


def _open(data: bytes) -> pikepdf.Pdf:
    import io

    return pikepdf.open(io.BytesIO(data))


def _streams(pdf: pikepdf.Pdf):
    """(page index, what, decoded bytes) of every page content stream and every form it draws, nested."""
    for index, page in enumerate(pdf.pages):
        yield index, "page", b"\n".join(s.read_bytes() for s in _contents(page))
        seen: set = set()
        todo = [page.obj]
        while todo:
            holder = todo.pop()
            for name, x in holder.get("/Resources", {}).get("/XObject", {}).items():
                if x.objgen not in seen and x.get("/Subtype") == "/Form":
                    seen.add(x.objgen)
                    todo.append(x)
                    yield index, f"form {name}", x.read_bytes()


def _contents(page) -> list:
    contents = page.obj.get("/Contents")
    if contents is None:
        return []
    return list(contents) if isinstance(contents, pikepdf.Array) else [contents]


@pytest.mark.parametrize("name", PRESS)
def test_every_page_has_a_3mm_bleed_inside_its_media_box(built, name):
    pdf = _open(built[0][name])
    for index, page in enumerate(pdf.pages):
        trim, bleed, media = ([float(v) for v in page.obj[key]] for key in ("/TrimBox", "/BleedBox", "/MediaBox"))
        assert [trim[0] - bleed[0], trim[1] - bleed[1], bleed[2] - trim[2], bleed[3] - trim[3]] == \
            pytest.approx([3 * MM] * 4, abs=0.01), (name, index)
        assert media[0] <= bleed[0] and media[1] <= bleed[1] and media[2] >= bleed[2] and media[3] >= bleed[3]


@pytest.mark.parametrize("name", PRESS)
def test_pdfx4_output_intent_and_metadata(built, name):
    data = built[0][name]
    assert data.startswith(b"%PDF-1.6")
    pdf = _open(data)
    (intent,) = pdf.Root.OutputIntents
    assert intent.S == "/GTS_PDFX" and intent.OutputConditionIdentifier == "FOGRA39"
    assert intent.DestOutputProfile.N == 4
    assert intent.DestOutputProfile.read_bytes() == (icc_dir() / "CoatedFOGRA39.icc").read_bytes()
    xmp = pdf.Root.Metadata.read_bytes().decode("utf-8")
    assert "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in xmp
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp  # the PDF/UA claim of the ordinary edition kept
    assert f"<rdf:li xml:lang=\"x-default\">{pdf.docinfo.Title}</rdf:li>" in xmp.replace("&amp;", "&")
    assert pdf.docinfo.Trapped == "/False" and str(pdf.docinfo.CreationDate).startswith("D:")
    # One copy of the profile, however many parts were merged.
    profiles = [o for o in pdf.objects if isinstance(o, pikepdf.Stream) and o.get("/N") == 4]
    assert len(profiles) == 1


@pytest.mark.parametrize("name", PRESS)
def test_no_rgb_colour_in_any_page_or_form(built, name):
    found = [(index, what) for index, what, data in _streams(_open(built[0][name])) if RGB.search(data)]
    assert found == []


def _text_colours(data: bytes) -> list[tuple[float, ...]]:
    """The CMYK fill colour each text-showing operator draws with (None: any other colour)."""
    colour, space, found, holder = None, None, [], pikepdf.new()
    for operands, operator in pikepdf.parse_content_stream(pikepdf.Stream(holder, data)):
        op = str(operator)
        if op == "cs":
            space = str(operands[0])
        elif op == "k" or (op in ("sc", "scn") and space == "/DeviceCMYK"):  # WeasyPrint: /DeviceCMYK cs c m y k sc
            colour = tuple(float(v) for v in operands)
        elif op in ("rg", "g", "sc", "scn"):
            colour = None
        elif op in SHOWS:
            found.append(colour)
    return found


@pytest.mark.parametrize("name", PRESS[:3])
def test_text_is_black_alone(built, name):
    """Every piece of text is drawn on the black plate alone (white, reversed out of the cover,
    has no ink); reading text is solid black: 0 0 0 1 k."""
    pdf = _open(built[0][name])
    colours = [c for index, what, data in _streams(pdf) for c in _text_colours(data)]
    assert colours and all(c is not None and c[:3] == (0, 0, 0) for c in colours), set(colours)
    assert (0, 0, 0, 1) in colours


@pytest.mark.skipif(shutil.which("gs") is None, reason="needs Ghostscript (ghostscript)")
def test_ghostscript_sees_text_on_the_black_plate_only(built, tmp_path):
    """Text alone (vectors and images filtered out), separated: cyan, magenta and yellow stay empty."""
    target = tmp_path / "guide-press.pdf"
    target.write_bytes(built[0]["guide-press.pdf"])
    result = subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-dFILTERVECTOR", "-dFILTERIMAGE",
                             "-sDEVICE=inkcov", "-o", "-", str(target)], capture_output=True, text=True, check=True)
    pages = [[float(v) for v in line.split()[:4]] for line in result.stdout.splitlines() if line.endswith("OK")]
    assert len(pages) == len(_open(built[0]["guide-press.pdf"]).pages)
    assert all(c == m == y == 0 for c, m, y, _ in pages)
    assert sum(1 for *_, k in pages if k > 0) >= 3  # chapter pages do carry text


def test_page_numbers_and_name_stamps_sit_on_the_trimmed_page(built):
    import pypdfium2 as pdfium

    for name, needle in (("guide-press.pdf", "Page 3 of"), ("batches/01/candidates-press/chen-wei.pdf", "Prepared for")):
        doc = pdfium.PdfDocument(built[0][name])
        page = doc[2]
        text = page.get_textpage()
        start = text.get_text_bounded().find(needle)
        assert start >= 0, name
        left, bottom, right, top = text.get_charbox(start)
        whole = _open(built[0][name])
        boxes = whole.pages[2].obj
        trim = [float(v) for v in boxes["/TrimBox"]]
        # In the page's own space: placed by the media box, the line would fall 10 mm lower, off the trimmed page.
        assert float(boxes["/MediaBox"][1]) < trim[1] - 9 * MM
        assert trim[0] + 10 * MM < left < trim[2] and trim[1] + 4 * MM < bottom < trim[1] + 16 * MM, (name, left, bottom)
        doc.close()


def test_ordinary_editions_stay_rgb(built):
    for name in ("guide.pdf", "batches/01/pack.pdf"):
        pdf = _open(built[0][name])
        assert "/OutputIntents" not in pdf.Root
        assert any(RGB.search(data) for _, _, data in _streams(pdf))
        for page in pdf.pages:
            assert [float(v) for v in page.obj.get("/TrimBox", page.obj.MediaBox)] == \
                [float(v) for v in page.obj.MediaBox]


def test_press_parts_are_the_same_bytes_every_time(built):
    job = press_job(PartJob("<p>Hello</p>", ("base.css",), "a press part", with_content=False))
    assert job.variant == "pdf/x-4" and job.styles[-1] == "press.css"
    assert press_job(job) == job
    try:
        first, second = weasy.typeset(job).pdf, weasy.typeset(job).pdf
    finally:
        weasy.release()
    part = _open(first)
    assert first == second and part.Root.OutputIntents[0].S == "/GTS_PDFX"


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="needs qpdf")
def test_qpdf_check_is_clean(built, tmp_path):
    for name in PRESS:
        target = tmp_path / Path(name).name
        target.write_bytes(built[0][name])
        result = subprocess.run(["qpdf", "--check", str(target)], capture_output=True, text=True)
        assert result.returncode == 0 and "No syntax or stream encoding errors" in result.stdout, result.stdout


def test_cli_press_writes_press_files_beside_the_ordinary_ones(run, tmp_path):
    content = make_bank(tmp_path)
    out = tmp_path / "dist"
    result = run("guide", "--press", "--content", content, "--out", out, "--cache", tmp_path / "cache", "-j", "1")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.glob("*.pdf")) == ["guide-press.pdf", "guide.pdf"]
    result = run("guide", "--press", "--edition", "screen", "--content", content, "--out", out)
    assert result.exit_code != 0 and "--press applies to the print edition" in result.output


@pytest.mark.parametrize("name", PRESS)
def test_press_files_keep_pdf_ua(built, name):
    # The press edition claims PDF/UA-1 too: crop marks are artifacts, the tree survives finishing.
    data = built[0][name]
    assert b"<pdfuaid:part>1</pdfuaid:part>" in _open(data).Root.Metadata.read_bytes()
    assert [f"{f.rule}: {f.message}" for f in check_bytes(data, name)] == []
