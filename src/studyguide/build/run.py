"""The orchestrator: nothing changed? -> load -> check the requests -> render and assemble (produce.py)
-> apply --strict -> write, once.

Read top to bottom, `build` is the pipeline. Outputs never write: they return bytes by relative
path, and only `build` moves them into the output folder, all together, after everything rendered.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import Log, Problem
from ..outputs.base import Request
from .manifest import Manifest, inputs_key
from .memo import fingerprint
from .options import Progress, Report, Settings
from .scratch import scratch_folder
from .write import check_folder, write_all


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
    if requests and settings.jobs > 1:
        from .pool import start_server

        start_server()  # the workers' server imports while this process reads the bank
    # Only now the code that reads the bank and makes outputs: a build with nothing to do never
    # imports it, which is most of what such a build would cost.
    from ..content.load import load_bank
    from .produce import checked, produced_by_kind, session, shipped

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
                report.shipped = {kind: shipped(renderer, kind, files) for kind, files in by_kind.items()}
            _settled(report, log)  # --strict: a warning stops the build before anything is written
            report.written = write_all(outputs, root=Path(out))
        report.unchanged = sorted(set(outputs) - set(report.written))
        if manifest is not None:
            manifest.record(key, outputs, log.warnings)
        return report
    return _settled(report, log)


def _settled(report: Report, log: Log) -> Report:
    log.settle()
    report.warnings, report.notes = list(log.warnings), list(log.notes)
    return report
