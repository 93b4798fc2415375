"""The commands that check a bank and write its outputs: check, build, guide, batch, cheatsheet, ..."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import click

from ..build.options import Settings
from ..build.run import build as run_build
from ..names import plural
from ..outputs.base import Request
from ..outputs.requests import Round, batch_requests, default_requests, press_requests
from . import echo
from .options import BOOKLET, CONTENT, OUT, OUTPUT, PAPER, PRESS, RENDER, SELECT, STRICT, make_settings, progress


def _build(requests: list[Request], settings: Settings, out: Path) -> None:
    if echo.level() > 0:  # -v reports pages laid out against pages shipped, which takes counting
        settings = dataclasses.replace(settings, count_pages=True)
    echo.report(run_build(requests, settings, out, progress()))


@click.command()
@CONTENT
@STRICT
def check(content: Path, strict: bool):
    """Validate the whole bank and report every problem as file:line:col.

    \b
    Example:
      studyguide check --content content
    """
    report = run_build([], Settings(content=content, strict=strict))
    echo.report(report)
    bank = report.bank
    questions = sum(len(c.questions) for c in bank.categories.values())
    click.echo(f"ok: {plural(len(bank.categories), 'category', 'categories')}, {plural(questions, 'question')}, "
               f"{plural(len(bank.batches), 'batch', 'batches')}")


@click.command()
@OUTPUT
@click.option("--edition", type=click.Choice(["print", "screen"]), default="print", show_default=True,
              help="print: OUT/guide.pdf; screen: OUT/guide-screen.pdf, A6 pages to read on a phone.")
@click.option("--theme", type=click.Choice(["light", "dark"]), default=None,
              help="Screen edition colours [default: light]; dark writes OUT/guide-screen-dark.pdf.")
@BOOKLET
@PRESS
@SELECT
def guide(settings: Settings, out: Path, edition: str, theme: str | None, booklet: bool, press: bool,  # noqa: PLR0913
          selection):
    """Write OUT/guide.pdf, the full study guide (or its screen edition).

    With --tags, --level, --section or --questions, only the questions chosen (each keeps its
    number in the full guide).

    \b
    Examples:
      studyguide guide --paper letter
      studyguide guide --edition screen --theme dark
      studyguide guide --booklet
      studyguide guide --press
      studyguide guide --tags networking,security --level senior
    """
    if edition == "print" and theme:
        raise click.BadParameter("--theme applies to the screen edition (--edition screen)", param_hint="--theme")
    if edition == "screen" and booklet:
        raise click.BadParameter("--booklet applies to the print edition", param_hint="--booklet")
    if edition == "screen" and press:
        raise click.BadParameter("--press applies to the print edition", param_hint="--press")
    request = Request("guide") if edition == "print" else Request("screen", (theme or "light",))
    requests = [request] + ([Request("guide-booklet")] if booklet else []) + press_requests(press, guide_only=True)
    _build([dataclasses.replace(r, data=selection) for r in requests], settings, out)


@click.command()
@OUTPUT
@BOOKLET
@PRESS
def build(settings: Settings, out: Path, booklet: bool, press: bool):
    """Write every default output into OUT.

    \b
    Example:
      studyguide build --out dist
    """
    extra = [Request("guide-booklet"), Request("handout-booklet")] if booklet else []
    _build(default_requests() + extra + press_requests(press), settings, out)


@click.command()
@click.argument("batch_id", metavar="BATCH_ID")
@OUTPUT
@BOOKLET
@PRESS
def batch(batch_id: str, settings: Settings, out: Path, booklet: bool, press: bool):
    """Write OUT/batches/BATCH_ID/: handout, practice sheet, onboarding pack, one copy per candidate.

    BATCH_ID is the name of a file in CONTENT/batches/ without .yaml. With `practice:
    {per_candidate: true, questions: 20}` in it, each copy ends with the candidate's own
    practice set and the trainer gets practice-keys.pdf.

    \b
    Examples:
      studyguide batch 01 --out dist
      studyguide batch 01 --booklet
      studyguide batch 01 --press
    """
    extra = [Request("handout-booklet", (batch_id,))] if booklet else []
    _build(batch_requests(batch_id) + extra + press_requests(press, batch_id), settings, out)


@click.command()
@click.argument("category_ids", metavar="[CATEGORY_ID]...", nargs=-1)
@OUTPUT
@SELECT
def cheatsheet(category_ids: tuple[str, ...], settings: Settings, out: Path, selection):
    """Write cheat sheets into OUT/cheatsheets/.

    CATEGORY_ID.pdf for each category named (every category when none is), and all.pdf
    with the same sheets in guide order, a bookmark each. A sheet is landscape, in three columns,
    and uses a question's `short` answer where it has one; a sheet longer than 2 pages
    is reported so that `short` answers can be added.

    \b
    Examples:
      studyguide cheatsheet
      studyguide cheatsheet aws agentic-ai --paper letter
      studyguide cheatsheet aws --section aws/IAM --questions deleted-production-s3-bucket
    """
    _build([Request("cheatsheets", category_ids, selection)], settings, out)


@click.command()
@click.argument("category_ids", nargs=-1, metavar="[CATEGORY_ID]...")
@OUTPUT
@SELECT
def flashcards(category_ids: tuple[str, ...], settings: Settings, out: Path, selection):
    """Write printable flashcards: OUT/flashcards/<id>.pdf for each category and all.pdf.

    Eight cards to a sheet (95 x 65 mm) with cut marks: questions on one side, answers on the
    other. Print double-sided, flipping on the long edge, and each answer lands behind its
    question. Without CATEGORY_ID, every chapter of the guide.

    \b
    Examples:
      studyguide flashcards
      studyguide flashcards aws kubernetes --paper letter
      studyguide flashcards --level junior
    """
    _build([Request("flashcards", category_ids, selection)], settings, out)


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
    _build([Request("anki")], Settings(content=content), out)


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
            cache_dir: Path | None, no_cache: bool, jobs: int | None, untagged: bool):
    """List the questions added, removed and edited since an earlier edition.

    REF is a git revision of the repository holding CONTENT, or a snapshot file written
    by --snapshot when the earlier edition was printed.

    \b
    Examples:
      studyguide changes --since v1.0
      studyguide changes --since HEAD~3 --pdf
      studyguide changes --snapshot editions/2026-05.json
    """
    from ..authoring import changes as history
    from ..build.write import write_all
    from ..content.history import compare
    from ..content.load import load_bank

    if not since and not snapshot_file:
        raise click.UsageError("give --since REF (a git revision or snapshot file) or --snapshot FILE")
    bank = load_bank(content).bank
    if snapshot_file:
        for path in write_all({snapshot_file: history.snapshot_bytes(bank)}, root=snapshot_file.parent):
            click.echo(f"wrote {path}")
    if not since:
        return
    found = compare(history.earlier(since, content), bank, since)
    for line in history.describe(found, bank):
        click.echo(line)
    if pdf and found.empty:
        click.echo(f"nothing changed: {out / 'whats-new.pdf'} not written")
    elif pdf:
        _build([Request("whats-new", data=found)], make_settings(content, paper, cache_dir, no_cache, jobs, untagged=untagged), out)


@click.command()
@click.argument("batch_id", metavar="BATCH_ID")
@OUTPUT
@click.option("--seed", metavar="S", default=None,
              help="Seed of the draw: a new one (e.g. the week) gives every candidate new questions "
                   "[default: the batch file's mock: seed, else 1].")
@click.option("--questions", "count", type=click.IntRange(1, 30), default=None, metavar="N",
              help="Questions each candidate is asked [default: the batch file's mock: questions, else 6].")
def mock(batch_id: str, settings: Settings, out: Path, seed: str | None, count: int | None):
    """Write OUT/batches/BATCH_ID/mock/: a mock-interview kit for each candidate of the batch.

    trainer.pdf holds each candidate's interviewer sheet (drawn questions, the answers to
    listen for, 1-5 scores, notes), then their feedback form; <candidate>.pdf is the form alone,
    with their name, to hand over. The same bank, batch and seed give the same questions.

    \b
    Examples:
      studyguide mock 01
      studyguide mock 01 --seed week-27 --questions 8
    """
    if seed is not None and not 0 < len(seed.strip()) <= 40:
        raise click.BadParameter("a seed is 1 to 40 characters", param_hint="--seed")
    _build([Request("mock", (batch_id,), Round(count, seed and seed.strip(), str(settings.content)))], settings, out)


COMMANDS = (check, build, guide, batch, cheatsheet, flashcards, anki, changes, mock)
