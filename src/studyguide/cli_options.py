"""Options shared by the commands, and the build options and report made from them."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from .errors import diagnostics

CONTENT = click.option("--content", type=click.Path(path_type=Path, file_okay=False), default=Path("content"),
                       show_default=True, help="Folder holding guide.yaml, categories/ and batches/.")
OUT = click.option("--out", type=click.Path(path_type=Path, file_okay=False), default=Path("dist"),
                   show_default=True, help="Folder the PDFs are written to.")
PAPER = click.option("--paper", type=click.Choice(["a4", "letter"]), default="a4", show_default=True,
                     help="Paper size.")


def _output_level(ctx, param, value):
    """-q/-v land in ctx.obj for commands to read; NO_COLOR (no-color.org) turns colour off."""
    ctx.ensure_object(dict)[param.name] = value
    if os.environ.get("NO_COLOR"):
        ctx.color = False  # click itself drops colour when the output is not a terminal
    if value and param.name == "verbose":
        _show_weasyprint_log(ctx)
    return value


def _show_weasyprint_log(ctx) -> None:
    """-v: WeasyPrint's own messages (fonts it could not load, CSS it ignored) while the command runs."""
    import logging

    logger, handler = logging.getLogger("weasyprint"), logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("weasyprint: %(message)s"))
    handler.addFilter(lambda record: not record.name.startswith("weasyprint.progress"))
    level = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)
    ctx.call_on_close(lambda: (logger.removeHandler(handler), logger.setLevel(level)))


QUIET = click.option("-q", "--quiet", is_flag=True, expose_value=False, callback=_output_level,
                     help="Print only warnings and errors.")
VERBOSE = click.option("-v", "--verbose", is_flag=True, expose_value=False, callback=_output_level,
                       help="Print more: every file written, and WeasyPrint's own messages.")
STRICT = click.option("--strict", is_flag=True, expose_value=False,
                      callback=lambda ctx, param, value: setattr(diagnostics(), "strict", diagnostics().strict or value),
                      help="Treat warnings (e.g. characters no embedded font can print) as errors.")


def RENDER(command):
    """--cache, --no-cache and --jobs: how parts are rendered (shared by every output command)."""
    command = click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
                           help="Parts rendered in parallel processes [default: number of cores].")(command)
    command = click.option("--no-cache", is_flag=True, help="Render every part afresh; leave the cache alone.")(command)
    command = click.option("--cache", "cache_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
                           help="Render cache folder [default: .studyguide-cache beside the content].")(command)
    return command


def make_options(content: Path, out: Path, paper: str, cache_dir: Path | None, no_cache: bool, jobs: int | None):
    """Options for a build from the command-line values (cache and jobs defaults resolved here)."""
    from .parts import Options, default_jobs

    cache = None if no_cache else (cache_dir or Path(content).resolve().parent / ".studyguide-cache")
    return Options(content=content, out=out, paper=paper, cache=cache, jobs=jobs or default_jobs())


def make_report():
    """A build report that shows progress on a terminal and stays quiet otherwise."""
    from .parts import Report

    report = Report()
    ctx = click.get_current_context(silent=True)
    quiet = bool(ctx and isinstance(ctx.obj, dict) and ctx.obj.get("quiet"))
    stream = sys.stderr  # click.get_text_stream is deprecated in Click 8.5
    if not quiet and stream.isatty():
        def progress(done: int, total: int, what: str) -> None:
            end = "\n" if done == total else ""
            stream.write(f"\r\x1b[2Krendering {done}/{total}: {what}{end}")
            stream.flush()

        report.progress = progress
    return report


def OUTPUT(command):
    """--content, --out, --paper, the render options and --strict: what every output command takes."""
    for option in (STRICT, RENDER, PAPER, OUT, CONTENT):  # innermost first, as stacked decorators apply
        command = option(command)
    return command
