"""Workers: parts go to free workers, and a set of workers is let go when idle or bloated."""

from __future__ import annotations

import operator
import os
import signal
import threading
import time
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

from studyguide.build import workers
from studyguide.stored import Stored, data
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


def test_parts_and_documents_come_back_stored_in_the_scratch_folder(tmp_path):
    with workers.Workers(1, "a4", tmp_path, [], tmp_path) as started:
        part = started.submit(_job(1)).result()
        assert isinstance(part.pdf, Stored) and Path(part.pdf.path).parent == tmp_path / "stored"
        assert data(part.pdf).startswith(b"%PDF-")
        joined = started.assemble(operator.add, (part.pdf, b"%%tail"))  # read back, then stored
        assert isinstance(joined, Stored) and data(joined) == data(part.pdf) + b"%%tail"


def test_a_large_document_is_assembled_while_no_worker_exists(monkeypatch, tmp_path):
    monkeypatch.setattr(workers, "ALONE_ABOVE_MB", -1)  # every assembly counts as large
    with workers.Workers(2, "a4", tmp_path, [], tmp_path) as started:
        first = [started.submit(_job(20)) for _ in range(2)]
        laying_out = list(started.pool._processes.values())
        seen = {}

        def meanwhile():  # a part asked for while the document is assembled waits for it
            deadline = time.monotonic() + 20
            while not (started._alone and not started._running) and time.monotonic() < deadline:
                time.sleep(0.01)
            seen["future"] = started.submit(_job(1))
            seen["running"], seen["waiting"] = started._running, len(started._waiting)

        thread = threading.Thread(target=meanwhile)
        thread.start()
        started.assemble(time.sleep, (1.0,))
        assert all(f.done() and f.result().pages == 20 for f in first)  # finished before it began
        assert _gone(laying_out)  # and the set let go
        thread.join()
        assert (seen["running"], seen["waiting"]) == (0, 1)
        assert seen["future"].result().pages == 1 and started.started == 2  # on a fresh set


def test_an_assembler_grown_past_its_limit_is_replaced(monkeypatch, tmp_path):
    monkeypatch.setattr(workers, "ASSEMBLER_ABOVE_MB", 0)
    with workers.Workers(1, "a4", tmp_path, [], tmp_path) as started:
        first = started.assemble(os.getpid, ())
        old = list(started.assembler._processes.values()) if started.assembler._processes else []
        second = started.assemble(os.getpid, ())
        assert first != second != os.getpid()
        assert started.assemble(os.getppid, ()) != os.getpid()  # forked from the workers' server
        assert started.assemble(operator.add, (b"a", b"b")) is not None and _gone(old)


def _slowly(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def test_a_document_goes_to_a_free_worker_while_the_assembler_is_busy(tmp_path):
    with workers.Workers(1, "a4", tmp_path, [], tmp_path) as started:
        worker_pids = set(started.pool._processes)
        busy = {}
        thread = threading.Thread(target=lambda: busy.setdefault("pid", started.assemble(_slowly, (1.5,))))
        thread.start()
        deadline = time.monotonic() + 10
        while not started._assembling and time.monotonic() < deadline:
            time.sleep(0.01)
        began = time.monotonic()
        assert started.assemble(os.getpid, ()) in worker_pids  # not waiting for the assembler
        assert time.monotonic() - began < 1.0 and thread.is_alive()
        thread.join()
        assembler = busy.pop("pid")
        assert assembler not in worker_pids
        # A part being laid out keeps its worker: the document waits for the assembler.
        part = started.submit(_job(400))  # seconds: still laid out when the assembler is free again
        thread = threading.Thread(target=lambda: busy.setdefault("pid", started.assemble(_slowly, (0.3,))))
        thread.start()
        while not started._assembling and time.monotonic() < deadline:
            time.sleep(0.01)
        assert started.assemble(os.getpid, ()) == assembler
        thread.join()
        assert not part.done()
        assert busy["pid"] == assembler and part.result().pages == 400


def test_a_large_document_waits_for_the_documents_in_workers(monkeypatch, tmp_path):
    with workers.Workers(1, "a4", tmp_path, [], tmp_path) as started:
        order, deadline = [], time.monotonic() + 10
        first = threading.Thread(target=lambda: order.append(("assembler", started.assemble(_slowly, (1.0,)))))
        first.start()
        while not started._assembling and time.monotonic() < deadline:
            time.sleep(0.01)
        second = threading.Thread(target=lambda: order.append(("worker", started.assemble(_slowly, (2.0,)))))
        second.start()
        while started._running == 0 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert started._running == 1  # the second document is in the worker
        monkeypatch.setattr(workers, "ALONE_ABOVE_MB", -1)  # from now on, every document is large
        began = time.monotonic()
        started.assemble(_slowly, (0.0,))
        assert time.monotonic() - began > 1.0  # after the worker's document, as no worker may exist meanwhile
        first.join()
        second.join()
        assert [where for where, _ in order] == ["assembler", "worker"]
        assert started.pool is None or not started._running


def test_a_large_document_waits_for_the_parts_asked_for_before_it(monkeypatch, tmp_path):
    monkeypatch.setattr(workers, "ALONE_ABOVE_MB", -1)  # every assembly counts as large
    with workers.Workers(1, "a4", tmp_path, [], tmp_path) as started:
        parts = [started.submit(_job(20)) for _ in range(3)]  # one laid out, two waiting
        assert started._running == 1 and len(started._waiting) == 2
        started.assemble(time.sleep, (0.0,))
        assert all(p.done() and p.result().pages == 20 for p in parts)
        assert started.started == 1  # all three on the first set: none waited for a fresh one
