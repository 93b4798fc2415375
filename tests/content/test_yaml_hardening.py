"""Bad YAML and bad content: each is reported as path:line:col with exit 1, and dist/ is untouched."""

from __future__ import annotations

import os
import shutil

import pytest

from studyguide.content.load import load_bank

from hardening_helpers import ALPHA_HEAD, assert_fails, earlier_outputs, problems_footer, snapshot, tiny_bank

Q = "  - id: alpha-1\n    question: What is alpha?\n    answer: Alpha is first.\n"
BOMB = ('a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
        "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n")

# name -> (text of categories/alpha.yaml, [(line, col, message), ...])
ALPHA_CASES = {
    "unclosed quote": (ALPHA_HEAD + '  - id: alpha-1\n    question: "What is alpha?\n    answer: x\n',
                       [(8, 1, "the quoted value that starts at 6:15 is never closed")]),
    "tab indentation": (ALPHA_HEAD + "  - id: alpha-1\n\tquestion: What?\n",
                        [(6, 1, "tab character; indent with spaces, not tabs")]),
    "colon in a plain value": (ALPHA_HEAD + "  - id: alpha-1\n    question: What is: alpha?\n    answer: x\n",
                               [(6, 22, "': ' inside a value; put the whole value in quotes, "
                                        "or use a block (key: |) for text with colons")]),
    "bad indentation": (ALPHA_HEAD + "  - id: alpha-1\n    question: What?\n   answer: x\n",
                        [(7, 4, "this line's indentation does not fit the block that starts at 5:3; "
                                "line items up with the ones above")]),
    "duplicate key": (ALPHA_HEAD + Q + "    answer: again\n",
                      [(8, 5, "duplicate key 'answer' (first at line 7, column 5)")]),
    "anchor and alias": (ALPHA_HEAD + "  - id: alpha-1\n    question: &q What?\n    answer: *q\n",
                         [(6, 15, "YAML anchors and aliases (&, *) are not allowed; write the value out (1 more in this file)")]),
    "alias bomb": (BOMB, [(1, 4, "YAML anchors and aliases (&, *) are not allowed; write the value out (20 more in this file)")]),
    "python tag": (ALPHA_HEAD + "  - id: alpha-1\n    question: !!python/object/apply:os.system [echo hi]\n    answer: x\n",
                   [(6, 15, "YAML tags (!!python/object/apply:os.system) are not allowed; write the plain value")]),
    "several documents": (ALPHA_HEAD + Q + "---\ntitle: Again\n",
                          [(8, 1, "a second YAML document starts here; keep one document per file "
                                  "(remove the '---' line and what follows, or move it to its own file)")]),
    "empty file": ("", [(1, 1, "file is empty; it needs at least the required keys")]),
    "only comments": ("# a category\n\n# to be written\n", [(1, 1, "file is empty; it needs at least the required keys")]),
    "control character": (ALPHA_HEAD + '  - id: alpha-1\n    question: "What\x1b[31m?"\n    answer: x\n',
                          [(6, 20, "control character U+001B is not allowed in YAML; remove it")]),
    "nested too deep": (ALPHA_HEAD + Q + "    tags: " + "[" * 30 + "]" * 30 + "\n",
                        [(8, 28, "nested more than 20 levels deep")]),
    "list at the top": ("- alpha\n- beta\n", [(1, 1, "expected a mapping of keys at the top of the file")]),
    "wrong type": (ALPHA_HEAD + "  - id: alpha-1\n    question: [What, is, alpha]\n    answer: x\n",
                   [(6, 15, "questions[0].question: expected text")]),
    "empty value": (ALPHA_HEAD + "  - id: alpha-1\n    question: What?\n    answer:\n",
                    [(7, 12, "questions[0].answer: must not be empty")]),
    "missing key": (ALPHA_HEAD + "  - id: alpha-1\n    question: What?\n",
                    [(5, 5, "missing required key 'answer' in questions[0]")]),
    "misspelt key": (ALPHA_HEAD + "  - id: alpha-1\n    question: What?\n    anwser: x\n",
                     [(5, 5, "missing required key 'answer' in questions[0]"),
                      (7, 5, "unknown key 'anwser' (did you mean 'answer'?)")]),
    "unknown key": ("title: Alpha\nicon: ☁️\nsummary: About alpha.\ncolour: blue\nquestions:\n" + Q,
                    [(4, 1, "unknown key 'colour'; allowed keys: title, icon, summary, questions, sections")]),
    "empty category": ("title: Alpha\nicon: ☁️\nsummary: About alpha.\nquestions: []\n",
                       [(4, 12, "questions: must not be empty")]),
    "invalid question id": (ALPHA_HEAD + "  - id: ../Alpha_1\n    question: What?\n    answer: x\n",
                            [(5, 9, "questions[0].id: '../Alpha_1' is not a valid id: use lowercase letters, digits and hyphens")]),
    "relative link": (ALPHA_HEAD + "  - id: alpha-1\n    question: What?\n    answer: See [the notes](../notes/alpha.md).\n",
                      [(5, 5, "question 'alpha-1' answer: link to '../notes/alpha.md' is not allowed; "
                              "a link must be a full web address (https://...) or mailto:")]),
    "markdown image": (ALPHA_HEAD + "  - id: alpha-1\n    question: What?\n    answer: Look ![diagram](http://127.0.0.1:9/d.png)\n",
                       [(5, 5, "question 'alpha-1' answer: image 'http://127.0.0.1:9/d.png' is on the web; images are "
                               "never fetched while printing: save it in the content folder (e.g. images/) and refer "
                               "to it from there")]),
}


