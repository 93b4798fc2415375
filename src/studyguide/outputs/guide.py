"""The study guide (and a batch's handout): cover, contents, one chapter per category, closing page.

Chapters render as parts of their own (long ones in runs), so an edit re-renders one part; page
numbers are stamped on at assembly, when the total is known.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass

from pikepdf import Name

from ..models import Bank, Batch, Chapter
from ..pdf.assemble import Part, merge, page_plan
from ..pdf.assembly import finish
from ..pdf.folio import stamp_folios
from ..typeset.html import render_template
from ..typeset.jobs import PartJob, Typeset
from ..typeset.qr import qr_svg
from .base import Context, Entry, Output, PerBatch, Request, entries, metadata, selected
from .index import INDEX_STYLES, index_jobs, index_terms
from .tracker import outro_html, tracker_html

GUIDE_STYLES = ("base.css", "guide.css")
FOLIO_STYLES = ("base.css", "folio.css")
# A chapter longer than this is rendered as several parts (each starting a new page), which
# bounds memory, lets workers share the load, and keeps an edit's re-render small.
CHUNK = 40
# Page numbers are set as strips (FOLIO_BAND mm tall, FOLIO_STRIPS to an overlay page: fewer
# than the smallest page, A6, holds) in pieces of FOLIO_CHUNK numbers (whole overlay pages),
# side by side. The overlay is the last part before the assembly: a 152-page guide's is two
# parts of 0.3 s on two workers, where one piece took 0.6 s.
FOLIO_BAND, FOLIO_STRIPS, FOLIO_CHUNK = 6.0, 20, 80


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
    two_sided: bool = True  # printed, so chapters open on right-hand pages when the print is duplex


PRINT = Edition()


def chapter_html(bank: Bank, chapter: Chapter, items: list[Entry], start: int = 0, columns: int = 79) -> str:
    """A chapter (or a run of its questions): the heading opens the first run, then each
    question, under its section's subheading, with its answer set off beneath."""
    return render_template("chapter.html", guide=bank.guide, chapter=chapter, start=start, items=items,
                           code_columns=columns)


def continues(items: list[Entry], start: int) -> int:
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
            jobs.append((ch, PartJob(html, styles, what), continues(items, start)))
    return jobs


def front_html(bank: Bank, toc: list[dict], doc_title: str, batch: Batch | None = None,  # noqa: PLR0913
               duplex: bool = False, back: list[dict] | None = None) -> str:
    """Cover, introduction and table of contents; `toc` (the chapters) and `back` (the tracker and
    index after them) carry real page numbers. Two-sided, the contents opens on a right-hand page,
    the cover's back left blank."""
    return render_template("front.html", guide=bank.guide, toc=toc, doc_title=doc_title, batch=batch, back=back or [],
                           question_total=sum(entry["count"] for entry in toc), duplex=duplex,
                           qr=qr_svg(batch.url) if batch and batch.url else None)


def folio_jobs(total: int, bare: frozenset[int], label: str, styles: tuple[str, ...] = FOLIO_STYLES,
               look: tuple[str, str] = ("", "Page {n} of {total}")) -> list[tuple[tuple[int, ...], PartJob]]:
    """The 'Page N of M' overlay of a `total`-page document, in pieces: (the page numbers it holds,
    its job); pages in `bare` (the cover, blank versos) get none. `look`: a class for the overlay's
    body (which pages it is set on) and how a number reads."""
    page_class, form = look
    numbered = [n for n in range(1, total + 1) if n not in bare]
    pieces = [tuple(numbered[start:start + FOLIO_CHUNK]) for start in range(0, len(numbered), FOLIO_CHUNK)]
    return [(numbers, PartJob(render_template("folio.html", home=form.format(n=total, total=total), label=label,
                                              strips=[(n, form.format(n=n, total=total)) for n in numbers],
                                              band=FOLIO_BAND, per_page=FOLIO_STRIPS, page_class=page_class),
                              styles, "page numbers", with_content=False, tagged=False)) for numbers in pieces]


def folio_parts(ctx: Context, pieces: list[tuple[tuple[int, ...], PartJob]]) -> tuple[tuple[bytes, tuple[int, ...]], ...]:
    """`folio_jobs`' pieces typeset: (PDF, the page numbers it holds) each, as `stamp_folios` takes them."""
    return tuple((part.pdf, numbers) for (numbers, _), part in zip(pieces, ctx.render([job for _, job in pieces])))


