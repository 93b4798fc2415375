"""Options shared by the commands, and the build settings and progress display made from them."""

from __future__ import annotations

import functools
import logging
import sys
from pathlib import Path

import click
from pydantic import ValidationError

from ..build.cache import default_folder
from ..build.options import Settings, default_jobs
from ..models import Selection
from ..outputs.base import SELECTION_OPTIONS

CONTENT = click.option("--content", type=click.Path(path_type=Path, file_okay=False), default=Path("content"),
                       show_default=True, help="Folder holding guide.yaml, categories/ and batches/.")
OUT = click.option("--out", type=click.Path(path_type=Path, file_okay=False), default=Path("dist"),
                   show_default=True, help="Folder the PDFs are written to.")
PAPER = click.option("--paper", type=click.Choice(["a4", "letter"]), default="a4", show_default=True,
                     help="Paper size.")
STRICT = click.option("--strict", is_flag=True,
                      help="Treat warnings (e.g. characters no embedded font can print) as errors.")
SIDES = click.option("--duplex/--simplex", "duplex", default=None,
                     help="Printed two-sided (chapters open on right-hand pages) or one-sided "
                          "[default: as guide.yaml and the batch file say, two-sided unless set].")
BOOKLET = click.option("--booklet", is_flag=True,
                       help="Also write the guide (a batch's handout) as a booklet, *-booklet.pdf: A5 pages "
                            "(half-Letter with --paper letter) two to a side of landscape sheets, in fold order. "
                            "Print two-sided, flipping on the short edge, fold and staple.")

PRESS = click.option("--press", is_flag=True,
                     help="Also write the press edition, *-press.pdf: PDF/X-4 in CMYK (text on black alone), "
                          "3 mm bleed and crop marks, for a print shop.")


def _output_level(ctx, param, value):
    """-q/-v land in the root context's obj for commands to read."""
    if not value:
        return value
    ctx.find_root().ensure_object(dict)[param.name] = value
    if param.name == "verbose":
        _show_weasyprint_log(ctx)
    return value


def _show_weasyprint_log(ctx) -> None:
    """-v: WeasyPrint's own messages (fonts it could not load, CSS it ignored) while the command runs."""
    logger, handler = logging.getLogger("weasyprint"), logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("weasyprint: %(message)s"))
    handler.addFilter(lambda record: not record.name.startswith("weasyprint.progress"))
    level = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)
    ctx.find_root().call_on_close(lambda: (logger.removeHandler(handler), logger.setLevel(level)))


QUIET = click.option("-q", "--quiet", is_flag=True, expose_value=False, callback=_output_level,
                     help="Print only warnings and errors.")
VERBOSE = click.option("-v", "--verbose", is_flag=True, expose_value=False, callback=_output_level,
                       help="Print more: every file written, and WeasyPrint's own messages.")
DEBUG = click.option("--debug", is_flag=True, expose_value=False,
                     callback=lambda ctx, param, value: value and ctx.meta.__setitem__("studyguide.debug", True),
                     help="Show the full traceback when something fails.")
# Accepted before the command (studyguide -q build) and after it (studyguide build -q) alike.
GLOBAL = (QUIET, VERBOSE, DEBUG)


def RENDER(command):
    """--cache, --no-cache and --jobs: how parts are rendered (shared by every output command)."""
    command = click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
                           help="Parts rendered in parallel processes [default: number of cores].")(command)
    # Hidden: untagged PDFs fail PDF/UA; the benchmark uses it to measure what tagging costs.
    command = click.option("--untagged", is_flag=True, hidden=True,
                           help="Write untagged PDFs (to measure the cost of tagging).")(command)
    command = click.option("--no-cache", is_flag=True, help="Render every part afresh; leave the cache alone.")(command)
    command = click.option("--cache", "cache_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
                           help="Render cache folder [default: .studyguide-cache beside the content].")(command)
    return command


def make_settings(content: Path, paper: str = "a4", cache_dir: Path | None = None, no_cache: bool = False,  # noqa: PLR0913
                  jobs: int | None = None, strict: bool = False, duplex: bool | None = None,
                  untagged: bool = False) -> Settings:
    """Build settings from the command-line values (cache and jobs defaults resolved here)."""
    cache = None if no_cache else (cache_dir or default_folder(content))
    return Settings(content=content, paper=paper, cache=cache, jobs=jobs or default_jobs(), strict=strict,
                    duplex=duplex, tagged=not untagged)


def OUTPUT(command):
    """--content, --out, --paper, the render options and --strict, handed to the command as
    `settings` and `out`: what every output command takes."""

    @functools.wraps(command)
    def with_settings(content, out, paper, cache_dir, no_cache, jobs, strict, duplex, untagged, **rest):  # noqa: PLR0913
        settings = make_settings(content, paper, cache_dir, no_cache, jobs, strict, duplex, untagged)
        return command(settings=settings, out=out, **rest)

    for option in (SIDES, STRICT, RENDER, PAPER, OUT, CONTENT):  # innermost first, as stacked decorators apply
        with_settings = option(with_settings)
    return with_settings


def _listed(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").split(",") if part.strip()]


def SELECT(command):
    """--tags, --level, --section and --questions, handed to the command as `selection` (None when
    none is given): only the questions they choose, in bank order."""

    @functools.wraps(command)
    def with_selection(tags, levels, sections, questions, **rest):
        chosen = {"tags": _listed(tags), "levels": _listed(levels), "sections": _listed(sections),
                  "questions": _listed(questions)}
        try:
            selection = Selection(**chosen) if any(chosen.values()) else None
        except ValidationError as exc:
            error = exc.errors()[0]
            kind, index = error["loc"][0], error["loc"][1]
            raise click.BadParameter(f"'{chosen[kind][index]}': {error['msg']}",
                                     param_hint=SELECTION_OPTIONS[kind]) from None
        return command(selection=selection, **rest)

    options = [("--questions", "questions", "IDS", "These questions (ids), whatever the other options say."),
               ("--section", "sections", "SECTIONS", "Questions under any of these sections, "
                                                     "written chapter/Section title (e.g. aws/IAM)."),
               ("--level", "levels", "LEVELS", "Questions of any of these levels (e.g. senior)."),
               ("--tags", "tags", "TAGS", "Questions with any of these tags. Options of different kinds "
                                          "narrow each other; values are comma-separated.")]
    for flag, name, metavar, text in options:  # innermost first, as stacked decorators apply
        with_selection = click.option(flag, name, metavar=metavar, default=None, help=text)(with_selection)
    return with_selection


def progress():
    """A progress line on a terminal (quiet otherwise, and with -q): rendering 3/12: chapter 'aws'."""
    ctx = click.get_current_context(silent=True)
    quiet = bool(ctx and isinstance(ctx.find_root().obj, dict) and ctx.find_root().obj.get("quiet"))
    stream = sys.stderr  # click.get_text_stream is deprecated in Click 8.5
    if quiet or not stream.isatty():
        return None

    def show(done: int, total: int, what: str) -> None:
        end = "\n" if done == total else ""
        stream.write(f"\r\x1b[2Krendering {done}/{total}: {what}{end}")
        stream.flush()

    return show
