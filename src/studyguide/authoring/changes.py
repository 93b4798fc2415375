"""`studyguide changes`: the earlier edition from a snapshot file or a git revision, and the changes as text.

A snapshot is written by `studyguide changes --snapshot FILE` when an edition is printed; a git
revision's content files are read with `git show`, without touching the working tree.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

from ..content.history import FORMAT, Changes, snapshot
from ..content.load import load_bank
from ..errors import ContentError, StudyGuideError
from ..models import Bank
from ..names import plural


class ChangesError(StudyGuideError):
    """The earlier edition could not be read."""


def snapshot_bytes(bank: Bank) -> bytes:
    return (json.dumps(snapshot(bank), ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


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


def _files_at(ref: str, content: Path) -> tuple[Path, str, list[str]]:
    """(repository root, the content folder's prefix in it, its file names at `ref`)."""
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
    return root, prefix, names


def bank_at_revision(ref: str, content: Path) -> Bank:
    """The bank as it was at git revision `ref`, read without touching the working tree."""
    root, prefix, names = _files_at(ref, Path(content).resolve())
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            target = Path(tmp, name[len(prefix):])
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(_git(["show", f"{ref}:{name}"], root))
        try:
            return load_bank(Path(tmp)).bank
        except ContentError as exc:
            first = exc.problems[0]
            raise ChangesError(f"the content at {ref} does not load ({plural(len(exc.problems), 'problem')}; "
                               f"first: {Path(first.path).name}:{first.line}: {first.message})") from None


def describe(changes: Changes, bank: Bank) -> list[str]:
    """The changes as lines of plain text, for the terminal."""
    entries = snapshot(bank)["questions"]
    if changes.empty:
        return [f"no questions changed since {changes.since_name}"]

    def line(mark: str, qid: str, entry: dict, note: str = "") -> str:
        where = f"{entry['category_title']} {entry['number']:02d}"
        return f"  {mark} {qid} ({where}): {entry['question']}" + (f" [{note}]" if note else "")

    counts = f"{len(changes.added)} added, {len(changes.edited)} edited, {len(changes.removed)} removed"
    lines = [f"since {changes.since_name}: {counts}"]
    if changes.added:
        lines += ["added:"] + [line("+", qid, entries[qid]) for qid in changes.added]
    if changes.edited:
        lines += ["edited:"] + [line("~", qid, entries[qid], ", ".join(what)) for qid, what in changes.edited]
    if changes.removed:
        lines += ["removed:"] + [line("-", entry["id"], entry) for entry in changes.removed]
    return lines
