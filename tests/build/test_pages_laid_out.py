"""Pages laid out against pages shipped: each shipped page is laid out once, and -v says so."""

from __future__ import annotations

import pytest

from studyguide.build.options import Settings
from studyguide.build.run import build
from studyguide.outputs.base import Request
from studyguide.typeset import weasy

from bankfactory import make_bank, question

LONG = " ".join(f"Step {n}: check the {word} settings, then confirm the change with a second look."
                for n, word in enumerate(["network", "storage", "cluster", "policy", "budget", "alerting"] * 3, 1))


@pytest.fixture
def typeset_calls(monkeypatch):
    """Every part WeasyPrint lays out in this process: (what, pages)."""
    calls, real = [], weasy.typeset

    def spy(job, *args, **kwargs):
        result = real(job, *args, **kwargs)
        calls.append((job.what, result.pages))
        return result

    monkeypatch.setattr(weasy, "typeset", spy)
    return calls


def run(tmp_path, content, *kinds):
    settings = Settings(content=content, jobs=1, count_pages=True)
    return build([Request(kind) for kind in kinds], settings, tmp_path / "dist")


def test_each_kind_lays_out_its_pages_once(tmp_path, typeset_calls):
    content = make_bank(tmp_path, batches={})
    report = run(tmp_path, content, "guide", "cheatsheets", "flashcards")
    assert report.laid_out == {"guide": 8, "cheatsheets": 2, "flashcards": 8}
    # Shipped: the guide's pages (blank versos were never laid out), two sheets, six card faces.
    assert report.shipped == {"guide": 10, "cheatsheets": 2, "flashcards": 6}
    assert report.pages_laid_out == sum(pages for _, pages in typeset_calls) == 18
    # The page numbers of the whole guide are one overlay: a page placing them, a page of strips.
    assert [pages for what, pages in typeset_calls if what == "page numbers"] == [2]


def test_a_face_that_surely_overflows_is_set_smaller_at_once(tmp_path, typeset_calls):
    content = make_bank(tmp_path, {"alpha": [question(1, "alpha"), question(2, "alpha", answer=LONG)]}, batches={})
    report = run(tmp_path, content, "flashcards")
    assert not [what for what, _ in typeset_calls if "set smaller" in what]
    faces = report.shipped["flashcards"]
    # The sheet's two sides, every face once, and the filler behind the long answer's second card.
    assert report.laid_out["flashcards"] == 2 + faces == sum(pages for _, pages in typeset_calls)


def test_verbose_build_reports_pages_laid_out(tmp_path):
    from click.testing import CliRunner

    from studyguide.cli import cli

    content = make_bank(tmp_path, batches={})
    result = CliRunner().invoke(cli, ["cheatsheet", "--content", str(content), "--out", str(tmp_path / "dist"),
                                      "--no-cache", "-j", "1", "-v"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "laid out 2 pages in 2 parts (0 parts from the cache)" in result.stdout
    assert "  cheatsheets: laid out 2 pages, shipped 2 (1.00 per page shipped)" in result.stdout


def test_a_pack_counts_the_card_faces_on_its_sheets(tmp_path):
    batch = {"number": "01", "name": "Pilot", "track": "Alpha", "starts": "2026-06-28", "chapters": ["alpha"],
             "flashcards": True}
    content = make_bank(tmp_path, batches={"01": batch})
    report = run(tmp_path, content, "pack", "flashcards")
    # Three questions: six faces on one sheet of two sides; the pack ships alpha's four too.
    assert report.shipped["flashcards"] == 6
    assert report.laid_out["pack"] <= 1.15 * report.shipped["pack"]


def test_pages_shipped_are_counted_once_per_distinct_output(tmp_path, monkeypatch):
    from studyguide.outputs.registry import KINDS

    content = make_bank(tmp_path, batches={})
    counted = []
    real = KINDS["cheatsheets"].shipped
    monkeypatch.setattr(KINDS["cheatsheets"], "shipped", lambda files: counted.append(1) or real(files))
    settings = Settings(content=content, jobs=1, count_pages=True, cache=tmp_path / "cache")
    first = build([Request("cheatsheets")], settings, tmp_path / "a")
    again = build([Request("cheatsheets")], settings, tmp_path / "b")  # same bytes, another folder
    assert first.shipped == again.shipped == {"cheatsheets": 2} and counted == [1]
