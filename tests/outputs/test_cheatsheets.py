"""Cheat sheets: files, page budget, text, columns, type size, bookmarks, footers, `short`, CLI."""

from __future__ import annotations

import ctypes
from collections import Counter

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import pytest
import yaml

from studyguide.authoring.accessibility import check_bytes
from studyguide.content.load import load_bank
from studyguide.models import Question
from studyguide.outputs import cheatsheets
from studyguide.outputs.base import Entry, entries
from studyguide.outputs.cheatsheets import PAGE_BUDGET, answer_html, cheatsheet_pdf
from studyguide.typeset import weasy
from studyguide.typeset.jobs import PartJob
from studyguide.typeset.markdown import plain_text

from bankfactory import make_bank, question, write_yaml
from pdfutil import font_programs, joined_text, norm, outline_tree, page_texts, reader
from stage import context, make

EDITION = "Real Interview Questions from the Field · Updated May 2026"


@pytest.fixture(scope="module")
def seed_sheets(seed_build):
    """Every seed cheat sheet, from the one seed build: ({file name: pdf bytes}, report)."""
    files, report = seed_build
    return {path.split("/", 1)[1]: pdf for path, pdf in files.items() if path.startswith("cheatsheets/")}, report


def lines(page) -> list[dict]:
    """Text lines of a page as a viewer selects them: text, edges and baseline (pt), font size."""
    textpage = page.get_textpage()
    found, current = [], []
    for index in range(textpage.count_chars()):
        char = textpage.get_text_range(index, 1)
        if char in "\r\n":
            found.append(current)
            current = []
        else:
            left, _, right, _ = textpage.get_charbox(index)
            baseline = textpage.get_charbox(index, loose=True)[1]  # loose boxes: font descent, not ink
            size = round(pdfium_raw.FPDFText_GetFontSize(textpage.raw, index), 1)
            current.append((char, left, right, baseline, size))
    found.append(current)
    result = []
    for line in found:
        ink = [c for c in line if c[0].strip()]
        if not ink:
            continue
        start = line.index(ink[0])  # the first word ends at a breakable space (not a no-break one)
        word = line[start:next((i for i in range(start, len(line)) if line[i][0] in " \t"), len(line))]
        result.append({"text": "".join(c[0] for c in line).strip(), "left": ink[0][1],
                       "right": max(c[2] for c in ink), "base": min(c[3] for c in ink),
                       "size": max(c[4] for c in ink), "first_word": word[-1][2] - word[0][1]})
    return result


def columns(body: list[dict]) -> list[float]:
    """Left edges of the text columns: line starts more than 100 pt apart open a new column."""
    starts = sorted(line["left"] for line in body)
    return [x for i, x in enumerate(starts) if i == 0 or x - starts[i - 1] > 100]


def sheet_text(pdf: bytes) -> str:
    """The text a viewer copies, whitespace collapsed; a word broken after its own hyphen is joined
    (pdfium reports most such line-end hyphens as U+FFFE and drops the line break)."""
    return norm(" ".join(page_texts(pdf)).replace("\ufffe", "-").replace("-\r\n", "-"))


def body_lines(page) -> list[dict]:
    """The entries' lines: below the header band (on a sheet's first page) and above the footer."""
    found = [line for line in lines(page) if line["base"] > 40]
    first = next((i for i, line in enumerate(found) if line["text"].startswith("01")), 0)
    return found[first:]


def test_one_pdf_per_category_and_all(seed_sheets, seed_bank):
    sheets, report = seed_sheets
    assert set(sheets) == {f"{cid}.pdf" for cid in seed_bank.guide.chapters} | {"all.pdf"}
    assert report.warnings == []


def test_seed_sheets_fit_their_page_budget(seed_sheets, seed_bank):
    sheets, report = seed_sheets
    pages = {cid: len(reader(sheets[f"{cid}.pdf"]).pages) for cid in seed_bank.guide.chapters}
    assert max(pages.values()) <= PAGE_BUDGET, pages
    assert sum(n == 1 for n in pages.values()) > len(pages) / 2, pages
    assert len(reader(sheets["all.pdf"]).pages) == sum(pages.values())
    assert [note for note in report.notes if "cheat sheet" in note] == []


def test_pages_are_landscape_a4(seed_sheets):
    for page in reader(seed_sheets[0]["all.pdf"]).pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (842, 595)


