"""The mock-interview kit: each candidate's drawn questions on an interviewer sheet (with the answers)
and a feedback form (without), reproducible, different between candidates."""

from __future__ import annotations

import re

import pytest

from studyguide.authoring.accessibility import check_bytes
from studyguide.content.load import load_bank
from studyguide.outputs.base import Request
from studyguide.outputs.mock import drawn, settings_of
from studyguide.outputs.requests import Round

from bankfactory import make_bank, question
from pdfutil import norm, outline_tree, page_texts, reader
from stage import make

NAMES = ["Priya Sharma", "Arjun Rao", "Meera Nair", "Zoë Müller"]
SLUGS = ["priya-sharma", "arjun-rao", "meera-nair", "zoe-muller"]
ASKED = re.compile(r"Question (alpha|beta) (\d+)\?")


def batch(**extra) -> dict:
    return {"number": "01", "name": "Pilot", "track": "Alpha track", "starts": "2026-06-28",
            "chapters": ["alpha", "beta"], "trainer": "Ananya Iyer", **extra}


def bank(root, **extra):
    """Ten questions in two chapters (odd alpha questions have a short answer), four candidates."""
    alpha = [question(n, "alpha", short=f"Short alpha {n}." if n % 2 else None) for n in range(1, 7)]
    return make_bank(root, {"alpha": alpha, "beta": [question(n, "beta") for n in range(1, 5)]}, batches={
        "01": batch(candidates=[{"name": name} for name in NAMES], mock={"questions": 3, "seed": "week-1"}, **extra)})


@pytest.fixture(scope="module")
def kit(tmp_path_factory):
    content = bank(tmp_path_factory.mktemp("mock"))
    files, report = make(content, Request("mock", ("01",)))
    return content, {path.removeprefix("batches/01/mock/"): data for path, data in files.items()}, report


def asked(text: str) -> list[str]:
    return [f"{chapter}-{n}" for chapter, n in ASKED.findall(text)]


def sheets(trainer: bytes) -> dict[str, tuple[str, str]]:
    """Each candidate's interviewer sheet and feedback form in trainer.pdf, by the bookmark naming them."""
    texts, marks = page_texts(trainer), outline_tree(trainer)
    found = {}
    for (name, first, _), (_, after, _) in zip(marks, marks[1:] + [("", len(texts) + 1, [])]):
        pages = texts[first - 1:after - 1]
        found[name] = (norm(" ".join(p for p in pages if "Interviewer only ·" in p)),
                       norm(" ".join(p for p in pages if "Prepared for" in p)))
    return found


def test_the_kit_is_the_trainer_file_and_one_form_per_candidate(kit):
    _, files, report = kit
    assert sorted(files) == sorted(["trainer.pdf"] + [f"{slug}.pdf" for slug in SLUGS])
    assert report.warnings == []


def test_each_candidate_is_asked_questions_of_their_own(kit):
    _, files, _ = kit
    draws = [asked(" ".join(page_texts(files[f"{slug}.pdf"]))) for slug in SLUGS]
    assert all(len(ids) == 3 == len(set(ids)) for ids in draws)
    # Ten questions: the first three candidates share none; the fourth repeats as few as it can.
    first_three = [q for ids in draws[:3] for q in ids]
    assert len(set(first_three)) == 9
    assert len(set(draws[3]) & set(first_three)) == 2
    # Spread over the chapters: every draw has a question of each.
    assert all({q.split("-")[0] for q in ids} == {"alpha", "beta"} for ids in draws)


def test_the_form_asks_what_the_sheet_asks_in_the_same_order(kit):
    _, files, _ = kit
    found = sheets(files["trainer.pdf"])
    for name, slug in zip(NAMES, SLUGS):
        sheet, form = found[name]
        own = norm(" ".join(page_texts(files[f"{slug}.pdf"])))
        assert asked(sheet) == asked(form) == asked(own) and len(asked(own)) == 3
        assert form == own  # the trainer's copy of the form is the candidate's


