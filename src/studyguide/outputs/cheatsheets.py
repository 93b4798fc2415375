"""Cheat sheets: each category condensed onto landscape pages, alone and all together."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..models import Bank, Chapter
from ..pdf.assemble import Part, merge
from ..pdf.assembly import finish
from ..pdf.folio import stamp_folios
from ..typeset.html import render_template
from ..typeset.jobs import PartJob
from ..typeset.markdown import markdown
from .base import Context, Entry, Output, Request, category_ids, entries, metadata, page_count, selected
from .guide import FOLIO_BAND, FOLIO_STYLES, continues, folio_jobs, folio_parts

STYLES = ("base.css", "cheatsheet.css")
SHEET_FOLIO_STYLES = (*FOLIO_STYLES, "cheatsheet-folio.css")
# Pages a category may take before the build asks for `short:` answers.
PAGE_BUDGET = 2
FOLDER = "cheatsheets"
# Columns of code in a sheet's column (7.65 pt type, three columns to a landscape page).
CODE_COLUMNS = 45

answer_html = markdown  # what a sheet prints for an answer: the same markup as the guide
# Lines of answer type a sheet's column holds, and characters of text to a line there. An entry
# taller than a column must be let break: kept whole, WeasyPrint pushes the whole set of columns
# to the next page and leaves the first one blank.
COLUMN_LINES, TEXT_COLUMNS = 40, 55
# A long sheet is set in runs (parts of their own) of about this many lines of columns, five
# pages of three: an edit lays out one run again, and no part holds a whole chapter's layout.
# Five, not more: a page of three columns costs WeasyPrint about a second (it sets each page's
# columns twice), five times a guide page; a run's last page is on average half full, so a sheet
# long enough for runs (twice the page budget and more) grows by a page in ten.
RUN_LINES, ENTRY_GAP_LINES, SECTION_BREAK = 5 * 3 * COLUMN_LINES, 1.5, 0.6


def column_lines(markdown_text: str) -> float:
    """Roughly how many lines of a sheet's column an answer (or a question) fills."""
    lines, code = 0.0, False
    for line in markdown_text.splitlines():
        if line.startswith(("```", "~~~")):
            code = not code
        elif code:
            lines += math.ceil(max(len(line), 1) / CODE_COLUMNS)
        elif line.lstrip().startswith("|"):
            lines += 1.6 * math.ceil(len(line) / (TEXT_COLUMNS + 15))  # cell padding; narrow cells wrap
        elif line.lstrip().startswith("!["):
            lines += 11  # a picture at most 38 mm tall, and its caption
        else:
            lines += math.ceil(len(line) / TEXT_COLUMNS) if line.strip() else 0.4
    return lines


def tall_entries(category) -> set[str]:
    """Ids of the questions whose entry would not fit in one column of the sheet."""
    return {q.id for q in category.questions
            if column_lines(q.question) + column_lines(q.short or q.answer) > COLUMN_LINES}


def footer_label(bank: Bank, chapter: Chapter) -> str:
    """What a loose sheet is traced by: 'AWS · <bank title> · <edition>' (page number follows)."""
    return " · ".join(x for x in (chapter.category.title, bank.guide.title, bank.guide.edition) if x)


def sheet_runs(items: list[Entry]) -> list[int]:
    """Where each run of a sheet starts (indexes into its entries): a new run once the entries
    would fill RUN_LINES lines of columns, so runs follow the pages they fill, not a count."""
    starts, lines = [0], 0.0
    for index, item in enumerate(items):
        size = column_lines(item.q.question) + column_lines(item.q.short or item.q.answer) + ENTRY_GAP_LINES
        # A run ends where a section begins once it is most of the way there: its heading then
        # opens a page, rather than the next run starting a page in the middle of a section.
        if lines and (lines + size > RUN_LINES or (item.opens_section and lines >= SECTION_BREAK * RUN_LINES)):
            starts.append(index)
            lines = 0.0
        lines += size
    return starts


def cheatsheet_html(bank: Bank, chapter: Chapter, paper: str, items: list[Entry], at: tuple[int, bool, bool],
                    tall: set[str]) -> str:
    """The run of a category's sheet holding `items`, starting at entry `at[0]`: header band (on
    the first run), then each question with its short answer; `tall` are the entries let break.
    `at[1]`: the sheet is set in runs, so its footer is stamped on later; `at[2]`: another run
    follows, so its last page fills its columns in order (the sheet reads on overleaf) rather
    than balance them, which also spares WeasyPrint setting that page again and again."""
    return render_template("cheatsheet.html", guide=bank.guide, chapter=chapter, paper=paper, entries=items,
                           footer=footer_label(bank, chapter), code_columns=CODE_COLUMNS,
                           tall=tall, start=at[0], runs=at[1], more=at[2])


@dataclass(frozen=True)
class Sheet:
    """A category's typeset sheet: its runs (PDF, how each continues the one before) and, for a
    sheet in several runs, its footer overlay (pieces of (PDF, the page numbers it holds))."""

    runs: tuple[tuple[bytes, int], ...]
    pages: int
    folio: tuple[tuple[bytes, tuple[int, ...]], ...] = ()


