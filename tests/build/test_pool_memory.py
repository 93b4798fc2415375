"""Workers give the memory a long part's layout freed back to the system, and only then."""

from __future__ import annotations

import os

from studyguide.build import pool, workers
from studyguide.typeset.jobs import PartJob

HTML = "<!DOCTYPE html><html lang='en'><head><title>t</title></head><body><p>One page.</p></body></html>"


class _Libc:
    def __init__(self):
        self.trims = 0

    def malloc_trim(self, pad):
        self.trims += 1
        return 1


def test_a_worker_over_the_threshold_trims_after_its_part(monkeypatch, tmp_path):
    libc = _Libc()
    monkeypatch.setattr(pool, "_LIBC", libc)
    monkeypatch.setattr(pool, "TRIM_ABOVE_MB", 0)
    part = pool.typeset(PartJob(HTML, ("base.css",), "probe", with_content=False), "a4", tmp_path)
    assert part.pages == 1 and libc.trims == 1


def test_a_small_worker_keeps_its_memory(monkeypatch, tmp_path):
    libc = _Libc()
    monkeypatch.setattr(pool, "_LIBC", libc)
    monkeypatch.setattr(pool, "TRIM_ABOVE_MB", 10**6)
    pool.typeset(PartJob(HTML, ("base.css",), "probe", with_content=False), "a4", tmp_path)
    assert libc.trims == 0
    assert 10 < pool.resident_mb() < 10**6  # the measure reads this process's real size


def test_documents_are_assembled_outside_the_main_process(tmp_path):
    with workers.Workers(1, "a4", tmp_path, []) as started:
        assembler = started.assemble(os.getpid, ())
        assert assembler != os.getpid()
        assert started.assemble(os.getpid, ()) == assembler  # one assembler for the whole command
        assert started.assemble(sorted, ((3, 1, 2),)) == [1, 2, 3]