def test_the_answers_are_on_the_interviewer_sheet_only(kit):
    _, files, _ = kit
    found = sheets(files["trainer.pdf"])
    for name, slug in zip(NAMES, SLUGS):
        sheet, form = found[name]
        for qid in asked(sheet):
            chapter, n = qid.split("-")
            # The short answer when the question has one, else the whole answer.
            pattern = f"Short alpha {n}." if chapter == "alpha" and int(n) % 2 else f"Answer {chapter} {n} with code"
            assert pattern in sheet
        assert "LISTEN FOR" in sheet
        own = norm(" ".join(page_texts(files[f"{slug}.pdf"])))
        for text in (form, own):
            assert "Answer " not in text and "Short " not in text and "LISTEN FOR" not in text


def test_the_candidate_is_named_on_every_page_of_their_form(kit):
    _, files, _ = kit
    for name, slug in zip(NAMES, SLUGS):
        pages = [norm(text) for text in page_texts(files[f"{slug}.pdf"])]
        assert pages and all(f"Prepared for {name} · Batch 01" in page for page in pages)
        assert f"CANDIDATE {name}" in pages[0]
        assert reader(files[f"{slug}.pdf"]).metadata["/Title"] == f"Mock interview feedback — {name} — Batch 01"


def test_the_trainer_file_has_a_bookmark_per_candidate_each_opening_on_a_right_hand_page(kit):
    _, files, _ = kit
    trainer = files["trainer.pdf"]
    marks = outline_tree(trainer)
    assert [name for name, _, _ in marks] == NAMES and all(children == [] for _, _, children in marks)
    texts = page_texts(trainer)
    # Three questions: a one-page sheet, a blank back, a one-page form, a blank back (two-sided).
    assert len(texts) == 4 * len(NAMES)
    assert [page for _, page, _ in marks] == [1, 5, 9, 13]
    forms = [i + 1 for i, text in enumerate(texts) if "Prepared for" in text]
    assert forms == [3, 7, 11, 15]  # a form never shares a leaf with the answers
    assert all(texts[i].strip() == "" for i in (1, 3, 5, 7))
    assert reader(trainer).page_labels[:3] == ["Priya Sharma, sheet 1", "Priya Sharma, sheet 2", "Priya Sharma, form 1"]


def test_two_builds_give_the_same_bytes(kit):
    content, files, _ = kit
    again, _ = make(content, Request("mock", ("01",)))
    assert {path.removeprefix("batches/01/mock/"): data for path, data in again.items()} == files


def test_options_override_the_batch_file_and_a_new_seed_draws_anew(kit):
    content, _, _ = kit
    loaded = load_bank(content).bank
    one = loaded.batches["01"]
    assert settings_of(one, None).model_dump() == {"questions": 3, "seed": "week-1"}
    assert settings_of(one, Round(questions=5)).model_dump() == {"questions": 5, "seed": "week-1"}
    assert settings_of(one.model_copy(update={"mock": None}), Round(seed="x")).model_dump() == {"questions": 6, "seed": "x"}

    def ids(seed):
        return [[item.q.id for item in items] for items in drawn(loaded, "01", one, settings_of(one, Round(seed=seed)))]

    assert ids("week-1") == ids("week-1") != ids("week-2")


def test_a_pool_smaller_than_asked_draws_every_question_and_warns(tmp_path):
    content = make_bank(tmp_path, {"alpha": [question(1, "alpha"), question(2, "alpha")]}, batches={
        "01": batch(chapters=["alpha"], candidates=[{"name": "Priya Sharma"}])})
    files, report = make(content, Request("mock", ("01",), Round(questions=4)))
    assert report.warnings == ["batch '01': a mock interview of 4 questions draws from 2 questions; "
                               "each candidate is asked all 2"]
    assert sorted(asked(" ".join(page_texts(files["batches/01/mock/priya-sharma.pdf"])))) == ["alpha-1", "alpha-2"]


def test_the_kit_passes_the_pdf_ua_checks(kit):
    _, files, _ = kit
    for path in ("trainer.pdf", "zoe-muller.pdf"):
        assert [f"{f.rule}: {f.message}" for f in check_bytes(files[path], path)] == []
