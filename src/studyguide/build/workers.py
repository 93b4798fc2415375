"""The typesetting workers and the assembler of one command, as the renderer sees them.

Parts wait here and go to the workers one per free worker, so a set of workers can be let go at
any moment without taking queued parts with it. A set is let go, and the next part starts a fresh
one (~0.7 s of CPU a worker), in three cases:

- a worker came out of a part holding more than REPLACE_ABOVE_MB: no part is sent until the set
  is idle, then it is replaced;
- no part has been asked for during IDLE_SECONDS: a command's last minute assembles its largest
  documents and needs no workers at all;
- a document heavier than ALONE_ABOVE_MB is to be assembled: once the parts asked for before it
  are done, the set goes, and parts asked for meanwhile wait until the document is done.

On the way out the processes are shut down when all went well, and killed at once when the
command was interrupted: a part half laid out is worth nothing. The assembler holds a document's
object graph while it is assembled, so the main process never does: it gets the document back
stored in the scratch folder (`stored`). While the assembler is busy, a document that is not
large goes to a worker that is free with no part waiting: a rebuild after an edit lays out a
few parts, then had the workers idle while the assembler made the documents one by one.
"""

from __future__ import annotations

import collections
import multiprocessing
import threading
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from pathlib import Path

from ..stored import weight
from ..typeset.jobs import PartJob
from . import pool

# Long enough to span the assembly of a document between two of its parts (the front matter's
# page numbers), short enough that workers are gone while the last documents are assembled.
IDLE_SECONDS = 2.0
# A worker fresh from the server holds ~85 MB, ~150 MB after its first part; then it keeps
# about 1 MB more after every part, even the same part laid out again (native memory, kept by
# the libraries WeasyPrint calls: tracemalloc sees 20 KB of it), so a worker of a real bank's
# build would end near 260 MB. Two of them at this limit, beside the main process and the
# assembler at rest, are the build's peak: with 190 MB, a real bank's tree peaked at 571-602 MB
# (600 is the target), with 175 at 554 MB, its CPU unchanged.
REPLACE_ABOVE_MB = 175
# A document whose parts weigh more than this is assembled while no worker exists: qpdf and
# pypdf hold 30 to 80 times its parts' size while they assemble it (a real bank's guide, 5 MB
# of parts, took the assembler from 75 to 297 MB), which beside two workers of ~175 MB each
# would be the build's peak. Smaller documents are assembled while others' parts are laid out.
ALONE_ABOVE_MB = 2.0
# The assembler keeps some of what its largest documents took; one holding more than this of its
# own (not shared with the process it was forked from) after an assembly is replaced by a fresh
# one, forked from the workers' server.
ASSEMBLER_ABOVE_MB = 100


