"""Selections in a batch file: which questions they pick, and every mistake in one located, with a did-you-mean."""

from __future__ import annotations

import pytest

from studyguide.content.load import load_bank
from studyguide.content.selection import chosen, narrow
from studyguide.errors import ContentError
from studyguide.models import Selection
from studyguide.outputs.base import entries

from bankfactory import selection_bank


@pytest.fixture(scope="module")
def bank(tmp_path_factory):
    return load_bank(selection_bank(tmp_path_factory.mktemp("bank"))).bank


@pytest.mark.parametrize(("select", "picked"), [
    ({"tags": ["net"]}, ["alpha-1", "alpha-3", "beta-1"]),
    ({"tags": ["net", "sec"]}, ["alpha-1", "alpha-2", "alpha-3", "beta-1"]),  # any tag of the list
    ({"levels": ["senior"]}, ["alpha-2", "alpha-3", "beta-1"]),  # levels match whatever the case
    ({"tags": ["net"], "levels": ["Senior"]}, ["alpha-3", "beta-1"]),  # kinds narrow each other
    ({"sections": ["alpha/iam"]}, ["alpha-2", "alpha-3"]),
    ({"sections": ["alpha/IAM"], "tags": ["net"]}, ["alpha-3"]),
    ({"questions": ["beta-2", "alpha-1"]}, ["alpha-1", "beta-2"]),  # bank order, not the list's
    ({"questions": ["beta-2"], "levels": ["senior"]}, ["alpha-2", "alpha-3", "beta-1", "beta-2"]),  # ids always in
])
def test_a_selection_picks_exactly_its_questions_in_bank_order(bank, select, picked):
    assert chosen(bank.categories, ["alpha", "beta"], Selection(**select)) == picked


def test_a_cut_bank_keeps_numbers_drops_empty_sections_and_chapters(bank):
    cut, kept = narrow(bank, ("alpha", "beta"), Selection(tags=["sec"]))
    assert kept == ("alpha",)
    items = entries(cut.categories["alpha"])
    assert [(e.num, e.q.id, e.section, e.opens_section) for e in items] == [
        ("02", "alpha-2", "IAM", True), ("03", "alpha-3", "IAM", False)]
    assert cut.categories["alpha"].opening is None and len(cut.categories["alpha"].questions) == 2
    assert cut.categories["beta"] is bank.categories["beta"]  # only the chapters cut are replaced
    assert narrow(bank, ("alpha",), None) == (bank, ("alpha",))


def problems_of(tmp_path, select: str) -> list[str]:
    content = selection_bank(tmp_path, select)
    with pytest.raises(ContentError) as caught:
        load_bank(content)
    shown = str(content / "batches" / "01.yaml")
    return [str(p).replace(shown, "01.yaml") for p in caught.value.problems]


def test_every_unknown_name_is_located_with_a_did_you_mean(tmp_path):
    select = ("select:\n  tags: [net, secure]\n  levels: [Senor]\n  sections: [alpha/IAMM, beta]\n"
              "  questions: [gamma-1, alpha-9, alpha-1]\n")
    assert problems_of(tmp_path, select) == [
        "01.yaml:7:15: no question in the batch's chapters has tag 'secure' (did you mean 'sec'?)",
        "01.yaml:8:12: no question in the batch's chapters has level 'Senor' (did you mean 'Senior'?)",
        "01.yaml:9:14: no question in the batch's chapters has section 'alpha/IAMM' (did you mean 'alpha/IAM'?)",
        "01.yaml:9:26: no question in the batch's chapters has section 'beta' "
        "(write it as chapter/Section title)",
        "01.yaml:10:15: question 'gamma-1' is in chapter 'gamma', which is not among the batch's chapters",
        "01.yaml:10:24: no question in the batch's chapters has question 'alpha-9' (did you mean 'alpha-3'?)",
    ]


def test_a_selection_that_picks_nothing_is_an_error_at_its_key(tmp_path):
    assert problems_of(tmp_path, "select:\n  tags: [sec]\n  levels: [junior]\n") == [
        "01.yaml:6:1: the selection picks no question: none in the batch's chapters has tag sec, and level junior"]


def test_an_empty_selection_is_an_error(tmp_path):
    assert problems_of(tmp_path, "select: {}\n") == [
        "01.yaml:6:9: select: a selection names tags, levels, sections or questions"]


def test_check_reports_it_and_exits_1(tmp_path, run):
    content = selection_bank(tmp_path, "select:\n  tags: [nett]\n")
    result = run("check", "--content", content)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{content / 'batches' / '01.yaml'}:7:10: no question in the batch's chapters has tag 'nett' (did you mean 'net'?)",
        "error: 1 problem found; nothing was written"]
