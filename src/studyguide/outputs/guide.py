"""The study guide (and a batch's handout): cover, contents, one chapter per category, closing page.

Chapters render as parts of their own (long ones in runs), so an edit re-renders one part; page
numbers are stamped on at assembly, when the total is known.
"""

from __future__ import annotations

from dataclasses import dataclass

from pypdf import PdfWriter

from ..models import Bank, Batch, Chapter
from ..pdf.assemble import Part, merge
from ..pdf.objects import to_bytes
from ..pdf.stamp import stamp_pages
from ..typeset.html import render_template
from ..typeset.jobs import PartJob, Typeset
from .base import Context, Entry, Output, PerBatch, Request, entries, metadata

GUIDE_STYLES = ("base.css", "guide.css")
FOLIO_STYLES = ("base.css", "folio.css")
# A chapter longer than this is rendered as several parts (each starting a new page), which
# bounds memory, lets workers share the load, and keeps an edit's re-render small.
CHUNK = 40
# Page-number overlays are rendered in pieces of this many pages, side by side.
FOLIO_CHUNK = 40


@dataclass(frozen=True)
class Edition:
    """How a guide is dressed: stylesheets laid over the guide's, and what its pages carry."""

    name: str = "guide"
    styles: tuple[str, ...] = ()  # laid over GUIDE_STYLES on every part
    folio_styles: tuple[str, ...] = FOLIO_STYLES
    footer_label: bool = True  # the title and edition beside each page number
    title_suffix: str = ""
    page_layout: str | None = None
    code_columns: int = 79  # characters of code across the answer box (8.6 pt type, A4 or Letter)


PRINT = Edition()


def chapter_html(bank: Bank, chapter: Chapter, items: list[Entry], start: int = 0, columns: int = 79) -> str:
    """A chapter (or a run of its questions): the heading opens the first run, then each
    question, under its section's subheading, with its answer set off beneath."""
    return render_template("chapter.html", guide=bank.guide, chapter=chapter, start=start, items=items,
                           code_columns=columns)


def _continues(items: list[Entry], start: int) -> int:
    """How a run's bookmarks join the chapter's: 0 it opens the chapter, 1 under the chapter,
    2 under the section the previous run ended in."""
    if start == 0:
        return 0
    return 2 if items[start].section and not items[start].opens_section else 1


def chapter_jobs(bank: Bank, chapters: list[Chapter], edition: Edition) -> list[tuple[Chapter, PartJob, int]]:
    """One job per chapter, or per run of CHUNK questions in a long chapter (with how it continues)."""
    jobs = []
    for ch in chapters:
        items = entries(ch.category)
        for start in range(0, len(items), CHUNK):
            what = f"chapter '{ch.id}'" + (f" (questions {start + 1}-{min(start + CHUNK, len(items))})"
                                           if len(items) > CHUNK else "")
            styles = (GUIDE_STYLES if start == 0 else GUIDE_STYLES + ("continued.css",)) + edition.styles
            html = chapter_html(bank, ch, items[start:start + CHUNK], start, edition.code_columns)
            jobs.append((ch, PartJob(html, styles, what), _continues(items, start)))
    return jobs


def front_html(bank: Bank, toc: list[dict], doc_title: str, batch: Batch | None = None) -> str:
    """Cover, introduction and table of contents; `toc` carries real page numbers."""
    return render_template("front.html", guide=bank.guide, toc=toc, doc_title=doc_title, batch=batch,
                           question_total=sum(entry["count"] for entry in toc))


def folio_jobs(total: int, label: str, styles: tuple[str, ...] = FOLIO_STYLES) -> list[PartJob]:
    """The 'Page N of M' overlay of a `total`-page document (the cover bare), in pieces."""
    pieces = [range(start, min(start + FOLIO_CHUNK, total + 1)) for start in range(1, total + 1, FOLIO_CHUNK)]
    return [PartJob(render_template("folio.html", pages=total, numbers=numbers, skip_first=1, label=label),
                    styles, "page numbers", with_content=False) for numbers in pieces]


def toc_entries(chapters: list[Chapter], pages: dict[str, int], first_page: int) -> list[dict]:
    """The contents: each chapter with its icon, question count and the page it opens on."""
    toc, page = [], first_page
    for chapter in chapters:
        toc.append({"id": chapter.id, "title": chapter.category.title, "icon": chapter.category.icon,
                    "count": len(chapter.category.questions), "page": page})
        page += pages[chapter.id]
    return toc


