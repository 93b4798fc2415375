"""What the commands print: informational lines (hidden by -q), warnings, and a build's report."""

from __future__ import annotations

import click


def level() -> int:
    """-1 with -q, 1 with -v, else 0 (the flags live on the root context's obj)."""
    obj = click.get_current_context().find_root().obj or {}
    return -1 if obj.get("quiet") else 1 if obj.get("verbose") else 0


def say(message: str, at: int = 0, **style) -> None:
    """Informational output: hidden by -q; `at`=1 only with -v. Colour only on a terminal."""
    if level() >= at:
        click.echo(click.style(message, **style) if style else message)


def warn(message) -> None:
    click.echo(f"{click.style('warning:', fg='yellow')} {message}", err=True)


def report(done) -> None:
    """A build's report: its warnings always; notes, written and unchanged files unless -q."""
    for warning in done.warnings:
        warn(warning)
    if level() < 0:
        return
    for note in done.notes:
        click.echo(f"note: {note}", err=True)
    for path in done.written:
        click.echo(f"wrote {path}")
    for path in done.unchanged:
        click.echo(f"unchanged {path}")
    if level() > 0 and (done.rendered or done.cached):
        pages(done)


def pages(done) -> None:
    """-v: the pages WeasyPrint laid out for each output kind against the pages its files ship."""
    click.echo(f"laid out {done.pages_laid_out} pages in {done.rendered} parts ({done.cached} parts from the cache)")
    for kind, laid in done.laid_out.items():
        shipped = done.shipped.get(kind, 0)
        ratio = f" ({laid / shipped:.2f} per page shipped)" if shipped else ""
        click.echo(f"  {kind}: laid out {laid} pages, shipped {shipped}{ratio}")
