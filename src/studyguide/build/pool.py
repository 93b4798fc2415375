"""Worker processes that typeset parts side by side, started once for the whole command."""

from __future__ import annotations

import multiprocessing
import signal
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from ..typeset import weasy
from ..typeset.jobs import PartJob, Typeset


def _warm_worker(styles: tuple[tuple[str, ...], ...], paper: str) -> None:
    # Ctrl-C reaches the whole process group; the main process answers it (and stops the pool),
    # so a worker ignores it rather than print a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for names in styles:
        weasy.warm_up(names, paper)


def _typeset(job: PartJob, paper: str, content: Path) -> Typeset:
    return weasy.typeset(job, paper, content)  # looked up when called, as in the main process


class Workers:
    """`jobs` forked processes for the length of a `with` block.

    They fork on entry, in the calling thread, before any producer thread exists, and import
    WeasyPrint and compile the stylesheets named in `warm` while this process goes on preparing
    the parts' HTML."""

    def __init__(self, jobs: int, paper: str, content: Path, warm: list[tuple[str, ...]]):
        self.jobs, self.paper, self.content, self.warm = jobs, paper, content, warm
        self.pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Workers:
        self.pool = ProcessPoolExecutor(max_workers=self.jobs, mp_context=multiprocessing.get_context("fork"),
                                        initializer=_warm_worker, initargs=(tuple(self.warm), self.paper))
        self.pool.submit(int)  # with fork, every worker starts at the first submit, right here
        return self

    def __exit__(self, *exc) -> None:
        pool, self.pool = self.pool, None
        pool.shutdown(wait=True, cancel_futures=True)

    def submit(self, job: PartJob) -> Future:
        return self.pool.submit(_typeset, job, self.paper, self.content)
