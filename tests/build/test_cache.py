"""The render cache: reuse, exact invalidation, corrupt entries, and outputs identical to uncached ones."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
import yaml

from studyguide.build.cache import PartCache
from studyguide.content import load as loader
from studyguide.outputs import copies
from studyguide.outputs import guide as guide_output
from studyguide.pdf.stamp import Stamper
from studyguide.typeset import fragments, markdown

from bankfactory import make_bank, question, write_yaml
from pdfutil import contents_page, norm, outline_tree, page_texts
from stage import guide, make


def _guide(content, cache, **kw):
    return guide(content, cache=cache, **kw)


def _edit_answer(content, category, index, answer):
    path = content / "categories" / f"{category}.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["questions"][index]["answer"] = answer
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture
def bank(tmp_path):
    return make_bank(tmp_path, {"alpha": [question(1, "alpha"), question(2, "alpha")],
                                "beta": [question(1, "beta")], "gamma": [question(1, "gamma")]})


def test_second_build_renders_nothing_and_matches_uncached(bank, tmp_path):
    cache = tmp_path / "cache"
    cold, first = _guide(bank, cache)
    warm, second = _guide(bank, cache)
    uncached, _ = _guide(bank, None)
    assert first.rendered > 0 and first.cached == 0
    assert second.rendered == 0 and second.cached == first.rendered
    assert cold == warm == uncached


def test_an_edit_rerenders_exactly_its_chapter(bank, tmp_path):
    cache = tmp_path / "cache"
    _guide(bank, cache)
    _edit_answer(bank, "beta", 0, "A brand new answer about `kubectl`.")
    pdf, report = _guide(bank, cache)
    assert report.rendered == 1  # beta's chapter; contents, outro and page numbers are reused
    assert "A brand new answer about kubectl." in norm(" ".join(page_texts(pdf)))
    assert pdf == _guide(bank, None)[0]


def test_a_new_command_renders_only_the_edited_markdown_again(bank, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    _guide(bank, cache)
    assert len(list((cache / "fragments").glob("*.json"))) == 1
    _edit_answer(bank, "beta", 0, "A brand new answer about `kubectl`.")
    monkeypatch.setattr(fragments, "_known", {})  # a new process knows only what the cache kept
    rendered, render = [], markdown._md.render
    monkeypatch.setattr(markdown._md, "render", lambda text, env=None: rendered.append(text) or render(text, env))
    pdf, _ = _guide(bank, cache)
    assert rendered == ["A brand new answer about `kubectl`."]
    monkeypatch.setattr(fragments, "_known", {})
    assert pdf == _guide(bank, None)[0]


def test_the_anki_deck_after_an_edit_renders_only_the_edited_answer_again(bank, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    first, _ = make(bank, "anki", cache=cache)
    _edit_answer(bank, "beta", 0, "A brand new answer about `kubectl`.")
    monkeypatch.setattr(fragments, "_known", {})  # a new process knows only what the cache kept
    rendered, render = [], markdown._plain_md.render
    monkeypatch.setattr(markdown._plain_md, "render", lambda text, env=None: rendered.append(text) or render(text, env))
    again, _ = make(bank, "anki", cache=cache)
    assert rendered == ["A brand new answer about `kubectl`."]
    monkeypatch.setattr(fragments, "_known", {})
    assert again == make(bank, "anki")[0] != first


def test_contents_stay_right_after_an_edit_that_moves_page_breaks(bank, tmp_path):
    cache = tmp_path / "cache"
    _guide(bank, cache)
    _edit_answer(bank, "alpha", 0, "\n\n".join(["A long paragraph of answer text. " * 30] * 8))
    pdf, report = _guide(bank, cache)
    tree = outline_tree(pdf)
    pages = page_texts(pdf)
    contents = norm(pages[contents_page(pages) - 1])
    assert tree[1][1] > 4  # beta was pushed back by alpha's longer answer
    for title, page, _ in tree:
        assert re.search(re.escape(title) + r" \d+ questions?[ .]*" + str(page) + r"\b", contents), title
    assert pdf == _guide(bank, None)[0]


@pytest.mark.parametrize("damage", ["truncate", "garble", "drop-record"])
def test_corrupt_entries_are_rendered_again(bank, tmp_path, damage):
    cache = tmp_path / "cache"
    good, _ = _guide(bank, cache)
    for pdf_file in sorted((cache / "parts").rglob("*.pdf")):
        if damage == "truncate":
            pdf_file.write_bytes(pdf_file.read_bytes()[:100])
        elif damage == "garble":
            data = bytearray(pdf_file.read_bytes())
            data[len(data) // 2] ^= 0xFF
            pdf_file.write_bytes(bytes(data))
        else:
            pdf_file.with_suffix(".json").unlink()
    again, report = _guide(bank, cache)
    assert report.rendered > 0
    assert again == good


def test_long_chapters_render_in_runs_that_read_as_one(tmp_path, monkeypatch):
    monkeypatch.setattr(guide_output, "CHUNK", 3)
    content = make_bank(tmp_path, {"alpha": [question(n, "alpha") for n in range(1, 8)], "beta": [question(1, "beta")]})
    pdf, report = _guide(content, None)
    tree = outline_tree(pdf)
    assert [t for t, _, _ in tree] == ["Alpha", "Beta"]
    assert [c[0] for c in tree[0][2]] == [f"{n:02d} Question alpha {n}?" for n in range(1, 8)]
    texts = page_texts(pdf)
    # a continued run keeps the running header on its first page
    continued = [t for t in texts if "04 Question alpha 4?" in norm(t)][0]
    assert "Alpha" in norm(continued).split("04 Question")[0] or norm(continued).rstrip().find("Alpha") >= 0


def test_an_unwritable_cache_costs_speed_not_the_build(bank, tmp_path):
    cache = tmp_path / "cache"
    cache.write_text("not a folder")  # every cache write fails
    pdf, report = _guide(bank, cache)
    assert pdf == _guide(bank, None)[0]


def test_a_no_op_build_still_reports_the_last_warnings(tmp_path, run, monkeypatch):
    content = make_bank(tmp_path, {"alpha": [question(1, "alpha", answer="An ancient glyph: \U00013000.")]})
    args = ("build", "--content", content, "--out", tmp_path / "dist", "--cache", tmp_path / "cache", "--jobs", "1")
    first = run(*args)
    # with nothing changed the bank is not read again: its warnings come from the last build's record
    monkeypatch.setattr(loader, "load_bank", lambda *a: pytest.fail("a no-op build loaded the bank"))
    second = run(*args)
    assert first.exit_code == second.exit_code == 0
    assert "warning:" in first.stderr and "alpha" in first.stderr
    assert [line for line in second.stderr.splitlines() if line.startswith("warning:")] == \
        [line for line in first.stderr.splitlines() if line.startswith("warning:")]
    strict = run("build", "--strict", *args[1:])
    assert strict.exit_code == 1 and "nothing was written" in strict.stderr
    # and stops it as a build that reads the bank would: at the content's own warnings, as problems
    monkeypatch.undo()
    fresh = run("build", "--strict", *args[1:5], "--no-cache", "--jobs", "1")
    assert strict.stderr == fresh.stderr and "error: 1 problem found" in strict.stderr


# Run the command line, then list the modules it loaded that make outputs rather than decide.
LOADED = """
import atexit, sys
from studyguide.cli import main
heavy = ("weasyprint", "pypdf", "pikepdf", "fontTools", "jinja2", "yaml", "studyguide.pdf",
         "studyguide.content.load", "studyguide.outputs.registry", "studyguide.build.produce")