@pytest.fixture
def bank(tmp_path):
    content = tiny_bank(tmp_path)
    out = earlier_outputs(tmp_path)
    return content, out, snapshot(out)


def build(run, content, out, *extra):
    return run("build", "--content", content, "--out", out, "--no-cache", "-j", "1", *extra)


@pytest.mark.parametrize("name", list(ALPHA_CASES))
def test_bad_category_file_is_reported_where_it_is(run, bank, name):
    content, out, before = bank
    text, expected = ALPHA_CASES[name]
    (content / "categories" / "alpha.yaml").write_text(text, encoding="utf-8")
    shown = f"{content}/categories/alpha.yaml"
    lines = [f"{shown}:{line}:{col}: {message}" for line, col, message in expected]
    assert_fails(build(run, content, out), lines + [problems_footer(len(lines))], out, before)


@pytest.mark.parametrize("raw, where, message", [
    ("title: A\nicon: x\nsummary: s\nquestions:\n  - id: a-1\n    question: Caf\xe9?\n    answer: x\n".encode("latin-1"),
     "6:18", "not UTF-8 text (byte 0xe9); save the file as UTF-8"),
    (("title: A\n" * 3).encode("utf-16"), "1:1", "file is saved as UTF-16; save it as UTF-8"),
    (b"title: A\n" + b"#" * 8_000_001, "1:1", "file is larger than 8,000,000 bytes; split it into smaller files"),
], ids=["latin-1", "utf-16", "over the size limit"])
def test_undecodable_or_huge_file(run, bank, raw, where, message):
    content, out, before = bank
    (content / "categories" / "alpha.yaml").write_bytes(raw)
    expected = [f"{content}/categories/alpha.yaml:{where}: {message}", problems_footer(1)]
    assert_fails(build(run, content, out), expected, out, before)


def test_a_byte_order_mark_is_accepted(tmp_path):
    content = tiny_bank(tmp_path)
    (content / "categories" / "alpha.yaml").write_bytes(b"\xef\xbb\xbf" + (ALPHA_HEAD + Q).encode("utf-8"))
    assert load_bank(content).bank.categories["alpha"].questions[0].answer == "Alpha is first."


def test_values_stay_as_written(tmp_path):
    # YAML 1.1 would turn these into False, 1.1 and 10: the bank keeps the author's text.
    content = tiny_bank(tmp_path, batches={"01": {"number": "x", "name": "n", "track": "t", "starts": "2026-06-28",
                                                  "chapters": ["alpha"]}})
    (content / "categories" / "alpha.yaml").write_text(
        ALPHA_HEAD + "  - id: alpha-1\n    question: no\n    answer: 1.10\n    tags: [yes, Off, 012, ~x]\n", encoding="utf-8")
    (content / "batches" / "01.yaml").write_text(
        "number: 012\nname: on\ntrack: 0x1F\nstarts: 2026-06-28\nchapters: [alpha]\n", encoding="utf-8")
    bank = load_bank(content).bank
    q = bank.categories["alpha"].questions[0]
    assert (q.question, q.answer, q.tags) == ("no", "1.10", ["yes", "Off", "012", "~x"])
    batch = bank.batches["01"]
    assert (batch.number, batch.name, batch.track) == ("012", "on", "0x1F")


def test_batch_values_the_models_reject(run, bank):
    content, out, before = bank
    (content / "batches" / "01.yaml").write_text(
        "number: 1.10\nname: Pilot\ntrack: Alpha\nstarts: 28/06/2026\nchapters: [alpha, alpah]\n", encoding="utf-8")
    shown = f"{content}/batches/01.yaml"
    expected = [f"{shown}:1:9: number: '1.10' is not a batch number: use up to 16 letters, digits and hyphens, e.g. 01",
                f"{shown}:4:9: starts: expected a date written as YYYY-MM-DD",
                f"{shown}:5:19: batch '01' names category 'alpah', which does not exist (did you mean 'alpha'?)",
                problems_footer(3)]
    assert_fails(build(run, content, out), expected, out, before)


