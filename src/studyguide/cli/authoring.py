"""The commands for writing a bank: import, new, watch, schema, doctor, stats."""

from __future__ import annotations

from pathlib import Path

import click

from ..names import plural
from .echo import say, warn
from .options import CONTENT, OUT, PAPER, RENDER, make_settings


@click.command("import")
@click.argument("source", type=click.Path(path_type=Path, exists=True))
@click.option("--out-content", type=click.Path(path_type=Path), default=Path("content"), show_default=True,
              help="Content folder to create.")
@click.option("--format", "layout", type=click.Choice(["seed", "markdown", "details"]), default=None,
              help="Layout of SOURCE [default: detected]; markdown and details files are read alike.")
@click.option("--base-url", metavar="URL", default=None,
              help="Web address of the bank's folder (e.g. its repository page): relative links are "
                   "resolved against it instead of becoming plain text.")
@click.option("--force", is_flag=True, help="Write into an existing content folder, replacing files of the same name.")
def import_command(source: Path, out_content: Path, layout: str | None, base_url: str | None, force: bool):
    """Turn a plain-text or Markdown question bank into content YAML.

    \b
    Layouts (detected from the text; --format picks one):
      seed      "<emoji> Category", a blurb line, "01Question", answer line
      markdown  "# Title", "## Category" (emoji optional), a blurb paragraph,
                then "### question" headings or "1." items, answer paragraphs
      details   <details><summary>question</summary> answer </details>

    A folder imports every .md file below it: its top README.md is the
    front page (its "##" headings are categories); every other file is one
    category titled by its "#" heading or its folder's name, and its "##"
    and "###" headings are sections. Level headings (### Beginner) and
    badges ("(Junior)", "[Senior]") set a question's level. HTML becomes
    Markdown, :shortcode: emoji become emoji, and local images are copied
    into the content folder's images/<category>/. Navigation lines, tables
    of contents and References/Credits sections are left out and reported.
    Questions without an answer are kept, marked "_No answer yet._" and
    tagged needs-answer.

    \b
    Examples:
      studyguide import questions.md
      studyguide import interview-bank/ --out-content content --force \\
          --base-url https://github.com/OWNER/REPO/blob/main/
    """
    from urllib.parse import urlsplit

    from ..authoring.importers.bank import read_source
    from ..authoring.importers.write import refuse_overwrite, write_content

    if base_url and (urlsplit(base_url).scheme not in ("http", "https") or not urlsplit(base_url).netloc):
        raise click.BadParameter(f"'{base_url}' is not a web address (https://...)", param_hint="--base-url")
    refuse_overwrite(out_content, force)
    imported = read_source(source, layout, base_url)
    written, found = write_content(imported, out_content, force)
    for problem in imported.problems + found:
        warn(problem)
    for note in imported.notes:
        say(f"note: {note}")
    for path in written:
        say(f"wrote {path}", at=1)
    categories = imported.bank["categories"]
    layouts = ", ".join(sorted(set(imported.layouts.values())))
    say(f"imported {plural(len(categories), 'category', 'categories')}, "
        f"{plural(len(imported.questions()), 'question')} ({layouts} layout) into {out_content}", fg="green")
    if imported.images:
        say(f"copied {plural(len(imported.images), 'image')} into {out_content / 'images'}")
    if imported.unanswered:
        say(f"{plural(imported.unanswered, 'question')} without an answer: tagged needs-answer")
    if imported.problems or found:
        say(f"{plural(len(imported.problems) + len(found), 'warning')} to look at: see above")
    schema = out_content.parent / "schema"
    if not schema.is_dir():  # the files' `$schema=../schema/...` lines point there
        say(f"for completion in editors: studyguide schema --out {schema}")
    say(f"next: studyguide check --content {out_content}")


@click.group("new")
def new():
    """Write a commented starter file that passes `studyguide check`.

    \b
    Examples:
      studyguide new category kubernetes
      studyguide new batch 02
    """


@new.command("category")
@click.argument("ident", metavar="ID")
@CONTENT
def new_category(ident: str, content: Path):
    """Write CONTENT/categories/ID.yaml and add ID to the guide's chapters.

    \b
    Example:
      studyguide new category kubernetes
    """
    _new(content, "category", ident)


@new.command("batch")
@click.argument("ident", metavar="ID")
@CONTENT
def new_batch(ident: str, content: Path):
    """Write CONTENT/batches/ID.yaml covering the guide's first chapters.

    \b
    Example:
      studyguide new batch 02
    """
    _new(content, "batch", ident)


def _new(content: Path, kind: str, ident: str) -> None:
    from ..authoring.scaffold import new_file

    path, notes = new_file(content, kind, ident)
    say(f"wrote {path}", fg="green")
    for note in notes:
        say(note)


