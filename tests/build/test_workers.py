"""Workers: parts go to free workers, and a set of workers is let go when idle or bloated."""

from __future__ import annotations

import os
import signal
import time
from concurrent.futures.process import BrokenProcessPool

import pytest

from studyguide.build import workers
from studyguide.typeset.jobs import PartJob


def _job(n: int) -> PartJob:
    html = ("<!DOCTYPE html><html lang='en'><head><title>t</title></head><body>"
            + "<p style='break-after: page'>page</p>" * n + "</body></html>")
    return PartJob(html, ("base.css",), f"probe {n}", with_content=False)


def _gone(processes, within: float = 5.0) -> bool:
    deadline = time.monotonic() + within
    while any(p.is_alive() for p in processes) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not any(p.is_alive() for p in processes)


def test_idle_workers_leave_and_the_next_part_starts_fresh_ones(monkeypatch, tmp_path):
    monkeypatch.setattr(workers, "IDLE_SECONDS", 0.2)
    with workers.Workers(2, "a4", tmp_path, [], tmp_path) as started:
        assert started.submit(_job(1)).result().pages == 1
        first = list(started.pool._processes.values())
        assert len(first) == 2
        deadline = time.monotonic() + 5
        while started.pool is not None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert started.pool is None and _gone(first)
        assert [started.submit(_job(n)).result().pages for n in (2, 3)] == [2, 3]
        assert started.started == 2


def test_a_bloated_set_is_replaced_between_parts_and_no_part_is_lost(monkeypatch, tmp_path):
    monkeypatch.setattr(workers, "REPLACE_ABOVE_MB", 0)  # every worker counts as bloated
    with workers.Workers(2, "a4", tmp_path, [], tmp_path) as started:
        futures = [started.submit(_job(n)) for n in (1, 2, 3, 4)]
        assert [f.result().pages for f in futures] == [1, 2, 3, 4]
        # The first set laid out two parts side by side and was replaced; the second, the last two.
        assert started.started == 2


def test_parts_wait_for_a_free_worker(tmp_path):
    with workers.Workers(1, "a4", tmp_path, [], tmp_path) as started:
        futures = [started.submit(_job(1)) for _ in range(3)]
        assert started._running == 1 and len(started._waiting) == 2
        assert all(f.result().pages == 1 for f in futures)


def test_a_worker_killed_mid_part_fails_its_part_and_those_waiting(tmp_path):
    with workers.Workers(1, "a4", tmp_path, [], tmp_path) as started:
        futures = [started.submit(_job(200)) for _ in range(3)]  # a second each: killed long before the first is done
        for process in list(started.pool._processes.values()):
            os.kill(process.pid, signal.SIGKILL)
        for future in futures:
            with pytest.raises(BrokenProcessPool):
                future.result(timeout=30)
