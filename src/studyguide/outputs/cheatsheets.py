"""Cheat sheets: each category condensed onto landscape pages, alone and all together."""

from __future__ import annotations

import math

from ..models import Bank, Chapter
from ..pdf.assemble import Part, merge
from ..pdf.objects import to_bytes
from ..typeset.html import render_template
from ..typeset.jobs import PartJob, Typeset
from ..typeset.markdown import markdown
from .base import Context, Output, Request, category_ids, entries, metadata, page_count, selected

STYLES = ("base.css", "cheatsheet.css")
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


def cheatsheet_html(bank: Bank, chapter: Chapter, paper: str) -> str:
    """One category's sheet: header band, then every question with its short answer."""
    return render_template("cheatsheet.html", guide=bank.guide, chapter=chapter, paper=paper,
                           entries=entries(chapter.category), footer=footer_label(bank, chapter),
                           code_columns=CODE_COLUMNS, tall=tall_entries(chapter.category))


def render_sheets(ctx: Context, ids: tuple[str, ...]) -> dict[str, Typeset]:
    """Typeset each named category once, all in one call, and note sheets over budget."""
    chapters = ctx.bank.chapters(list(ids))
    jobs = [PartJob(cheatsheet_html(ctx.bank, ch, ctx.paper), STYLES, f"cheat sheet '{ch.id}'") for ch in chapters]
    sheets = dict(zip((ch.id for ch in chapters), ctx.render(jobs)))
    for cid, sheet in sheets.items():
        if sheet.pages > PAGE_BUDGET:
            # Text never shrinks below its minimum size; the sheet grows and the author hears of it.
            ctx.log.note(f"cheat sheet '{cid}' needs {sheet.pages} pages; "
                         f"budget is {PAGE_BUDGET} — add `short:` answers")
    return sheets


def merge_sheets(sheets: tuple[tuple[str, bytes], ...], info: dict[str, str]) -> bytes:
    """Already typeset sheets (id, PDF) -> one PDF; page labels 'aws-1', 'aws-2', ... keep
    "go to page" unambiguous when several sheets share a file."""
    return to_bytes(merge([Part(pdf, label=f"{cid}-") for cid, pdf in sheets], info), last_use=True)


def sheets_pdf(ctx: Context, ids: tuple[str, ...], sheets: dict[str, Typeset]) -> bytes:
    """The typeset sheets of `ids`, in that order, as one PDF with one bookmark per category."""
    titles = [ctx.bank.categories[cid].title for cid in ids]
    info = metadata(ctx.bank, f"{ctx.bank.guide.title} — {'Cheat sheet' if len(ids) == 1 else 'Cheat sheets'}: {', '.join(titles)}",
                    f"Interview questions, condensed: {', '.join(titles)}")
    return ctx.memo(merge_sheets, tuple((cid, sheets[cid].pdf) for cid in ids), info)


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
