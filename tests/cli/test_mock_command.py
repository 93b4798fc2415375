"""`studyguide mock BATCH_ID`: the kit written where asked; a batch without candidates, or unknown, refused."""

from __future__ import annotations

from bankfactory import make_bank, question
from pdfutil import page_texts, reader

BATCH = {"number": "01", "name": "Pilot", "track": "Alpha track", "starts": "2026-06-28", "chapters": ["alpha"]}


def bank(tmp_path):
    return make_bank(tmp_path, {"alpha": [question(n, "alpha") for n in range(1, 4)]}, batches={
        "01": {**BATCH, "candidates": [{"name": "Priya Sharma"}, {"name": "Arjun Rao", "slug": "arjun"}]},
        "02": {**BATCH, "number": "02"}})


def options(tmp_path) -> list:
    return ["--out", tmp_path / "dist", "--no-cache", "--jobs", "1"]


def test_mock_writes_the_trainer_file_and_each_candidates_form(run, tmp_path):
    content = bank(tmp_path)
    result = run("mock", "01", "--content", content, *options(tmp_path), "--questions", "2", "--seed", "week-2",
                 "--simplex")
    assert result.exit_code == 0, result.stderr
    folder = tmp_path / "dist" / "batches" / "01" / "mock"
    assert sorted(p.name for p in folder.iterdir()) == ["arjun.pdf", "priya-sharma.pdf", "trainer.pdf"]
    # One-sided: each candidate's sheet and form, one page each, and no blank backs.
    assert len(reader((folder / "trainer.pdf").read_bytes()).pages) == 4
    assert [len(page_texts((folder / name).read_bytes())) for name in ("arjun.pdf", "priya-sharma.pdf")] == [1, 1]
    assert f"wrote {folder / 'trainer.pdf'}" in result.stdout
    assert not (tmp_path / "dist" / "batches" / "01" / "pack.pdf").exists()  # the kit alone


def test_a_batch_without_candidates_is_an_error_at_its_file(run, tmp_path):
    content = bank(tmp_path)
    result = run("mock", "02", "--content", content, *options(tmp_path))
    assert result.exit_code == 1
    assert result.stderr == (f"{content / 'batches' / '02.yaml'}:1:1: batch '02' has no one to interview: it lists "
                             "no candidates; add them under `candidates:` (each a `- name:`)\n"
                             "error: 1 problem found; nothing was written\n")
    assert not (tmp_path / "dist").exists()


def test_an_unknown_batch_is_a_usage_error_with_a_suggestion(run, tmp_path):
    result = run("mock", "1", "--content", bank(tmp_path), *options(tmp_path))
    assert result.exit_code == 2
    assert "unknown batch '1' (did you mean '01'?); known batches: 01, 02" in result.stderr
    assert not (tmp_path / "dist").exists()


def test_a_seed_and_a_count_out_of_range_are_usage_errors(run, tmp_path):
    content = bank(tmp_path)
    assert run("mock", "01", "--content", content, *options(tmp_path), "--questions", "31").exit_code == 2
    result = run("mock", "01", "--content", content, *options(tmp_path), "--seed", " ")
    assert result.exit_code == 2 and "Invalid value for --seed: a seed is 1 to 40 characters" in result.stderr
