"""`studyguide new`: starter files pass `check`, carry their comments, and never overwrite."""

from __future__ import annotations

import datetime as dt

import yaml

from studyguide.authoring.scaffold import add_chapter, batch_text

from bankfactory import make_bank


def test_new_category_passes_check_and_joins_the_guide(run, tmp_path):
    content = make_bank(tmp_path)
    result = run("new", "category", "site-reliability", "--content", content)
    assert result.exit_code == 0, result.stderr
    path = content / "categories" / "site-reliability.yaml"
    assert result.stdout == (f"wrote {path}\n"
                             f"added 'site-reliability' to chapters in {content / 'guide.yaml'}\n")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/category.schema.json\n")
    assert "# short: |" in text  # optional keys are shown, commented out
    doc = yaml.safe_load(text)
    assert doc["title"] == "Site Reliability"
    assert doc["questions"][0]["id"] == "site-reliability-first-question"
    assert yaml.safe_load((content / "guide.yaml").read_text("utf-8"))["chapters"] == ["alpha", "beta", "site-reliability"]
    check = run("check", "--content", content)
    assert check.exit_code == 0, check.stderr
    assert check.stdout.startswith("ok: 3 categories, 4 questions")


def test_new_batch_covers_the_first_chapters_and_passes_check(run, tmp_path):
    content = make_bank(tmp_path)
    result = run("new", "batch", "02", "--content", content)
    assert result.exit_code == 0, result.stderr
    doc = yaml.safe_load((content / "batches" / "02.yaml").read_text("utf-8"))
    assert (doc["number"], doc["name"], doc["chapters"]) == ("02", "Batch 02", ["alpha", "beta"])
    assert doc["track"] == "Alpha + Beta"  # from the categories' titles
    assert run("check", "--content", content).exit_code == 0


def test_batch_starts_two_weeks_out_and_keeps_the_leading_zero():
    text = batch_text("07", {"aws": "AWS"}, today=dt.date(2026, 5, 1))
    assert 'number: "07"  # quoted, so a leading zero stays\n' in text
    assert yaml.safe_load(text)["starts"] == "2026-05-15"
    assert "# candidates_file: batches/07-roster.csv" in text


def test_new_refuses_to_overwrite(run, tmp_path):
    content = make_bank(tmp_path)
    before = (content / "categories" / "alpha.yaml").read_text("utf-8")
    result = run("new", "category", "alpha", "--content", content)
    assert result.exit_code == 1
    assert result.stderr == f"error: {content / 'categories' / 'alpha.yaml'}: already exists; not overwritten\n"
    assert (content / "categories" / "alpha.yaml").read_text("utf-8") == before
    assert run("new", "batch", "01", "--content", content).exit_code == 1


def test_bad_ids_and_an_empty_bank_are_explained(run, tmp_path):
    result = run("new", "category", "Site Reliability", "--content", tmp_path)
    assert result.exit_code == 1
    assert result.stderr == ("error: 'Site Reliability' is not a valid category id: use lowercase letters, "
                             "digits and hyphens, at most 40 characters\n")
    result = run("new", "batch", "01", "--content", tmp_path / "empty")
    assert result.exit_code == 1
    assert result.stderr == f"error: {tmp_path / 'empty'}: no categories yet; create one first: studyguide new category ID\n"


def test_chapters_are_appended_in_flow_and_block_style_with_comments_kept(tmp_path):
    guide = tmp_path / "guide.yaml"
    guide.write_text("title: T  # the cover\nchapters: [a, b]  # order\n", encoding="utf-8")
    assert add_chapter(guide, "c")
    assert guide.read_text("utf-8") == "title: T  # the cover\nchapters: [a, b, c]  # order\n"
    guide.write_text("title: T\nchapters:\n  - a\n  # later: b\n  - b\nintro: Hi\n", encoding="utf-8")
    assert add_chapter(guide, "c")
    assert guide.read_text("utf-8") == "title: T\nchapters:\n  - a\n  # later: b\n  - b\n  - c\nintro: Hi\n"
    guide.write_text("title: T\nchapters: !!seq [a]\n", encoding="utf-8")  # unusual: left alone
    assert not add_chapter(guide, "c")
    assert guide.read_text("utf-8") == "title: T\nchapters: !!seq [a]\n"


def test_the_optional_level_and_sections_shown_in_the_starter_pass_check_once_uncommented(run, tmp_path):
    content = make_bank(tmp_path)
    assert run("new", "category", "networking", "--content", content).exit_code == 0
    path = content / "categories" / "networking.yaml"
    text = path.read_text(encoding="utf-8")
    assert "# level: Junior" in text and "# sections:" in text
    start = text.index("# sections:")
    uncommented = text[:start].replace("    # level:", "    level:") + "\n".join(
        line[2:] if line.startswith("# ") else line.lstrip("#") for line in text[start:].splitlines())
    path.write_text(uncommented, encoding="utf-8")
    doc = yaml.safe_load(uncommented)
    assert doc["questions"][0]["level"] == "Junior"
    assert [s["title"] for s in doc["sections"]] == ["Networking"]
    assert doc["sections"][0]["questions"][0]["question"].startswith("A question may run over several lines")
    check = run("check", "--strict", "--content", content)
    assert check.exit_code == 0, check.stdout + check.stderr
    assert check.stdout.startswith("ok: 3 categories, 5 questions")