def test_every_problem_of_every_file_at_once(run, bank):
    content, out, before = bank
    (content / "guide.yaml").write_text("title: T\nchapters: [alpha, betta]\ntitel: x\n", encoding="utf-8")
    (content / "categories" / "alpha.yaml").write_text(ALPHA_HEAD + Q + "    answer: again\n", encoding="utf-8")
    (content / "categories" / "beta.yaml").write_text("title: B\nicon: x\nsummary: s\nquestions:\n" + Q, encoding="utf-8")
    expected = [f"{content}/categories/alpha.yaml:8:5: duplicate key 'answer' (first at line 7, column 5)",
                f"{content}/guide.yaml:2:19: chapters names category 'betta', which does not exist (did you mean 'beta'?)",
                f"{content}/guide.yaml:3:1: unknown key 'titel' (did you mean 'title'?)",
                problems_footer(3)]
    assert_fails(build(run, content, out), expected, out, before)


def test_duplicate_question_id_across_files(run, bank):
    content, out, before = bank
    (content / "categories" / "beta.yaml").write_text("title: B\nicon: x\nsummary: s\nquestions:\n" + Q, encoding="utf-8")
    expected = [f"{content}/categories/beta.yaml:5:9: duplicate question id 'alpha-1' "
                f"(first used at {content}/categories/alpha.yaml:5)", problems_footer(1)]
    assert_fails(build(run, content, out), expected, out, before)


def test_file_names_that_cannot_be_ids(run, bank):
    content, out, before = bank
    cats = content / "categories"
    for name in ("con.yaml", "all.yaml", "Gamma.yaml"):
        shutil.copy(cats / "beta.yaml", cats / name)
    os.rename(cats / "beta.yaml", cats / "beta.yml")
    (content / "batches" / "aux.yaml").write_text("number: '1'\n", encoding="utf-8")
    windows = "Windows reserves the name for a device, so the output could not be copied there"
    expected = [f"{content}/batches/aux.yaml:1:1: 'aux' cannot be a batch id: {windows}",
                f"{cats}/Gamma.yaml:1:1: file name 'Gamma.yaml' must be a category id: "
                "lowercase letters, digits and hyphens (at most 64)",
                f"{cats}/all.yaml:1:1: 'all' cannot be a category id: cheatsheets/all.pdf holds every category",
                f"{cats}/beta.yml:1:1: is not read: category files end in .yaml; rename it to beta.yaml",
                f"{cats}/con.yaml:1:1: 'con' cannot be a category id: {windows}",
                problems_footer(5)]
    assert_fails(build(run, content, out), expected, out, before)


def test_link_to_a_file_outside_the_content_is_not_read(run, bank, tmp_path):
    content, out, before = bank
    secret = tmp_path / "secret.yaml"
    secret.write_text((content / "categories" / "beta.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (content / "categories" / "beta.yaml").unlink()
    (content / "categories" / "beta.yaml").symlink_to(secret)
    expected = [f"{content}/categories/beta.yaml:1:1: is a link to a file outside the content folder; copy the file in instead",
                problems_footer(1)]
    assert_fails(build(run, content, out), expected, out, before)


def test_named_pipe_does_not_hang_the_build(run, bank):
    content, out, before = bank
    (content / "categories" / "beta.yaml").unlink()
    os.mkfifo(content / "categories" / "beta.yaml")
    expected = [f"{content}/categories/beta.yaml:1:1: is not a regular file", problems_footer(1)]
    assert_fails(build(run, content, out), expected, out, before)


def test_missing_guide_and_missing_content_folder(run, bank, tmp_path):
    content, out, before = bank
    (content / "guide.yaml").unlink()
    assert_fails(build(run, content, out), [f"{content}/guide.yaml:1:1: guide.yaml not found; every bank starts with one",
                                            problems_footer(1)], out, before)
    missing = tmp_path / "nowhere"
    assert_fails(build(run, missing, out), [f"{missing}:1:1: content folder not found", problems_footer(1)], out, before)


def test_five_thousand_questions_check_quickly(run, tmp_path):
    import time

    content = tiny_bank(tmp_path)
    cats = content / "categories"
    for c in range(50):
        body = "".join(f"  - id: c{c}-q{i}\n    question: What does service {c}.{i} do?\n    answer: |\n"
                       f"      It answers question {i} of {c} with `code`, **bold** text and a list:\n\n"
                       "      - one point\n      - another point\n" for i in range(100))
        (cats / f"c{c:02d}.yaml").write_text(f"title: Category {c}\nicon: ☁️\nsummary: S.\nquestions:\n{body}", encoding="utf-8")
    start = time.perf_counter()
    result = run("check", "--content", content)
    elapsed = time.perf_counter() - start
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "ok: 52 categories, 5002 questions, 0 batches\n"
    assert elapsed < 20, elapsed  # about 2 s here; pure-Python YAML alone would take longer than this bound
