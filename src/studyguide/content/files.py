"""Finding and reading content files: only regular files inside the content folder, named by valid ids."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..errors import Problem
from ..names import reserved, valid_id
from .yamlsafe import MAX_FILE_BYTES

KINDS = {"categories": "category", "batches": "batch"}
# Ids name output files: cheatsheets/all.pdf already holds every category.
TAKEN_IDS = {"categories": {"all": "cheatsheets/all.pdf holds every category"}, "batches": {}}


def read_content_file(path: Path, root: Path, limit: int = MAX_FILE_BYTES) -> tuple[bytes | None, str | None]:
    """The bytes of a regular file inside `root` (read at most `limit` + 1), or (None, why not).

    Content comes from many hands: a link to a file elsewhere on the machine, a device or a
    named pipe (which would block the build forever) is refused before it is opened.
    """
    try:
        real = path.resolve()
        if not real.is_relative_to(Path(root).resolve()):
            return None, "is a link to a file outside the content folder; copy the file in instead"
        if not stat.S_ISREG(real.stat().st_mode):
            return None, "is not a regular file"
        with open(real, "rb", buffering=0) as handle:
            return handle.read(limit + 1), None
    except OSError as exc:
        return None, f"cannot read file: {exc.strerror or exc}"


def resolve_inside(content_dir: Path, rel: str) -> tuple[Path | None, str | None]:
    """The file `rel` names inside `content_dir`, or (None, why not) for a path that leaves it."""
    if Path(rel).is_absolute() or rel.startswith("~") or "\\" in rel or "\x00" in rel:
        return None, f"'{rel}' must be a path relative to the content folder, written with /"
    root = Path(content_dir).resolve()
    path = (root / rel).resolve()
    if not path.is_relative_to(root):
        return None, f"'{rel}' is outside the content folder"
    if not path.is_file():
        return None, f"'{rel}' not found in the content folder"
    return path, None


def content_files(content_dir: Path, folder: str, problems: list[Problem]) -> list[Path]:
    """The .yaml files of categories/ or batches/ whose names are usable ids, in name order
    (never the file system's listing order, so every machine builds the same document)."""
    kind = KINDS[folder]
    try:
        entries = sorted(os.scandir(content_dir / folder), key=lambda e: e.name)
    except FileNotFoundError:
        return []
    except OSError as exc:
        problems.append(Problem(str(content_dir / folder), 1, 1, f"cannot list folder: {exc.strerror or exc}"))
        return []
    found = []
    for entry in entries:
        path = Path(entry.path)
        stem, suffix = os.path.splitext(entry.name)
        if entry.name.startswith(".") or suffix.lower() not in (".yaml", ".yml"):
            continue  # editor backups, notes, hidden files
        why = _unusable(kind, folder, entry.name, stem, suffix)
        if why:
            problems.append(Problem(str(path), 1, 1, why))
        else:
            found.append(path)
    return found


def _unusable(kind: str, folder: str, name: str, stem: str, suffix: str) -> str | None:
    if suffix != ".yaml":
        return f"is not read: {kind} files end in .yaml; rename it to {stem}.yaml"
    if not valid_id(stem):
        return f"file name '{name}' must be a {kind} id: lowercase letters, digits and hyphens (at most 64)"
    if reserved(stem):
        return (f"'{stem}' cannot be a {kind} id: Windows reserves the name for a device, "
                "so the output could not be copied there")
    if stem in TAKEN_IDS[folder]:
        return f"'{stem}' cannot be a {kind} id: {TAKEN_IDS[folder][stem]}"
    return None