@click.command()
@CONTENT
@OUT
@PAPER
@RENDER
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port of the preview on 127.0.0.1; 0 picks a free one.")
def watch(content: Path, out: Path, paper: str, cache_dir, no_cache: bool, jobs, untagged: bool, port: int):  # noqa: PLR0913
    """Rebuild on every save and preview the PDFs in a browser.

    The preview (127.0.0.1 only) lists the fresh PDFs and reloads itself
    after each build. A failed build prints its problems and keeps the
    previous PDFs. Ctrl-C stops.

    \b
    Example:
      studyguide watch --port 0
    """
    from ..authoring.watch import watch as watching

    try:
        watching(make_settings(content, paper, cache_dir, no_cache, jobs, untagged=untagged), out, port, echo=lambda message: say(message))
    except KeyboardInterrupt:
        pass
    say("stopped")


@click.command("schema")
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), default=Path("schema"), show_default=True,
              help="Folder for guide/category/batch.schema.json (content files point to ../schema).")
@click.option("--check", "check_only", is_flag=True, help="Write nothing; exit 1 if a file is missing or stale.")
def schema_command(out: Path, check_only: bool):
    """Write the JSON Schema of the content files, for editor completion.

    Content files name it on their first line (# yaml-language-server:
    $schema=...), so VS Code with the YAML extension completes keys and
    flags typos as you type.

    \b
    Examples:
      studyguide schema
      studyguide schema --check
    """
    from ..authoring import schema
    from ..errors import StudyGuideError

    if check_only:
        stale = [name for name in schema.MODELS if not (out / f"{name}.schema.json").is_file()
                 or (out / f"{name}.schema.json").read_text(encoding="utf-8") != schema.text(name)]
        if stale:
            raise StudyGuideError(f"{out}: out of date: {', '.join(stale)}; run `studyguide schema`")
        say(f"{out}: up to date")
        return
    written = schema.write(out)
    for name in schema.MODELS:
        path = out / f"{name}.schema.json"
        say(f"{'wrote' if path in written else 'unchanged'} {path}", at=0 if path in written else 1)


@click.command()
@CONTENT
def doctor(content: Path):
    """Check versions, fonts, Pango/HarfBuzz and the render cache.

    Prints what to install for anything missing; exits 1 if something
    a build needs is missing.

    \b
    Example:
      studyguide doctor
    """
    from ..authoring.doctor import diagnose, fixes, healthy

    sections = diagnose(content)
    width = max(len(check.name) for _, checks in sections for check in checks if check.detail)
    for title, checks in sections:
        click.echo(click.style(title, bold=True))
        for check in checks:
            mark = ("ok", "green") if check.ok else ("missing", "red") if check.required else ("note", "yellow")
            line = f"{check.name:<{width}}  {check.detail}" if check.detail else check.name
            click.echo(f"  {click.style(f'{mark[0]:<7}', fg=mark[1])} {line}".rstrip())
    todo = fixes(sections)
    if todo:
        click.echo(click.style("To fix:", bold=True))
        for command in todo:
            click.echo(f"  {command}")
    if not healthy(sections):
        raise click.exceptions.Exit(1)


@click.command()
@CONTENT
def stats(content: Path):
    """Questions per chapter and tag, answer lengths, estimated pages.

    \b
    Example:
      studyguide stats --content content
    """
    from ..authoring.stats import compute, lines
    from ..content.load import load_bank

    for line in lines(compute(load_bank(content).bank)):
        click.echo(line)


@click.command()
@CONTENT
@click.option("--cache", "cache_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Render cache folder [default: .studyguide-cache beside the content].")
def clean(content: Path, cache_dir: Path | None):
    """Remove the render cache and the temporary folders of killed commands or earlier versions.

    The next build renders every part afresh. Outputs in dist/ are left alone.

    \b
    Example:
      studyguide clean
    """
    import shutil

    from ..build import scratch
    from ..build.cache import default_folder

    cache = cache_dir or default_folder(content)
    found = scratch.leftovers(include_old_font_folders=True)
    if cache.is_dir():
        size = scratch.size([cache])
        shutil.rmtree(cache)
        say(f"removed {cache} ({size / 1e6:.1f} MB)")
    elif not found:
        say("nothing to remove")
    if found:
        size = scratch.size(found)
        scratch.remove(found)
        say(f"removed {plural(len(found), 'leftover temporary folder')} ({size / 1e6:.1f} MB)")


@click.command("check-pdf")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def check_pdf_command(files: tuple[Path, ...]):
    """Check PDFs for accessibility (PDF/UA-1) and print every rule each one fails.

    One line per failure, as FILE: RULE: MESSAGE; exit status 1 when any file fails. Works on
    any PDF: the outputs of a build, or an extra a trainer wants to add to a pack.

    \b
    Examples:
      studyguide check-pdf dist/guide.pdf
      studyguide check-pdf dist/batches/01/*.pdf content/extras/code-of-conduct.pdf
    """
    from ..authoring.accessibility import check_pdf

    failed = 0
    for path in files:
        failures = check_pdf(path)
        for failure in failures:
            click.echo(str(failure))
        failed += bool(failures)
    say(f"{plural(len(files) - failed, 'file')} of {len(files)} conform to PDF/UA-1")
    if failed:
        raise click.exceptions.Exit(1)


COMMANDS = (import_command, new, watch, schema_command, doctor, stats, clean, check_pdf_command)