@dataclass(frozen=True)
class Front:
    """What the front matter and the page numbers of one guide are set from."""

    chapters: list[Chapter]
    pages: dict[str, int]  # pages per chapter
    after_front: int  # pages after the front matter
    title: str
    label: str  # beside each page number
    batch: Batch | None
    edition: Edition


def _front_and_folio(ctx: Context, front: Front) -> tuple[Typeset, list[Typeset]]:
    """Cover, intro and contents with page numbers that match the assembled document, and the
    page-number overlay; rendered side by side on a guess of the front matter's length."""
    front_pages = 2  # cover + contents, the usual case; both are rendered again if it is wrong
    for _ in range(3):
        toc = toc_entries(front.chapters, front.pages, front_pages + 1)
        html = front_html(ctx.bank, toc, front.title, front.batch)
        first, *folio = ctx.render([PartJob(html, GUIDE_STYLES + front.edition.styles, "front matter"),
                                    *folio_jobs(front_pages + front.after_front, front.label,
                                                front.edition.folio_styles)])
        if first.pages == front_pages:
            return first, folio
        front_pages = first.pages
    raise AssertionError("front matter length did not settle")  # pragma: no cover


def assemble_guide(front: bytes, bodies: tuple[tuple[bytes, int], ...], outro: tuple[bytes, ...],
                   folio: tuple[bytes, ...], info: dict[str, str], page_layout: str | None) -> bytes:
    """Front matter, chapter runs (with how each continues the previous one) and closing page as
    one document; page numbers stamped last, when the total is known, the cover left bare."""
    parts = [Part(front, label="")]
    parts += [Part(pdf, label="", continues=continues) for pdf, continues in bodies]
    parts += [Part(pdf, label="") for pdf in outro]
    writer: PdfWriter = merge(parts, info)
    stamp_pages(writer, list(folio), first=1)
    if page_layout:
        writer.page_layout = page_layout
    return to_bytes(writer)


def guide_pdf(ctx: Context, chapter_ids: tuple[str, ...] | None = None, batch: Batch | None = None,
              edition: Edition = PRINT) -> bytes:
    """The study guide (or a batch handout when `batch` is given) as PDF bytes."""
    bank = ctx.bank
    chapters = bank.chapters(None if chapter_ids is None else list(chapter_ids))
    title = bank.guide.title
    # Chapters (and the closing page) first: their page counts decide the numbers printed in
    # the contents and the total in every footer.
    jobs = chapter_jobs(bank, chapters, edition)
    closing = [PartJob(render_template("outro.html", guide=bank.guide), GUIDE_STYLES + edition.styles, "outro")
               ] if bank.guide.outro else []
    rendered = ctx.render([job for _, job, _ in jobs] + closing)
    bodies, outro = rendered[:len(jobs)], rendered[len(jobs):]
    pages: dict[str, int] = {}
    for (chapter, _, _), body in zip(jobs, bodies):
        pages[chapter.id] = pages.get(chapter.id, 0) + body.pages
    label = " · ".join(x for x in (title, bank.guide.edition) if x) if edition.footer_label else ""
    after_front = sum(pages.values()) + sum(part.pages for part in outro)
    front, folio = _front_and_folio(ctx, Front(chapters, pages, after_front, title, label, batch, edition))
    runs = tuple((body.pdf, continues) for (_, _, continues), body in zip(jobs, bodies))
    subject = ", ".join(ch.category.title for ch in chapters)
    info = metadata(bank, (title if batch is None else f"{title} — {batch.banner}") + edition.title_suffix,
                    f"Interview questions and answers: {subject}")
    return ctx.memo(assemble_guide, front.pdf, runs, tuple(p.pdf for p in outro),
                    tuple(p.pdf for p in folio), info, edition.page_layout)


class Guide(Output):
    """OUT/guide.pdf: the whole bank, chapters in the guide's order."""

    name = "guide"

    def produce(self, ctx: Context, request: Request) -> dict[str, bytes]:
        return {"guide.pdf": guide_pdf(ctx)}


def handout_pdf(ctx: Context, batch: Batch) -> bytes:
    """The guide cut to a batch's chapters, its banner on the cover."""
    return guide_pdf(ctx, tuple(batch.chapters), batch)


class Handout(PerBatch):
    """OUT/batches/<id>/handout.pdf."""

    name, file = "handout", "handout.pdf"

    def make(self, ctx: Context, batch: Batch) -> bytes:
        return handout_pdf(ctx, batch)
