"""The orchestrator: load -> render -> typeset -> assemble -> write, read top to bottom."""

from __future__ import annotations

import contextvars
import functools
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from . import __version__, assemble, render
from .errors import fail_if_strict
from .load import load_bank
from .manifest import Manifest, inputs_key
from .models import Bank, Batch, Chapter
from .output import check_folder, write_all
from .parts import Options, PartJob, Report, memo, render_parts, shared_pool

GUIDE_STYLES = ("base.css", "guide.css")
FOLIO_STYLES = ("base.css", "folio.css")


# A chapter longer than this is rendered as several parts (each starting a new page), which
# bounds memory, lets workers share the load, and keeps an edit's re-render small.
CHUNK = 40


@dataclass(frozen=True)
class Edition:
    """How a guide is dressed: stylesheets laid over the guide's, and what its pages carry."""

    name: str = "guide"
    styles: tuple[str, ...] = ()  # laid over GUIDE_STYLES on every part
    folio_styles: tuple[str, ...] = FOLIO_STYLES
    footer_label: bool = True  # the title and edition beside each page number
    title_suffix: str = ""
    page_layout: str | None = None


PRINT = Edition()


def chapter_jobs(bank: Bank, chapters: list[Chapter], answers: bool = True,
                 extra: tuple[str, ...] = ()) -> list[tuple[Chapter, PartJob]]:
    """One job per chapter, or per run of CHUNK questions in a long chapter."""
    jobs = []
    for ch in chapters:
        count = len(ch.category.questions)
        for start in range(0, count, CHUNK):
            what = f"chapter '{ch.id}'" + (f" (questions {start + 1}-{min(start + CHUNK, count)})" if count > CHUNK else "")
            styles = (GUIDE_STYLES if start == 0 else GUIDE_STYLES + ("continued.css",)) + extra
            jobs.append((ch, PartJob(render.chapter_html(bank, ch, answers, start, start + CHUNK), styles, what)))
    return jobs


def guide_pdf(bank: Bank, opts: Options, report: Report, chapter_ids: list[str] | None = None,
              batch: Batch | None = None, edition: Edition = PRINT) -> bytes:
    """The study guide (or a batch handout when `batch` is given) as PDF bytes."""
    chapters = bank.chapters(chapter_ids)
    title = bank.guide.title
    styles = GUIDE_STYLES + edition.styles
    # Chapters (and the closing page) first: their page counts decide the numbers printed in
    # the contents and the total in every footer.
    jobs = chapter_jobs(bank, chapters, extra=edition.styles)
    closing = [PartJob(render.outro_html(bank), styles, "outro")] if bank.guide.outro else []
    rendered = render_parts([job for _, job in jobs] + closing, opts, report)
    bodies, outro = rendered[:len(jobs)], rendered[len(jobs):]
    pages: dict[str, int] = {}
    for (chapter, _), body in zip(jobs, bodies):
        pages[chapter.id] = pages.get(chapter.id, 0) + body.pages
    label = " · ".join(x for x in (title, bank.guide.edition) if x) if edition.footer_label else ""
    after_front = sum(pages.values()) + sum(part.pages for part in outro)
    front, folio = _front_and_folio(bank, chapters, pages, after_front, title, label, batch, edition, opts, report)
    parts = [assemble.Part(front.pdf, label="")]
    seen: set[str] = set()
    for (chapter, _), body in zip(jobs, bodies):
        parts.append(assemble.Part(body.pdf, label="", continues=chapter.id in seen))
        seen.add(chapter.id)
    parts += [assemble.Part(part.pdf, label="") for part in outro]
    subject = ", ".join(ch.category.title for ch in chapters)
    metadata = {
        "Title": (title if batch is None else f"{title} — {batch.banner}") + edition.title_suffix,
        "Author": bank.guide.publisher or "",
        "Subject": f"Interview questions and answers: {subject}",
        "Creator": f"studyguide {__version__}",
    }

    def make() -> bytes:
        writer = assemble.merge(parts, metadata)
        # Page numbers are stamped last, when the total is known; the cover stays bare.
        assemble.stamp_pages(writer, [piece.pdf for piece in folio], first=1)
        if edition.page_layout:
            writer.page_layout = edition.page_layout
        return assemble.to_bytes(writer)

    recipe = [front.key, *(body.key for body in bodies), parts[-1].key, *(piece.key for piece in folio),
              repr(sorted(metadata.items())), repr([p.continues for p in parts]), repr(edition)]
    return memo(opts, edition.name, recipe, make)


# Page-number overlays are rendered in pieces of this many pages, side by side.
FOLIO_CHUNK = 40


def folio_jobs(total: int, label: str, first: int = 1, styles: tuple[str, ...] = FOLIO_STYLES) -> list[PartJob]:
    """The 'Page N of M' overlay of a `total`-page document (bare before page `first` + 1), in pieces."""
    return [PartJob(render.folio_html(total, first, label, start, start + FOLIO_CHUNK - 1), styles,
                    "page numbers", with_content=False) for start in range(1, total + 1, FOLIO_CHUNK)]


def toc_entries(chapters: list[Chapter], pages: dict[str, int], first_page: int) -> list[dict]:
    """The contents: each chapter with its icon, question count and the page it opens on."""
    toc, page = [], first_page
    for chapter in chapters:
        toc.append({"id": chapter.id, "title": chapter.category.title, "icon": chapter.category.icon,
                    "count": len(chapter.category.questions), "page": page})
        page += pages[chapter.id]
    return toc


