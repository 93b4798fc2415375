"""Cheat sheets: each category condensed onto landscape pages, alone and all together."""

from __future__ import annotations

import difflib
from pathlib import Path


from . import __version__, assemble, render
from .errors import StudyGuideError
from .models import Bank, Chapter
from .parts import Options, PartJob, Report, memo, render_parts
from .typeset import Typeset

STYLES = ("base.css", "cheatsheet.css")
# Pages a category may take before the build asks for `short:` answers.
PAGE_BUDGET = 2
FOLDER = "cheatsheets"


class UnknownCategory(StudyGuideError):
    """A category id on the command line that the bank does not have."""


def unknown_ids_message(bank: Bank, ids: list[str]) -> str | None:
    """None when every id is a category; otherwise a message naming the first unknown one."""
    known = list(bank.guide.chapters) + sorted(set(bank.categories) - set(bank.guide.chapters))
    for cid in ids:
        if cid in bank.categories:
            continue
        close = difflib.get_close_matches(cid, known, n=1, cutoff=0.6)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        return f"unknown category '{cid}'{hint}; known categories: {', '.join(known)}"
    return None


def cheatsheet_html(bank: Bank, chapter: Chapter, paper: str) -> str:
    """One category's sheet: header band, then every question with its short answer."""
    entries = [{"id": q.id, "question": render.inline_markdown(no_runt(q.question)),
                "answer": render.markdown(q.short or q.answer)} for q in chapter.category.questions]
    return render.render_template("cheatsheet.html", guide=bank.guide, chapter=chapter, paper=paper,
                                  entries=entries, footer=footer_label(bank, chapter))


def no_runt(text: str) -> str:
    """Tie a question's last two words together so a bold heading never ends on a lone word."""
    head, space, last = text.rpartition(" ")
    return f"{head}\u00a0{last}" if space and len(last) <= 12 else text


answer_html = render.markdown  # what a sheet prints for an answer: the same markup as the guide


def footer_label(bank: Bank, chapter: Chapter) -> str:
    """What a loose sheet is traced by: 'AWS · <bank title> · <edition>' (page number follows)."""
    return " · ".join(x for x in (chapter.category.title, bank.guide.title, bank.guide.edition) if x)


def render_sheets(bank: Bank, ids: list[str], opts: Options, report: Report) -> dict[str, Typeset]:
    """Typeset each named category once, all in one call, and note sheets over budget."""
    _check(bank, ids)
    chapters = bank.chapters(_unique(ids))
    jobs = [PartJob(cheatsheet_html(bank, ch, opts.paper), STYLES, f"cheat sheet '{ch.id}'") for ch in chapters]
    sheets = dict(zip((ch.id for ch in chapters), render_parts(jobs, opts, report)))
    for cid, sheet in sheets.items():
        if sheet.pages > PAGE_BUDGET:
            # Text never shrinks below its minimum size; the sheet grows and the author hears of it.
            report.notes.append(f"cheat sheet '{cid}' needs {sheet.pages} pages; "
                                f"budget is {PAGE_BUDGET} — add `short:` answers")
    return sheets


def merge_sheets(bank: Bank, ids: list[str], sheets: dict[str, Typeset], opts: Options) -> bytes:
    """Already typeset sheets -> one PDF, one bookmark per category, each sheet numbered from 1."""
    titles = [bank.categories[cid].title for cid in ids]
    metadata = {
        "Title": f"{bank.guide.title} — Cheat sheet{'s' if len(ids) > 1 else ''}: {', '.join(titles)}",
        "Author": bank.guide.publisher or "",
        "Subject": f"Interview questions, condensed: {', '.join(titles)}",
        "Creator": f"studyguide {__version__}",
    }

    def make() -> bytes:
        # Page labels 'aws-1', 'aws-2', ... keep "go to page" unambiguous in all.pdf.
        parts = [assemble.Part(sheets[cid].pdf, label=f"{cid}-") for cid in ids]
        return assemble.to_bytes(assemble.merge(parts, metadata))

    recipe = [*(f"{cid}:{sheets[cid].key}" for cid in ids), repr(sorted(metadata.items()))]
    return memo(opts, "cheatsheets", recipe, make)


def cheatsheet_pdf(bank: Bank, category_ids: list[str], opts: Options, report: Report) -> bytes:
    """One PDF with the sheets of `category_ids`, in that order."""
    ids = _unique(category_ids)
    return merge_sheets(bank, ids, render_sheets(bank, ids, opts, report), opts)


def cheatsheet_outputs(bank: Bank, opts: Options, report: Report, ids: list[str] | None = None) -> dict[Path, bytes]:
    """OUT/cheatsheets/<id>.pdf for each category (every one when `ids` is None) and all.pdf.

    all.pdf holds the same sheets in guide order; every file reuses the sheets typeset once.
    """
    _check(bank, ids or [])
    chosen = set(bank.guide.chapters if ids is None else ids)
    order = [cid for cid in bank.guide.chapters if cid in chosen]
    order += [cid for cid in _unique(ids or []) if cid not in order]  # categories outside the guide
    sheets = render_sheets(bank, order, opts, report)
    folder = opts.out / FOLDER
    outputs = {folder / f"{cid}.pdf": merge_sheets(bank, [cid], sheets, opts) for cid in order}
    outputs[folder / "all.pdf"] = merge_sheets(bank, order, sheets, opts)
    return outputs


def _check(bank: Bank, ids: list[str]) -> None:
    message = unknown_ids_message(bank, ids)
    if message:
        raise UnknownCategory(message)


def _unique(ids: list[str]) -> list[str]:
    return list(dict.fromkeys(ids))
