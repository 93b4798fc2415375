"""The guide's parts joined into one HTML document, and one WeasyPrint call rendering it."""

from __future__ import annotations

import re
import sys
from pathlib import Path

FOLIO = "@page { @bottom-right { content: 'Page ' counter(page) ' of ' counter(pages); } }"


def build_html(content: Path) -> str:
    from studyguide.content.load import load_bank
    from studyguide.outputs.guide import PRINT, chapter_jobs, front_html, toc_entries
    from studyguide.typeset.html import render_template
    from studyguide.typeset.styles import css_text

    bank = load_bank(content).bank
    chapters = bank.chapters()
    toc = toc_entries(chapters, {c.id: 0 for c in chapters}, 0)
    pieces = [front_html(bank, toc, bank.guide.title)]
    pieces += [job.html for _, job, _ in chapter_jobs(bank, chapters, PRINT)]
    pieces.append(render_template("outro.html", guide=bank.guide))
    bodies = [re.search(r"<body[^>]*>(.*)</body>", p, re.S).group(1) for p in pieces]
    css = css_text(("base.css", "guide.css"), "a4") + "body > section.chapter { break-before: page; } " + FOLIO
    head = f"<head><meta charset='utf-8'><style>{css}</style></head>"
    return f"<!DOCTYPE html><html>{head}<body>{''.join(bodies)}</body></html>"


if __name__ == "__main__":
    if sys.argv[1] == "--render":
        import weasyprint

        weasyprint.HTML(string=Path(sys.argv[2]).read_text(encoding="utf-8")).write_pdf(sys.argv[3])
    else:
        Path(sys.argv[2]).write_text(build_html(Path(sys.argv[1])), encoding="utf-8")
