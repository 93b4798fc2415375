"""Extra PDFs: found inside the content folder, refused with a clear message, merged without active content."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject

from studyguide.content.extras import ExtraError, clean_pdf, load_extra, title_for
from studyguide.content.load import load_bank
from studyguide.errors import ContentError

from bankfactory import make_bank


def pdf_bytes(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def blank_pdf(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    return pdf_bytes(writer)


def action(kind: str, **entries) -> DictionaryObject:
    result = DictionaryObject({NameObject("/S"): NameObject(kind)})
    result.update({NameObject(f"/{k}"): TextStringObject(v) for k, v in entries.items()})
    return result


def link(act: DictionaryObject, subtype: str = "/Link") -> DictionaryObject:
    return DictionaryObject({NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject(subtype),
                             NameObject("/Rect"): ArrayObject([NumberObject(0)] * 4), NameObject("/A"): act})


def hostile_pdf() -> bytes:
    """A page with every kind of active content a hostile or careless extra might carry."""
    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    writer.add_attachment("payload.txt", b"secret")
    names = writer._root_object["/Names"].get_object()
    names[NameObject("/JavaScript")] = DictionaryObject({NameObject("/Names"): ArrayObject(
        [TextStringObject("hello"), writer._add_object(action("/JavaScript", JS="app.alert('hello')"))])})
    writer._root_object[NameObject("/OpenAction")] = action("/JavaScript", JS="app.alert(1)")
    page[NameObject("/AA")] = DictionaryObject({NameObject("/O"): action("/JavaScript", JS="app.alert(2)")})
    annots = [link(action("/URI", URI="https://example.com/schedule")), link(action("/Launch", F="calc.exe")),
              link(action("/SubmitForm", F="https://example.com/collect"), "/Widget"),
              link(action("/JavaScript", JS="app.alert(3)")),
              DictionaryObject({NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/FileAttachment"),
                                NameObject("/Rect"): ArrayObject([NumberObject(0)] * 4)})]
    page[NameObject("/Annots")] = ArrayObject(writer._add_object(a) for a in annots)
    return pdf_bytes(writer)


def test_clean_pdf_drops_scripts_attachments_and_form_actions():
    cleaned = clean_pdf(hostile_pdf(), "extras/hostile.pdf")
    for marker in [b"/JavaScript", b"/JS", b"/OpenAction", b"/AA", b"/EmbeddedFile", b"/Launch", b"/SubmitForm",
                   b"/FileAttachment", b"payload", b"calc.exe"]:
        assert marker not in cleaned, marker
    page = PdfReader(io.BytesIO(cleaned)).pages[0]
    kinds = [(a.get_object()["/Subtype"], a.get_object().get("/A", {}).get("/S")) for a in page["/Annots"]]
    # the web link survives; the rest keep only their look (or go, for the attachment)
    assert kinds == [("/Link", "/URI"), ("/Link", None), ("/Widget", None), ("/Link", None)]


@pytest.mark.parametrize("data, message", [
    (b"Schedule: Mondays 7 pm\n", "extra 'extras/x.pdf' is not a PDF file (it does not start with %PDF-)"),
    (blank_pdf()[:300], "extra 'extras/x.pdf' is not a readable PDF"),
    (blank_pdf(61), "extra 'extras/x.pdf' has 61 pages; the limit is 60"),
])
def test_unusable_pdfs_are_refused_by_name(data, message):
    with pytest.raises(ExtraError) as caught:
        clean_pdf(data, "extras/x.pdf")
    assert str(caught.value).startswith(message)


def test_encrypted_pdf_is_refused():
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(blank_pdf())))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    with pytest.raises(ExtraError) as caught:
        clean_pdf(pdf_bytes(writer), "extras/locked.pdf")
    assert str(caught.value) == "extra 'extras/locked.pdf' is encrypted; save it again without a password or restrictions"


@pytest.mark.parametrize("rel, message", [
    ("../outside.pdf", "extra '../outside.pdf' is outside the content folder"),
    ("extras/missing.pdf", "extra 'extras/missing.pdf' not found in the content folder"),
    ("extras\\doc.pdf", "extra 'extras\\doc.pdf' must be a path relative to the content folder, written with /"),
])
def test_extras_stay_inside_the_content_folder(tmp_path, rel, message):
    (tmp_path / "content").mkdir()
    (tmp_path / "outside.pdf").write_bytes(blank_pdf())
    with pytest.raises(ExtraError) as caught:
        load_extra(tmp_path / "content", rel)
    assert str(caught.value) == message


def test_titles_come_from_file_names():
    assert title_for("extras/code-of-conduct.pdf") == "Code of conduct"
    assert title_for("extras/week_1 schedule.pdf") == "Week 1 schedule"


def broken_extra_bank(tmp_path):
    batch = {"number": "01", "name": "Pilot", "track": "Alpha", "starts": "2026-06-28", "chapters": ["alpha"],
             "candidates": [{"name": "Ana Lima"}], "extras": ["extras/ok.pdf", "extras/broken.pdf"]}
    content = make_bank(tmp_path, batches={"01": batch})
    (content / "extras").mkdir()
    (content / "extras" / "ok.pdf").write_bytes(blank_pdf())
    (content / "extras" / "broken.pdf").write_bytes(b"%PDF-1.7\nnot really\n")
    return content


def test_broken_extra_is_a_located_content_problem(tmp_path):
    content = broken_extra_bank(tmp_path)
    with pytest.raises(ContentError) as caught:
        load_bank(content)
    yaml_path = content / "batches" / "01.yaml"
    line = yaml_path.read_text(encoding="utf-8").splitlines().index("- extras/broken.pdf") + 1
    (problem,) = caught.value.problems
    assert str(problem).startswith(f"{yaml_path}:{line}:3: extra 'extras/broken.pdf' is not a readable PDF (")


@pytest.mark.parametrize("command", [("batch", "01"), ("build",), ("check",)])
def test_broken_extra_stops_every_command_and_writes_nothing(tmp_path, run, command):
    content = broken_extra_bank(tmp_path)
    out = tmp_path / "out"
    result = run(*command, "--content", content, *(["--out", out, "--no-cache"] if command != ("check",) else []))
    assert result.exit_code == 1
    assert "extra 'extras/broken.pdf' is not a readable PDF" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_an_extra_is_tagged_page_by_page_for_screen_readers():
    cleaned = PdfReader(io.BytesIO(clean_pdf(blank_pdf(2), "extras/house-rules.pdf")))
    root = cleaned.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    document = root["/StructTreeRoot"]["/K"][0].get_object()
    section = document["/K"][0].get_object()
    assert (document["/S"], section["/S"], section["/T"]) == ("/Document", "/Sect", "House rules")
    paragraphs = [p.get_object() for p in section["/K"]]
    assert [p["/S"] for p in paragraphs] == ["/P", "/P"]
    for index, (page, paragraph) in enumerate(zip(cleaned.pages, paragraphs)):
        assert paragraph.raw_get("/Pg").idnum == page.indirect_reference.idnum and list(paragraph["/K"]) == [0]
        drawing = page.get_contents().get_data()
        assert drawing.startswith(b"/P <</MCID 0>> BDC") and drawing.rstrip().endswith(b"EMC")
        assert page["/StructParents"] == index


def test_an_extras_links_are_link_elements_that_say_where_they_go():
    cleaned = PdfReader(io.BytesIO(clean_pdf(hostile_pdf(), "extras/hostile.pdf")))
    page = cleaned.pages[0]
    links = [a.get_object() for a in page["/Annots"] if a.get_object()["/Subtype"] == "/Link"]
    assert [str(a["/Contents"]) for a in links] == ["Link to https://example.com/schedule", "Link", "Link"]
    paragraph = cleaned.trailer["/Root"]["/StructTreeRoot"]["/K"][0]["/K"][0]["/K"][0].get_object()
    elements = [k.get_object() for k in paragraph["/K"][1:]]
    assert [e["/S"] for e in elements] == ["/Link"] * 3
    assert [e["/K"].raw_get("/Obj").idnum for e in elements] == [a.indirect_reference.idnum for a in links]
    nums = cleaned.trailer["/Root"]["/StructTreeRoot"]["/ParentTree"]["/Nums"]
    assert [nums[2 * a["/StructParent"] + 1].idnum for a in links] == [e.indirect_reference.idnum for e in elements]