def test_every_question_is_on_its_sheet_in_order(seed_sheets, seed_bank):
    sheets, _ = seed_sheets
    everything = sheet_text(sheets["all.pdf"])
    position = 0
    for chapter in seed_bank.chapters():
        text = sheet_text(sheets[f"{chapter.id}.pdf"])
        assert text.startswith(norm(f"{chapter.category.icon} {chapter.category.title}"))
        start = 0
        for number, q in enumerate(chapter.category.questions, 1):
            needle = f"{number:02d} {norm(plain_text(q.question))}"
            start = text.index(needle, start) + len(needle)
            position = everything.index(needle, position) + len(needle)


def test_short_answers_are_used_where_given(seed_sheets, seed_bank):
    text = sheet_text(seed_sheets[0]["agentic-ai.pdf"])
    assert "SGLang: the 2025 rising star" in text
    assert "SGLang — 2025 rising star" not in text  # the long answer's wording


def test_text_sits_in_columns_and_stays_inside_them(seed_sheets):
    for number, page in enumerate(pdfium.PdfDocument(seed_sheets[0]["all.pdf"]), 1):
        body = body_lines(page)
        lefts = columns(body)
        assert len(lefts) >= 2, (number, lefts)
        width = page.get_width()
        edges = lefts[1:] + [width - 30.5]  # the next column's start, or the right margin (11 mm)
        for line in body:
            column = max(i for i, x in enumerate(lefts) if line["left"] >= x - 1)
            assert line["right"] <= edges[column] - (0 if column == len(lefts) - 1 else 10), (number, line["text"])


def test_no_line_ends_early(seed_sheets):
    # An answer's line must not end while the next line's first word would have fitted on it
    # (with an em to spare): WeasyPrint does that before bold or code unless the sheet works
    # around it. (Questions tie their last two words, which the PDF's text cannot show.)
    for paper_page, page in enumerate(pdfium.PdfDocument(seed_sheets[0]["all.pdf"]), 1):
        body = body_lines(page)
        lefts = columns(body)
        answer_size = Counter(line["size"] for line in body).most_common(1)[0][0]
        for above, below in zip(body, body[1:]):
            same_paragraph = (abs(above["left"] - below["left"]) < 2 and above["size"] == below["size"] == answer_size
                              and 0 < above["base"] - below["base"] < 1.5 * below["size"])
            if not same_paragraph or below["text"][:1].isdigit() or below["text"].startswith("•"):
                continue
            column = max(i for i, x in enumerate(lefts) if above["left"] >= x - 1)
            column_right = max(line["right"] for line in body if line["left"] >= lefts[column] - 1
                               and (column + 1 == len(lefts) or line["left"] < lefts[column + 1] - 1))
            room = column_right - above["right"]
            assert room < below["first_word"] + 8, (paper_page, above["text"], below["text"])


def test_spaces_before_bold_and_code_stand_alone():
    assert str(answer_html("Use **Bedrock** or `kubectl get` here")) == (
        "<p>Use<span> </span><strong>Bedrock</strong> or<span> </span><code>kubectl get</code> here</p>\n")


def test_no_text_is_smaller_than_7pt(seed_sheets):
    sizes = set()
    for page in pdfium.PdfDocument(seed_sheets[0]["all.pdf"]):
        for obj in page.get_objects(filter=[pdfium_raw.FPDF_PAGEOBJ_TEXT], max_depth=8):
            size = ctypes.c_float()
            assert pdfium_raw.FPDFTextObj_GetFontSize(obj.raw, ctypes.byref(size))
            m = obj.get_matrix()  # includes the page's scale from CSS px to PDF points
            sizes.add(round(size.value * abs(m.a * m.d - m.b * m.c) ** 0.5, 2))
    assert min(sizes) >= 7, sorted(sizes)
    assert 8.5 in sizes  # answers


def test_all_has_one_bookmark_per_category_in_guide_order(seed_sheets, seed_bank):
    sheets, _ = seed_sheets
    expected, page = [], 1
    for chapter in seed_bank.chapters():
        expected.append((chapter.category.title, page, []))
        page += len(reader(sheets[f"{chapter.id}.pdf"]).pages)
    assert outline_tree(sheets["all.pdf"]) == expected
    assert outline_tree(sheets["aws.pdf"]) == [("AWS", 1, [])]
    labels = reader(sheets["all.pdf"]).page_labels
    assert labels[:2] == ["aws-1", "kubernetes-1"] and labels[-1] == "behavioural-1"


