"""The orchestrator: load -> render -> typeset -> assemble -> write, read top to bottom."""

from __future__ import annotations

from pathlib import Path

from . import __version__, assemble, render
from .load import load_bank
from .manifest import Manifest, inputs_key
from .models import Bank, Batch, Chapter
from .output import write_all
from .parts import Options, PartJob, Report, render_part, render_parts
from .typeset import Typeset

GUIDE_STYLES = ("base.css", "guide.css")
FOLIO_STYLES = ("base.css", "folio.css")


def guide_pdf(bank: Bank, opts: Options, report: Report, chapter_ids: list[str] | None = None,
              batch: Batch | None = None) -> bytes:
    """The study guide (or a batch handout when `batch` is given) as PDF bytes."""
    chapters = bank.chapters(chapter_ids)
    title = bank.guide.title
    # Chapters first: their page counts decide the numbers printed in the contents.
    bodies = render_parts([PartJob(render.chapter_html(bank, ch), GUIDE_STYLES, f"chapter '{ch.id}'")
                           for ch in chapters], opts, report)
    front = _front_matter(bank, chapters, bodies, title, batch, opts, report)
    parts = [assemble.Part(front.pdf, label="")]
    parts += [assemble.Part(body.pdf, label="") for body in bodies]
    if bank.guide.outro:
        outro = render_part(PartJob(render.outro_html(bank), GUIDE_STYLES, "outro"), opts, report)
        parts.append(assemble.Part(outro.pdf, label=""))
    subject = ", ".join(ch.category.title for ch in chapters)
    writer = assemble.merge(parts, metadata={
        "Title": title if batch is None else f"{title} — {batch.banner}",
        "Author": bank.guide.publisher or "",
        "Subject": f"Interview questions and answers: {subject}",
        "Creator": f"studyguide {__version__}",
    })
    # Page numbers are stamped last, when the total is known; the cover stays bare.
    label = " · ".join(x for x in (title, bank.guide.edition) if x)
    stamp_folios(writer, label, opts, report, first=1)
    return assemble.to_bytes(writer)


def stamp_folios(writer, label: str, opts: Options, report: Report, first: int = 1) -> None:
    """Stamp 'Page N of M' (and `label`) on every page from `first` on."""
    folio = render_part(PartJob(render.folio_html(len(writer.pages), first, label), FOLIO_STYLES, "page numbers",
                                with_content=False), opts, report)
    assemble.stamp_pages(writer, folio.pdf, first=first)


def _front_matter(bank, chapters: list[Chapter], bodies: list[Typeset], title, batch, opts, report) -> Typeset:
    """Cover, intro and contents, with page numbers that match the assembled document."""
    front_pages = 2  # cover + contents, the usual case; re-rendered if the guess was wrong
    for _ in range(3):
        toc, page = [], front_pages + 1
        for chapter, body in zip(chapters, bodies):
            toc.append({"id": chapter.id, "title": chapter.category.title, "icon": chapter.category.icon,
                        "count": len(chapter.category.questions), "page": page})
            page += body.pages
        front = render_part(PartJob(render.front_html(bank, toc, title, batch), GUIDE_STYLES, "front matter"),
                            opts, Report())
        if front.pages == front_pages:
            report.warnings += [f"front matter: {m}" for m in front.warnings]
            return front
        front_pages = front.pages
    raise AssertionError("front matter length did not settle")  # pragma: no cover


def build_guide(opts: Options, report: Report | None = None) -> Report:
    """`studyguide guide`: validate the bank, then write OUT/guide.pdf."""
    return _run("guide", opts, report or Report(),
                lambda bank, report: {opts.out / "guide.pdf": guide_pdf(bank, opts, report)})


def build_all(opts: Options, report: Report | None = None) -> Report:
    """`studyguide build`: every default output, written only after all rendered."""

    def outputs(bank: Bank, report: Report) -> dict[Path, bytes]:
        result = {opts.out / "guide.pdf": guide_pdf(bank, opts, report)}
        return result

    return _run("build", opts, report or Report(), outputs)


def _run(command: str, opts: Options, report: Report, produce) -> Report:
    """Load, produce the outputs, write them; skip everything when no input changed."""
    bank = load_bank(opts.content)  # a bank with problems stops here, before any output
    manifest = key = None
    if opts.cache:
        key = inputs_key(opts.content, command, {"paper": opts.paper, "out": str(opts.out)})
        manifest = Manifest(opts.cache, opts.out, command)
        unchanged = manifest.unchanged(key)
        if unchanged is not None:
            report.unchanged = unchanged
            return report
    outputs = produce(bank, report)
    report.written = write_all(outputs)
    report.unchanged = sorted(set(outputs) - set(report.written))
    if manifest is not None:
        manifest.record(key, outputs)
    return report
