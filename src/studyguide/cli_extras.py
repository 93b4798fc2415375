"""Study-aid commands: flashcards, anki, changes; and the guide's screen edition. cli.py registers them.

cli.py imports this module at its end, after defining the shared options used here.
"""

from __future__ import annotations

from pathlib import Path

import click

from .cli import CONTENT, OUT, OUTPUT, PAPER, RENDER, _report, make_options, make_report


@click.command()
@click.argument("category_ids", nargs=-1, metavar="[CATEGORY_ID]...")
@OUTPUT
def flashcards(category_ids: tuple[str, ...], content: Path, out: Path, paper: str, cache_dir: Path | None,
               no_cache: bool, jobs: int | None):
    """Write printable flashcards: OUT/flashcards/<id>.pdf for each category and all.pdf.

    Eight cards to a sheet (95 x 65 mm) with cut marks: questions on one side, answers on the
    other. Print double-sided, flipping on the long edge, and each answer lands behind its
    question. Without CATEGORY_ID, every chapter of the guide.

    \b
    Examples:
      studyguide flashcards
      studyguide flashcards aws kubernetes --paper letter
    """
    from .flashcards import UnknownCategory, build_flashcards

    try:
        _report(build_flashcards(make_options(content, out, paper, cache_dir, no_cache, jobs), list(category_ids),
                                 make_report()))
    except UnknownCategory as exc:
        raise click.BadParameter(str(exc), param_hint="CATEGORY_ID") from None


@click.command()
@CONTENT
@OUT
def anki(content: Path, out: Path):
    """Write OUT/anki/<bank>.apkg: an Anki deck, one note per question.

    A subdeck per category; tags kept, plus the category id. Importing the deck again after an
    edit updates the notes (and keeps your reviews) instead of adding duplicates.

    \b
    Example:
      studyguide anki --out dist
    """
    from .anki import build_anki
    from .parts import Options

    _report(build_anki(Options(content=content, out=out), make_report()))


@click.command()
@click.option("--since", "since", metavar="REF", help="A git revision (tag, branch, commit) or a snapshot file.")
@click.option("--snapshot", "snapshot_file", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Record the current questions in FILE, to compare a later edition with.")
@click.option("--pdf", is_flag=True, help="Also write OUT/whats-new.pdf, a 'What changed' insert.")
@CONTENT
@OUT
@PAPER
@RENDER
def changes(since: str | None, snapshot_file: Path | None, pdf: bool, content: Path, out: Path, paper: str,
            cache_dir: Path | None, no_cache: bool, jobs: int | None):
    """List the questions added, removed and edited since an earlier edition.

    REF is a git revision of the repository holding CONTENT, or a snapshot file written
    by --snapshot when the earlier edition was printed.

    \b
    Examples:
      studyguide changes --since v1.0
      studyguide changes --since HEAD~3 --pdf
      studyguide changes --snapshot editions/2026-05.json
    """
    from . import changes as changes_module
    from .load import load_bank
    from .output import write_all

    if not since and not snapshot_file:
        raise click.UsageError("give --since REF (a git revision or snapshot file) or --snapshot FILE")
    bank = load_bank(content)
    if snapshot_file:
        for path in write_all({snapshot_file: changes_module.snapshot_bytes(bank)}, root=snapshot_file.parent):
            click.echo(f"wrote {path}")
    if not since:
        return
    found = changes_module.compare(changes_module.earlier(since, content), bank, since)
    for line in changes_module.describe(found, bank):
        click.echo(line)
    if pdf and found.empty:
        click.echo(f"nothing changed: {out / 'whats-new.pdf'} not written")
    elif pdf:
        report = make_report()
        options = make_options(content, out, paper, cache_dir, no_cache, jobs)
        data = changes_module.insert_pdf(found, bank, options, report)
        report.written = write_all({out / "whats-new.pdf": data}, root=out)
        _report(report)


def guide_edition(edition: str, theme: str | None, options, report) -> bool:
    """`guide --edition screen`: build the screen edition and return True; False for print."""
    if edition == "print":
        if theme:
            raise click.BadParameter("--theme applies to the screen edition (--edition screen)", param_hint="--theme")
        return False
    from .screen import build_screen

    _report(build_screen(options, theme or "light", report))
    return True


def register(group: click.Group) -> None:
    for command in (flashcards, anki, changes):
        group.add_command(command)