def test_footers_trace_a_loose_sheet(seed_sheets, seed_bank):
    sheets, _ = seed_sheets
    texts = page_texts(sheets["all.pdf"])
    index = 0
    for chapter in seed_bank.chapters():
        count = len(reader(sheets[f"{chapter.id}.pdf"]).pages)
        for n in range(1, count + 1):
            footer = norm(texts[index].strip().splitlines()[-1])
            assert footer == f"{chapter.category.title} · {EDITION} · {n}/{count}"
            index += 1


def test_short_replaces_the_answer_on_cheat_sheets_only(tmp_path):
    content = make_bank(tmp_path, categories={
        "alpha": [question(1, "alpha", answer="The long answer, every word of it.",
                           short="Short take: `kubectl get pods`."),
                  question(2, "alpha")],
        "beta": [question(1, "beta")],
    })
    with context(content) as ctx:
        pdf = cheatsheet_pdf(ctx, ("beta", "alpha"))
    text = joined_text(pdf)
    assert "Short take: kubectl get pods." in text
    assert "The long answer" not in text
    assert "Answer alpha 2 with code and bold." in text  # no short: the answer is used
    assert [title for title, _, _ in outline_tree(pdf)] == ["Beta", "Alpha"]  # the order asked for
    guide = joined_text(make(content, "guide")[0]["guide.pdf"])
    assert "The long answer, every word of it." in guide and "Short take" not in guide


def test_a_sheet_over_budget_continues_and_is_noted(tmp_path):
    answer = " ".join(f"Point {n}: scale the `deployment-{n}` replicas, then watch the rollout closely." for n in range(6))
    content = make_bank(tmp_path, categories={"alpha": [question(n, "alpha", answer=answer) for n in range(1, 46)]})
    outputs, report = make(content, "cheatsheets")
    pages = len(reader(outputs["cheatsheets/alpha.pdf"]).pages)
    assert pages > PAGE_BUDGET
    assert report.notes == [f"cheat sheet 'alpha' needs {pages} pages; budget is 2 — add `short:` answers"]
    assert "45 Question alpha 45?" in joined_text(outputs["cheatsheets/all.pdf"])


def test_cli_writes_the_named_sheets(tmp_path, run):
    content = make_bank(tmp_path)
    out = tmp_path / "dist"
    result = run("cheatsheet", "alpha", "--content", content, "--out", out, "--no-cache")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (out / "cheatsheets").iterdir()) == ["all.pdf", "alpha.pdf"]
    assert "Question alpha 2?" in joined_text((out / "cheatsheets" / "alpha.pdf").read_bytes())


def test_cli_unknown_category_is_a_usage_error(tmp_path, run):
    content = make_bank(tmp_path)
    out = tmp_path / "dist"
    result = run("cheatsheet", "alpha", "alpah", "--content", content, "--out", out, "--no-cache")
    assert result.exit_code == 2
    assert ("Invalid value for CATEGORY_ID: unknown category 'alpah' (did you mean 'alpha'?); "
            "known categories: alpha, beta") in result.stderr
    assert not out.exists()


def test_build_writes_the_cheat_sheets_too(tmp_path, run):
    content = make_bank(tmp_path)
    out = tmp_path / "dist"
    result = run("build", "--content", content, "--out", out, "--no-cache", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (out / "cheatsheets").iterdir()) == ["all.pdf", "alpha.pdf", "beta.pdf"]
    assert [title for title, _, _ in outline_tree((out / "cheatsheets" / "all.pdf").read_bytes())] == ["Alpha", "Beta"]


