"""The screen edition: the guide on A6 pages for reading on a phone, in a light or a dark theme.

The same parts as the printed guide (chapters, front matter, outro), typeset with the screen
stylesheets laid over the guide's; the outline and the contents links come out of the same
assembly. No page is left blank for a chapter to start on the right: nothing is printed.
"""

from __future__ import annotations

import dataclasses

from . import __version__, assemble, render
from .build import FOLIO_STYLES, GUIDE_STYLES, chapter_jobs, folio_jobs, toc_entries
from .models import Bank
from .parts import Options, PartJob, Report, memo, render_part, render_parts

THEMES = ("light", "dark")


def screen_styles(theme: str) -> tuple[str, ...]:
    return ("screen.css",) + (("screen-dark.css",) if theme == "dark" else ())


def file_name(theme: str) -> str:
    return "guide-screen.pdf" if theme == "light" else f"guide-screen-{theme}.pdf"


def screen_pdf(bank: Bank, opts: Options, report: Report, theme: str = "light") -> bytes:
    """The whole guide as an A6 screen edition, PDF bytes."""
    extra = screen_styles(theme)
    chapters = bank.chapters()
    jobs = [(ch, dataclasses.replace(job, styles=job.styles + extra)) for ch, job in chapter_jobs(bank, chapters)]
    bodies = render_parts([job for _, job in jobs], opts, report)
    pages: dict[str, int] = {}
    for (chapter, _), body in zip(jobs, bodies):
        pages[chapter.id] = pages.get(chapter.id, 0) + body.pages
    title = bank.guide.title
    front = _front_matter(bank, chapters, pages, GUIDE_STYLES + extra, opts, report)
    parts = [assemble.Part(front.pdf, label="")]
    seen: set[str] = set()
    for (chapter, _), body in zip(jobs, bodies):
        parts.append(assemble.Part(body.pdf, label="", continues=chapter.id in seen))
        seen.add(chapter.id)
    if bank.guide.outro:
        outro = render_part(PartJob(render.outro_html(bank), GUIDE_STYLES + extra, "outro"), opts, report)
        parts.append(assemble.Part(outro.pdf, label=""))
    total = sum(part.pages for part in parts)
    # 'Page N of M' alone: the guide's title beside it would not fit an A6 footer.
    # The page-number layer never takes the dark theme: its pages must stay transparent.
    folio = render_parts(folio_jobs(total, "", 1, FOLIO_STYLES + screen_styles("light")), opts, report)
    metadata = {
        "Title": f"{title} — screen edition" + (" (dark)" if theme == "dark" else ""),
        "Author": bank.guide.publisher or "",
        "Subject": "Interview questions and answers: " + ", ".join(ch.category.title for ch in chapters),
        "Creator": f"studyguide {__version__}",
    }

    def make() -> bytes:
        writer = assemble.merge(parts, metadata)
        assemble.stamp_pages(writer, [piece.pdf for piece in folio], first=1)
        writer.page_layout = "/SinglePage"  # one page at a time on a small screen
        return assemble.to_bytes(writer)

    recipe = [front.key, *(body.key for body in bodies), parts[-1].key, *(piece.key for piece in folio),
              repr(sorted(metadata.items())),
              repr([p.continues for p in parts]), "screen"]
    return memo(opts, "guide-screen", recipe, make)


def _front_matter(bank: Bank, chapters, pages: dict[str, int], styles: tuple[str, ...], opts: Options, report: Report):
    """Cover and contents with the page numbers of the assembled edition (as the guide's)."""
    front_pages = 2
    for _ in range(3):
        toc = toc_entries(chapters, pages, front_pages + 1)
        front = render_part(PartJob(render.front_html(bank, toc, bank.guide.title), styles, "front matter"),
                            opts, Report())
        if front.pages == front_pages:
            report.warnings += [f"front matter: {m}" for m in front.warnings]
            return front
        front_pages = front.pages
    raise AssertionError("front matter length did not settle")  # pragma: no cover


def screen_outputs(bank: Bank, opts: Options, report: Report, theme: str = "light"):
    return {opts.out / file_name(theme): screen_pdf(bank, opts, report, theme)}


def build_screen(opts: Options, theme: str = "light", report: Report | None = None) -> Report:
    """`studyguide guide --edition screen [--theme dark]`: write OUT/guide-screen[-dark].pdf."""
    from .build import _run

    return _run(f"guide --edition screen --theme {theme}", opts, report or Report(),
                lambda bank, report: screen_outputs(bank, opts, report, theme))