def render_sheets(ctx: Context, ids: tuple[str, ...]) -> dict[str, Sheet]:
    """Typeset each named category once (long ones in runs), all in one call, and note sheets over budget."""
    chapters = ctx.bank.chapters(list(ids))
    plans = []
    for ch in chapters:
        items = entries(ch.category)
        starts, tall = sheet_runs(items), tall_entries(ch.category)
        in_runs = len(starts) > 1
        for start, end in zip(starts, [*starts[1:], len(items)]):
            html = cheatsheet_html(ctx.bank, ch, ctx.paper, items[start:end], (start, in_runs, end < len(items)), tall)
            what = f"cheat sheet '{ch.id}'" + (f" (questions {start + 1}-{end})" if len(starts) > 1 else "")
            plans.append((ch.id, PartJob(html, STYLES, what), continues(items, start)))
    typeset = ctx.render([job for _, job, _ in plans])
    sheets = {}
    for ch in chapters:
        runs = [(part, how) for (cid, _, how), part in zip(plans, typeset) if cid == ch.id]
        pages = sum(part.pages for part, _ in runs)
        folio = ()
        if len(runs) > 1:
            folio = folio_parts(ctx, folio_jobs(pages, frozenset(), footer_label(ctx.bank, ch), SHEET_FOLIO_STYLES,
                                                (f"sheet-folio paper-{ctx.paper}", "{n}/{total}")))
        sheets[ch.id] = Sheet(tuple((part.pdf, how) for part, how in runs), pages, folio)
        if pages > PAGE_BUDGET:
            # Text never shrinks below its minimum size; the sheet grows and the author hears of it.
            ctx.log.note(f"cheat sheet '{ch.id}' needs {pages} pages; "
                         f"budget is {PAGE_BUDGET} — add `short:` answers")
    return sheets


def merge_sheets(sheets: tuple[tuple[str, Sheet], ...], info: dict[str, str]) -> bytes:
    """Already typeset sheets (id, sheet) -> one PDF; page labels 'aws-1', 'aws-2', ... keep
    "go to page" unambiguous when several sheets share a file."""
    parts, folio, start = [], [], 0
    for cid, sheet in sheets:
        for index, (pdf, how) in enumerate(sheet.runs):
            parts.append(Part(pdf, label=f"{cid}-") if index == 0 else Part(pdf, continues=how))
        folio += [(pdf, tuple(start + n for n in numbers)) for pdf, numbers in sheet.folio]
        start += sheet.pages
    doc = merge(parts, info)
    if folio:
        stamp_folios(doc, folio, FOLIO_BAND)
    return finish(doc)


def sheets_pdf(ctx: Context, ids: tuple[str, ...], sheets: dict[str, Sheet]) -> bytes:
    """The typeset sheets of `ids`, in that order, as one PDF with one bookmark per category."""
    titles = [ctx.bank.categories[cid].title for cid in ids]
    info = metadata(ctx.bank, f"{ctx.bank.guide.title} — {'Cheat sheet' if len(ids) == 1 else 'Cheat sheets'}: {', '.join(titles)}",
                    f"Interview questions, condensed: {', '.join(titles)}")
    if len(ids) > 1:
        # Each category's own sheet (an output of its own, made once) joined: an edit merges one
        # category's runs again and then the sheets, not every run of every sheet (a real bank's
        # six sheets: 0.7 s joined, against 1.3 s merged from their runs).
        return ctx.memo(join_sheets, tuple((cid, sheets_pdf(ctx, (cid,), sheets)) for cid in ids), info)
    return ctx.memo(merge_sheets, tuple((cid, sheets[cid]) for cid in ids), info)


def join_sheets(sheets: tuple[tuple[str, bytes], ...], info: dict[str, str]) -> bytes:
    """Categories' merged sheets (id, PDF) -> one PDF, labelled as `merge_sheets` labels them."""
    return finish(merge([Part(pdf, label=f"{cid}-") for cid, pdf in sheets], info))


def cheatsheet_pdf(ctx: Context, ids: tuple[str, ...]) -> bytes:
    """One PDF with the sheets of `ids` (a batch's chapters, say), in that order."""
    return sheets_pdf(ctx, ids, render_sheets(ctx, ids))


class Cheatsheets(Output):
    """OUT/cheatsheets/<id>.pdf for each category (every chapter when none named) and all.pdf."""

    name = "cheatsheets"

    def targets(self, bank: Bank, ids: tuple[str, ...]) -> tuple[str, ...]:
        chosen = category_ids(bank, ids)
        # all.pdf holds the sheets in guide order; categories outside the guide come last.
        return tuple(cid for cid in bank.guide.chapters if cid in chosen) + tuple(
            cid for cid in chosen if cid not in bank.guide.chapters)

    def pool(self, bank: Bank, ids: tuple[str, ...]) -> tuple[str, ...]:
        return ids

    def produce(self, ctx: Context, request: Request) -> dict[str, bytes]:
        ctx, order = selected(ctx, request.ids, request.data)  # --tags, --level, ...: their questions only
        sheets = render_sheets(ctx, order)
        outputs = {f"{FOLDER}/{cid}.pdf": sheets_pdf(ctx, (cid,), sheets) for cid in order}
        outputs[f"{FOLDER}/all.pdf"] = sheets_pdf(ctx, order, sheets)
        return outputs

    def shipped(self, files: dict[str, bytes]) -> int:
        return page_count(files[f"{FOLDER}/all.pdf"])  # every sheet once; the single files repeat them
