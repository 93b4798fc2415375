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
from pathlib import Path

from ..typeset import weasy
from ..typeset.jobs import PartJob, Typeset

PARENT_POLL_SECONDS = 0.5
# A worker holding more than this after a part gives what it freed back before it is weighed
# for replacement (workers.REPLACE_ABOVE_MB): a fresh worker holds ~85 MB, ~150 MB after its
# first part, and a part of a few dozen pages adds 10-30 MB while it is laid out.
TRIM_ABOVE_MB = 200
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


def start_worker(styles: tuple[tuple[str, ...], ...], paper: str, scratch: Path | None) -> None:
    _exit_with_parent(os.getppid())  # the server, which leaves with the command
    weasy.keep_fonts_in(scratch)
    # Ctrl-C reaches the whole process group; the main process answers it (and stops the pool),
    # so a worker ignores it rather than print a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for names in styles:
        weasy.warm_up(names, paper)


def typeset(job: PartJob, paper: str, content: Path) -> Typeset:
    try:
        return weasy.typeset(job, paper, content)  # looked up when called, as in the main process
    finally:
        _give_back_memory()


def resident_mb(pid: int | str = "self") -> float:
    """A process's resident memory in MB (0 where the system does not say: not Linux, or gone)."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return 0.0


def _give_back_memory() -> None:
    """After a long part, hand the memory its layout freed back to the system: the allocator
    keeps it otherwise, and a worker would hold its largest part's peak for the whole command."""
    if resident_mb() < TRIM_ABOVE_MB:
        return
    gc.collect()  # WeasyPrint's boxes hold reference cycles
    if _LIBC is not None:
        _LIBC.malloc_trim(0)


def start_assembler(parent: int) -> None:
    _exit_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def assemble(fn, args: tuple):
    try:
        return fn(*args)
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
