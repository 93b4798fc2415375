"""Same inputs, same bytes: across processes, hash seeds and file listing orders; dates only on request."""

from __future__ import annotations

import os
import subprocess
import sys

from studyguide.content import files as contentfiles
from studyguide.content.load import load_bank

from bankfactory import make_bank, question
from hardening_helpers import snapshot
from pdfutil import reader


def bank(tmp_path, batches=None):
    return make_bank(tmp_path, {"alpha": [question(1, "alpha"), question(2, "alpha", answer="नमस्ते and 日本語.")],
                                "beta": [question(1, "beta")]}, batches=batches)


def test_two_builds_in_separate_processes_are_byte_identical(tmp_path):
    content = bank(tmp_path)
    procs = []
    for seed in ("1", "2"):  # different hash seeds: set and dict orders must not leak into the PDFs
        env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"} | {"PYTHONHASHSEED": seed}
        procs.append(subprocess.Popen(
            [sys.executable, "-m", "studyguide", "build", "--content", str(content), "--out", str(tmp_path / f"out{seed}"),
             "--no-cache", "-j", "1"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    for proc in procs:
        stdout, stderr = proc.communicate(timeout=300)
        assert proc.returncode == 0, stderr
    first, second = snapshot(tmp_path / "out1"), snapshot(tmp_path / "out2")
    assert "guide.pdf" in first and len(first) >= 2
    assert first == second
    info = reader((tmp_path / "out1" / "guide.pdf").read_bytes()).metadata
    assert "/CreationDate" not in info and "/ModDate" not in info  # no clock in the bytes unless asked


def test_source_date_epoch_sets_the_dates(run, tmp_path, monkeypatch):
    content = bank(tmp_path, batches={})
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1782604800")  # 2026-06-28 00:00:00 UTC
    result = run("guide", "--content", content, "--out", tmp_path / "dist", "--no-cache", "-j", "1")
    assert result.exit_code == 0, result.stderr
    info = reader((tmp_path / "dist" / "guide.pdf").read_bytes()).metadata
    assert (info["/CreationDate"], info["/ModDate"]) == ("D:20260628000000Z", "D:20260628000000Z")


def test_file_listing_order_does_not_matter(tmp_path, monkeypatch):
    content = make_bank(tmp_path, {cid: [question(1, cid)] for cid in ("delta", "alpha", "charlie", "bravo")},
                        batches={b: {"number": b, "name": "N", "track": "T", "starts": "2026-06-28", "chapters": ["alpha"]}
                                 for b in ("02", "01")})
    in_order = load_bank(content).bank
    real = os.scandir
    monkeypatch.setattr(contentfiles.os, "scandir", lambda path: reversed(list(real(path))))
    reversed_listing = load_bank(content).bank
    assert reversed_listing == in_order
    assert list(reversed_listing.categories) == list(in_order.categories) == ["alpha", "bravo", "charlie", "delta"]
    assert list(reversed_listing.batches) == ["01", "02"]
