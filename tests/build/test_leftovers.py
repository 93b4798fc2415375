"""Commands leave $TMPDIR as they found it: on success, on a content error, and in watch mode."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from studyguide.build import scratch

from bankfactory import make_bank, question


def studyguide(tmpdir: Path, *args, **popen):
    env = {**os.environ, "TMPDIR": str(tmpdir), "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "studyguide", *map(str, args)]
    if popen:
        return subprocess.Popen(command, env=env, text=True, **popen)
    return subprocess.run(command, env=env, capture_output=True, text=True)


@pytest.fixture
def empty_tmp(tmp_path) -> Path:
    folder = tmp_path / "tmp"
    folder.mkdir()
    return folder


def test_no_command_leaves_anything_in_tmpdir(tmp_path, empty_tmp):
    content = make_bank(tmp_path)
    out = tmp_path / "dist"
    commands = [("build", "--content", content, "--out", out, "--no-cache", "-j", "2"),
                ("build", "--content", content, "--out", out, "--cache", tmp_path / "cache", "-j", "1"),
                ("batch", "01", "--content", content, "--out", out, "-j", "2"),
                ("anki", "--content", content, "--out", out),
                ("check", "--content", content), ("stats", "--content", content)]
    for args in commands:
        result = studyguide(empty_tmp, "-q", *args)
        assert result.returncode == 0, (args, result.stderr)
        assert list(empty_tmp.iterdir()) == [], args


def test_a_failed_command_leaves_nothing_either(tmp_path, empty_tmp):
    content = make_bank(tmp_path, {"alpha": [question(1, "alpha", answer="See [notes](../notes.md).")]})
    result = studyguide(empty_tmp, "build", "--content", content, "--out", tmp_path / "dist", "-j", "2")
    assert result.returncode == 1 and "is not allowed" in result.stderr
    assert list(empty_tmp.iterdir()) == []


def test_watch_leaves_nothing_after_many_rebuilds(tmp_path, empty_tmp):
    content = make_bank(tmp_path, batches={})
    proc = studyguide(empty_tmp, "watch", "--content", content, "--out", tmp_path / "dist", "--port", "0",
                      "--no-cache", "-j", "2", stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                      start_new_session=True)
    try:
        builds, deadline, edits = 0, time.monotonic() + 120, 0
        alpha = content / "categories" / "alpha.yaml"
        while builds < 4 and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if line.startswith("built in"):
                builds += 1
                edits += 1
                alpha.write_text(alpha.read_text(encoding="utf-8").replace("Answer alpha 1",
                                                                           f"Answer alpha 1 ({edits})"), encoding="utf-8")
        assert builds == 4
        leftover_during = [p.name for p in empty_tmp.iterdir()]
        os.killpg(proc.pid, signal.SIGINT)
        proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:  # a failed test must not leave the watcher running
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
    # While it runs: its scratch folder, and (Python 3.11) the socket folder of the server its
    # workers are forked from, which the runtime removes on exit.
    assert all(name.startswith(("studyguide-", "pymp-")) for name in leftover_during), leftover_during
    assert list(empty_tmp.iterdir()) == []


def test_a_killed_commands_server_socket_is_removed_and_a_live_one_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    live, dead, other = tmp_path / "pymp-live", tmp_path / "pymp-dead", tmp_path / "pymp-other"
    for folder in (live, dead, other):
        folder.mkdir()
    (other / "data").write_text("not ours to judge")
    with socket.socket(socket.AF_UNIX) as listening, socket.socket(socket.AF_UNIX) as closed:
        listening.bind(str(live / "listener-a"))
        listening.listen()
        closed.bind(str(dead / "listener-b"))  # bound, then closed: the file stays, the socket is gone
        closed.close()
        assert scratch.leftovers() == [dead]
    assert (live / "listener-a").exists()
