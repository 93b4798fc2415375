"""Selections reach every output: a batch's handout, practice sheet, pack and cards, and the
guide, cheat sheets and flashcards asked for with --tags, --level, --section, --questions."""

from __future__ import annotations

import re

import pytest

from studyguide.models import Selection
from studyguide.outputs.base import Request

from bankfactory import selection_bank, write_yaml
from pdfutil import joined_text, outline_tree, page_texts
from stage import make


def asked(pdf: bytes) -> list[str]:
    """The questions a document prints, in order ('alpha 2' for 'Question alpha 2?')."""
    return re.findall(r"Question (\w+ \d)\?", joined_text(pdf))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Batch 01 selecting tag net at level senior, plus beta-2 by id (its pack with flashcards), and
    the guide, cheat sheets and flashcards of section alpha/IAM; one session."""
    content = selection_bank(tmp_path_factory.mktemp("bank"), "flashcards: true\nselect:\n  tags: [net]\n"
                             "  levels: [senior]\n  questions: [beta-2]\n")
    write_yaml(content / "guide.yaml", {"title": "Tiny Guide", "chapters": ["alpha", "beta", "gamma"]})
    iam = Selection(sections=["alpha/IAM"])
    return make(content, *(Request(kind, ("01",)) for kind in ("handout", "practice", "pack")),
                Request("guide", data=iam), Request("cheatsheets", ("alpha", "beta"), iam),
                Request("flashcards", ("alpha", "beta"), iam))[0]


def test_the_handout_holds_the_batch_selection_in_bank_order_with_the_guides_numbers(built):
    handout = built["batches/01/handout.pdf"]
    assert asked(handout) == ["alpha 3", "beta 1", "beta 2"]
    text = joined_text(handout)
    assert "03 Question alpha 3?" in text and "01 Question beta 1?" in text and "02 Question beta 2?" in text
    assert "Alpha 1 question" in text and "Beta 2 questions" in text  # the contents counts the selection
    assert [title for title, _, _ in outline_tree(handout)][:2] == ["Alpha", "Beta"]  # then any back matter


def test_the_practice_sheet_asks_and_answers_the_selection(built):
    practice = joined_text(built["batches/01/practice.pdf"])
    assert re.findall(r"Question (\w+ \d)\?", practice) == ["alpha 3", "beta 1", "beta 2"] * 2  # sheet, then key
    assert "Answer alpha 1" not in practice and "Answer alpha 3" in practice


def test_the_pack_and_its_flashcards_follow_the_selection(built):
    pack = built["batches/01/pack.pdf"]
    assert set(asked(pack)) == {"alpha 3", "beta 1", "beta 2"}
    assert "3 questions" in joined_text(pack)
    assert "Alpha · 03" in joined_text(pack) and "Alpha · 01" not in joined_text(pack)


def test_the_guide_of_a_section_drops_the_other_chapters(built):
    guide = built["guide.pdf"]
    assert asked(guide) == ["alpha 2", "alpha 3"]
    titles = [title for title, _, _ in outline_tree(guide)]
    assert titles[0] == "Alpha" and "Beta" not in titles and "Gamma" not in titles


def test_cheat_sheets_and_flashcards_of_a_section(built):
    assert sorted(p for p in built if p.startswith(("cheatsheets/", "flashcards/"))) == [
        "cheatsheets/all.pdf", "cheatsheets/alpha.pdf", "flashcards/all.pdf", "flashcards/alpha.pdf"]
    assert asked(built["cheatsheets/all.pdf"]) == ["alpha 2", "alpha 3"]
    fronts = " ".join(page_texts(built["flashcards/all.pdf"])[::2])
    assert re.findall(r"Question (\w+ \d)\?", " ".join(fronts.split())) == ["alpha 2", "alpha 3"]
    assert "Alpha · 02" in fronts and "Alpha · 03" in fronts


def test_the_options_choose_and_a_mistake_is_a_usage_error_naming_its_option(tmp_path, run):
    content = selection_bank(tmp_path)
    out = tmp_path / "dist"
    done = run("cheatsheet", "alpha", "beta", "--content", content, "--out", out, "--no-cache",
               "--tags", "net, sec", "--level", "Junior")
    assert done.exit_code == 0, done.stderr
    assert sorted(p.name for p in (out / "cheatsheets").iterdir()) == ["all.pdf", "alpha.pdf"]
    assert asked((out / "cheatsheets" / "all.pdf").read_bytes()) == ["alpha 1"]
    for args, message in [
        (["--tags", "nett"], "Invalid value for --tags: no question in the chosen chapters has tag 'nett' "
                             "(did you mean 'net'?)"),
        (["--section", "alpha/IAMM"], "Invalid value for --section: no question in the chosen chapters has "
                                      "section 'alpha/IAMM' (did you mean 'alpha/IAM'?)"),
        (["--questions", "gamma-1"], "Invalid value for --questions: question 'gamma-1' is in chapter 'gamma', "
                                     "which is not among the chosen chapters"),
        (["--level", "junior", "--tags", "sec"], "Invalid value for --tags/--level: the selection picks no "
                                                 "question: none in the chosen chapters has tag sec, and level junior"),
        (["--questions", "Not An Id"], "Invalid value for --questions: 'Not An Id': String should match pattern "
                                       "'^[a-z0-9]+(?:-[a-z0-9]+)*$'"),
    ]:
        result = run("flashcards", "alpha", "beta", "--content", content, "--out", tmp_path / "bad", *args)
        assert result.exit_code == 2, args
        assert result.stderr.splitlines()[-1] == f"Error: {message}"
        assert not (tmp_path / "bad").exists()
