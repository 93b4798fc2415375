"""Real processes: Ctrl-C and kill -9 during a build, and two builds into one folder at once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from studyguide import errors

from bankfactory import make_bank, question
from hardening_helpers import earlier_outputs, snapshot, temp_files, tiny_bank
from pdfutil import page_texts

# Runs `python -m studyguide ARGS` with two hooks: it says when a part starts rendering (or, with
# workers, is sent to them: they are not forked from this process, so they do not see the hook), and
# (with PAUSE_AFTER_WRITE) it stops for a while once a temporary output file is on disk.
WRAPPER = textwrap.dedent("""
    import os, runpy, sys, threading, time
    from studyguide.build import workers, write
    from studyguide.typeset import weasy
    real_typeset, real_submit, real_fsync = weasy.typeset, workers.Workers.submit, os.fsync
    said = threading.Lock()  # producer threads announce at once: print writes a line in two pieces

    def say(line):
        with said:
            sys.stderr.write(line + "\\n")
            sys.stderr.flush()

    def announce(*args, **kwargs):
        say("RENDERING")
        return real_typeset(*args, **kwargs)

    def sent(*args, **kwargs):
        say("RENDERING")
        return real_submit(*args, **kwargs)

    def slow_fsync(fd):
        real_fsync(fd)
        say("WRITTEN")
        time.sleep(float(os.environ["PAUSE_AFTER_WRITE"]))

    weasy.typeset, workers.Workers.submit = announce, sent
    if os.environ.get("PAUSE_AFTER_WRITE"):
        write.os.fsync = slow_fsync
    sys.argv = ["studyguide", *sys.argv[1:]]
    runpy.run_module("studyguide", run_name="__main__", alter_sys=True)
""")


def start(content, out, *extra, pause: float | None = None, jobs: str = "1", tmpdir: Path | None = None):
    env = {**os.environ, "PYTHONUNBUFFERED": "1", **({"TMPDIR": str(tmpdir)} if tmpdir else {})}
    env.pop("SOURCE_DATE_EPOCH", None)
    if pause is not None:
        env["PAUSE_AFTER_WRITE"] = str(pause)
    args = [sys.executable, "-c", WRAPPER, "guide", "--content", str(content), "--out", str(out),
            "--no-cache", "-j", jobs, *extra]
    # A session of its own, so a signal can go to the whole group, as Ctrl-C in a terminal does.
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            start_new_session=True)


def wait_for(proc, marker: str, timeout: float = 60) -> list[str]:
    """stderr lines up to and including `marker` (the process is left running)."""
    deadline, lines = time.monotonic() + timeout, []
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        lines.append(line.rstrip("\n"))
        if lines[-1] == marker:
            return lines
    proc.kill()
    raise AssertionError(f"never saw {marker!r}: {lines}")


def finish(proc, timeout: float = 60) -> tuple[int, str, str]:
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
    return proc.returncode, out, err


@pytest.fixture
def bank(tmp_path):
    content = tiny_bank(tmp_path)
    out = earlier_outputs(tmp_path)
    return content, out, snapshot(out)


@pytest.fixture(scope="module")
def big_bank(tmp_path_factory):
    """450 long answers: rendering takes far longer than any of these tests waits."""
    root = tmp_path_factory.mktemp("big")
    answer = " ".join(f"Step {n}: read the `service-{n}` logs, then roll back if the error rate climbs." for n in range(12))
    return make_bank(root, {c: [question(n, c, answer=answer) for n in range(1, 151)] for c in ("alpha", "beta", "gamma")},
                     batches={})


def _children(pid: int) -> list[tuple[int, bytes]]:
    found = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout.split()

    def command(process) -> bytes:
        try:
            return Path(f"/proc/{process}/cmdline").read_bytes()
        except OSError:
            return b""

    return [(int(child), command(child)) for child in found]


def children(pid: int) -> list[int]:
    """The command's own processes: the assembler (forked from it: its own command line), the
    server the typesetting workers are forked from, that server's workers, and the runtime's
    resource tracker. A library may run a short-lived program of its own meanwhile (cffi looks
    libraries up with `ldconfig -p`): not counted."""
    own = Path(f"/proc/{pid}/cmdline").read_bytes()
    runtime = (b"multiprocessing.forkserver", b"multiprocessing.resource_tracker")
    ours = [child for child, command in _children(pid) if command == own or any(r in command for r in runtime)]
    return ours + workers_of(pid)


def workers_of(pid: int) -> list[int]:
    """The typesetting workers: forked from the command's server."""
    return [worker for child, command in _children(pid) if b"multiprocessing.forkserver" in command
            for worker, _ in _children(child)]


def running(pids: list[int]) -> list[int]:
    def alive(pid):
        try:
            return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"  # a zombie has exited
        except OSError:
            return False

    return [pid for pid in pids if alive(pid)]


