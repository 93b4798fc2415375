"""Counts read right in every message: one chapter, one batch, one question."""

from __future__ import annotations

from bankfactory import make_bank, question
from pdfutil import joined_text
from stage import make


def test_one_of_each_reads_singular(run, tmp_path):
    content = make_bank(tmp_path, {"alpha": [question(1, "alpha")]})
    assert run("check", "--content", content).stdout == "ok: 1 category, 1 question, 1 batch\n"
    assert run("stats", "--content", content).stdout.splitlines()[0] == "Tiny Guide: 1 chapter, 1 question, 1 batch"
    files, _ = make(content, "guide", "pack", "practice")
    assert "1 chapter · 1 question" in joined_text(files["guide.pdf"])
    assert "1 question without their answers" in joined_text(files["batches/01/practice.pdf"])
    assert "with 1 interview question, the answers" in joined_text(files["batches/01/pack.pdf"])


def test_many_read_plural(run, tmp_path):
    content = make_bank(tmp_path, {"alpha": [question(1, "alpha"), question(2, "alpha")], "beta": [question(1, "beta")]},
                        batches={})
    assert run("check", "--content", content).stdout == "ok: 2 categories, 3 questions, 0 batches\n"
