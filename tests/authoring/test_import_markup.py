"""How `studyguide import` reads the markup of GitHub banks: HTML, code, line breaks, emoji, levels,
sections, images and the YAML it writes for them."""

from __future__ import annotations

from pathlib import Path

import yaml

from studyguide.authoring.importers.bank import read_source
from studyguide.authoring.importers.yamlout import dump_bank

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d4944415478da63f8cfc0f01f0005000201a0e3b6f40000000049454e44ae426082")


def bank_of(tmp_path: Path, text: str, name: str = "bank.md") -> dict:
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    return read_source(source).bank


def every(bank: dict) -> list[dict]:
    return [q for c in bank["categories"].values()
            for q in [*c.get("questions", []), *(q for s in c.get("sections", []) for q in s["questions"])]]


def details(summary: str, answer: str) -> str:
    return f"<details>\n<summary>{summary}</summary><br><b>\n\n{answer}\n</b></details>\n\n"


def one(tmp_path: Path, summary: str, answer: str) -> dict:
    """The one question of a bank of one <details> block."""
    [question] = every(bank_of(tmp_path, "## Ops\n\n" + details(summary, answer)))
    return question


def test_code_is_code_and_html_around_it_is_converted(tmp_path):
    q = one(tmp_path, "What does `kill -0 <PID>` do, unlike <code>kill &lt;PID&gt;</code>?",
            "Run <code>kill -0 &lt;PID&gt;</code>, or `kill -0 <PID>`:\n\n<pre lang=\"sh\">ps -p &lt;PID&gt;</pre>\n\n"
            "```html\n<b>kept</b> <br>\n```\n\nA <b>bold</b> and <i>slanted</i> word, <kbd>Ctrl</kbd>-C.")
    assert q["question"] == "What does `kill -0 <PID>` do, unlike `kill <PID>`?"
    assert q["answer"] == ("Run `kill -0 <PID>`, or `kill -0 <PID>`:\n\n```sh\nps -p <PID>\n```\n\n"
                           "```html\n<b>kept</b> <br>\n```\n\nA **bold** and *slanted* word, `Ctrl`-C.\n")


def test_line_breaks_become_breaks_or_paragraphs_never_run_together(tmp_path):
    q = one(tmp_path, "One<br>question?",
            "First line.<br>\nSecond line.<br><br>\nNew paragraph.<br>\n- a list item<br>\n\nTwo spaces  \nbreak too.")
    assert q["question"] == "One question?"
    assert q["answer"] == "First line.\\\nSecond line.\n\nNew paragraph.\n- a list item\n\nTwo spaces\\\nbreak too.\n"


def test_emoji_shortcodes_outside_code_only(tmp_path):
    q = one(tmp_path, ":rocket: Why ship?", ":warning: careful; `:warning:` stays; so do :not_an_emoji:, a:b:c and 10:30:00.")
    assert q["question"] == "🚀 Why ship?"
    assert q["answer"] == "⚠️ careful; `:warning:` stays; so do :not_an_emoji:, a:b:c and 10:30:00.\n"


def test_html_tables_lists_and_links_become_markdown(tmp_path):
    q = one(tmp_path, "What is in the table?",
            '<table><tr><th>A</th><th>B</th></tr><tr><td>x | y</td><td><code>z</code></td></tr></table>\n\n'
            '<ol start="2"><li>two</li><li>three</li></ol>\n\n<ul><li>dot</li></ul>\n\n'
            'See <a href="https://example.com/doc">the docs</a>, <sup>1</sup> and <span>plain</span>.')
    assert q["answer"] == ("| A | B |\n| --- | --- |\n| x \\| y | `z` |\n\n2. two\n3. three\n\n- dot\n\n"
                           "See [the docs](https://example.com/doc), 1 and plain.\n")


def test_lists_keep_their_numbers_and_looseness(tmp_path):
    answer = "1. one\n2. two\n3. three\n3. again\n\n- loose\n\n- items\n\n5. starts at five\n6. six"
    q = one(tmp_path, "Which numbers?", answer)
    assert q["answer"] == answer + "\n"