# The closing parts the contents lists after the chapters: (title, the anchor its page opens with).
TRACKER, INDEX = ("Progress tracker", "tracker"), ("Index", "index")


@dataclass(frozen=True)
class Layout:
    """Where the pieces of a guide fall once assembled: front matter, chapter runs, closing page."""

    chapters: list[Chapter]
    runs: list[tuple[str, int, tuple[int, ...]]]  # (chapter id, pages, blank pages) of each run, in order
    outro: list[int]  # pages of the closing part, if any
    duplex: bool

    def plan(self, front_pages: int) -> tuple[list[int], int]:
        sizes = [front_pages, *(pages for _, pages, _ in self.runs), *self.outro]
        opens = [True] + [index == 0 or cid != self.runs[index - 1][0] for index, (cid, _, _) in enumerate(self.runs)]
        return page_plan(sizes, opens + [True] * len(self.outro), self.duplex)

    def toc(self, front_pages: int) -> list[dict]:
        """The contents: each chapter with its icon, question count and the page it opens on."""
        starts = self.plan(front_pages)[0][1:]
        first = {}
        for (cid, _, _), start in zip(self.runs, starts):
            first.setdefault(cid, start + 1)
        return [{"id": ch.id, "title": ch.category.title, "icon": ch.category.icon,
                 "count": len(ch.category.questions), "page": first[ch.id]} for ch in self.chapters]

    def back(self, front_pages: int, listed: tuple[tuple[str, str] | None, ...], at: int) -> list[dict]:
        """The contents' entries after the chapters: the closing parts `listed` as (title, anchor)
        (the progress tracker, the index; None for one the contents leaves out), each with the page
        it opens on. The index is made after the contents, so a one-page stand-in takes its place
        `at`: where it starts does not depend on its length."""
        sized = dataclasses.replace(self, outro=[*self.outro[:at], 1, *self.outro[at:]]) if INDEX in listed else self
        starts = sized.plan(front_pages)[0][1 + len(self.runs):]
        return [{"title": entry[0], "anchor": entry[1], "page": start + 1}
                for entry, start in zip(listed, starts) if entry]

    def bare(self, front_pages: int, front_blank: tuple[int, ...]) -> frozenset[int]:
        """1-based pages without a page number: the cover, and every blank page."""
        starts, total = self.plan(front_pages)
        sizes = [front_pages, *(pages for _, pages, _ in self.runs), *self.outro]
        blanks = [front_blank, *(blank for _, _, blank in self.runs), *(() for _ in self.outro)]
        printed = {start + i for start, size, blank in zip(starts, sizes, blanks) for i in range(size) if i not in blank}
        return frozenset({1} | {page + 1 for page in range(total) if page not in printed})


def _front_and_folio(ctx: Context, layout: Layout, doc: tuple,
                     late: tuple = (None, 0, ())) -> tuple[Typeset, tuple[tuple[bytes, tuple], ...], list[Typeset]]:
    """Cover, intro and contents with page numbers that match the assembled document, with the
    closing parts whose jobs `late` makes from the chapters' places (the index, put at closing
    part `at`; `listed` names the closing parts the contents lists), then the page-number
    overlay: (front, overlay with its numbers, late parts)."""
    title, label, batch, edition = doc
    make, at, listed = late
    guess = (3, (1,)) if layout.duplex else (2, ())  # cover (its blank back), contents
    for _ in range(3):
        html = front_html(ctx.bank, layout.toc(guess[0]), title, batch, layout.duplex,
                          layout.back(guess[0], listed, at))
        # The late parts are set beside the front matter, for the places its guessed length
        # gives the chapters; kept only if the guess holds (most often, it does).
        late_jobs = make(layout.plan(guess[0])[0][1:len(layout.runs) + 1]) if make else []
        first, *extra = ctx.render([PartJob(html, GUIDE_STYLES + edition.styles, "front matter"), *late_jobs])
        if (first.pages, first.blank) == guess:
            # Set once: its length moves only the parts after it and the total, never the chapters.
            layout = dataclasses.replace(layout, outro=[*layout.outro[:at], *(p.pages for p in extra), *layout.outro[at:]])
            pieces = folio_jobs(layout.plan(guess[0])[1], layout.bare(*guess), label, edition.folio_styles)
            return first, folio_parts(ctx, pieces), extra
        guess = (first.pages, first.blank)
    raise AssertionError("front matter length did not settle")  # pragma: no cover


