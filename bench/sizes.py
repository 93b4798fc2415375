"""Assembled outputs' sizes beside one WeasyPrint document holding the same pages.

An assembled PDF is made of parts typeset apart; its fonts are merged into one program per face
when it is written. The yardstick is what one WeasyPrint call would write for the same pages: the
parts' final HTML laid out again and their pages written as one document (fonts shared). Page
numbers and other overlays are left out of the yardstick (they are a few glyphs a page); a pack's
extra PDFs, which no HTML makes, count at their own size.

    python bench/sizes.py CONTENT_DIR KIND [BATCH]     # KIND: guide or pack
"""

from __future__ import annotations

import sys
from pathlib import Path

# Overlays drawn over other pages, and renders a later render of the same part replaces.
OVERLAYS = ("page numbers", "flashcard sheet", "personal stamps")


def recorded(content: Path, kind: str, ids: tuple[str, ...]) -> tuple[bytes, list]:
    """The output's bytes, and the last render of every content part it typeset (in order)."""
    from studyguide.build.options import Settings
    from studyguide.build.produce import checked, produce, session
    from studyguide.content.load import load_bank
    from studyguide.errors import Log
    from studyguide.outputs.base import Request
    from studyguide.typeset import weasy

    parts: dict[str, tuple] = {}
    original = weasy.typeset

    def record(job, paper="a4", folder=None):
        if not job.what.startswith(OVERLAYS):
            parts.pop(job.what, None)  # a part set again (to settle its length) counts once, last
            parts[job.what] = (job, paper, folder)
        return original(job, paper, folder)

    weasy.typeset = record
    try:
        settings = Settings(content=content, jobs=1, cache=None)
        bank = load_bank(content).bank
        with session(settings, Log()) as renderer:
            files = produce(renderer.context(bank), checked(bank, [Request(kind, ids)]), 1)
    finally:
        weasy.typeset = original
    name = "guide.pdf" if kind == "guide" else f"batches/{ids[0]}/pack.pdf"
    return files[name], list(parts.values()), bank


def one_document(parts: list) -> bytes:
    """Every part's pages laid out as WeasyPrint lays them out, written as one PDF."""
    from studyguide.typeset import weasy

    documents = [weasy.laid_out(job, paper, folder) for job, paper, folder in parts]
    pages = [page for document in documents for page in document.pages]
    # Tagged as the parts are, so the yardstick carries a structure tree too.
    return documents[0].copy(pages).write_pdf(pdf_tags=any(job.tagged for job, _, _ in parts))


def main() -> None:
    content, kind = Path(sys.argv[1]), sys.argv[2]
    ids = tuple(sys.argv[3:4]) or (("01",) if kind == "pack" else ())
    ours, parts, bank = recorded(content, kind, ids)
    single = len(one_document(parts))
    extras = sum(len(bank.attachments[rel]) for rel in bank.batches[ids[0]].extras) if kind == "pack" else 0
    yardstick = single + extras
    print(f"{kind}: {len(ours):,} bytes vs {yardstick:,} for one document "
          f"({single:,} typeset + {extras:,} of extra PDFs): {len(ours) / yardstick:.2f}x")


if __name__ == "__main__":
    main()
