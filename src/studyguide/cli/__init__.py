"""Stage 7: the thin command line. Parses options, calls the build, and is the one place errors
become messages and exit codes."""

from __future__ import annotations

import os
import signal
import sys
import traceback

import click

from .. import __version__
from ..build import write
from ..errors import Terminated, UnknownId, explain, stop_requested
from . import authoring, outputs
from .options import DEBUG, GLOBAL, QUIET, VERBOSE


class Group(click.Group):
    """Reports every error the same way: plain lines on stderr, no traceback (unless --debug)."""

    def invoke(self, ctx):
        if os.environ.get("NO_COLOR"):  # no-color.org; click itself drops colour off a terminal
            ctx.color = False
        commits = write.commit_count()
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except UnknownId as exc:  # a usage error: click shows the usage line with it
            raise click.BadParameter(str(exc), param_hint=exc.param) from None
        except (Exception, KeyboardInterrupt, Terminated) as exc:
            if ctx.meta.get("studyguide.debug"):
                traceback.print_exception(exc, file=sys.stderr)
            failure = explain(exc, wrote=write.commit_count() > commits)
            for line in failure.lines:
                click.echo(line, err=True)
            ctx.exit(failure.code)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="studyguide")
@QUIET
@VERBOSE
@DEBUG
def cli():
    """Build printable study guides from a YAML question bank.

    \b
    Examples:
      studyguide check
      studyguide build --paper letter
      studyguide guide --content content --out dist
    """


def _with_global_options(command: click.Command) -> click.Command:
    for option in GLOBAL:
        option(command)
    for sub in getattr(command, "commands", {}).values():  # `new category`, `new batch`
        _with_global_options(sub)
    return command


for _command in outputs.COMMANDS + authoring.COMMANDS:
    cli.add_command(_with_global_options(_command))


def _terminate(signum, frame) -> None:
    stop_requested(Terminated)
    raise Terminated()


def _interrupt(signum, frame) -> None:
    stop_requested(KeyboardInterrupt)
    raise KeyboardInterrupt


def main() -> None:
    # SIGTERM (a supervisor, `timeout`, `kill`) unwinds like Ctrl-C: workers stopped, scratch removed.
    signal.signal(signal.SIGTERM, _terminate)
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # not when started with Ctrl-C ignored
        signal.signal(signal.SIGINT, _interrupt)
    cli(prog_name="studyguide")