atexit.register(lambda: print(sorted(m for m in sys.modules if m.startswith(heavy))))
sys.argv[0] = "studyguide"
main()
"""


def test_a_no_op_build_loads_no_typesetting_or_pdf_code(tmp_path, run):
    content = make_bank(tmp_path, {"alpha": [question(1, "alpha")]})
    args = ["build", "--content", str(content), "--out", str(tmp_path / "dist"), "--cache", str(tmp_path / "cache")]
    assert run(*args, "--jobs", "1").exit_code == 0
    command = [sys.executable, "-c", LOADED, "-q", *args]
    again = subprocess.run(command, capture_output=True, text=True, check=True)
    assert again.stdout == "[]\n" and again.stderr == ""
    (content / "categories" / "alpha.yaml").touch()  # the same bytes: still nothing to do
    assert subprocess.run(command, capture_output=True, text=True, check=True).stdout == "[]\n"
    _edit_answer(content, "alpha", 0, "A new answer.")
    edited = subprocess.run([*command, "--jobs", "1"], capture_output=True, text=True, check=True)
    assert "studyguide.build.produce" in edited.stdout and "weasyprint" in edited.stdout


def test_files_kept_together_come_back_whole_or_not_at_all(tmp_path):
    cache = PartCache(tmp_path / "cache")
    files = (b"%PDF-first", b"", b"%PDF-third copy")
    cache.keep("ab" * 32, files)
    cache.keep("cd" * 32, b"%PDF-one document")
    assert cache.recall("ab" * 32) == files
    assert cache.recall("cd" * 32) == b"%PDF-one document"
    assert cache.recall("ef" * 32) is None
    blob = next((tmp_path / "cache" / "parts" / "ab").glob("*.pdf"))
    blob.write_bytes(blob.read_bytes()[:-1])  # truncated: its checksum fails, so it is made again
    assert cache.recall("ab" * 32) is None


def test_copies_are_not_stamped_again_while_pack_and_roster_stay_the_same(tmp_path, run, monkeypatch):
    batch = {"number": "01", "name": "Pilot", "track": "Alpha", "starts": "2026-06-28", "chapters": ["alpha"],
             "candidates": [{"name": "Ana Lima"}, {"name": "Bo Chen"}]}
    content = make_bank(tmp_path, {"alpha": [question(1, "alpha")], "beta": [question(1, "beta")]},
                        batches={"01": batch})
    made = []
    monkeypatch.setattr(copies, "Stamper", lambda *args: made.append(args) or Stamper(*args))
    out = tmp_path / "dist"
    args = ("batch", "01", "--content", content, "--out", out, "--cache", tmp_path / "cache", "--jobs", "1")
    assert run(*args).exit_code == 0 and len(made) == 1
    first = {p.name: p.read_bytes() for p in (out / "batches" / "01" / "candidates").iterdir()}
    _edit_answer(content, "beta", 0, "A new answer in a chapter the batch does not have.")
    assert run(*args).exit_code == 0 and len(made) == 1
    assert {p.name: p.read_bytes() for p in (out / "batches" / "01" / "candidates").iterdir()} == first
    batch["candidates"][1]["name"] = "Bo Chan"
    write_yaml(content / "batches" / "01.yaml", batch)
    assert run(*args).exit_code == 0 and len(made) == 2
    assert (out / "batches" / "01" / "candidates" / "bo-chan.pdf").exists()
