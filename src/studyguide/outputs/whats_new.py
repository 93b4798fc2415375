"""The 'What changed' insert: new questions and revised answers in full, withdrawn ones by name."""

from __future__ import annotations

from ..content.history import Changes, snapshot
from ..models import Bank
from ..names import plural
from ..typeset.html import render_template
from ..typeset.jobs import PartJob
from .base import Context, Output, Request
from .practice import even

STYLES = ("base.css", "guide.css", "whats-new.css")


def summary(changes: Changes) -> str:
    return (f"{plural(len(changes.added), 'new question')}, {len(changes.edited)} revised, "
            f"{len(changes.removed)} withdrawn.")


def insert_html(changes: Changes, bank: Bank) -> str:
    """The insert's HTML: one section for each kind of change that happened."""
    entries = snapshot(bank)["questions"]
    questions = {q.id: q for category in bank.categories.values() for q in category.questions}

    def item(qid: str, entry: dict, note: str = "") -> dict:
        q = questions.get(qid)
        return {"icon": entry["icon"], "place": f"{entry['category_title']} {entry['number']:02d}",
                "question": entry["question"], "answer": q.answer if q else "", "note": note}

    sections = []
    if changes.added:
        sections.append({"title": "New questions", "answers": True,
                         "items": [item(qid, entries[qid]) for qid in changes.added]})
    if changes.edited:
        sections.append({"title": "Revised", "answers": True,
                         "items": [item(qid, entries[qid], ", ".join(what)) for qid, what in changes.edited]})
    if changes.removed:
        sections.append({"title": "Withdrawn (numbers as in the earlier edition)", "answers": False,
                         "items": [item(entry["id"], entry) for entry in changes.removed]})
    return render_template("whats-new.html", guide=bank.guide, since_name=changes.since_name,
                           summary=summary(changes), sections=sections)


class WhatsNew(Output):
    """OUT/whats-new.pdf, for candidates holding an earlier printout; the request's data is the Changes."""

    name = "whats-new"

    def produce(self, ctx: Context, request: Request) -> dict[str, bytes]:
        job = PartJob(insert_html(request.data, ctx.bank), STYLES, "what changed")
        # Assembled like every document, so it is an accessible PDF (PDF/UA metadata) as well.
        return {"whats-new.pdf": ctx.memo(even, ctx.render_one(job).pdf, False)}
