"""The orchestrator: load -> render -> typeset -> assemble -> write, read top to bottom."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import __version__, assemble, render
from .load import load_bank
from .models import Bank, Batch, Chapter
from .output import write_all
from .typeset import Typeset, typeset

GUIDE_STYLES = ("base.css", "guide.css")
FOLIO_STYLES = ("base.css", "folio.css")


@dataclass
class Options:
    content: Path = Path("content")
    out: Path = Path("dist")
    paper: str = "a4"


@dataclass
class Report:
    """What a build did, for the CLI to print."""

    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def absorb(self, result: Typeset, what: str) -> Typeset:
        self.warnings += [f"{what}: {message}" for message in result.warnings]
        return result


def guide_pdf(bank: Bank, opts: Options, report: Report, chapter_ids: list[str] | None = None,
              batch: Batch | None = None) -> bytes:
    """The study guide (or a batch handout when `batch` is given) as PDF bytes."""
    chapters = bank.chapters(chapter_ids)
    title = bank.guide.title
    # Chapters first: their page counts decide the numbers printed in the contents.
    bodies = [report.absorb(typeset(render.chapter_html(bank, ch), GUIDE_STYLES, opts.paper, opts.content),
                            f"chapter '{ch.id}'") for ch in chapters]
    front = _front_matter(bank, chapters, bodies, title, batch, opts, report)
    parts = [assemble.Part(front.pdf, label="")]
    parts += [assemble.Part(body.pdf, label="") for body in bodies]
    if bank.guide.outro:
        outro = report.absorb(typeset(render.outro_html(bank), GUIDE_STYLES, opts.paper, opts.content), "outro")
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
    folio = report.absorb(typeset(render.folio_html(len(writer.pages), 1, label), FOLIO_STYLES, opts.paper), "folio")
    assemble.stamp_pages(writer, folio.pdf, first=1)
    return assemble.to_bytes(writer)


def _front_matter(bank, chapters: list[Chapter], bodies: list[Typeset], title, batch, opts, report) -> Typeset:
    """Cover, intro and contents, with page numbers that match the assembled document."""
    front_pages = 2  # cover + contents, the usual case; re-rendered if the guess was wrong
    for _ in range(3):
        toc, page = [], front_pages + 1
        for chapter, body in zip(chapters, bodies):
            toc.append({"id": chapter.id, "title": chapter.category.title, "icon": chapter.category.icon,
                        "count": len(chapter.category.questions), "page": page})
            page += body.pages
        front = typeset(render.front_html(bank, toc, title, batch), GUIDE_STYLES, opts.paper, opts.content)
        if front.pages == front_pages:
            return report.absorb(front, "front matter")
        front_pages = front.pages
    raise AssertionError("front matter length did not settle")  # pragma: no cover


def build_guide(opts: Options) -> Report:
    """`studyguide guide`: validate the bank, then write OUT/guide.pdf."""
    bank = load_bank(opts.content)
    report = Report()
    outputs = {opts.out / "guide.pdf": guide_pdf(bank, opts, report)}
    return _write(outputs, report)


def build_all(opts: Options) -> Report:
    """`studyguide build`: every default output, written only after all rendered."""
    bank = load_bank(opts.content)
    report = Report()
    outputs = {opts.out / "guide.pdf": guide_pdf(bank, opts, report)}
    return _write(outputs, report)


def _write(outputs: dict[Path, bytes], report: Report) -> Report:
    report.written = write_all(outputs)
    report.unchanged = sorted(set(outputs) - set(report.written))
    return report
