"""The progress tracker: every question of a guide with boxes to tick, and the closing page."""

from __future__ import annotations

from ..models import Bank, Chapter
from ..typeset.html import render_template
from ..typeset.markdown import plain_text
from ..typeset.qr import qr_svg
from .base import entries

# A question as the tracker lists it: its heading cut to fit one or two lines of the table.
SHORT_CHARS = 110


def tracker_rows(chapters: list[Chapter]) -> list[dict]:
    """Each chapter with its questions: the number printed beside them in the guide, and the heading."""
    return [{"number": ch.number, "title": ch.category.title, "icon": ch.category.icon,
             "questions": [{"id": e.q.id, "num": e.num, "text": plain_text(e.q.question, limit=SHORT_CHARS)}
                           for e in entries(ch.category)]} for ch in chapters]


def tracker_html(bank: Bank, chapters: list[Chapter]) -> str:
    return render_template("tracker.html", guide=bank.guide, chapters=tracker_rows(chapters),
                           total=sum(len(ch.category.questions) for ch in chapters))


def outro_html(bank: Bank) -> str:
    """The closing page: the guide's outro, and its sign-up address as a QR code."""
    url = bank.guide.signup_url
    return render_template("outro.html", guide=bank.guide, qr=qr_svg(url) if url else None)