class Workers:
    """`jobs` typesetting processes (started again as needed) and an assembler, for the length of a `with` block."""

    def __init__(self, jobs: int, paper: str, content: Path, warm: list[tuple[str, ...]], scratch: Path | None = None):
        self.jobs, self.paper, self.content, self.warm, self.scratch = jobs, paper, content, warm, scratch
        self.pool: ProcessPoolExecutor | None = None
        self.assembler: ProcessPoolExecutor | None = None
        self.started = 0  # sets of workers started in this command
        self._lock = threading.Lock()
        self._waiting: collections.deque[tuple[PartJob, Future]] = collections.deque()
        self._running = 0
        self._draining = False
        self._alone = False  # a large document is being assembled: no part is sent meanwhile
        self._assembling = False  # the assembler is busy
        self._asked = self._answered = 0  # parts asked for, and those done (laid out, failed or cancelled)
        self._quiet = threading.Condition(self._lock)  # told when a part comes back or the assembler is free
        self._idle: threading.Timer | None = None
        self._retired: list = []  # processes of the sets let go, until they are gone

    def __enter__(self) -> Workers:
        # The assembler is forked now, before any other thread exists; the first workers start
        # now too, so their start overlaps the preparation of the first parts.
        self.assembler = self._start_assembler(multiprocessing.get_context("fork"))
        with self._lock:
            self._start()
        return self

    def __exit__(self, kind, value, traceback) -> None:
        with self._lock:
            if self._idle is not None:
                self._idle.cancel()
            pools = [p for p in (self.pool, self.assembler) if p is not None]
            retired, waiting = self._retired, list(self._waiting)
            self.pool = self.assembler = self._idle = None
            self._retired, self._waiting = [], collections.deque()
        for _, future in waiting:
            future.cancel()
        if kind is None:
            for executor in pools:
                executor.shutdown(wait=True)
            for process in retired:
                process.join()
            return
        # Interrupted or failed: nobody wants the parts still being laid out.
        processes = [p for e in pools for p in _processes(e).values()] + retired
        for executor in pools:
            executor.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.kill()
        for process in processes:
            process.join(timeout=2)

    def submit(self, job: PartJob) -> Future:
        """The part's Typeset, when a worker has laid it out."""
        future: Future = Future()
        with self._lock:
            self._asked += 1
            self._waiting.append((job, future))
            sent = self._feed()
        self._follow(sent)
        return future

    def assemble(self, fn, args: tuple):
        """fn(*args), a pure function of picklable values (a module's function), in the assembler,
        or in an idle worker while the assembler is busy. A large document is assembled alone."""
        heavy = weight(args) > ALONE_ABOVE_MB * 2**20
        in_worker = None
        with self._lock:
            # A large document waits for the parts asked for before it: they go to the workers
            # there are, rather than to a set started again after it (~0.7 s of CPU a worker).
            # Meanwhile other documents take the assembler.
            asked = self._asked
            while self._assembling or (heavy and self._answered < asked):
                if not heavy and self._spare_worker():
                    in_worker = self._send_to_worker(fn, args)
                    break
                self._quiet.wait()
            else:
                self._assembling = True
                if heavy:  # no part starts until it is done, nor anything else runs in a worker
                    self._alone = True
                    while self._running:
                        self._quiet.wait()
                    if self.pool is not None:
                        self._let_go()
        if in_worker is not None:
            self._follow([in_worker], part=False)
            return in_worker[1].result()
        try:
            result = self.assembler.submit(pool.assemble, fn, args).result()
            if _largest_mb(self.assembler, pool.private_mb) > ASSEMBLER_ABOVE_MB:
                self._replace_assembler()
            return result
        finally:
            with self._lock:
                self._assembling = False
                self._quiet.notify_all()
                sent = []
                if heavy:
                    self._alone = False
                    sent = self._feed()
            self._follow(sent)

    def _spare_worker(self) -> bool:
        """A worker is free and no part waits for it (the lock held): at the end of a command, or
        in a rebuild that lays out a few parts, the workers would sit idle while the assembler
        works through the documents one by one. Never while a large document is assembled."""
        return (self.pool is not None and self._running < self.jobs and not self._waiting
                and not self._draining and not self._alone)

    def _send_to_worker(self, fn, args: tuple) -> tuple[Future, Future]:
        """fn(*args) sent to a free worker (the lock held), counted as running as a part is: a
        large document waits for it, and a worker that grew past its limit is replaced as after
        a part. (The worker's future, the caller's), for `_follow(..., part=False)`."""
        future: Future = Future()
        future.set_running_or_notify_cancel()
        done = self.pool.submit(pool.assemble, fn, args)
        self._running += 1
        return done, future

    def _replace_assembler(self) -> None:
        old, self.assembler = self.assembler, self._start_assembler(pool.server())
        old.shutdown(wait=True)

    def _start_assembler(self, context) -> ProcessPoolExecutor:
        assembler = ProcessPoolExecutor(max_workers=1, mp_context=context, initializer=pool.start_assembler,
                                        initargs=(self.scratch,))
        assembler.submit(int)
        return assembler

    def _start(self) -> None:
        self.pool = ProcessPoolExecutor(max_workers=self.jobs, mp_context=pool.server(), initializer=pool.start_worker,
                                        initargs=(tuple(self.warm), self.paper, self.scratch))
        self.started += 1
        for _ in range(self.jobs):  # one process a task until all are started
            self.pool.submit(int)

    def _feed(self) -> list[tuple[Future, Future]]:
        """Send waiting parts to free workers (the lock held); (the worker's future, the caller's) of each."""
        if self._idle is not None and self._waiting:
            self._idle.cancel()
            self._idle = None
        sent = []
        while self._waiting and self._running < self.jobs and not self._draining and not self._alone:
            job, future = self._waiting.popleft()
            if not future.set_running_or_notify_cancel():
                self._answered += 1
                self._quiet.notify_all()
                continue
            if self.pool is None:
                self._start()
            try:
                sent.append((self.pool.submit(pool.typeset, job, self.paper, self.content), future))
            except RuntimeError as exc:  # a worker died (BrokenProcessPool): the part cannot be made
                future.set_exception(exc)
                self._answered += 1
                self._quiet.notify_all()
                continue
            self._running += 1
        if not self._running and not self._waiting and self.pool is not None and self._idle is None:
            self._idle = threading.Timer(IDLE_SECONDS, self._let_go_if_idle, args=(self.pool,))
            self._idle.daemon = True
            self._idle.start()
        return sent

    def _follow(self, sent: list[tuple[Future, Future]], part: bool = True) -> None:
        # Outside the lock: a callback on a future already done runs at once, in this thread.
        for done, future in sent:
            done.add_done_callback(lambda done, future=future: self._finished(done, future, part))

    def _finished(self, done: Future, future: Future, part: bool) -> None:
        with self._lock:
            self._running -= 1
            self._answered += part
            self._quiet.notify_all()
            if self.pool is not None and not self._draining and _largest_mb(self.pool) > REPLACE_ABOVE_MB:
                self._draining = True
            if self._draining and not self._running:
                self._let_go()
            sent = self._feed()
        self._follow(sent)
        if done.cancelled():  # the command is being stopped
            future.set_exception(CancelledError())
        elif done.exception() is not None:
            future.set_exception(done.exception())
        else:
            future.set_result(done.result())

    def _let_go_if_idle(self, executor: ProcessPoolExecutor) -> None:
        with self._lock:
            if self.pool is executor and not self._running and not self._waiting:
                self._let_go()

    def _let_go(self) -> None:
        """Shut the current set down (the lock held); the next part starts a fresh one."""
        executor, self.pool, self._draining = self.pool, None, False
        if self._idle is not None:
            self._idle.cancel()
            self._idle = None
        self._retired = [p for p in self._retired if p.is_alive()] + list(_processes(executor).values())
        executor.shutdown(wait=False)


def _largest_mb(executor: ProcessPoolExecutor, measure=pool.resident_mb) -> float:
    """The most memory one of the executor's processes holds, by `measure` (resident by default)."""
    return max((measure(pid) for pid in _processes(executor)), default=0.0)


def _processes(executor: ProcessPoolExecutor) -> dict:
    """The executor's processes by pid (none once it is shut down or broken): no public way before 3.14."""
    return dict(executor._processes or {})  # noqa: SLF001
