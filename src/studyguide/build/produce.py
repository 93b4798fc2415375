"""Checks the requests against the bank and produces every output in memory, in one renderer
session: the part of a build that imports the typesetting and PDF code, so a build with nothing
to do never loads it."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from concurrent.futures import Future
from pathlib import Path

from ..errors import Log
from ..models import Bank, Selection
from ..outputs.base import Context, Request, check_selection
from ..outputs.guide import FOLIO_STYLES, GUIDE_STYLES
from ..outputs.registry import KINDS
from ..stored import Stored, data
from ..typeset import fragments, weasy
from .cache import versions
from .memo import fingerprint
from .options import Progress, Settings
from .renderer import KIND, Renderer
from .scratch import scratch_folder
from .workers import Workers

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


def shipped(renderer: Renderer, kind: str, files: dict[str, bytes]) -> int:
    """Pages the kind's files ship; counted once per distinct files (reading every page of every
    output again after a one-answer edit would cost as much as the edit's own assembly)."""
    count = lambda: KINDS[kind].shipped(files)  # noqa: E731
    if renderer.cache is None:
        return count()
    return renderer.cache.number(fingerprint(versions(), "shipped", kind, files), count)
