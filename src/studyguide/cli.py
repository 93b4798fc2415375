"""The `studyguide` command line: parse options, call the build, turn errors into messages."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from . import __version__
from .errors import ContentError, StudyGuideError

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
    stream = click.get_text_stream("stderr")
    if not quiet and stream.isatty():
        def progress(done: int, total: int, what: str) -> None:
            end = "\n" if done == total else ""
            stream.write(f"\r\x1b[2Krendering {done}/{total}: {what}{end}")
            stream.flush()

        report.progress = progress
    return report


class Group(click.Group):
    """Reports every StudyGuideError the same way: plain lines on stderr, no traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except ContentError as exc:
            for problem in exc.problems:
                click.echo(str(problem), err=True)
            count = len(exc.problems)
            click.echo(f"error: {count} problem{'s' if count != 1 else ''} found; nothing was written", err=True)
            ctx.exit(exc.exit_code)
        except StudyGuideError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(exc.exit_code)


def _report(report) -> None:
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    if (click.get_current_context().find_root().obj or {}).get("quiet"):
        return  # -q: warnings and errors only
    for path in report.written:
        click.echo(f"wrote {path}")
    for path in report.unchanged:
        click.echo(f"unchanged {path}")


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="studyguide")
@QUIET
@VERBOSE
def cli():
    """Build printable study guides from a YAML question bank.

    \b
    Examples:
      studyguide check
      studyguide build --paper letter
      studyguide guide --content content --out dist
    """


@cli.command()
@CONTENT
def check(content: Path):
    """Validate the whole bank and report every problem as file:line:col.

    \b
    Example:
      studyguide check --content content
    """
    from .load import load_bank

    bank = load_bank(content)
    click.echo(f"ok: {len(bank.categories)} categories, "
               f"{sum(len(c.questions) for c in bank.categories.values())} questions, "
               f"{len(bank.batches)} batches")


@cli.command()
@CONTENT
@OUT
@PAPER
@RENDER
def guide(content: Path, out: Path, paper: str, cache_dir: Path | None, no_cache: bool, jobs: int | None):
    """Write OUT/guide.pdf, the full study guide.

    \b
    Example:
      studyguide guide --paper letter
    """
    from .build import build_guide

    _report(build_guide(make_options(content, out, paper, cache_dir, no_cache, jobs), make_report()))


@cli.command()
@CONTENT
@OUT
@PAPER
@RENDER
def build(content: Path, out: Path, paper: str, cache_dir: Path | None, no_cache: bool, jobs: int | None):
    """Write every default output into OUT.

    \b
    Example:
      studyguide build --out dist
    """
    from .build import build_all

    _report(build_all(make_options(content, out, paper, cache_dir, no_cache, jobs), make_report()))


from .cli_authoring import register as _register_authoring  # noqa: E402  (uses the options above)

_register_authoring(cli)


def main() -> None:
    cli(prog_name="studyguide")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