def test_levels_from_headings_and_badges_the_badge_wins(tmp_path):
    bank = bank_of(tmp_path, "# Ops\n\n## Pods\n\n### Beginner\n\n" + details("What is a Pod?", "A.")
                   + details("[Senior] What is a DaemonSet?", "B.") + "### 🔴 Advanced\n\n"
                   + details("What is a PDB? (Junior)", "C.") + "## Storage\n\n" + details("What is a PV?", "D."),
                   name="ops.md")
    [category] = bank["categories"].values()
    assert [s["title"] for s in category["sections"]] == ["Pods", "Storage"]
    assert [(q["question"], q.get("level")) for q in every(bank)] == [
        ("What is a Pod?", "Beginner"), ("What is a DaemonSet?", "Senior"),
        ("What is a PDB?", "Junior"), ("What is a PV?", None)]


def test_a_multi_paragraph_question_keeps_every_paragraph(tmp_path):
    q = one(tmp_path, "Explain the following\nterms:\n\n* <code>SIGTERM</code>\n* SIGKILL\n  (the last resort)\n\n"
            "Which one can be caught? (Mid)", "SIGTERM.")
    assert q["question"] == "Explain the following terms:\n\n- `SIGTERM`\n- SIGKILL (the last resort)\n\nWhich one can be caught?"
    assert q["level"] == "Mid"
    assert q["id"] == "following-terms"  # the first paragraph names it


def test_numbered_heading_questions_and_hidden_answers(tmp_path):
    bank = bank_of(tmp_path, "# Bank\n\n## Linux\n\n### 1. What is an inode?\n\n<details><summary>Answer</summary>\n\n"
                   "The on-disk record of a file.\n</details>\n\n### 2. What is a process?\n\nA running program.\n")
    assert [(q["question"], q["answer"]) for q in every(bank)] == [
        ("What is an inode?", "The on-disk record of a file.\n"), ("What is a process?", "A running program.\n")]


def test_local_images_are_planned_with_their_alt_text(tmp_path):
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "flow.png").write_bytes(PNG)
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "flow.png").write_bytes(PNG + b"\0")
    (tmp_path / "photo").write_bytes(b"\xff\xd8\xff\xe0" + bytes(20))  # a JPEG without an ending
    source = tmp_path / "bank.md"
    source.write_text("## Ops\n\n" + details("Which flow?", '<img src="img/flow.png" width="300">\n\n'
                                             "![Other flow](other/flow.png)\n\n![](photo)"), encoding="utf-8")
    imported = read_source(source)
    [q] = every(imported.bank)
    assert q["answer"] == ("![flow](images/ops/flow.png)\n\n![Other flow](images/ops/flow-2.png)\n\n"
                           "![photo](images/ops/photo.jpg)\n")
    assert imported.images == {"images/ops/flow.png": (tmp_path / "img" / "flow.png").resolve(),
                               "images/ops/flow-2.png": (tmp_path / "other" / "flow.png").resolve(),
                               "images/ops/photo.jpg": (tmp_path / "photo").resolve()}


def test_a_fenced_template_is_no_question(tmp_path):
    source = tmp_path / "CONTRIBUTING.md"
    source.write_text("# Contributing\n\n```\n<details>\n<summary>Your question?</summary><br><b>\n\nAnswer.\n"
                      "</b></details>\n```\n\n1. One rule.\n2. Another rule.\n", encoding="utf-8")
    folder = tmp_path / "repo"
    (folder / "topics").mkdir(parents=True)
    source.rename(folder / "CONTRIBUTING.md")
    (folder / "topics" / "git.md").write_text("# Git\n\n" + details("What is a commit?", "A snapshot."), "utf-8")
    imported = read_source(folder)
    assert [q["question"] for q in every(imported.bank)] == ["What is a commit?"]
    assert f"{folder / 'CONTRIBUTING.md'}:1: files with no question left out" in imported.notes


def test_the_yaml_writer_writes_sections_and_levels_readably():
    category = {"title": "Ops", "icon": "🧰", "summary": "Day two.",
                "questions": [{"id": "toil", "question": "What is toil?", "answer": "Work.\n"}],
                "sections": [{"title": "Pods: basics", "questions": [
                    {"id": "pod", "question": "What is a Pod?\n\n- one\n- two", "answer": "A group.\n",
                     "level": "Beginner", "tags": ["pods"]}]}]}
    bank = {"guide": {"title": "T", "chapters": ["ops"]}, "categories": {"ops": category}, "batches": {}}
    text = dump_bank(bank)["categories/ops.yaml"]
    assert yaml.safe_load(text) == category
    assert ('sections:\n  - title: "Pods: basics"\n    questions:\n      - id: pod\n        question: |-\n'
            "          What is a Pod?\n\n          - one\n          - two\n") in text
    assert "        level: Beginner\n        tags: [pods]\n" in text
