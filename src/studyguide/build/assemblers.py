"""The assembler processes of one command: documents are assembled out of the main process, two
light ones side by side once no typesetting worker is left (a build's last seconds, and a
rebuild's, are mostly assembly), a heavy one alone.

A second assembler holds 40-60 MB of its own: beside the workers, or beside a heavy document,
that was a real bank's peak over its 600 MB target. So it is started (from the workers' server)
only while no worker set exists, and let go when one starts or a heavy document is assembled.
"""

from __future__ import annotations

import collections
import contextlib
import threading
from collections.abc import Callable
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
    """Up to `count` assembler processes, each lending itself to one document at a time: one forked
    when `start` is called, the others while `alone()` (no typesetting worker exists) holds,
    after `release()` (which lets idle workers go)."""

    def __init__(self, count: int, scratch: Path | None, alone: Callable[[], bool], release: Callable[[], None]):
        self.count, self.scratch, self.alone, self.release = count, scratch, alone, release
        self.executors: list[ProcessPoolExecutor] = []
        self._idle: list[ProcessPoolExecutor] = []
        self._assembling: list[float] = []  # MB of parts of each document being assembled (inf: heavy)
        self._queue: collections.deque[object] = collections.deque()  # documents waiting, first come first
        self._changed = threading.Condition()  # told when an assembly ends
        self._closed = False

    def start(self, context) -> None:
        """Fork the first assembler now: from the main process, before any other thread exists."""
        self.executors = [self._start(context)]
        self._idle = list(self.executors)

    def shrink(self) -> None:
        """Let the idle assemblers but one go (workers are starting); a busy one goes when its document is done."""
        with self._changed:
            spare = self._idle[:len(self.executors) - 1]
            self._idle = self._idle[len(spare):]
            self.executors = [e for e in self.executors if e not in spare]
        for idle in spare:
            idle.shutdown(wait=True)

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
        if mb <= light:
            self.release()  # workers with nothing to do make room for a second assembler
        with self._changed:
            self._queue.append(turn)
            try:
                while not self._closed and not (
                        self._queue[0] is turn and (self._idle or (len(self.executors) < self.count and self.alone()))
                        and (not self._assembling or sum(self._assembling, mb) <= light)):
                    self._changed.wait()
            finally:  # started, or interrupted while waiting: either way out of the line
                self._queue.remove(turn)
                self._changed.notify_all()  # the next in line may fit beside this one
            if self._closed:
                raise RuntimeError("the command's assemblers are shut down")
            if not self._idle:  # a second one, or the first again after a heavy document: from the workers' server
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
                self._assembling.remove(mb)
                extra = len(self.executors) > 1 and not self.alone()  # workers started meanwhile
                if extra:
                    self.executors.remove(executor)
                else:
                    self._idle.append(executor)
                self._changed.notify_all()
            if extra:
                executor.shutdown(wait=True)

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
