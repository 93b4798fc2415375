"""A practice sheet set in several runs reads as one document: numbers, references, outline, footers."""

from __future__ import annotations

import pytest

from studyguide.outputs import practice

from bankfactory import make_bank, question
from pdfutil import link_targets, norm, outline_tree, page_texts, reader
from stage import make


@pytest.fixture(scope="module")
def sheet(tmp_path_factory):
    """Runs of two questions over chapters of three and two (runs: alpha 1-2, alpha 3, beta 1-2),
    a page each, printed two-sided; (the sheet's bytes, the build report)."""
    content = make_bank(tmp_path_factory.mktemp("bank"),
                        {"alpha": [question(n, "alpha") for n in (1, 2, 3)],
                         "beta": [question(n, "beta") for n in (1, 2)]},
                        batches={"01": {"number": "01", "name": "Pilot", "track": "Alpha track", "starts": "2026-06-28",
                                        "chapters": ["alpha", "beta"], "duplex": True}})
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(practice, "CHUNK", 2)
        patch.setattr(practice, "QUESTION_CHUNK", 2)
        files, report = make(content, practice.Practice.name, jobs=1)
    return files["batches/01/practice.pdf"], report


ASKED = [f"Question alpha {n}?" for n in (1, 2, 3)] + [f"Question beta {n}?" for n in (1, 2)]


def test_each_side_is_laid_out_in_runs_once(sheet):
    _, report = sheet
    # three runs of questions, three of answers, one overlay of page numbers
    assert report.rendered == 7


def test_questions_and_answers_are_numbered_through_the_sheet_and_refer_to_each_other(sheet):
    pdf, _ = sheet
    pages = [norm(text) for text in page_texts(pdf)]
    key = next(i for i, text in enumerate(pages) if text.startswith("Answer key"))
    for number, asked in enumerate(ASKED, 1):
        on = next(i for i, text in enumerate(pages[:key], 1) if f"{number} {asked}" in text)
        assert f"{number} {asked} → Answer {number} in the key" in pages[on - 1]
        answer = f"Answer {asked[9:-1]} with code and bold."
        answered = next(i for i, text in enumerate(pages, 1) if f"{number} {asked} {answer}" in text)
        assert answered > key
        assert answered in link_targets(pdf, on)
        assert f"{number} {asked} {answer} ↑ Question on page {on}" in pages[answered - 1]
        assert on in link_targets(pdf, answered)


def test_runs_start_on_new_pages_and_the_key_on_a_right_hand_page(sheet):
    pdf, _ = sheet
    pages = [norm(text) for text in page_texts(pdf)]
    starts = [next(i for i, text in enumerate(pages) if f"{n} {ASKED[n - 1]}" in text) for n in (1, 3, 4)]
    assert starts == [0, 1, 2]
    key = next(i for i, text in enumerate(pages) if text.startswith("Answer key"))
    # the key opens on page 5 (a blank back after three pages of questions); the sheet ends on a back
    assert key == 4 and not pages[3] and len(pages) == 8 and not pages[7]


def test_every_printed_page_carries_its_number_of_the_total(sheet):
    pdf, _ = sheet
    pages = [norm(text) for text in page_texts(pdf)]
    for number, text in enumerate(pages, 1):
        if text:
            assert text.endswith(f"Practice sheet · Batch 01 · Pilot Page {number} of {len(pages)}"), text[-80:]
    assert reader(pdf).page_labels == [str(n) for n in range(1, len(pages) + 1)]


def test_the_outline_nests_every_run_under_its_side_and_chapter(sheet):
    pdf, _ = sheet
    tree = outline_tree(pdf)
    assert [title for title, _, _ in tree] == ["Questions", "Answer key"]
    for _, _, chapters in tree:
        assert [title for title, _, _ in chapters] == ["Alpha", "Beta"]
        assert [[norm(title) for title, _, _ in questions] for _, _, questions in chapters] == \
            [[f"{n} {asked}" for n, asked in enumerate(ASKED, 1)][:3], [f"{n} {asked}" for n, asked in enumerate(ASKED, 1)][3:]]


def runs(chapters, chunk):
    return [[(section["chapter"], section["opens"], [e["number"] for e in section["entries"]]) for section in run]
            for run in practice.practice_runs(chapters, chunk)]


def test_the_runs_follow_the_chunk_across_chapters():
    # short chapters share a run
    assert runs([("a", "x"), ("b", "xy"), ("c", "xyz")], 3) == [[("a", True, [1]), ("b", True, [2, 3])],
                                                                [("c", True, [4, 5, 6])]]
    # a run that continues a chapter ends with it
    assert runs([("a", "xyz"), ("b", "xyz"), ("c", "x")], 2) == [
        [("a", True, [1, 2])], [("a", False, [3])], [("b", True, [4, 5])], [("b", False, [6])], [("c", True, [7])]]
