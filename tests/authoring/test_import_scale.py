"""`studyguide import` of big banks: one README of 160 numbered questions, and a generated repository of
1,400 questions, every question imported whole, in seconds."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import yaml
from click.testing import CliRunner

from studyguide.cli import cli
from studyguide.content.load import load_bank

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"


def invoke(*args) -> object:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def found(out: Path) -> list[dict]:
    """Every question with its category and section title, in guide order."""
    rows = []
    for cid in yaml.safe_load((out / "guide.yaml").read_text("utf-8"))["chapters"]:
        category = yaml.safe_load((out / "categories" / f"{cid}.yaml").read_text("utf-8"))
        rows += [{"topic": category["title"], "section": None, **q} for q in category.get("questions", [])]
        rows += [{"topic": category["title"], "section": s["title"], **q}
                 for s in category.get("sections", []) for q in s["questions"]]
    return rows


def as_expected(rows: list[dict]) -> list[tuple]:
    return [(r["topic"], r["section"], r.get("level"), r["question"], "needs-answer" not in r.get("tags", []))
            for r in rows]


def test_one_readme_of_numbered_questions(tmp_path):
    manifest = json.loads((FIXTURES / "single" / "expected.json").read_text("utf-8"))
    out = tmp_path / "content"
    result = invoke("import", FIXTURES / "single" / "README.md", "--out-content", out)
    assert result.exit_code == 0, result.stderr
    assert "imported 8 categories, 160 questions (markdown layout)" in result.stdout
    assert as_expected(found(out)) == [(q["topic"], q["section"], q["level"], q["text"], q["answered"])
                                       for q in manifest["questions"]]
    guide = yaml.safe_load((out / "guide.yaml").read_text("utf-8"))
    assert guide["title"] == "160 DevOps Interview Questions and Answers"
    assert invoke("check", "--content", out).exit_code == 0


def test_a_generated_bank_of_1400_questions_imports_in_seconds(tmp_path):
    bank, manifest_path, out = tmp_path / "bank", tmp_path / "manifest.json", tmp_path / "content"
    subprocess.run([sys.executable, str(FIXTURES / "gen_large.py"), str(bank), "--manifest", str(manifest_path)],
                   check=True, capture_output=True)
    manifest = json.loads(manifest_path.read_text("utf-8"))
    assert manifest["total"] == 1400
    started = time.monotonic()
    result = invoke("import", bank, "--out-content", out)
    took = time.monotonic() - started
    assert result.exit_code == 0, result.stderr
    assert took < 30, f"the import took {took:.1f} s"
    assert "imported 6 categories, 1400 questions (details, markdown layout)" in result.stdout
    assert f"{manifest['unanswered']} questions without an answer: tagged needs-answer" in result.stdout
    assert as_expected(found(out)) == [(q["topic"], q["section"], q["level"], q["text"], q["answered"])
                                       for q in manifest["questions"]]
    # The only warning names the unanswered questions (at their source lines); nothing else needs the author.
    assert len(result.stderr.splitlines()) == 1 and "question has no answer" in result.stderr
    assert load_bank(out).bank.question_count() == 1400
