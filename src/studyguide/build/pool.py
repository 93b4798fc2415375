"""What runs in the worker processes: a typesetting worker's start, its parts and its memory,
and the assembler's documents; and the start method that forks the workers from a server.

The typesetting workers are forked from a server process that imported WeasyPrint once (they
share its pages), so a set of workers can be started at any moment of the command, even while
its producer threads run, when forking the main process itself would not be safe. A worker whose
parent dies (even by SIGKILL) exits within a second or so instead of holding its memory.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
import sys
import threading
import time
from multiprocessing import forkserver
from pathlib import Path

from ..stored import kept, loaded
from ..typeset import weasy
from ..typeset.jobs import PartJob, Typeset

PARENT_POLL_SECONDS = 0.5
# A worker holding more than this after a part gives what it freed back before it is weighed
# for replacement (workers.REPLACE_ABOVE_MB): a fresh worker holds ~85 MB, ~150 MB after its
# first part, and a part of a few dozen pages adds 10-30 MB while it is laid out.
TRIM_ABOVE_MB = 165
try:
    _LIBC = ctypes.CDLL("libc.so.6") if sys.platform.startswith("linux") else None
except OSError:  # pragma: no cover - a Linux without glibc (musl) keeps its own counsel
    _LIBC = None
PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
STORED = "stored"  # the scratch folder's folder of parts and documents handed back (stored.Stored)
_store: Path | None = None  # where this process hands its results back, when it has a scratch folder


def _exit_with_parent(parent: int) -> None:
    """End this worker when the process that started it is gone."""
    if sys.platform.startswith("linux"):
        try:  # the kernel sends SIGKILL the moment the parent exits
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            pass

    def watch() -> None:  # everywhere else (and as a second line): notice being re-parented
        while os.getppid() == parent:
            time.sleep(PARENT_POLL_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()
    if os.getppid() != parent:  # the parent died before the watch began
        os._exit(1)


def _keep_results_in(scratch: Path | None) -> None:
    global _store
    _store = scratch / STORED if scratch is not None else None


def start_worker(styles: tuple[tuple[str, ...], ...], paper: str, scratch: Path | None) -> None:
    _exit_with_parent(os.getppid())  # the server, which leaves with the command
    weasy.keep_fonts_in(scratch)
    _keep_results_in(scratch)
    # Ctrl-C reaches the whole process group; the main process answers it (and stops the pool),
    # so a worker ignores it rather than print a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for names in styles:
        weasy.warm_up(names, paper)
    _settle_heap()


def _settle_heap() -> None:
    """Leave what this process holds now (modules and compiled stylesheets; in the assembler, the
    bank of the main process it was forked from) out of every later garbage collection: a full
    collection walked all of it, after each document and whenever WeasyPrint's allocations set one
    off, and writing to those objects copied pages shared with the parent. An edit of a real bank
    spent 0.7 s of CPU in it."""
    gc.collect()
    gc.freeze()


def typeset(job: PartJob, paper: str, content: Path) -> Typeset:
    try:
        part = weasy.typeset(job, paper, content)  # looked up when called, as in the main process
        if _store is not None:
            part.pdf = kept(part.pdf, _store)
        return part
    finally:
        _give_back_memory()


def resident_mb(pid: int | str = "self") -> float:
    """A process's resident memory in MB (0 where the system does not say: not Linux, or gone)."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return 0.0


def private_mb(pid: int | str = "self") -> float:
    """A process's memory shared with no other process, in MB (0 where the system does not say):
    what a process forked from a large one holds of its own."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as rollup:
            lines = rollup.read().split(b"\n")
    except OSError:
        return 0.0
    kb = sum(int(line.split()[1]) for line in lines if line.startswith((b"Private_Clean:", b"Private_Dirty:")))
    return kb / 1024


def _give_back_memory() -> None:
    """After a long part, hand the memory its layout freed back to the system: the allocator
    keeps it otherwise, and a worker would hold its largest part's peak for the whole command."""
    if resident_mb() < TRIM_ABOVE_MB:
        return
    gc.collect()  # WeasyPrint's boxes hold reference cycles
    if _LIBC is not None:
        _LIBC.malloc_trim(0)


def start_assembler(scratch: Path | None) -> None:
    _exit_with_parent(os.getppid())  # the main process, or the server a replacement is forked from
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _keep_results_in(scratch)
    _settle_heap()


def assemble(fn, args: tuple):
    """fn(*args) with the stored parts and documents among the arguments read back, its bytes stored."""
    try:
        result = fn(*loaded(args))
        return kept(result, _store) if _store is not None else result
    finally:
        # A document's object graph is freed as a whole: give it back at once, every time, so the
        # assembler holds its largest document's peak only while it assembles that document.
        gc.collect()
        if _LIBC is not None:
            _LIBC.malloc_trim(0)


def server() -> multiprocessing.context.BaseContext:
    """The start method of the typesetting workers: forked from a server that imports WeasyPrint."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["studyguide.build.preload"])  # in place of __main__: the CLI's script
    return context


def start_server() -> None:
    """Start the workers' server now, without waiting for it: its imports (WeasyPrint, most of a
    second) overlap what the command does before it asks for a worker."""
    server()
    forkserver.ensure_running()
