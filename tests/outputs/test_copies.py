"""Candidates' copies: roster parsing, file names, and the name stamped on every page of the pack."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader, PdfWriter

from studyguide.content.load import load_bank
from studyguide.content.roster import assign_slugs, read_roster, slug_for
from studyguide.errors import ContentError
from studyguide.models import Batch, Candidate
from studyguide.outputs.copies import personal_copies
from studyguide.typeset.jobs import PartJob
from studyguide.typeset.weasy import typeset

from bankfactory import make_bank, write_yaml
from pdfutil import norm, outline_tree, page_texts, reader
from stage import context

ROSTER = ["José Álvarez", "Aoife O'Brien", "Rao, Priya", "प्रिया शर्मा", "Zoë Müller", "Chen Wei"]


# ---------- the seed batch's copies ----------

def test_one_copy_per_candidate_with_safe_names(seed_batch):
    outputs, _ = seed_batch
    assert sorted(k for k in outputs if k.startswith("candidates/")) == sorted(
        f"candidates/{slug}.pdf" for slug in
        ["jose-alvarez", "aoife-obrien", "rao-priya", "priya-srma", "zoe-muller", "chen-wei"])


@pytest.mark.parametrize("name", ROSTER)
def test_copy_names_its_candidate_on_the_welcome_page_and_every_footer(seed_batch, name):
    outputs, _ = seed_batch
    copy = outputs[f"candidates/{slug_for(name)}.pdf"]
    pages = [norm(text) for text in page_texts(copy)]
    assert len(pages) == len(reader(outputs["pack.pdf"]).pages)
    footer = f"Prepared for {norm(name)} · Batch 01"
    assert pages[0].count(norm(name)) == 2  # in the box and in the footer line
    assert all(text.endswith(footer) for text in pages), name
    others = [norm(other) for other in ROSTER if other != name]
    whole = " ".join(pages)
    assert not any(other in whole for other in others)


def test_copy_keeps_the_pack_structure(seed_batch):
    outputs, _ = seed_batch
    pack, copy = outputs["pack.pdf"], outputs["candidates/chen-wei.pdf"]
    assert outline_tree(copy) == outline_tree(pack)
    assert reader(copy).page_labels == reader(pack).page_labels
    assert PdfReader(io.BytesIO(copy), strict=True).metadata.title.endswith("prepared for Chen Wei")
    # a stamp costs little: the copy is at most a few kilobytes per page larger than the pack
    assert len(copy) - len(pack) < 60_000


# ---------- stamping on tiny documents ----------

def ink_box(pdf: bytes, page_index: int, strip: int = 60):
    """(left, bottom, right, top) in points of everything drawn in the bottom `strip` points of a
    page as it is shown (rotation applied), and the shown width."""
    doc = pdfium.PdfDocument(pdf)
    bitmap = doc[page_index].render(scale=1, grayscale=True)
    data, width, height, stride = bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride
    inked = [(x, y) for y in range(height - strip, height) for x in range(width) if data[y * stride + x] < 200]
    xs, ys = [x for x, _ in inked], [y for _, y in inked]
    return (min(xs), height - max(ys), max(xs), height - min(ys)), width


def test_stamps_sit_at_the_foot_of_pages_of_any_size(tmp_path):
    a4 = typeset(PartJob("<p>First page</p><p style='break-before: page'>Second page</p>", ("base.css",), "pages"),
                 "a4").pdf
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(a4)))
    writer.add_blank_page(width=792, height=612)  # a landscape letter page from an extra
    writer.add_blank_page(width=612, height=792).rotate(90)  # and one turned by /Rotate
    buffer = io.BytesIO()
    writer.write(buffer)
    batch = Batch(number="9", name="Tiny", track="T", starts="2026-01-01", chapters=["a"])
    with context(make_bank(tmp_path)) as ctx:
        copies = list(personal_copies(ctx, buffer.getvalue(), batch, ["Ana Lima", "Bo Chen"]))
    assert len(copies) == 2
    for index, (name, copy) in enumerate(zip(["Ana Lima", "Bo Chen"], copies)):
        pages = [norm(text) for text in page_texts(copy)]
        assert pages[0].startswith("First page") and name in pages[0]
        assert all(text.endswith(f"Prepared for {name} · Batch 9") for text in pages)
        assert ("Bo Chen" if index == 0 else "Ana Lima") not in " ".join(pages)
        for page in (1, 2, 3):
            (left, bottom, right, top), width = ink_box(copy, page)
            assert 14 < bottom and top < 30  # a small line about 6.5 mm above the foot
            assert abs((left + right) / 2 - width / 2) < 3  # centred on portrait and landscape pages


# ---------- roster files ----------

def test_roster_reads_quotes_accents_and_a_byte_order_mark():
    raw = ('\ufeffName,Email\n"Rao, Priya",priya@example.com\nJosé Álvarez,\n\n'
           'Aoife O\'Brien,aoife@example.com\n').encode()
    entries, problems = read_roster(raw, "roster.csv")
    assert problems == []
    assert [(line, c.name, c.email) for line, c in entries] == [
        (2, "Rao, Priya", "priya@example.com"), (3, "José Álvarez", None), (5, "Aoife O'Brien", "aoife@example.com")]


@pytest.mark.parametrize("raw, expected", [
    (b"name,emial\nAna,a@b.co\n", "roster.csv:1:6: unknown column 'emial' (did you mean 'email'?)"),
    (b"email\na@b.co\n", "roster.csv:1:1: the first row must name a 'name' column, e.g. name,email"),
    (b"name;email\nAna;a@b.co\n", "roster.csv:1:1: separate the columns with commas (save as CSV UTF-8, comma delimited)"),
    (b"name,email\nAna,not-an-address\n", "roster.csv:2:5: email: 'not-an-address' is not an e-mail address"),
    (b"name,email\n,a@b.co\n", "roster.csv:2:1: name: must not be empty"),
    (b"name,email\nAna,a@b.co,extra\n", "roster.csv:2:12: row has 3 cells but the header names 2 columns"),
    (b"name\nJos\xe9\n", "roster.csv:2:4: not UTF-8 text (byte 0xe9); save the roster as CSV UTF-8"),
    (b"name,slug\nAna,../../etc\n",
     "roster.csv:2:5: slug: '../../etc' is not a valid file name: use lowercase letters, digits and hyphens"),
])
def test_roster_problems_are_located(raw, expected):
    _, problems = read_roster(raw, "roster.csv")
    assert [str(p) for p in problems] == [expected]


def batch_doc(**extra) -> dict:
    return {"number": "01", "name": "Pilot", "track": "Alpha", "starts": "2026-06-28", "chapters": ["alpha"], **extra}


def test_roster_file_is_loaded_after_inline_candidates(tmp_path):
    content = make_bank(tmp_path, batches={"01": batch_doc(candidates=[{"name": "Inline One"}],
                                                           candidates_file="people/roster.csv")})
    (content / "people").mkdir()
    (content / "people" / "roster.csv").write_text("name,email\nFile One,one@example.com\n", encoding="utf-8")
    batch = load_bank(content).bank.batches["01"]
    assert [c.name for c in batch.candidates] == ["Inline One", "File One"]


@pytest.mark.parametrize("where, message", [
    ("missing.csv", "candidates file 'missing.csv' not found in the content folder"),
    ("../outside.csv", "candidates file '../outside.csv' is outside the content folder"),
    ("/etc/passwd", "candidates file '/etc/passwd' must be a path relative to the content folder, written with /"),
])
def test_roster_file_must_exist_inside_the_content_folder(tmp_path, where, message):
    content = make_bank(tmp_path, batches={"01": batch_doc(candidates_file=where)})
    (tmp_path / "outside.csv").write_text("name\nX\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_bank(content)
    yaml_path = content / "batches" / "01.yaml"
    line = yaml_path.read_text(encoding="utf-8").splitlines().index(f"candidates_file: {where}") + 1
    assert [str(p) for p in caught.value.problems] == [f"{yaml_path}:{line}:18: {message}"]


def test_duplicate_emails_across_yaml_and_file_are_reported(tmp_path):
    content = make_bank(tmp_path, batches={"01": batch_doc(candidates=[{"name": "A", "email": "a@x.org"}],
                                                           candidates_file="r.csv")})
    (content / "r.csv").write_text("name,email\nB,b@x.org\nC,A@x.org\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_bank(content)
    yaml_path = content / "batches" / "01.yaml"
    line = yaml_path.read_text(encoding="utf-8").splitlines().index("- name: A") + 1
    assert [str(p) for p in caught.value.problems] == [
        f"{content / 'r.csv'}:3:1: e-mail 'a@x.org' is used twice (first at {yaml_path}:{line})"]


# ---------- file names ----------

@pytest.mark.parametrize("name, slug", [
    ("José Álvarez", "jose-alvarez"), ("Aoife O'Brien", "aoife-obrien"), ("Rao, Priya", "rao-priya"),
    ("प्रिया शर्मा", "priya-srma"), ("张伟", "zhangwei"), ("../../etc/passwd", "etc-passwd"),
    ("CON", "con-copy"), ("😀", "grinning"), ("—", "candidate"),
])
def test_slugs_are_ascii_file_names(name, slug):
    assert slug_for(name) == slug


def test_slugs_are_unique_and_given_slugs_win():
    people = [Candidate(name="Ana Lima"), Candidate(name="Ana Lima"), Candidate(name="Ána Lima"),
              Candidate(name="Someone", slug="ana-lima-2")]
    assert assign_slugs(people) == ["ana-lima", "ana-lima-3", "ana-lima-4", "ana-lima-2"]


def test_inline_candidate_problems_point_into_the_yaml(tmp_path):
    content = make_bank(tmp_path, batches={"01": batch_doc(candidates=[{"name": "Ok"}, {"name": "Bad", "email": "x"}])})
    with pytest.raises(ContentError) as caught:
        load_bank(content)
    assert [p.message for p in caught.value.problems] == ["candidates[1].email: 'x' is not an e-mail address"]
    write_yaml(content / "batches" / "01.yaml", batch_doc(candidates=[{"name": "Ok", "phone": "1"}]))
    with pytest.raises(ContentError) as caught:
        load_bank(content)
    assert "unknown key 'phone'" in caught.value.problems[0].message


def _luminance(rgb) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(v) for v in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_stamped_footer_reads_at_body_text_contrast_on_every_page(seed_batch):
    # WCAG's ratio between the footer's ground (the commonest colour in its box) and its ink
    # (the pixel furthest from the ground); the dark handout cover is where it used to vanish.
    copy = seed_batch[0]["candidates/chen-wei.pdf"]
    pdf, scale, ratios = pdfium.PdfDocument(copy), 4, []
    stamp_width = pdf[0].get_width()
    for page in pdf:
        text = page.get_textpage()
        found = text.search("Prepared for Chen Wei")
        start = found.get_next()
        assert start, "no footer on a page"
        index, count = start
        boxes = [text.get_charbox(i) for i in range(index, index + count)]
        # pdfium places the stamp form's characters as on a page of the stamp's width; the
        # stamper centres it on wider (landscape) pages.
        shift = (page.get_width() - stamp_width) / 2
        left, bottom = min(b[0] for b in boxes) + shift, min(b[1] for b in boxes)
        right, top = max(b[2] for b in boxes) + shift, max(b[3] for b in boxes)
        height = page.get_height()
        image = page.render(scale=scale).to_pil().convert("RGB")
        crop = image.crop((int(left * scale), int((height - top) * scale), int(right * scale) + 1, int((height - bottom) * scale) + 1))
        colours = crop.getcolors(crop.width * crop.height)
        ground = _luminance(max(colours)[1])
        ink = max((_luminance(c) for _, c in colours), key=lambda lum: abs(lum - ground))
        ratios.append((max(ground, ink) + 0.05) / (min(ground, ink) + 0.05))
    pdf.close()
    assert len(ratios) > 4 and min(ratios) >= 4.5, ratios
