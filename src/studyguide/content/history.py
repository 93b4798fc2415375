"""What changed between two editions of a bank: snapshots of its questions and their comparison."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from ..models import Bank

FORMAT = "studyguide-snapshot/1"


def text_hash(text: str | None) -> str:
    """A short digest of an answer (empty for none); what a snapshot keeps instead of the text."""
    return hashlib.sha256((text or "").encode("utf-8")).hexdigest()[:16] if text else ""


def snapshot(bank: Bank) -> dict:
    """Every question's id, place, text and answer hash: enough to tell later what changed."""
    questions = {}
    for chapter in bank.chapters():
        category = chapter.category
        for number, q in enumerate(category.questions, 1):
            questions[q.id] = {"category": chapter.id, "category_title": category.title, "icon": category.icon,
                               "number": number, "question": q.question, "answer_hash": text_hash(q.answer),
                               "short_hash": text_hash(q.short)}
    return {"format": FORMAT, "title": bank.guide.title, "edition": bank.guide.edition, "questions": questions}


@dataclass(frozen=True)
class Changes:
    since: str  # how the earlier edition is named: its edition line, else the revision or file
    since_ref: bool = False  # True when `since` is the revision or file name
    added: tuple[str, ...] = ()  # question ids, in guide order
    edited: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (id, what changed)
    removed: tuple[dict, ...] = field(default=())  # the old snapshot's entries, with "id"

    @property
    def empty(self) -> bool:
        return not (self.added or self.edited or self.removed)

    @property
    def since_name(self) -> str:
        return self.since if self.since_ref else f"the edition “{self.since}”"


def _edits(entry: dict, before: dict) -> tuple[str, ...]:
    what = []
    if entry["question"] != before["question"]:
        what.append("question reworded")
    if entry["answer_hash"] != before["answer_hash"]:
        what.append("answer revised")
    if entry["short_hash"] != before.get("short_hash", entry["short_hash"]):
        what.append("short answer revised" if before["short_hash"] else "short answer added")
    if entry["category"] != before["category"]:
        what.append(f"moved from {before['category_title']}")
    return tuple(what)


def compare(old: dict, bank: Bank, name: str) -> Changes:
    """The changes from the `old` snapshot to `bank`."""
    new = snapshot(bank)["questions"]
    before = old["questions"]
    # Candidates know an edition by its edition line; when it was not bumped, the revision tells it apart.
    edition = old.get("edition")
    named = bool(edition) and edition != bank.guide.edition
    edited = [(qid, _edits(entry, before[qid])) for qid, entry in new.items() if qid in before]
    return Changes(since=edition if named else name, since_ref=not named,
                   added=tuple(qid for qid in new if qid not in before),
                   edited=tuple((qid, what) for qid, what in edited if what),
                   removed=tuple({"id": qid, **entry} for qid, entry in before.items() if qid not in new))