def assemble_guide(front: bytes, bodies: tuple[tuple[bytes, int], ...], outro: tuple[bytes, ...],  # noqa: PLR0913
                   folio: tuple[tuple[bytes, tuple[int, ...]], ...], info: dict[str, str],
                   look: tuple[str | None, bool]) -> bytes:
    """Front matter, chapter runs (with how each continues the previous one) and closing page as
    one document, chapters opening on right-hand pages when `look` says duplex; page numbers
    stamped last, when the total is known."""
    page_layout, duplex = look
    parts = [Part(front, label="", right=True)]
    parts += [Part(pdf, continues=continues, right=not continues) for pdf, continues in bodies]
    parts += [Part(pdf, right=True) for pdf in outro]
    doc = merge(parts, info, duplex)
    stamp_folios(doc, list(folio), FOLIO_BAND)
    if page_layout:
        doc.pdf.Root.PageLayout = Name(page_layout)
    return finish(doc)


def guide_pdf(ctx: Context, chapter_ids: tuple[str, ...] | None = None, batch: Batch | None = None,
              edition: Edition = PRINT) -> bytes:
    """The study guide (or a batch handout when `batch` is given) as PDF bytes."""
    bank = ctx.bank
    chapters = bank.chapters(None if chapter_ids is None else list(chapter_ids))
    title = bank.guide.title
    # Chapters (and the closing page) first: their page counts decide the numbers printed in
    # the contents and the total in every footer.
    jobs = chapter_jobs(bank, chapters, edition)
    # After the chapters: the progress tracker (if asked for), then the closing page.
    closing = [PartJob(tracker_html(bank, chapters), GUIDE_STYLES + edition.styles, "progress tracker")
               ] if bank.guide.tracker else []
    closing += [PartJob(outro_html(bank), GUIDE_STYLES + edition.styles, "outro")
                ] if bank.guide.outro or bank.guide.signup_url else []
    rendered = ctx.render([job for _, job, _ in jobs] + closing)
    bodies, outro = rendered[:len(jobs)], rendered[len(jobs):]
    duplex = edition.two_sided and ctx.duplex(batch)
    layout = Layout(chapters, [(chapter.id, body.pages, body.blank) for (chapter, _, _), body in zip(jobs, bodies)],
                    [part.pages for part in outro], duplex)
    label = " · ".join(x for x in (title, bank.guide.edition) if x) if edition.footer_label else ""
    # The index (of terms and tags) follows the tracker and comes before the closing page.
    index = functools.partial(index_jobs, ctx.bank, chapters, bodies,
                              GUIDE_STYLES + INDEX_STYLES + edition.styles)
    at = int(bank.guide.tracker)
    # The contents lists the tracker and the index after the chapters (not the closing page).
    listed = ((TRACKER,) * bank.guide.tracker + (INDEX,) * bool(index_terms(chapters))
              + (None,) * (len(outro) - bank.guide.tracker))
    front, folio, extra = _front_and_folio(ctx, layout, (title, label, batch, edition), (index, at, listed))
    outro = [*outro[:at], *extra, *outro[at:]]
    runs = tuple((body.pdf, continues) for (_, _, continues), body in zip(jobs, bodies))
    subject = ", ".join(ch.category.title for ch in chapters)
    info = metadata(bank, (title if batch is None else f"{title} — {batch.banner}") + edition.title_suffix,
                    f"Interview questions and answers: {subject}")
    return ctx.memo(assemble_guide, front.pdf, runs, tuple(p.pdf for p in outro),
                    folio, info, (edition.page_layout, duplex))


class Guide(Output):
    """OUT/guide.pdf: the whole bank, chapters in the guide's order."""

    name = "guide"

    def produce(self, ctx: Context, request: Request) -> dict[str, bytes]:
        ctx = selected(ctx, tuple(ctx.bank.guide.chapters), request.data)[0]  # --tags, --level, ...
        return {"guide.pdf": guide_pdf(ctx)}


def handout_pdf(ctx: Context, batch: Batch) -> bytes:
    """The guide cut to a batch's chapters, its banner on the cover."""
    return guide_pdf(ctx, tuple(batch.chapters), batch)


class Handout(PerBatch):
    """OUT/batches/<id>/handout.pdf."""

    name, file = "handout", "handout.pdf"

    def make(self, ctx: Context, batch: Batch) -> bytes:
        return handout_pdf(ctx, batch)
