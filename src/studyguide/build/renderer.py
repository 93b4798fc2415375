"""The one door through which parts are typeset and documents assembled during a command.

A part is made once per command whatever asks for it (single-flight across the producer
threads), looked up in the render cache first, and laid out in the worker processes when
there are several. `memo` does the same for assembled documents, keyed by their inputs.
"""

from __future__ import annotations

import contextvars
import dataclasses
import hashlib
import re
import threading
from concurrent.futures import as_completed
from urllib.parse import unquote

from ..errors import Log, check_stop
from ..models import Bank
from ..outputs.base import Context
from ..stored import Stored
from ..typeset import weasy
from ..typeset.jobs import PartJob, Typeset
from ..typeset.styles import css_text
from .cache import PartCache, part_key, versions
from .memo import Flights, fingerprint
from .options import Progress, Settings, source_date
from .workers import Workers

# The output kind a producer thread works for, so pages laid out can be counted by kind.
KIND: contextvars.ContextVar[str] = contextvars.ContextVar("kind", default="")

# Images a part shows from the content folder (src without a scheme): their bytes key the part too.
_LOCAL_SRC = re.compile(r'<img [^>]*src="(?![a-z][a-z0-9+.-]*:)([^"]+)"')


class Renderer:
    """Typesets parts and memoises assembled documents for one command."""

    def __init__(self, settings: Settings, log: Log, progress: Progress | None = None,
                 workers: Workers | None = None):
        self.settings, self.log, self.progress, self.workers = settings, log, progress, workers
        self.cache = PartCache(settings.cache) if settings.cache else None
        self.flights = Flights()
        self.rendered = self.cached = 0
        self._counts = threading.Lock()
        # Without workers, one document assembled at a time: side by side, their object graphs
        # would add up in memory. With workers, Workers.assemble decides where and when.
        self._assembling = threading.Lock()
        self._digests: dict[tuple, str] = {}
        self._fresh: dict[str, int] = {}  # key -> pages, of every part laid out in this command
        self._asked: dict[str, set[str]] = {}  # kind -> keys of the parts it asked for

    def laid_out(self) -> dict[str, int]:
        """Pages WeasyPrint laid out, by the output kind that asked for them. A part two kinds
        share counts for both (whichever asked first), so each kind's count is deterministic."""
        with self._counts:
            return {kind: sum(self._fresh.get(key, 0) for key in keys) for kind, keys in self._asked.items()}

    def pages_laid_out(self) -> int:
        """Pages laid out in this command, each part once."""
        with self._counts:
            return sum(self._fresh.values())

    def context(self, bank: Bank) -> Context:
        """The context outputs of `bank` are produced in, rendering through this renderer."""
        return Context(bank=bank, paper=self.settings.paper, render=self.render, memo=self.memo, log=self.log,
                       source_date=source_date(self.settings.content), sides=self.settings.duplex)

    def _key(self, job: PartJob) -> str:
        base = str(self.settings.content.resolve()) if job.with_content else ""
        if job.with_content:  # a part is as new as the images it shows
            base += "".join(f"\n{src}:{self._digest(src)}" for src in sorted(set(_LOCAL_SRC.findall(job.html))))
        base += "\ntagged" if job.tagged else ""
        return part_key(job.html, css_text(job.styles, self.settings.paper), self.settings.paper, base, job.variant)

    def _digest(self, src: str) -> str:
        path = self.settings.content / unquote(src)
        try:
            stat = path.stat()
        except OSError:
            return "missing"
        key = (str(path), stat.st_mtime_ns, stat.st_size)
        if key not in self._digests:
            self._digests[key] = hashlib.sha256(path.read_bytes()).hexdigest()
        return self._digests[key]

    def render(self, jobs: list[PartJob]) -> list[Typeset]:
        """Typeset every job (results in order): each distinct part once, from the cache if it can."""
        if not self.settings.tagged:
            jobs = [dataclasses.replace(job, tagged=False) for job in jobs]
        claims = [(key, *self.flights.claim(key)) for key in map(self._key, jobs)]
        with self._counts:
            self._asked.setdefault(KIND.get(), set()).update(key for key, _, _ in claims)
        mine = [i for i, (_, _, owned) in enumerate(claims) if owned]
        todo = []
        for index in mine:
            key, future, _ = claims[index]
            entry = self.cache.get(key) if self.cache else None
            if entry is None:
                todo.append(index)
                continue
            self._finish(jobs[index], future, entry)
            with self._counts:
                self.cached += 1
        try:
            for index, result in self._typeset([jobs[i] for i in todo], todo):
                key, future, _ = claims[index]
                with self._counts:
                    self._fresh[key] = result.pages
                if self.cache:
                    self.cache.put(key, result)
                self._finish(jobs[index], future, result)
        except BaseException as exc:
            for index in todo:  # whoever waits for these parts hears of the failure too
                if not claims[index][1].done():
                    claims[index][1].set_exception(exc)
            raise
        return [future.result() for _, future, _ in claims]

    def _finish(self, job: PartJob, future, result: Typeset) -> None:
        self.log.warn(*(f"{job.what}: {message}" for message in result.warnings))
        future.set_result(result)

    def _typeset(self, jobs: list[PartJob], indexes: list[int]):
        """(index, Typeset) as each job finishes: in the workers when there are some."""
        if self.workers is None or not jobs:
            for done, (index, job) in enumerate(zip(indexes, jobs), 1):
                check_stop()
                yield index, weasy.typeset(job, self.settings.paper, self.settings.content)
                self._tick(done, len(jobs), job.what)
        else:
            # Longest first, so the last part to finish is a short one.
            order = sorted(range(len(jobs)), key=lambda i: -len(jobs[i].html))
            futures = {self.workers.submit(jobs[i]): i for i in order}
            for done, future in enumerate(as_completed(futures), 1):
                check_stop()
                i = futures[future]
                yield indexes[i], future.result()
                self._tick(done, len(jobs), jobs[i].what)
        with self._counts:
            self.rendered += len(jobs)

    def _tick(self, done: int, total: int, what: str) -> None:
        if self.progress is not None:
            self.progress(done, total, what)

    def memo(self, fn, *args):
        """fn(*args), computed once per distinct arguments in this command; bytes (or a tuple of
        bytes) are also kept in the cache, so documents whose inputs did not change are not
        assembled again."""
        key = fingerprint(versions(), fn.__module__, fn.__qualname__, args)
        return self.flights.run("memo:" + key, lambda: self._remembered(key, fn, args))

    def _remembered(self, key: str, fn, args):
        kept = self.cache.recall(key) if self.cache else None
        if kept is not None:
            return kept
        check_stop()
        if self.workers is not None:
            result = self.workers.assemble(fn, args)
        else:
            with self._assembling:
                result = fn(*args)
        if self.cache and _keepable(result):
            self.cache.keep(key, result)
        return result


def _keepable(result) -> bool:
    """Bytes, or a tuple of bytes (several files made together), are kept across commands."""
    files = (bytes, Stored)
    return isinstance(result, files) or (isinstance(result, tuple) and all(isinstance(r, files) for r in result))
