"""Remembers what the last build wrote, so a build whose inputs did not change does nothing."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

from ..errors import OutputError, Problem
from ..stored import Stored, digest
from ..typeset.styles import styles_dir, templates_dir
from .cache import versions
from .write import write_atomic


def _digest_tree(digest, root: Path, label: str) -> None:
    if not root.is_dir():
        return
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = path.relative_to(root).as_posix()
        if rel.startswith(".") or "/." in rel:
            continue  # editor swap files and the cache itself are not inputs
        data = path.read_bytes()
        digest.update(f"{label}/{rel}:{len(data)}\n".encode())
        digest.update(data)


def inputs_key(content: Path, command: str, options: dict) -> str:
    """A digest of every input of a build: content, styles, templates, versions and options."""
    digest = hashlib.sha256()
    digest.update(f"{versions()}\n{command}\n{json.dumps(options, sort_keys=True, default=str)}\n".encode())
    _digest_tree(digest, Path(content), "content")
    _digest_tree(digest, styles_dir(), "styles")
    _digest_tree(digest, Path(str(templates_dir())), "templates")
    return digest.hexdigest()


def _file_sha(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


class Manifest:
    """One record per (output folder, command) in the cache folder."""

    def __init__(self, cache: Path, out: Path, command: str):
        name = hashlib.sha256(f"{Path(out).resolve()}\n{command}".encode()).hexdigest()[:24]
        self.path = Path(cache) / "builds" / f"{name}.json"

    def unchanged(self, key: str) -> tuple[list[Path], list[str | Problem]] | None:
        """The outputs (and warnings) of the last build if its inputs had this key and every
        output is intact."""
        try:
            record = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(record, dict) or record.get("inputs") != key:
            return None
        outputs = record.get("outputs", {})
        if not isinstance(outputs, dict) or not outputs:
            return None
        for name, sha in outputs.items():
            if _file_sha(Path(name)) != sha:
                return None
        try:
            warnings = [w if isinstance(w, str) else Problem(**w) for w in record.get("warnings", [])]
        except TypeError:
            return None  # a record from another version: build, and write a current one
        return [Path(name) for name in sorted(outputs)], warnings

    def record(self, key: str, outputs: dict[Path, bytes | Stored], warnings: list[str | Problem]) -> None:
        """Remember the outputs and every warning, the content's located ones with their place, so
        that a build with nothing to do says all of them again without reading the bank."""
        shas = {str(path): digest(data) for path, data in outputs.items()}
        said = [w if isinstance(w, str) else dataclasses.asdict(w) for w in warnings]
        record = {"inputs": key, "outputs": shas, "warnings": said}
        try:
            write_atomic(self.path, json.dumps(record, sort_keys=True, indent=1).encode())
        except (OSError, OutputError):
            pass  # the record only saves time next build; losing it loses nothing
