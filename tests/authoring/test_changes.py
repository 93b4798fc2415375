"""`changes`: questions added, removed and edited since a git revision or a snapshot file."""

from __future__ import annotations

import json
import subprocess

import pytest

from studyguide.authoring.accessibility import check_bytes
from studyguide.authoring.changes import ChangesError, bank_at_revision, earlier, snapshot_bytes
from studyguide.content.history import compare
from studyguide.content.load import load_bank

from bankfactory import make_bank, question
from pdfutil import joined_text, outline_tree

GIT = ["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.org", "-c", "commit.gpgsign=false"]


def git(root, *args: str) -> str:
    return subprocess.run([*GIT, *args], cwd=root, check=True, capture_output=True, text=True).stdout


def first_edition() -> dict:
    return {"alpha": [question(1, "alpha"), question(2, "alpha")], "beta": [question(1, "beta")]}


def second_edition() -> dict:
    return {"alpha": [question(1, "alpha", answer="A **new** answer."), question(2, "alpha", short="In brief."),
                      question(3, "alpha")],
            "beta": [question(2, "beta")]}


@pytest.fixture
def history(tmp_path):
    """A repository whose content/ folder has two commits: tag v1, then an edited bank at HEAD."""
    root = tmp_path / "repo"
    content = make_bank(root, categories=first_edition(), guide={"edition": "May 2026"})
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "first edition")
    git(root, "tag", "v1")
    (content / "categories" / "beta.yaml").unlink()
    make_bank(root, categories=second_edition(), guide={"edition": "June 2026"})
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "second edition")
    return root, content


def test_changes_since_a_git_revision(history):
    root, content = history
    found = compare(earlier("v1", content), load_bank(content).bank, "v1")
    assert found.added == ("alpha-3", "beta-2")
    assert found.edited == (("alpha-1", ("answer revised",)), ("alpha-2", ("short answer added",)))
    assert [entry["id"] for entry in found.removed] == ["beta-1"]
    assert found.since == "May 2026" and not found.since_ref
    # The earlier bank is read from git objects: the working tree is left as it was.
    assert git(root, "status", "--porcelain") == ""
    assert compare(earlier("HEAD", content), load_bank(content).bank, "HEAD").empty


def test_the_command_lists_by_id_with_category_and_question(history, run):
    _, content = history
    result = run("changes", "--since", "v1", "--content", content)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "since the edition “May 2026”: 2 added, 2 edited, 1 removed",
        "added:",
        "  + alpha-3 (Alpha 03): Question alpha 3?",
        "  + beta-2 (Beta 01): Question beta 2?",
        "edited:",
        "  ~ alpha-1 (Alpha 01): Question alpha 1? [answer revised]",
        "  ~ alpha-2 (Alpha 02): Question alpha 2? [short answer added]",
        "removed:",
        "  - beta-1 (Beta 01): Question beta 1?",
    ]


def test_the_what_changed_insert(history, run):
    root, content = history
    out = root / "dist"
    result = run("changes", "--since", "v1", "--pdf", "--content", content, "--out", out, "--no-cache")
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith(f"wrote {out / 'whats-new.pdf'}\n")
    pdf = (out / "whats-new.pdf").read_bytes()
    text = joined_text(pdf)
    assert "What changed Since the edition “May 2026”: 2 new questions, 2 revised, 1 withdrawn." in text
    assert "Alpha 03 Question alpha 3? Answer alpha 3 with code and bold." in text
    assert "Alpha 01 · answer revised Question alpha 1? A new answer." in text
    assert "Beta 01 Question beta 1?" in text and "Answer beta 1" not in text
    assert [title for title, _, _ in outline_tree(pdf)] == [
        "New questions", "Revised", "Withdrawn (numbers as in the earlier edition)"]
    assert check_bytes(pdf) == []  # an accessible PDF (PDF/UA-1), like every output


def test_changes_since_a_snapshot_file(tmp_path, run):
    content = make_bank(tmp_path, categories=first_edition())
    snap = tmp_path / "editions" / "may.json"
    result = run("changes", "--snapshot", snap, "--content", content)
    assert result.exit_code == 0 and result.stdout == f"wrote {snap}\n"
    data = json.loads(snap.read_text(encoding="utf-8"))
    assert sorted(data["questions"]) == ["alpha-1", "alpha-2", "beta-1"]
    assert set(data["questions"]["alpha-1"]) == {"category", "category_title", "icon", "number", "question",
                                                 "answer_hash", "short_hash"}
    (content / "categories" / "beta.yaml").unlink()
    make_bank(tmp_path, categories=second_edition())
    found = compare(earlier(str(snap), content), load_bank(content).bank, str(snap))
    assert (found.added, found.edited, [e["id"] for e in found.removed]) == (
        ("alpha-3", "beta-2"), (("alpha-1", ("answer revised",)), ("alpha-2", ("short answer added",))), ["beta-1"])
    # Same edition line in both: the earlier one is named by its file.
    assert found.since == str(snap) and found.since_ref


def test_snapshot_is_stable_and_nothing_changed_prints_no_pdf(tmp_path, run):
    content = make_bank(tmp_path, categories=first_edition())
    bank = load_bank(content).bank
    assert snapshot_bytes(bank) == snapshot_bytes(load_bank(content).bank)
    snap = tmp_path / "now.json"
    snap.write_bytes(snapshot_bytes(bank))
    result = run("changes", "--since", snap, "--pdf", "--content", content, "--out", tmp_path / "dist")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == f"no questions changed since {snap}"
    assert not (tmp_path / "dist").exists()


def test_bad_references_are_one_line_errors(history, tmp_path, run):
    _, content = history
    result = run("changes", "--since", "no-such-tag", "--content", content)
    assert (result.exit_code, result.stderr) == (1, "error: 'no-such-tag' is neither a snapshot file nor a git revision\n")
    plain = make_bank(tmp_path / "plain")
    result = run("changes", "--since", "v1", "--content", plain)
    assert result.exit_code == 1
    assert "'v1' is not a snapshot file, and content/ is not in a git repository" in result.stderr
    bogus = tmp_path / "bogus.json"
    bogus.write_text('{"questions": []}', encoding="utf-8")
    result = run("changes", "--since", bogus, "--content", content)
    assert result.exit_code == 1 and "not a snapshot file (write one with" in result.stderr
    result = run("changes", "--content", content)
    assert result.exit_code == 2 and "give --since REF" in result.stderr


def test_a_revision_whose_content_does_not_load_is_named(history):
    root, content = history
    (content / "categories" / "alpha.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    git(root, "commit", "-q", "-am", "broken")
    with pytest.raises(ChangesError, match=r"the content at HEAD does not load \(\d+ problems?; first: alpha.yaml:"):
        bank_at_revision("HEAD", content)
