"""Parallel rendering gives the same bytes; progress shows on a terminal only."""

from __future__ import annotations

import io
import sys

import click
import pytest

from studyguide.build.options import Settings
from studyguide.build.run import build
from studyguide.cli.options import progress
from studyguide.outputs.base import Request

from bankfactory import make_bank, question
from stage import guide


@pytest.fixture
def content(tmp_path):
    return make_bank(tmp_path, {"alpha": [question(1, "alpha")], "beta": [question(1, "beta")],
                                "gamma": [question(1, "gamma"), question(2, "gamma")]})


def test_two_jobs_give_the_same_bytes_as_one(content):
    serial, one = guide(content, jobs=1)
    parallel, two = guide(content, jobs=2)
    assert parallel == serial
    assert one.rendered == two.rendered >= 5  # three chapters, contents, outro, page numbers


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def _progress_with(monkeypatch, stream, quiet=False):
    monkeypatch.setattr(sys, "stderr", stream)
    with click.Context(click.Command("build"), obj={"quiet": quiet}):
        return progress()


def test_progress_is_shown_on_a_terminal(monkeypatch, content, tmp_path):
    terminal = _Terminal()
    shown = _progress_with(monkeypatch, terminal)
    build([Request("guide")], Settings(content=content), tmp_path / "out", shown)
    shown = terminal.getvalue()
    assert "rendering 1/4: chapter 'alpha'" in shown and "rendering 4/4: outro\n" in shown


@pytest.mark.parametrize("stream, quiet", [(io.StringIO(), False), (_Terminal(), True)],
                         ids=["piped", "quiet"])
def test_progress_stays_quiet_when_piped_or_asked(monkeypatch, content, stream, quiet, tmp_path):
    shown = _progress_with(monkeypatch, stream, quiet)
    build([Request("guide")], Settings(content=content), tmp_path / "out", shown)
    assert shown is None and stream.getvalue() == ""


def test_a_build_with_two_jobs_writes_the_same_files_as_one(tmp_path, run):
    content = make_bank(tmp_path, {"alpha": [question(1, "alpha")], "beta": [question(1, "beta")]})
    one, two = tmp_path / "one", tmp_path / "two"
    assert run("build", "--content", content, "--out", one, "--no-cache", "--jobs", "1").exit_code == 0
    assert run("build", "--content", content, "--out", two, "--no-cache", "--jobs", "2").exit_code == 0
    files = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file())
    assert len(files) > 5
    for rel in files:
        assert (one / rel).read_bytes() == (two / rel).read_bytes(), rel


def test_each_document_is_typeset_once_per_command_cache_or_not(tmp_path, monkeypatch):
    from studyguide.outputs.requests import default_requests
    from studyguide.typeset import weasy

    from stage import make

    content = make_bank(tmp_path, {"alpha": [question(1, "alpha")], "beta": [question(1, "beta")]})
    seen, real = [], weasy.typeset
    monkeypatch.setattr(weasy, "typeset", lambda job, *a: seen.append((job.html, job.styles)) or real(job, *a))
    files, _ = make(content, *default_requests())
    # the guide, handout, pack and copies share chapters, cheat sheets and the practice sheet
    assert len(seen) == len(set(seen)) and len(files) > 10
