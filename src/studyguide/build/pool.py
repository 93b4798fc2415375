"""Worker processes that typeset parts side by side, and one that assembles documents, started once per command.

They fork on entry, in the calling thread, before any producer thread exists, and import
WeasyPrint and compile the stylesheets most parts use while the main process goes on preparing
the parts' HTML. On the way out they are shut down when all went well, and killed at once when
the command was interrupted: a part half laid out is worth nothing. A worker whose parent dies
(even by SIGKILL) exits within a second or so instead of holding its memory. The assembler
holds a document's object graph while it is assembled, so the main process never does: it only
keeps the bytes that come back.
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
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from ..typeset import weasy
from ..typeset.jobs import PartJob, Typeset

PARENT_POLL_SECONDS = 0.5
# A worker holding more than this after a part gives what it freed back (a part of a few dozen
# pages peaks at 150-250 MB; the fonts and stylesheets alone hold ~120 MB).
TRIM_ABOVE_MB = 250
try:
    _LIBC = ctypes.CDLL("libc.so.6") if sys.platform.startswith("linux") else None
except OSError:  # pragma: no cover - a Linux without glibc (musl) keeps its own counsel
    _LIBC = None
PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


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


def _start_worker(parent: int, styles: tuple[tuple[str, ...], ...], paper: str) -> None:
    _exit_with_parent(parent)
    # Ctrl-C reaches the whole process group; the main process answers it (and stops the pool),
    # so a worker ignores it rather than print a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for names in styles:
        weasy.warm_up(names, paper)


def _typeset(job: PartJob, paper: str, content: Path) -> Typeset:
    try:
        return weasy.typeset(job, paper, content)  # looked up when called, as in the main process
    finally:
        _give_back_memory()


def _resident_mb() -> float:
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return 0.0


def _give_back_memory() -> None:
    """After a long part, hand the memory its layout freed back to the system: the allocator
    keeps it otherwise, and a worker would hold its largest part's peak for the whole command."""
    if _resident_mb() < TRIM_ABOVE_MB:
        return
    gc.collect()  # WeasyPrint's boxes hold reference cycles
    if _LIBC is not None:
        _LIBC.malloc_trim(0)


def _start_assembler(parent: int) -> None:
    _exit_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _assemble(fn, args: tuple):
    try:
        return fn(*args)
    finally:
        # A document's object graph is freed as a whole: give it back at once, every time, so the
        # assembler holds its largest document's peak only while it assembles that document.
        gc.collect()
        if _LIBC is not None:
            _LIBC.malloc_trim(0)


class Workers:
    """`jobs` forked typesetting processes and an assembler for the length of a `with` block."""

    def __init__(self, jobs: int, paper: str, content: Path, warm: list[tuple[str, ...]]):
        self.jobs, self.paper, self.content, self.warm = jobs, paper, content, warm
        self.pool: ProcessPoolExecutor | None = None
        self.assembler: ProcessPoolExecutor | None = None

    def __enter__(self) -> Workers:
        fork = multiprocessing.get_context("fork")
        self.pool = ProcessPoolExecutor(max_workers=self.jobs, mp_context=fork,
                                        initializer=_start_worker, initargs=(os.getpid(), tuple(self.warm), self.paper))
        self.pool.submit(int)  # with fork, every worker starts at the first submit, right here
        self.assembler = ProcessPoolExecutor(max_workers=1, mp_context=fork, initializer=_start_assembler,
                                             initargs=(os.getpid(),))
        self.assembler.submit(int)
        return self

    def __exit__(self, kind, value, traceback) -> None:
        pools, self.pool, self.assembler = [self.pool, self.assembler], None, None
        if kind is None:
            for pool in pools:
                pool.shutdown(wait=True)
            return
        # Interrupted or failed: nobody wants the parts still being laid out.
        processes = [p for pool in pools for p in pool._processes.values()]  # noqa: SLF001  (no public way before 3.14)
        for pool in pools:
            pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.kill()
        for process in processes:
            process.join(timeout=2)

    def submit(self, job: PartJob) -> Future:
        return self.pool.submit(_typeset, job, self.paper, self.content)

    def assemble(self, fn, args: tuple):
        """fn(*args) in the assembler: a pure function of picklable values (a module's function)."""
        return self.assembler.submit(_assemble, fn, args).result()
