"""What changed in the bank since an earlier edition: questions added, removed and edited.

The earlier edition is a git revision (its content files are read with `git show`) or a
snapshot file written by `studyguide changes --snapshot FILE` when that edition was printed.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ContentError, StudyGuideError
from .load import load_bank
from .models import Bank, Question

FORMAT = "studyguide-snapshot/1"


class ChangesError(StudyGuideError):
    """The earlier edition could not be read."""


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


def snapshot_bytes(bank: Bank) -> bytes:
    return (json.dumps(snapshot(bank), ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


@dataclass
class Changes:
    since: str  # how the earlier edition is named: its edition line, else the revision or file
    since_ref: bool = False  # True when `since` is the revision or file name
    added: list[str] = field(default_factory=list)  # question ids, in guide order
    edited: list[tuple[str, list[str]]] = field(default_factory=list)  # (id, what changed)
    removed: list[dict] = field(default_factory=list)  # the old snapshot's entries, with "id"

    @property
    def empty(self) -> bool:
        return not (self.added or self.edited or self.removed)


def compare(old: dict, bank: Bank, name: str) -> Changes:
    """The changes from the `old` snapshot to `bank`."""
    new = snapshot(bank)["questions"]
    before = old["questions"]
    # Candidates know an edition by its edition line; when it was not bumped, the revision tells it apart.
    edition = old.get("edition")
    named = bool(edition) and edition != bank.guide.edition
    changes = Changes(since=edition if named else name, since_ref=not named)
    for qid, entry in new.items():
        if qid not in before:
            changes.added.append(qid)
            continue
        what = []
        if entry["question"] != before[qid]["question"]:
            what.append("question reworded")
        if entry["answer_hash"] != before[qid]["answer_hash"]:
            what.append("answer revised")
        if entry["short_hash"] != before[qid].get("short_hash", entry["short_hash"]):
            what.append("short answer revised" if before[qid]["short_hash"] else "short answer added")
        if entry["category"] != before[qid]["category"]:
            what.append(f"moved from {before[qid]['category_title']}")
        if what:
            changes.edited.append((qid, what))
    changes.removed = [{"id": qid, **entry} for qid, entry in before.items() if qid not in new]
    return changes


def earlier(since: str, content: Path) -> dict:
    """The snapshot of the earlier edition: a snapshot file, or the content at a git revision."""
    path = Path(since)
    if path.is_file():
        return read_snapshot(path)
    return snapshot(bank_at_revision(since, content))


def read_snapshot(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ChangesError(f"{path}: not a snapshot file ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("questions"), dict):
        raise ChangesError(f"{path}: not a snapshot file (write one with `studyguide changes --snapshot {path}`)")
    return data


def _git(args: list[str], cwd: Path) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise ChangesError("git is not installed; give a snapshot file instead of a revision") from None
    if done.returncode != 0:
        raise subprocess.CalledProcessError(done.returncode, args, done.stdout, done.stderr)
    return done.stdout


def bank_at_revision(ref: str, content: Path) -> Bank:
    """The bank as it was at git revision `ref`, read without touching the working tree."""
    content = Path(content).resolve()
    try:
        root = Path(_git(["rev-parse", "--show-toplevel"], content).decode().strip())
    except subprocess.CalledProcessError:
        raise ChangesError(f"'{ref}' is not a snapshot file, and {content.name}/ is not in a git repository") from None
    rel = content.relative_to(root.resolve()).as_posix()
    try:
        _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], root)
    except subprocess.CalledProcessError:
        raise ChangesError(f"'{ref}' is neither a snapshot file nor a git revision") from None
    prefix = "" if rel == "." else rel + "/"
    names = _git(["ls-tree", "-r", "-z", "--name-only", ref, "--", rel], root).decode().split("\0")
    names = [n for n in names if n.startswith(prefix)]
    if not any(n.endswith("guide.yaml") for n in names):
        raise ChangesError(f"{prefix or './'} holds no guide.yaml at {ref}")
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            target = Path(tmp, name[len(prefix):])
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(_git(["show", f"{ref}:{name}"], root))
        try:
            return load_bank(Path(tmp))
        except ContentError as exc:
            first = exc.problems[0]
            where = Path(first.path).name
            raise ChangesError(f"the content at {ref} does not load ({len(exc.problems)} problem(s); "
                               f"first: {where}:{first.line}: {first.message})") from None


def since_name(changes: Changes) -> str:
    return changes.since if changes.since_ref else f"the edition “{changes.since}”"


def describe(changes: Changes, bank: Bank) -> list[str]:
    """The changes as lines of plain text, for the terminal."""
    entries = snapshot(bank)["questions"]
    if changes.empty:
        return [f"no questions changed since {since_name(changes)}"]

    def line(mark: str, qid: str, entry: dict, note: str = "") -> str:
        where = f"{entry['category_title']} {entry['number']:02d}"
        return f"  {mark} {qid} ({where}): {entry['question']}" + (f" [{note}]" if note else "")

    counts = f"{len(changes.added)} added, {len(changes.edited)} edited, {len(changes.removed)} removed"
    lines = [f"since {since_name(changes)}: {counts}"]
    if changes.added:
        lines += ["added:"] + [line("+", qid, entries[qid]) for qid in changes.added]
    if changes.edited:
        lines += ["edited:"] + [line("~", qid, entries[qid], ", ".join(what)) for qid, what in changes.edited]
    if changes.removed:
        lines += ["removed:"] + [line("-", entry["id"], entry) for entry in changes.removed]
    return lines


STYLES = ("base.css", "guide.css", "whats-new.css")


def insert_html(changes: Changes, bank: Bank) -> str:
    """The 'What changed' insert: new questions and revised answers in full, withdrawn ones by name."""
    from . import render

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
                         "items": [item(qid, entries[qid], ", ".join(what))
                                   for qid, what in changes.edited]})
    if changes.removed:
        sections.append({"title": "Withdrawn (numbers as in the earlier edition)", "answers": False,
                         "items": [item(entry["id"], entry) for entry in changes.removed]})
    return render.render_template("whats-new.html", guide=bank.guide, since_name=since_name(changes),
                                  summary=summary(changes), sections=sections)


def summary(changes: Changes) -> str:
    def count(n: int, one: str, many: str) -> str:
        return f"{n} {one if n == 1 else many}"

    parts = [count(len(changes.added), "new question", "new questions"),
             count(len(changes.edited), "revised", "revised"),
             count(len(changes.removed), "withdrawn", "withdrawn")]
    return ", ".join(parts) + "."


def insert_pdf(changes: Changes, bank: Bank, opts, report) -> bytes:
    from .parts import PartJob, render_part

    return render_part(PartJob(insert_html(changes, bank), STYLES, "what changed"), opts, report).pdf
