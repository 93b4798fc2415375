"""Build options, the build report, and the one door through which every part is typeset.

A part is looked up in the render cache first; the parts still to render are laid out in
parallel worker processes when more than one job is allowed.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .cache import Entry, PartCache, part_key
from .typeset import Typeset, css_text, typeset, warm_up


@dataclass
class Options:
    content: Path = Path("content")
    out: Path = Path("dist")
    paper: str = "a4"
    cache: Path | None = None  # None renders everything afresh
    jobs: int = 1


@dataclass
class Report:
    """What a build did, for the CLI to print."""

    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    rendered: int = 0
    cached: int = 0
    progress: Callable[[int, int, str], None] | None = None


@dataclass(frozen=True)
class PartJob:
    """One part to typeset: its HTML, the stylesheets it uses, and a name for messages."""

    html: str
    styles: tuple[str, ...]
    what: str
    with_content: bool = True  # may the part read files from the content folder?


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def _key(job: PartJob, opts: Options) -> str:
    base = str(Path(opts.content).resolve()) if job.with_content else ""
    return part_key(job.html, css_text(job.styles, opts.paper), opts.paper, base)


def _typeset_one(job: PartJob, paper: str, content: Path) -> Typeset:
    return typeset(job.html, job.styles, paper, content if job.with_content else None, job.what)


def render_parts(jobs: list[PartJob], opts: Options, report: Report) -> list[Typeset]:
    """Typeset every job (results in order), reusing cached parts and collecting warnings."""
    cache = PartCache(opts.cache) if opts.cache else None
    keys = [_key(job, opts) for job in jobs] if cache else [None] * len(jobs)
    results: list[Typeset | None] = [None] * len(jobs)
    todo = []
    for index, key in enumerate(keys):
        entry = cache.get(key) if cache else None
        if entry is not None:
            results[index] = Typeset(pdf=entry.pdf, pages=entry.pages, warnings=entry.warnings)
            with _counts:
                report.cached += 1
        else:
            todo.append(index)
    for index, result in zip(todo, _render([jobs[i] for i in todo], opts, report)):
        if cache:
            cache.put(keys[index], Entry(pdf=result.pdf, pages=result.pages, warnings=result.warnings))
        results[index] = result
    for job, result in zip(jobs, results):
        report.warnings += [f"{job.what}: {message}" for message in result.warnings]
    return results


# A pool of worker processes shared by every output of one build (see shared_pool), so parts
# of different outputs render side by side.
_shared: ProcessPoolExecutor | None = None
_counts = threading.Lock()


@contextlib.contextmanager
def shared_pool(opts: Options, styles: list[tuple[str, ...]]):
    """Start `opts.jobs` forked workers for the duration of a build (no-op with one job).

    The workers fork here, in the calling thread, before any producer thread exists, and
    import WeasyPrint and compile the stylesheets named in `styles` while this process goes on
    preparing the parts' HTML."""
    global _shared
    if opts.jobs <= 1 or _shared is not None:
        yield
        return
    pool = ProcessPoolExecutor(max_workers=opts.jobs, mp_context=multiprocessing.get_context("fork"),
                               initializer=_warm_worker, initargs=(tuple(styles), opts.paper))
    pool.submit(int)  # with fork, every worker starts at the first submit, right here
    _shared = pool
    try:
        yield
    finally:
        _shared = None
        pool.shutdown(wait=True, cancel_futures=True)


def _warm_worker(styles: tuple[tuple[str, ...], ...], paper: str) -> None:
    # Ctrl-C reaches the whole process group; the main process answers it (and stops the pool),
    # so a worker ignores it rather than print a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for names in styles:
        warm_up(names, paper)


def _in_pool(pool: ProcessPoolExecutor, jobs: list[PartJob], opts: Options, report: Report) -> list[Typeset]:
    # Longest first, so the last part to finish is a short one.
    order = sorted(range(len(jobs)), key=lambda i: -len(jobs[i].html))
    results: list[Typeset | None] = [None] * len(jobs)
    futures = {pool.submit(_typeset_one, jobs[i], opts.paper, opts.content): i for i in order}
    for done, future in enumerate(as_completed(futures), 1):
        index = futures[future]
        results[index] = future.result()
        _tick(report, done, len(jobs), jobs[index].what)
    with _counts:
        report.rendered += len(jobs)
    return results


def _render(jobs: list[PartJob], opts: Options, report: Report) -> list[Typeset]:
    if opts.jobs > 1 and (len(jobs) > 1 or _shared is not None):
        # Within a build the command's pool is already running; a caller outside one gets
        # a pool for just these jobs.
        with shared_pool(opts, sorted({job.styles for job in jobs})):
            return _in_pool(_shared, jobs, opts, report)
    results = []
    for done, job in enumerate(jobs, 1):
        results.append(_typeset_one(job, opts.paper, opts.content))
        _tick(report, done, len(jobs), job.what)
    with _counts:
        report.rendered += len(jobs)
    return results


def _tick(report: Report, done: int, total: int, what: str) -> None:
    if report.progress is not None:
        report.progress(done, total, what)


def memo(opts: Options, what: str, recipe: list[str], make: Callable[[], bytes]) -> bytes:
    """Assemble a document only when its recipe (part keys, metadata, options) changed.

    `recipe` must name everything the bytes depend on besides the code version; the parts'
    `Typeset.key` values are the usual ingredients.
    """
    if not opts.cache:
        return make()
    cache = PartCache(opts.cache)
    key = part_key("\n".join(recipe), what, opts.paper, "assembled")
    entry = cache.get(key)
    if entry is not None:
        return entry.pdf
    pdf = make()
    cache.put(key, Entry(pdf=pdf, pages=0, warnings=[]))
    return pdf


def render_part(job: PartJob, opts: Options, report: Report) -> Typeset:
    return render_parts([job], opts, report)[0]
