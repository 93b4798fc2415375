"""The guide's parts joined into one HTML document, and one WeasyPrint call rendering it."""

from __future__ import annotations

import re
import sys
from pathlib import Path


def build_html(content: Path) -> str:
    from studyguide import render
    from studyguide.build import chapter_jobs
    from studyguide.load import load_bank
    from studyguide.typeset import css_text

    bank = load_bank(content)
    chapters = bank.chapters()
    toc = [{"id": c.id, "title": c.category.title, "icon": c.category.icon,
            "count": len(c.category.questions), "page": 0} for c in chapters]
    pieces = [render.front_html(bank, toc, bank.guide.title)]
    pieces += [job.html for _, job in chapter_jobs(bank, chapters)]
    pieces.append(render.outro_html(bank))
    bodies = [re.search(r"<body[^>]*>(.*)</body>", p, re.S).group(1) for p in pieces]
    css = css_text(("base.css", "guide.css"), "a4")
    css += "body > section.chapter { break-before: page; } @page { @bottom-right { content: 'Page ' counter(page) ' of ' counter(pages); } }"
    return f"<!DOCTYPE html><html><head><meta charset='utf-8'><style>{css}</style></head><body>{''.join(bodies)}</body></html>"


if __name__ == "__main__":
    if sys.argv[1] == "--render":
        import weasyprint

        weasyprint.HTML(string=Path(sys.argv[2]).read_text(encoding="utf-8")).write_pdf(sys.argv[3])
    else:
        Path(sys.argv[2]).write_text(build_html(Path(sys.argv[1])), encoding="utf-8")