def _front_and_folio(bank, chapters: list[Chapter], pages: dict[str, int], after_front: int, title: str,
                     label: str, batch, edition: Edition, opts: Options, report: Report):
    """Cover, intro and contents with page numbers that match the assembled document, and the
    page-number overlay; rendered side by side on a guess of the front matter's length."""
    front_pages = 2  # cover + contents, the usual case; both are rendered again if it is wrong
    for _ in range(3):
        toc = toc_entries(chapters, pages, front_pages + 1)
        quiet = Report()
        front, *folio = render_parts(
            [PartJob(render.front_html(bank, toc, title, batch), GUIDE_STYLES + edition.styles, "front matter"),
             *folio_jobs(front_pages + after_front, label, styles=edition.folio_styles)], opts, quiet)
        if front.pages == front_pages:
            report.warnings += quiet.warnings
            report.rendered += quiet.rendered
            report.cached += quiet.cached
            return front, folio
        front_pages = front.pages
    raise AssertionError("front matter length did not settle")  # pragma: no cover


def build_guide(opts: Options, report: Report | None = None) -> Report:
    """`studyguide guide`: validate the bank, then write OUT/guide.pdf."""
    return run_build("guide", opts, report or Report(),
                lambda bank, report: {opts.out / "guide.pdf": guide_pdf(bank, opts, report)})


def build_all(opts: Options, report: Report | None = None) -> Report:
    """`studyguide build`: every default output, written only after all rendered."""

    def outputs(bank: Bank, report: Report) -> dict[Path, bytes]:
        from .anki import anki_outputs
        from .batches import batch_outputs  # batches builds on this module
        from .cheatsheets import cheatsheet_outputs
        from .flashcards import flashcard_outputs
        from .screen import screen_outputs

        producers = [lambda: {opts.out / "guide.pdf": guide_pdf(bank, opts, report)},
                     lambda: cheatsheet_outputs(bank, opts, report),
                     lambda: flashcard_outputs(bank, opts, report),
                     lambda: screen_outputs(bank, opts, report),
                     lambda: anki_outputs(bank, opts.content, opts.out)]
        producers += [functools.partial(batch_outputs, bank, batch_id, opts, report) for batch_id in sorted(bank.batches)]
        return _produce_side_by_side(producers, opts)

    return run_build("build", opts, report or Report(), outputs)


def _produce_side_by_side(producers, opts: Options) -> dict[Path, bytes]:
    """Run every output's producer at once: while one assembles, the others' parts render in the
    shared worker pool. Results merge in a fixed order, so the outputs never depend on timing."""
    if opts.jobs <= 1:
        results = [produce() for produce in producers]
    else:
        # run_build has started the shared worker pool; the threads only feed it.
        with ThreadPoolExecutor(max_workers=len(producers)) as threads:
            # Each thread carries this command's context (warnings, --strict) along.
            futures = [threads.submit(contextvars.copy_context().run, produce) for produce in producers]
            results = [future.result() for future in futures]
    merged: dict[Path, bytes] = {}
    for result in results:
        merged.update(result)
    return merged


def build_cheatsheets(opts: Options, ids: list[str], report: Report | None = None) -> Report:
    """`studyguide cheatsheet [ID ...]`: OUT/cheatsheets/<id>.pdf and all.pdf (every category when none named)."""
    from .cheatsheets import cheatsheet_outputs

    return run_build(" ".join(["cheatsheet", *ids]), opts, report or Report(),
                lambda bank, report: cheatsheet_outputs(bank, opts, report, ids or None))


def build_batch(opts: Options, batch_id: str, report: Report | None = None) -> Report:
    """`studyguide batch ID`: OUT/batches/<id>/ (handout, practice sheet, pack, candidates' copies)."""
    from .batches import UnknownBatch, batch_outputs, unknown_batch_message

    def outputs(bank: Bank, report: Report) -> dict[Path, bytes]:
        message = unknown_batch_message(bank, batch_id)
        if message:
            raise UnknownBatch(message)
        return batch_outputs(bank, batch_id, opts, report)

    return run_build(f"batch {batch_id}", opts, report or Report(), outputs)


def run_build(command: str, opts: Options, report: Report, produce) -> Report:
    """Load, produce the outputs, write them; skip everything when no input changed."""
    bank = load_bank(opts.content)  # a bank with problems stops here, before any output
    check_folder(opts.out)  # an unusable --out fails now, not after minutes of rendering
    manifest = key = None
    if opts.cache:
        key = inputs_key(opts.content, command, {"paper": opts.paper, "out": str(opts.out)})
        manifest = Manifest(opts.cache, opts.out, command)
        unchanged = manifest.unchanged(key)
        if unchanged is not None:
            # Nothing to do; the last build's warnings still hold (and still fail --strict).
            report.unchanged, report.warnings = unchanged
            fail_if_strict(report.warnings)
            return report
    # One set of workers for the whole command, warmed with the stylesheets most parts use.
    with shared_pool(opts, [GUIDE_STYLES, FOLIO_STYLES, GUIDE_STYLES + ("continued.css",)]):
        outputs = produce(bank, report)
    fail_if_strict(report.warnings)  # --strict: a warning stops the build before anything is written
    report.written = write_all(outputs, root=opts.out)
    report.unchanged = sorted(set(outputs) - set(report.written))
    if manifest is not None:
        manifest.record(key, outputs, report.warnings)
    return report
