"""The `studyguide` command line: parse options, call the build, turn errors into messages."""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

import click

from . import __version__, output
from .cli_options import (  # noqa: F401  (re-exported for the command modules)
    CONTENT, OUT, OUTPUT, PAPER, QUIET, RENDER, STRICT, VERBOSE, make_options, make_report,
)
from .errors import ContentError, Diagnostics, StudyGuideError, reset_diagnostics, use_diagnostics


class Group(click.Group):
    """Reports every StudyGuideError the same way: plain lines on stderr, no traceback."""

    def invoke(self, ctx):
        token = use_diagnostics(Diagnostics(show=lambda message: click.echo(f"warning: {message}", err=True)))
        commits = output.commit_count()
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except (Exception, KeyboardInterrupt) as exc:
            if ctx.meta.get("studyguide.debug"):
                traceback.print_exception(exc, file=sys.stderr)
            self._fail(ctx, exc, wrote=output.commit_count() > commits)
        finally:
            reset_diagnostics(token)

    @staticmethod
    def _fail(ctx, exc: BaseException, wrote: bool):
        """The one place an error becomes a message and an exit code; --debug shows the traceback."""
        try:
            raise exc
        except ContentError as exc:
            for problem in exc.problems:
                click.echo(str(problem), err=True)
            count = len(exc.problems)
            click.echo(f"error: {count} problem{'s' if count != 1 else ''} found; nothing was written", err=True)
            ctx.exit(exc.exit_code)
        except StudyGuideError as exc:
            for warning in getattr(exc, "warnings", []):  # --strict: the warnings that stopped the build
                click.echo(f"warning: {warning}", err=True)
            click.echo(f"error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            # Ctrl-C: outputs are replaced all together at the very end, so either none or all moved.
            click.echo("error: interrupted; " + ("the outputs were already written" if wrote else "nothing was written"),
                       err=True)
            ctx.exit(130)
        except BrokenPipeError:
            ctx.exit(1)  # the reader of our output went away (e.g. `| head`); nothing to say to it
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename else ""
            click.echo(f"error: {where}{exc.strerror or exc}", err=True)
            ctx.exit(1)
        except Exception as exc:
            click.echo(f"error: unexpected {type(exc).__name__}: {exc}\n"
                       "run the command again with --debug to see where it happened, and report it", err=True)
            ctx.exit(1)


def _report(report) -> None:
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    if (click.get_current_context().find_root().obj or {}).get("quiet"):
        return  # -q: warnings and errors only
    for note in report.notes:
        click.echo(f"note: {note}", err=True)
    for path in report.written:
        click.echo(f"wrote {path}")
    for path in report.unchanged:
        click.echo(f"unchanged {path}")


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="studyguide")
@QUIET
@VERBOSE
@click.option("--debug", is_flag=True, expose_value=False,
              callback=lambda ctx, param, value: ctx.meta.__setitem__("studyguide.debug", value),
              help="Show the full traceback when something fails.")
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
@STRICT
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
@OUTPUT
@click.option("--edition", type=click.Choice(["print", "screen"]), default="print", show_default=True,
              help="print: OUT/guide.pdf; screen: OUT/guide-screen.pdf, A6 pages to read on a phone.")
@click.option("--theme", type=click.Choice(["light", "dark"]), default=None,
              help="Screen edition colours [default: light]; dark writes OUT/guide-screen-dark.pdf.")
def guide(content: Path, out: Path, paper: str, cache_dir: Path | None, no_cache: bool, jobs: int | None,
          edition: str = "print", theme: str | None = None):
    """Write OUT/guide.pdf, the full study guide (or its screen edition).

    \b
    Examples:
      studyguide guide --paper letter
      studyguide guide --edition screen --theme dark
    """
    from .build import build_guide
    from .cli_extras import guide_edition

    options = make_options(content, out, paper, cache_dir, no_cache, jobs)
    if guide_edition(edition, theme, options, make_report()):
        return
    _report(build_guide(options, make_report()))


@cli.command()
@OUTPUT
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

from .cli_extras import register as _register_extras  # noqa: E402  (flashcards, anki, changes)

_register_extras(cli)


@cli.command()
@click.argument("batch_id", metavar="BATCH_ID")
@OUTPUT
def batch(batch_id: str, content: Path, out: Path, paper: str, cache_dir: Path | None, no_cache: bool,
          jobs: int | None):
    """Write OUT/batches/BATCH_ID/: handout, practice sheet, onboarding pack, one copy per candidate.

    BATCH_ID is the name of a file in CONTENT/batches/ without .yaml.

    \b
    Example:
      studyguide batch 01 --out dist
    """
    from .batches import UnknownBatch
    from .build import build_batch

    try:
        _report(build_batch(make_options(content, out, paper, cache_dir, no_cache, jobs), batch_id, make_report()))
    except UnknownBatch as exc:
        raise click.BadParameter(str(exc), param_hint="BATCH_ID") from None


@cli.command()
@click.argument("category_ids", metavar="[CATEGORY_ID]...", nargs=-1)
@OUTPUT
def cheatsheet(category_ids: tuple[str, ...], content: Path, out: Path, paper: str, cache_dir: Path | None,
               no_cache: bool, jobs: int | None):
    """Write cheat sheets into OUT/cheatsheets/.

    CATEGORY_ID.pdf for each category named (every category when none is), and all.pdf
    with the same sheets in guide order, a bookmark each. A sheet is landscape, in three columns,
    and uses a question's `short` answer where it has one; a sheet longer than 2 pages
    is reported so that `short` answers can be added.

    \b
    Examples:
      studyguide cheatsheet
      studyguide cheatsheet aws agentic-ai --paper letter
    """
    from .build import build_cheatsheets
    from .cheatsheets import UnknownCategory

    try:
        _report(build_cheatsheets(make_options(content, out, paper, cache_dir, no_cache, jobs), list(category_ids),
                                  make_report()))
    except UnknownCategory as exc:
        raise click.BadParameter(str(exc), param_hint="CATEGORY_ID") from None


def main() -> None:
    cli(prog_name="studyguide")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