def gone(pids: list[int], within: float = 1.0) -> bool:
    """Have the processes all exited? The server and the resource tracker leave when they see
    the command's end of their pipe close, a moment after it exits."""
    deadline = time.monotonic() + within
    while running(pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    return running(pids) == []


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("how, code, said", [
    ("SIGINT to the group", 130, "interrupted"),  # Ctrl-C in a terminal
    ("SIGINT to the main process", 130, "interrupted"),  # kill -INT, a supervisor
    ("SIGTERM to the main process", 143, "terminated"),  # timeout, systemd, kill
])
def test_a_signal_stops_the_command_at_once_and_leaves_nothing(big_bank, tmp_path, how, code, said, jobs):
    out, scratch, cache = earlier_outputs(tmp_path), tmp_path / "tmp", tmp_path / "cache"
    scratch.mkdir()
    before = snapshot(out)
    proc = start(big_bank, out, "--cache", str(cache), jobs=jobs, tmpdir=scratch)
    wait_for(proc, "RENDERING")
    time.sleep(0.5)
    workers = children(proc.pid)
    assert len(workers_of(proc.pid)) == (2 if jobs == "2" else 0)
    assert len(workers) == (5 if jobs == "2" else 0)  # and the assembler, the server, the resource tracker
    sent = time.monotonic()
    if how == "SIGINT to the group":
        os.killpg(proc.pid, signal.SIGINT)
    else:
        os.kill(proc.pid, signal.SIGINT if "SIGINT" in how else signal.SIGTERM)
    returned, stdout, stderr = finish(proc)
    took = time.monotonic() - sent
    print(f"{how}, --jobs {jobs}: stopped after {took:.2f} s")
    assert took < 5, f"took {took:.1f} s to stop"
    lines = [line for line in stderr.splitlines() if line != "RENDERING"]
    assert (returned, stdout, lines) == (code, "", [f"error: {said}; nothing was written"]), stderr
    assert gone(workers)
    assert snapshot(out) == before and temp_files(out) == []
    assert list(scratch.iterdir()) == []  # no font copies, no scratch folder
    from studyguide.build.cache import PartCache
    entries = [path.stem for path in cache.rglob("*.json") if path.parent.name != "builds"]
    assert all(PartCache(cache).get(key) is not None for key in entries)  # only complete entries


def test_workers_leave_when_their_parent_is_killed(big_bank, tmp_path):
    out, scratch = tmp_path / "out", tmp_path / "tmp"
    scratch.mkdir()
    proc = start(big_bank, out, jobs="2", tmpdir=scratch)
    wait_for(proc, "RENDERING")
    time.sleep(0.5)
    workers = children(proc.pid)
    assert len(workers_of(proc.pid)) == 2 and len(workers) == 5
    proc.kill()  # SIGKILL: no handler runs in the main process
    finish(proc)
    assert gone(workers, within=5)
    # What the killed command could not remove, the next one does.
    # Its scratch folder, and (Python 3.11) the folder of its server's socket.
    left = sorted(p.name for p in scratch.iterdir())
    ours = [name for name in left if name.startswith(f"studyguide-{proc.pid}-")]
    assert len(ours) == 1 and all(name in ours or name.startswith("pymp-") for name in left), left
    env = {**os.environ, "TMPDIR": str(scratch)}
    subprocess.run([sys.executable, "-m", "studyguide", "-q", "guide", "--content", str(tiny_bank(tmp_path)),
                    "--out", str(tmp_path / "next"), "--no-cache", "-j", "1"], env=env, check=True)
    assert list(scratch.iterdir()) == []


def test_kill_mid_render_leaves_earlier_outputs(bank):
    content, out, before = bank
    proc = start(content, out)
    wait_for(proc, "RENDERING")
    time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)
    assert finish(proc)[0] == -signal.SIGKILL
    assert snapshot(out) == before


def test_kill_while_writing_never_truncates_and_the_next_build_cleans_up(bank, run, monkeypatch):
    content, out, before = bank
    proc = start(content, out, pause=30)
    wait_for(proc, "WRITTEN")  # a complete temporary file is on disk; nothing renamed yet
    os.killpg(proc.pid, signal.SIGKILL)
    finish(proc)
    left = temp_files(out)
    assert len(left) == 1 and left[0].startswith(".guide.pdf.")
    assert {k: v for k, v in snapshot(out).items() if k not in left and k != ".studyguide.lock"} == before
    from studyguide.outputs import guide as build

    monkeypatch.setattr(build, "guide_pdf", lambda *a, **k: b"%PDF-1.7 the next build")  # only the writing matters now
    result = run("guide", "--content", content, "--out", out, "--no-cache", "-j", "1")
    assert result.exit_code == 0, result.stderr
    assert temp_files(out) == [] and not (out / ".studyguide.lock").exists()
    assert (out / "guide.pdf").read_bytes() == b"%PDF-1.7 the next build"


def test_two_builds_into_one_folder_take_turns(bank):
    content, out, before = bank
    # Both pause 1 s inside their write, so their writes overlap unless the lock orders them.
    first, second = start(content, out, pause=1), start(content, out, pause=1)
    results = [finish(first, 120), finish(second, 120)]
    assert [code for code, _, _ in results] == [0, 0], results
    # One wrote the new guide; the other, let in after it, found the same bytes already there.
    assert sorted(stdout for _, stdout, _ in results) == [f"unchanged {out}/guide.pdf\n", f"wrote {out}/guide.pdf\n"]
    assert temp_files(out) == [] and not (out / ".studyguide.lock").exists()
    assert "Question alpha 1?" in " ".join(page_texts((out / "guide.pdf").read_bytes()))


def test_a_stop_whose_exception_was_lost_is_raised_at_the_next_part(tmp_path, run, monkeypatch):
    # A signal's exception raised inside a finaliser is only printed by Python; the stop is kept.
    monkeypatch.setattr(errors, "_STOPS", [KeyboardInterrupt])
    content, out = tiny_bank(tmp_path), tmp_path / "dist"
    result = run("guide", "--content", content, "--out", out, "--no-cache", "--jobs", "1")
    assert (result.exit_code, result.stderr.strip()) == (130, "error: interrupted; nothing was written")
    assert not out.exists()
