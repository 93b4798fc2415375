"""The guide's parts joined into one HTML document, and one WeasyPrint call rendering it."""

from __future__ import annotations

import re
import sys
from pathlib import Path

FOLIO = "@page { @bottom-right { content: 'Page ' counter(page) ' of ' counter(pages); } }"


def build_html(content: Path) -> str:
    from studyguide.content.load import load_bank
    from studyguide.outputs.guide import PRINT, Layout, chapter_jobs, front_html
    from studyguide.outputs.index import INDEX_STYLES, index_groups, index_html, index_terms
    from studyguide.typeset.html import render_template
    from studyguide.typeset.styles import css_text

    bank = load_bank(content).bank
    chapters = bank.chapters()
    # Page numbers in the contents and the index are placeholders: the same length of text.
    toc = Layout(chapters, [(c.id, 0, ()) for c in chapters], [], False).toc(0)
    pieces = [front_html(bank, toc, bank.guide.title)]
    pieces += [job.html for _, job, _ in chapter_jobs(bank, chapters, PRINT)]
    terms = index_terms(chapters)
    if terms:
        pieces.append(index_html(bank, index_groups(terms, {q.id: 10 for c in chapters for q in c.category.questions})))
    pieces.append(render_template("outro.html", guide=bank.guide))
    bodies = [re.search(r"<body[^>]*>(.*)</body>", p, re.S).group(1) for p in pieces]
    css = css_text(("base.css", "guide.css", *INDEX_STYLES), "a4") + "body > section.chapter { break-before: page; } " + FOLIO
    head = f"<head><meta charset='utf-8'><style>{css}</style></head>"
    return f"<!DOCTYPE html><html>{head}<body>{''.join(bodies)}</body></html>"


if __name__ == "__main__":
    if sys.argv[1] == "--render":
        import weasyprint

        # Tagged, as the guide's parts are.
        weasyprint.HTML(string=Path(sys.argv[2]).read_text(encoding="utf-8")).write_pdf(sys.argv[3], pdf_tags=True)
    else:
        Path(sys.argv[2]).write_text(build_html(Path(sys.argv[1])), encoding="utf-8")
