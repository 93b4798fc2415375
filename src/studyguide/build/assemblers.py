"""The assembler processes of one command: documents are assembled out of the main process, two
light ones side by side (a build's last seconds, and a rebuild's, are mostly assembly), a heavy
one alone, while the other assembler is let go (it holds 50-60 MB of its own, on a real bank
the difference between the build's peak and its 600 MB target)."""

from __future__ import annotations

import collections
import contextlib
import threading
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from . import pool

# An assembler keeps some of what its largest documents took; one holding more than this of its
# own (not shared with the process it was forked from) after an assembly is replaced by a fresh
# one, forked from the workers' server.
ASSEMBLER_ABOVE_MB = 100
# Documents whose parts together weigh at most the light limit (workers.ALONE_ABOVE_MB) are
# assembled side by side, as many as this: together they take no more memory than one document
# of that weight would.
ASSEMBLERS = 2


class Assemblers:
    """Up to `count` assembler processes, forked when `start` is called (again as needed), each
    lending itself to one document at a time."""

    def __init__(self, count: int, scratch: Path | None):
        self.count, self.scratch = count, scratch
        self.executors: list[ProcessPoolExecutor] = []
        self._idle: list[ProcessPoolExecutor] = []
        self._assembling: list[float] = []  # MB of parts of each document being assembled (inf: heavy)
        self._queue: collections.deque[object] = collections.deque()  # documents waiting, first come first
        self._changed = threading.Condition()  # told when an assembly ends
        self._closed = False

    def start(self, context) -> None:
        """Fork the processes now: from the main process before any other thread exists."""
        self.executors = [self._start(context) for _ in range(self.count)]
        self._idle = list(self.executors)

    def take_all(self) -> list[ProcessPoolExecutor]:
        """The executors, for the caller to shut down; none is lent afterwards."""
        with self._changed:
            executors, self.executors, self._idle, self._closed = self.executors, [], [], True
            self._changed.notify_all()  # a document still waiting hears of it
        return executors

    @contextlib.contextmanager
    def lend(self, mb: float, light: float):
        """An idle assembler, once the documents being assembled leave room for `mb` MB of parts
        more, up to `light` MB in all (inf: a heavy document, assembled alone); replaced after the
        block if it grew too large. Documents start in the order they asked: a heavy one waiting
        is not overtaken by light ones."""
        turn = object()
        with self._changed:
            self._queue.append(turn)
            try:
                while not self._closed and not (self._queue[0] is turn and (self._idle or len(self.executors) < self.count)
                                                and (not self._assembling or sum(self._assembling, mb) <= light)):
                    self._changed.wait()
            finally:  # started, or interrupted while waiting: either way out of the line
                self._queue.remove(turn)
                self._changed.notify_all()  # the next in line may fit beside this one
            if self._closed:
                raise RuntimeError("the command's assemblers are shut down")
            if not self._idle:  # one was let go for a heavy document: a fresh one, from the workers' server
                self.executors.append(self._start(pool.server()))
                self._idle.append(self.executors[-1])
            executor = self._idle.pop()
            self._assembling.append(mb)
            spare, self._idle = (self._idle, []) if mb > light else ([], self._idle)
            self.executors = [e for e in self.executors if e not in spare]
        for idle in spare:  # not in memory beside a heavy document
            idle.shutdown(wait=True)
        try:
            yield executor
            if largest_mb(executor, pool.private_mb) > ASSEMBLER_ABOVE_MB:
                executor = self._replace(executor)
        finally:
            with self._changed:
                self._idle.append(executor)
                self._assembling.remove(mb)
                self._changed.notify_all()

    def _replace(self, old: ProcessPoolExecutor) -> ProcessPoolExecutor:
        new = self._start(pool.server())
        with self._changed:
            self.executors = [new if e is old else e for e in self.executors]
        old.shutdown(wait=True)
        return new

    def _start(self, context) -> ProcessPoolExecutor:
        executor = ProcessPoolExecutor(max_workers=1, mp_context=context, initializer=pool.start_assembler,
                                       initargs=(self.scratch,))
        executor.submit(int)
        return executor


def largest_mb(executor: ProcessPoolExecutor, measure=pool.resident_mb) -> float:
    """The most memory one of the executor's processes holds, by `measure` (resident by default)."""
    return max((measure(pid) for pid in processes(executor)), default=0.0)


def processes(executor: ProcessPoolExecutor) -> dict:
    """The executor's processes by pid (none once it is shut down or broken): no public way before 3.14."""
    return dict(executor._processes or {})  # noqa: SLF001
