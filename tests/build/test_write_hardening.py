"""Output integrity: unusable folders, full disks, locks, stale temporary files, Ctrl-C and surprises."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import textwrap

import pytest

from studyguide.build import write as output
from studyguide.content import load as loader
from studyguide.errors import OutputError
from studyguide.outputs import guide as guide_output

from hardening_helpers import assert_fails, earlier_outputs, snapshot, tiny_bank

NEW = b"%PDF-1.7 a new guide"


@pytest.fixture
def setup(tmp_path, monkeypatch):
    """A tiny bank, an output folder from an earlier build, and a renderer that costs nothing
    (these tests are about writing, so guide_pdf returns fixed bytes)."""
    content = tiny_bank(tmp_path)
    out = earlier_outputs(tmp_path)
    monkeypatch.setattr(guide_output, "guide_pdf", lambda *a, **k: NEW)
    return content, out, snapshot(out)


def guide(run, content, out, *extra):
    return run("guide", "--content", content, "--out", out, "--no-cache", "-j", "1", *extra)


def test_a_successful_write_replaces_only_what_changed(run, setup):
    content, out, before = setup
    result = guide(run, content, out)
    assert (result.exit_code, result.stdout) == (0, f"wrote {out}/guide.pdf\n")
    after = snapshot(out)
    assert (out / "guide.pdf").read_bytes() == NEW
    assert {k: v for k, v in after.items() if k != "guide.pdf"} == {k: v for k, v in before.items() if k != "guide.pdf"}
    mtime = (out / "guide.pdf").stat().st_mtime_ns
    assert guide(run, content, out).stdout == f"unchanged {out}/guide.pdf\n"
    assert (out / "guide.pdf").stat().st_mtime_ns == mtime


def test_output_folder_below_a_file(run, setup, tmp_path):
    content, out, before = setup
    blocker = tmp_path / "afile"
    blocker.write_text("not a folder")
    target = blocker / "dist"
    assert_fails(guide(run, content, target), [f"error: {target}: cannot create the output folder: {blocker} is a file"],
                 out, before)
    assert blocker.read_text() == "not a folder"


def test_output_folder_that_is_a_file_is_a_usage_error(run, setup, tmp_path):
    content, out, before = setup
    blocker = tmp_path / "afile"
    blocker.write_text("x")
    result = guide(run, content, blocker)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == f"Error: Invalid value for '--out': Directory '{blocker}' is a file."
    assert snapshot(out) == before


def test_unwritable_output_folder(run, setup, monkeypatch):
    # Tests may run as root, who can write anywhere: the refusal is simulated where it happens.
    content, out, before = setup

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(output.tempfile, "mkstemp", refuse)
    assert_fails(guide(run, content, out), [f"error: {out}/guide.pdf: cannot write: Permission denied"], out, before)


class FullDisk:
    """A file object that takes the first half of what is written, then says the disk is full."""

    def __init__(self, handle):
        self.handle = handle

    def write(self, data):
        self.handle.write(data[: len(data) // 2])
        self.handle.flush()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name):
        return getattr(self.handle, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.handle.close()


def test_full_disk_leaves_no_half_file(run, setup, monkeypatch):
    content, out, before = setup
    real = os.fdopen
    monkeypatch.setattr(output.os, "fdopen", lambda fd, mode: FullDisk(real(fd, mode)))
    assert_fails(guide(run, content, out), [f"error: {out}/guide.pdf: cannot write: No space left on device"], out, before)


def test_full_disk_on_a_later_file_keeps_every_earlier_output(tmp_path, monkeypatch):
    out = earlier_outputs(tmp_path)
    before = snapshot(out)
    real, calls = os.fdopen, []

    def second_fails(fd, mode):
        calls.append(fd)
        return FullDisk(real(fd, mode)) if len(calls) == 2 else real(fd, mode)

    monkeypatch.setattr(output.os, "fdopen", second_fails)
    outputs = {out / "a.pdf": b"new a", out / "cheatsheets" / "all.pdf": b"new sheets", out / "guide.pdf": b"new guide"}
    with pytest.raises(OutputError) as caught:
        output.write_all(outputs, root=out)
    assert str(caught.value) == f"{out}/cheatsheets/all.pdf: cannot write: No space left on device"
    # a.pdf was complete, but nothing moves until everything is: all or none.
    assert snapshot(out) == before


@pytest.mark.parametrize("target, message", [
    ("../elsewhere.pdf", "refusing to write outside the output folder {out}"),
    ("batches/01/candidates/con.pdf", "'con.pdf' is a name Windows reserves for a device"),
    ("batches/aux/pack.pdf", "'aux' is a name Windows reserves for a device"),
])
def test_paths_that_escape_or_are_reserved_are_refused(tmp_path, target, message):
    out = earlier_outputs(tmp_path)
    before = snapshot(out)
    with pytest.raises(OutputError) as caught:
        output.write_all({out / "guide.pdf": b"new", out / target: b"x"}, root=out)
    assert str(caught.value) == f"{out / target}: " + message.format(out=out)
    assert snapshot(out) == before and not (tmp_path / "elsewhere.pdf").exists()


def test_a_folder_in_the_way_of_an_output(run, setup):
    content, out, before = setup
    (out / "guide.pdf").unlink()
    (out / "guide.pdf").mkdir()
    (out / "guide.pdf" / "keep.txt").write_text("x")
    before = snapshot(out)
    assert_fails(guide(run, content, out), [f"error: {out}/guide.pdf: cannot write: a folder or special file is in the way"],
                 out, before)


def test_stale_temporary_files_are_removed_and_nothing_else(run, setup):
    content, out, before = setup
    stale = [out / ".guide.pdf.k2j4x9_a.sg.tmp", out / "cheatsheets" / ".all.pdf.abcdefgh.sg.tmp"]
    for path in stale:
        path.write_bytes(b"%PDF-1.7 half a fil")
    (out / "draft.tmp").write_text("the user's own file")
    result = guide(run, content, out)
    assert result.exit_code == 0, result.stderr
    assert not any(path.exists() for path in stale)
    assert (out / "draft.tmp").read_text() == "the user's own file"


HOLDER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from studyguide.build.write import folder_lock
    with folder_lock(Path(sys.argv[1])):
        print("held", flush=True)
        time.sleep(float(sys.argv[2]))
""")


