"""The orchestrator: load -> check the requests -> render and assemble -> apply --strict -> write, once.

Read top to bottom, `build` is the pipeline. Outputs never write: they return bytes by relative
path, and only `build` moves them into the output folder, all together, after everything rendered.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from concurrent.futures import Future
from pathlib import Path

from ..content.load import load_bank
from ..errors import Log, Problem
from ..models import Bank, Selection
from ..outputs.base import Context, Request, check_selection
from ..outputs.guide import FOLIO_STYLES, GUIDE_STYLES
from ..outputs.registry import KINDS
from ..stored import Stored, data
from ..typeset import fragments, weasy
from .cache import versions
from .manifest import Manifest, inputs_key
from .memo import fingerprint
from .options import Progress, Report, Settings
from .renderer import KIND, Renderer
from .scratch import scratch_folder
from .workers import Workers
from .write import check_folder, write_all

# Stylesheets the workers compile while the first parts' HTML is prepared: those most parts use.
WARM = [GUIDE_STYLES, FOLIO_STYLES, GUIDE_STYLES + ("continued.css",)]


@contextlib.contextmanager
def session(settings: Settings, log: Log, progress: Progress | None = None,
            scratch: Path | None = None) -> Iterator[Renderer]:
    """The renderer of one command, with its worker processes while they are needed, its
    scratch folder for whatever the typesetter writes to $TMPDIR (the caller's, when the parts and
    documents stored there must outlive the session), and the Markdown fragments kept from the
    last command."""
    # Undone in reverse: the workers go, then the fonts are forgotten, then the folder goes.
    with contextlib.ExitStack() as stack:
        if scratch is None:
            scratch = stack.enter_context(scratch_folder())
        weasy.keep_fonts_in(scratch)
        stack.callback(weasy.keep_fonts_in, None)
        stack.callback(weasy.release)
        workers = None
        if settings.jobs > 1:
            workers = stack.enter_context(Workers(settings.jobs, settings.paper, settings.content, WARM, scratch))
        renderer = Renderer(settings, log, progress, workers)
        # Markdown the last command rendered is not rendered again; what this one used is kept.
        found = renderer.cache.fragments() if renderer.cache else {}
        fragments.learn(found)
        yield renderer
        if renderer.cache:
            renderer.cache.keep_fragments(fragments.used(), found)


def checked(bank: Bank, requests: list[Request]) -> list[Request]:
    """The requests with their ids (and a selection given as options) checked against the bank,
    before anything renders."""
    found = []
    for r in requests:
        ids = KINDS[r.kind].targets(bank, r.ids)
        if isinstance(r.data, Selection):
            check_selection(bank, KINDS[r.kind].pool(bank, ids), r.data)
        found.append(Request(r.kind, ids, r.data))
    return found


def produce(ctx: Context, requests: list[Request], jobs: int = 1) -> dict[str, bytes]:
    """Every requested output, in memory. With several jobs the producers run side by side: while
    one assembles, the others' parts render in the workers. Results merge in request order, so
    the outputs never depend on timing."""
    by_kind = produced_by_kind(ctx, requests, jobs)
    merged: dict[str, bytes] = {}
    for result in by_kind.values():
        merged.update((rel, data(file)) for rel, file in result.items())
    return merged


def produced_by_kind(ctx: Context, requests: list[Request], jobs: int = 1) -> dict[str, dict[str, bytes | Stored]]:
    """`produce`, the files kept apart by output kind (in request order), those made in the
    assembler still in the session's scratch folder."""
    calls = [lambda r=r: _as_kind(r.kind, KINDS[r.kind].produce, ctx, r) for r in requests]
    results = [call() for call in calls] if jobs <= 1 or len(calls) <= 1 else _side_by_side(calls)
    by_kind: dict[str, dict[str, bytes]] = {}
    for request, result in zip(requests, results):
        by_kind.setdefault(request.kind, {}).update(result)
    return by_kind


def _as_kind(kind: str, fn, *args):
    KIND.set(kind)  # each producer runs in a thread (or a call) of its own: the value stays with it
    return fn(*args)


def _side_by_side(calls: list) -> list:
    """Run the calls in threads and wait for all of them. The threads are daemons: on Ctrl-C the
    command leaves at once (its workers killed) rather than wait for them to notice."""
    futures = [Future() for _ in calls]

    def run(call, future: Future) -> None:
        try:
            future.set_result(call())
        except BaseException as exc:  # handed to the waiting main thread
            future.set_exception(exc)

    for call, future in zip(calls, futures):
        threading.Thread(target=run, args=(call, future), name="producer", daemon=True).start()
    return [future.result() for future in futures]


def build(requests: list[Request], settings: Settings, out: Path | None = None,
          progress: Progress | None = None) -> Report:
    """Load the bank, produce `requests`, and write them into `out`; skip everything when no input changed.

    With no requests this is `check`: the bank is loaded and --strict applied, nothing written."""
    log, report = Log(strict=settings.strict), Report()
    manifest = key = None
    if requests and settings.cache:
        # Every input is in the key, so a build whose key and outputs are those of the last one
        # would make the same files and say the same warnings: it reads no more than that.
        options = {"paper": settings.paper, "out": str(out), "content": str(settings.content)}
        key = inputs_key(settings.content, fingerprint(requests), options)
        manifest = Manifest(settings.cache, out, " ".join(r.kind for r in requests))
        unchanged = manifest.unchanged(key)
        if unchanged is not None:
            report.unchanged, previous = unchanged
            log.warn(*(w for w in previous if isinstance(w, Problem)))
            log.settle()  # --strict stops at the content's own warnings first, as when it is read
            log.warn(*previous)
            return _settled(report, log)
    loaded = load_bank(settings.content)  # a bank with problems stops here, before any output
    log.warn(*loaded.warnings)
    log.settle()  # --strict and the content prints badly: say so now, not after minutes of rendering
    report.bank = loaded.bank
    requests = checked(loaded.bank, requests)  # an unknown id stops here, before any rendering
    if requests:
        check_folder(out)  # an unusable --out fails now, not after minutes of rendering
        # The outputs wait in the scratch folder until they are written.
        with scratch_folder() as scratch:
            with session(settings, log, progress, scratch) as renderer:
                by_kind = produced_by_kind(renderer.context(loaded.bank), requests, settings.jobs)
            outputs = {Path(out) / rel: file for files in by_kind.values() for rel, file in files.items()}
            report.rendered, report.cached = renderer.rendered, renderer.cached
            report.laid_out, report.pages_laid_out = renderer.laid_out(), renderer.pages_laid_out()
            if settings.count_pages:
                report.shipped = {kind: _shipped(renderer, kind, files) for kind, files in by_kind.items()}
            _settled(report, log)  # --strict: a warning stops the build before anything is written
            report.written = write_all(outputs, root=Path(out))
        report.unchanged = sorted(set(outputs) - set(report.written))
        if manifest is not None:
            manifest.record(key, outputs, log.warnings)
        return report
    return _settled(report, log)


def _shipped(renderer: Renderer, kind: str, files: dict[str, bytes]) -> int:
    """Pages the kind's files ship; counted once per distinct files (reading every page of every
    output again after a one-answer edit would cost as much as the edit's own assembly)."""
    count = lambda: KINDS[kind].shipped(files)  # noqa: E731
    if renderer.cache is None:
        return count()
    return renderer.cache.number(fingerprint(versions(), "shipped", kind, files), count)


def _settled(report: Report, log: Log) -> Report:
    log.settle()
    report.warnings, report.notes = list(log.warnings), list(log.notes)
    return report
