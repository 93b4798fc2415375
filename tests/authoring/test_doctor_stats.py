"""`studyguide doctor` reports what is there and what to install; `studyguide stats` counts and estimates."""

from __future__ import annotations

import dataclasses
import os
import time
from importlib import metadata
from pathlib import Path

from studyguide import fonts
from studyguide.authoring import doctor
from studyguide.authoring.stats import compute, lines
from studyguide.typeset import system

from bankfactory import make_bank, question


def test_doctor_on_a_complete_installation(run, tmp_path):
    content = make_bank(tmp_path)
    result = run("doctor", "--content", content)
    assert result.exit_code == 0, result.stdout
    out = result.stdout
    for heading in ("Versions", "Fonts", "System libraries (Pango, HarfBuzz)", "Render cache"):
        assert f"\n{heading}\n" in f"\n{out}"
    assert "  ok      studyguide 0.1.0\n" in out
    for dist in ("weasyprint 70.0", "pypdf 7.1.0", "pydantic 2.14.4"):
        assert f"  ok      {dist}\n" in out
    for face in fonts.FACES:  # every embedded font file, found
        assert any(line.startswith(f"  ok      {face.family}") and f" {face.path.name}, " in line
                   for line in out.splitlines()), face
    for lib in system.REQUIRED:
        assert f"  ok      {lib}\n" in out
    assert f"{tmp_path / '.studyguide-cache'}  not created yet" in out
    assert "To fix:" not in out


def test_doctor_reports_the_cache_size(run, tmp_path):
    content = make_bank(tmp_path)
    cache = tmp_path / ".studyguide-cache" / "parts" / "ab"
    cache.mkdir(parents=True)
    (cache / "one.pdf").write_bytes(b"x" * 1_500_000)
    (cache / "one.json").write_bytes(b"{}")
    assert "1 file" not in run("doctor", "--content", content).stdout
    assert "2 files, 1.5 MB; `studyguide clean` removes it" in run("doctor", "--content", content).stdout


def test_doctor_names_what_to_install_and_fails(run, tmp_path, monkeypatch):
    monkeypatch.setattr(system, "missing_libraries", lambda: {"harfbuzz-subset": "libharfbuzz-subset0",
                                                              "pango-1.0": "libpango-1.0-0"})
    lost = dataclasses.replace(fonts.FACES[0], file="files/Gone.ttf")
    monkeypatch.setattr(fonts, "FACES", fonts.FACES[1:] + (lost,))
    dist = metadata.packages_distributions()[lost.package][0]
    result = run("doctor", "--content", make_bank(tmp_path))
    assert result.exit_code == 1
    out = result.stdout
    assert "  missing harfbuzz-subset" in out and "  ok      harfbuzz\n" in out
    assert f"  missing {lost.family}" in out and "files/Gone.ttf not found" in out
    assert out.endswith("To fix:\n  apt-get install libharfbuzz-subset0 libpango-1.0-0\n"
                        f"  pip install --force-reinstall {dist}\n")


def test_a_version_other_than_the_pin_is_a_note_not_a_failure(run, tmp_path, monkeypatch):
    monkeypatch.setattr(doctor, "_pins", lambda: {"pypdf": "6.0.0"})
    result = run("doctor", "--content", make_bank(tmp_path))
    assert result.exit_code == 0
    assert "  note    pypdf 7.1.0" in result.stdout and "studyguide pins 6.0.0" in result.stdout
    assert result.stdout.endswith("To fix:\n  pip install 'pypdf==6.0.0'\n")


def test_stats_counts_chapters_tags_and_answer_lengths(run, tmp_path):
    content = make_bank(tmp_path, categories={
        "alpha": [question(1, "alpha", answer="one two three", tags=["s3", "iam"]),
                  question(2, "alpha", answer="one two three four five six seven", tags=["s3"])],
        "beta": [question(1, "beta", answer=" ".join(["word"] * 500))],
    })
    result = run("stats", "--content", content)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Tiny Guide: 2 chapters, 3 questions, 1 batch",
        "",
        "Chapter  Questions  Words  Pages",
        "alpha            2     16      1",
        "beta             1    503      2",
        "",
        "Answer length (words): min 3, median 7, max 500",
        "Tags (2): s3 2, iam 1; untagged 1",
        "Estimated guide length: 12 pages (A4, two-sided)",  # the index of its tags and its blank back included
    ]


def test_the_page_estimate_matches_the_seed_guide(seed_bank, seed_guide):
    from pdfutil import reader

    pdf, _ = seed_guide
    estimated = compute(seed_bank).pages
    assert estimated == len(reader(pdf).pages) == 36  # two-sided: chapters and the index open on the right
    assert lines(compute(seed_bank))[0] == "Real Interview Questions from the Field: 12 chapters, 72 questions, 1 batch"


def test_stats_on_a_broken_bank_reports_the_problem(run, tmp_path):
    content = make_bank(tmp_path)
    (content / "guide.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    result = run("stats", "--content", content)
    assert result.exit_code == 1
    assert result.stderr.startswith(str(Path(content / "guide.yaml")))


def test_doctor_reports_leftover_temp_folders_and_clean_removes_them_and_the_cache(run, tmp_path, monkeypatch):
    import tempfile

    temp = tmp_path / "tmp"
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    dead = temp / "studyguide-999999999-abcd"  # a command killed outright: its pid is gone
    live = temp / f"studyguide-{os.getpid()}-efgh"  # a command still running
    old, new = temp / "weasyprint-old12345", temp / "weasyprint-new12345"
    for folder in (dead, live, old, new):
        folder.mkdir(parents=True)
        (folder / "font.ttf").write_bytes(b"x" * 1000)
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    content = make_bank(tmp_path)
    cache = content.parent / ".studyguide-cache"
    (cache / "parts").mkdir(parents=True)
    (cache / "parts" / "entry.pdf").write_bytes(b"%PDF" + b"x" * 2_000_000)
    report = run("doctor", "--content", content).stdout
    assert "2 leftover folders (0.0 MB) from killed commands or earlier versions" in report
    assert "1 file, 2.0 MB; `studyguide clean` removes it" in report
    result = run("clean", "--content", content)
    assert result.stdout == f"removed {cache} (2.0 MB)\nremoved 2 leftover temporary folders (0.0 MB)\n"
    assert sorted(p.name for p in temp.iterdir()) == sorted([live.name, new.name])  # in use, or too recent
    assert not cache.exists()
    assert run("clean", "--content", content).stdout == "nothing to remove\n"