def hold_lock(out, seconds):
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(out), str(seconds)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline() == "held\n"
    return proc


def test_a_build_into_a_busy_folder_is_refused_with_the_holders_pid(run, setup, monkeypatch):
    content, out, before = setup
    holder = hold_lock(out, 30)
    try:
        monkeypatch.setattr(output, "LOCK_WAIT_SECONDS", 0.3)
        before = snapshot(out)  # the holder wrote its pid into the lock file
        assert_fails(guide(run, content, out), [f"error: another build is writing to {out} (pid {holder.pid}); "
                                                "try again when it finishes"], out, before)
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()


def test_a_build_waits_briefly_for_another_to_finish(run, setup):
    content, out, before = setup
    holder = hold_lock(out, 0.5)
    try:
        result = guide(run, content, out)
    finally:
        holder.wait()
        holder.stdout.close()
    assert result.exit_code == 0, result.stderr
    assert (out / "guide.pdf").read_bytes() == NEW


def test_ctrl_c_during_a_build(run, setup, monkeypatch):
    content, out, before = setup

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(guide_output, "guide_pdf", interrupted)
    assert_fails(guide(run, content, out), ["error: interrupted; nothing was written"], out, before, code=130)


def test_an_os_error_becomes_one_line(run, setup, monkeypatch):
    content, out, before = setup

    def failing(*args, **kwargs):
        raise OSError(errno.EIO, os.strerror(errno.EIO), f"{content}/guide.yaml")

    monkeypatch.setattr(loader, "load_bank", failing)
    assert_fails(guide(run, content, out), [f"error: {content}/guide.yaml: Input/output error"], out, before)


def test_an_unexpected_error_says_how_to_see_more(run, setup, monkeypatch):
    content, out, before = setup

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(guide_output, "guide_pdf", broken)
    hint = "run the command again with --debug to see where it happened, and report it"
    assert_fails(guide(run, content, out), ["error: unexpected RuntimeError: boom", hint], out, before)
    result = run("--debug", "guide", "--content", content, "--out", out, "--no-cache", "-j", "1")
    assert result.exit_code == 1
    assert result.stderr.startswith("Traceback (most recent call last):")
    assert result.stderr.splitlines()[-2:] == ["error: unexpected RuntimeError: boom", hint]
    assert snapshot(out) == before


def test_a_corrupt_cache_is_rendered_again_never_merged(run, tmp_path):
    content, cache = tiny_bank(tmp_path), tmp_path / "cache"
    args = ["guide", "--content", content, "--out", tmp_path / "dist", "--cache", cache, "-j", "1"]
    assert run(*args).exit_code == 0
    first = snapshot(tmp_path / "dist")
    damaged = 0
    for path in cache.rglob("*"):
        if path.suffix == ".pdf":
            path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])  # truncated
        elif path.suffix == ".json":
            path.write_text("{not json")  # entries' records and the no-op manifest alike
        damaged += path.is_file()
    assert damaged >= 4
    result = run(*args)
    assert (result.exit_code, result.stderr) == (0, "")
    assert snapshot(tmp_path / "dist") == first
