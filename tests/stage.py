"""Produce outputs in memory the way a command does (one session, nothing written), for tests."""

from __future__ import annotations

import contextlib
from pathlib import Path

from studyguide.build.options import Report, Settings
from studyguide.build.produce import checked, produce, session
from studyguide.content.load import load_bank
from studyguide.errors import Log
from studyguide.outputs.base import Request


def make(content, *requests, **settings) -> tuple[dict[str, bytes], Report]:
    """The files of `requests` (kind names or Requests), relative to OUT, and the build report."""
    options = Settings(content=Path(content), **settings)
    log = Log(strict=options.strict)
    loaded = load_bank(options.content)
    log.warn(*loaded.warnings)
    asked = [r if isinstance(r, Request) else Request(r) for r in requests]
    with session(options, log) as renderer:
        files = produce(renderer.context(loaded.bank), checked(loaded.bank, asked), options.jobs)
    log.settle()
    return files, Report(warnings=log.warnings, notes=log.notes, rendered=renderer.rendered,
                         cached=renderer.cached, bank=loaded.bank)


def guide(content, **settings) -> tuple[bytes, Report]:
    """The guide of the bank in `content`, and the report."""
    files, report = make(content, "guide", **settings)
    return files["guide.pdf"], report


@contextlib.contextmanager
def context(content, **settings):
    """An output context over the bank in `content`, for calling output functions directly."""
    options = Settings(content=Path(content), **settings)
    log = Log()
    with session(options, log) as renderer:
        yield renderer.context(load_bank(options.content).bank)