def test_a_long_sheet_is_set_in_runs_that_read_as_one(tmp_path, monkeypatch):
    monkeypatch.setattr(cheatsheets, "RUN_LINES", 3 * 40)  # about a page of columns a run
    answer = " ".join(f"Point {n}: drain the `node-{n}` first, then cordon it and watch the pods move." for n in range(4))
    content = make_bank(tmp_path, categories={"alpha": [question(n, "alpha", answer=answer) for n in range(1, 31)],
                                              "beta": [question(1, "beta")]})
    cache = tmp_path / "cache"
    outputs, report = make(content, "cheatsheets", cache=cache)
    runs = len(cheatsheets.sheet_runs(entries(load_bank(content).bank.categories["alpha"])))
    assert runs >= 3
    sheet = outputs["cheatsheets/alpha.pdf"]
    text = joined_text(sheet)
    positions = [text.find(f"{n:02d} Question alpha {n}?") for n in range(1, 31)]
    assert -1 not in positions and positions == sorted(positions)  # every question once, in order
    assert text.count("CHEAT SHEET") == 1  # the header band opens the first run only
    count = len(reader(sheet).pages)
    footers = [norm(t.strip().splitlines()[-1]) for t in page_texts(sheet)]
    assert footers == [f"Alpha · Tiny Guide · Updated May 2026 · {n}/{count}" for n in range(1, count + 1)]
    every = reader(outputs["cheatsheets/all.pdf"])
    assert every.page_labels == [f"alpha-{n}" for n in range(1, count + 1)] + ["beta-1"]
    assert [title for title, _, _ in outline_tree(outputs["cheatsheets/all.pdf"])] == ["Alpha", "Beta"]
    # all.pdf joins the categories' own sheets: page for page what they print, tagged, one program a face.
    both = [outputs["cheatsheets/alpha.pdf"], outputs["cheatsheets/beta.pdf"]]
    assert page_texts(outputs["cheatsheets/all.pdf"]) == page_texts(both[0]) + page_texts(both[1])
    drawn = [page.render(scale=1).to_pil().tobytes() for pdf in both for page in pdfium.PdfDocument(pdf)]
    assert [page.render(scale=1).to_pil().tobytes() for page in pdfium.PdfDocument(outputs["cheatsheets/all.pdf"])] == drawn
    assert [f.rule for f in check_bytes(outputs["cheatsheets/all.pdf"])] == []
    assert all(len(programs) == 1 for programs in _faces(outputs["cheatsheets/all.pdf"]).values())
    # The stamped footers are artifacts and their fonts join the sheet's: still PDF/UA-1, one program a face.
    assert [f.rule for f in check_bytes(sheet)] == []
    faces = _faces(sheet)
    assert faces and all(len(programs) == 1 for programs in faces.values()), faces
    # An edit lays out its own run again, nothing else (the page numbers stay as they were).
    doc = yaml.safe_load((content / "categories" / "alpha.yaml").read_text(encoding="utf-8"))
    doc["questions"][-1]["answer"] = answer.replace("drain", "empty")
    write_yaml(content / "categories" / "alpha.yaml", doc)
    edited, again = make(content, "cheatsheets", cache=cache)
    assert again.rendered == 1 and again.cached == report.rendered - 1
    assert "Point 0: empty the" in joined_text(edited["cheatsheets/alpha.pdf"])


def _faces(pdf: bytes) -> dict[str, set]:
    """Each face's embedded programs."""
    faces: dict[str, set] = {}
    for name, program in font_programs(pdf):
        faces.setdefault(name.split("+")[-1], set()).add(program)
    return faces


def test_runs_end_where_a_section_begins_once_most_of_the_way_there(monkeypatch):
    monkeypatch.setattr(cheatsheets, "RUN_LINES", 100)
    one = Question(id="q", question="Q?", answer="word " * 100)  # about 10 lines of a column
    size = cheatsheets.column_lines(one.question) + cheatsheets.column_lines(one.answer) + cheatsheets.ENTRY_GAP_LINES
    items = [Entry(n, one, "A" if n <= 3 else "B", n in (1, 4)) for n in range(1, 16)]
    starts = cheatsheets.sheet_runs(items)
    assert size * 3 < 60 and starts[1] == 8  # section B opens before the run is 60 % full: no break there
    assert all(sum(size for _ in items[a:b]) <= 100 for a, b in zip(starts, starts[1:]))
    items = [Entry(n, one, "A" if n <= 6 else "B", n in (1, 7)) for n in range(1, 16)]
    assert cheatsheets.sheet_runs(items)[1] == 6  # B opens at 60 % or more: the run ends there


def test_a_run_the_next_one_continues_fills_its_columns_in_order_and_the_last_run_balances(tmp_path):
    content = make_bank(tmp_path, categories={"alpha": [question(n, "alpha") for n in range(1, 7)]})
    bank = load_bank(content).bank
    chapter = bank.chapters(["alpha"])[0]
    items = entries(chapter.category)

    def columns(more: bool) -> list[int]:
        html = cheatsheets.cheatsheet_html(bank, chapter, "a4", items, (0, True, more), set())
        part = weasy.typeset(PartJob(html, cheatsheets.STYLES, "a run"), "a4", content)
        page = pdfium.PdfDocument(part.pdf)[0]
        width = page.get_width()
        used = Counter(int(3 * line["left"] / width) for line in lines(page) if line["text"].startswith(("0", "Answer")))
        return [used[column] for column in range(3)]

    filled, balanced = columns(True), columns(False)
    assert filled[0] > 0 and filled[1:] == [0, 0], filled  # six short entries fit the first column
    assert all(balanced), balanced
    assert sum(filled) == sum(balanced)
