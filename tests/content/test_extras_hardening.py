"""Batch inputs from outside the bank: extra PDFs and rosters are checked, located, and cleaned."""

from __future__ import annotations

import io
import os

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, TextStringObject

from studyguide.content.extras import clean_pdf

from hardening_helpers import assert_fails, earlier_outputs, problems_footer, snapshot, tiny_bank


def pdf(pages: int = 1, password: str | None = None) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(200, 200)
    if password:
        writer.encrypt(password)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


BATCH = "number: '01'\nname: Pilot\ntrack: Alpha\nstarts: 2026-06-28\nchapters: [alpha]\n"


@pytest.fixture
def bank(tmp_path):
    content = tiny_bank(tmp_path)
    (content / "extras").mkdir()
    out = earlier_outputs(tmp_path)
    return content, out, snapshot(out)


def build(run, content, out):
    return run("build", "--content", content, "--out", out, "--no-cache", "-j", "1")


def test_every_broken_extra_is_named_at_its_line(run, bank, tmp_path):
    content, out, before = bank
    extras = content / "extras"
    (extras / "notes.pdf").write_text("just text")
    (extras / "locked.pdf").write_bytes(pdf(password="secret"))
    whole = pdf(3)
    (extras / "cut.pdf").write_bytes(whole[: len(whole) // 2])
    (extras / "long.pdf").write_bytes(pdf(61))
    (tmp_path / "secret.pdf").write_bytes(pdf())
    os.symlink(tmp_path / "secret.pdf", extras / "link.pdf")
    names = ["extras/notes.pdf", "extras/locked.pdf", "extras/cut.pdf", "extras/long.pdf", "../secret.pdf",
             "extras/link.pdf", "/etc/passwd", "extras/missing.pdf"]
    (content / "batches" / "01.yaml").write_text(BATCH + "extras:\n" + "".join(f"  - {n}\n" for n in names),
                                                 encoding="utf-8")
    shown = f"{content}/batches/01.yaml"
    expected = [f"{shown}:7:5: extra 'extras/notes.pdf' is not a PDF file (it does not start with %PDF-)",
                f"{shown}:8:5: extra 'extras/locked.pdf' is encrypted; save it again without a password or restrictions",
                f"{shown}:9:5: extra 'extras/cut.pdf' is not a readable PDF (PdfReadError: EOF marker not found)",
                f"{shown}:10:5: extra 'extras/long.pdf' has 61 pages; the limit is 60",
                f"{shown}:11:5: extra '../secret.pdf' is outside the content folder",
                f"{shown}:12:5: extra 'extras/link.pdf' is outside the content folder",
                f"{shown}:13:5: extra '/etc/passwd' must be a path relative to the content folder, written with /",
                f"{shown}:14:5: extra 'extras/missing.pdf' not found in the content folder",
                problems_footer(8)]
    assert_fails(build(run, content, out), expected, out, before)


def test_a_device_name_as_a_candidates_file_name_is_refused(run, bank):
    content, out, before = bank
    (content / "batches" / "01.yaml").write_text(BATCH + "candidates:\n  - name: Con Smith\n    slug: con\n",
                                                 encoding="utf-8")
    expected = [f"{content}/batches/01.yaml:8:11: candidates[0].slug: 'con' is a name Windows reserves for a device; "
                "choose another slug", problems_footer(1)]
    assert_fails(build(run, content, out), expected, out, before)


def test_roster_problems_are_located_in_the_csv(run, bank):
    content, out, before = bank
    (content / "batches" / "01.yaml").write_text(BATCH + "candidates_file: roster.csv\n", encoding="utf-8")
    (content / "roster.csv").write_bytes(b"name,slug\nAna,aux\nJos\xe9,jose\n")
    expected = [f"{content}/roster.csv:3:4: not UTF-8 text (byte 0xe9); save the roster as CSV UTF-8", problems_footer(1)]
    assert_fails(build(run, content, out), expected, out, before)
    (content / "roster.csv").write_bytes(b"name,slug\nAna,aux\n")
    expected = [f"{content}/roster.csv:2:5: slug: 'aux' is a name Windows reserves for a device; choose another slug",
                problems_footer(1)]
    assert_fails(build(run, content, out), expected, out, before)


def test_scripts_attachments_and_actions_are_removed_from_extras():
    writer = PdfWriter()
    page = writer.add_blank_page(200, 200)
    writer.add_attachment("payload.txt", b"data")
    script = writer._add_object(DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                                                  NameObject("/JS"): TextStringObject("app.alert(1)")}))
    writer._root_object["/Names"][NameObject("/JavaScript")] = DictionaryObject(
        {NameObject("/Names"): ArrayObject([TextStringObject("hello"), script])})
    page[NameObject("/AA")] = DictionaryObject({NameObject("/O"): DictionaryObject({
        NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(2)")})})
    rect = ArrayObject([FloatObject(10), FloatObject(10), FloatObject(50), FloatObject(50)])
    script_link = DictionaryObject({NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Link"),
                                    NameObject("/Rect"): rect, NameObject("/A"): DictionaryObject({
                                        NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("calc")})})
    web_link = DictionaryObject({NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Link"),
                                 NameObject("/Rect"): rect, NameObject("/A"): DictionaryObject({
                                     NameObject("/S"): NameObject("/URI"), NameObject("/URI"): TextStringObject("https://example.com/")})})
    attachment = DictionaryObject({NameObject("/Type"): NameObject("/Annot"),
                                   NameObject("/Subtype"): NameObject("/FileAttachment"), NameObject("/Rect"): rect})
    page[NameObject("/Annots")] = ArrayObject([writer._add_object(a) for a in (script_link, web_link, attachment)])
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject({
        NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(3)")})
    buffer = io.BytesIO()
    writer.write(buffer)
    raw = buffer.getvalue()
    assert b"/JavaScript" in raw and b"/EmbeddedFiles" in raw  # the hostile file really is hostile

    cleaned = clean_pdf(raw, "extras/hostile.pdf")
    for name in (b"/JavaScript", b"/JS", b"/EmbeddedFiles", b"/OpenAction", b"/AA", b"/Launch", b"/FileAttachment"):
        assert name not in cleaned, name
    reader = PdfReader(io.BytesIO(cleaned))
    annots = [ref.get_object() for ref in reader.pages[0]["/Annots"]]
    assert [a["/A"]["/URI"] for a in annots if "/A" in a] == ["https://example.com/"]  # ordinary links stay
