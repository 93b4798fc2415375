"""The imported bank written into a content folder, after checking that the result loads; what the
check finds in imported files is reported at the source lines the text came from."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

from ...errors import ContentError, Problem, StudyGuideError
from .bank import GUIDE, Imported
from .refs import MAX_BYTES
from .yamlout import dump_bank

_ID_LINE = re.compile(r"\s*- id: (\S+)\s*$")


def refuse_overwrite(out: Path, force: bool) -> None:
    """An existing, non-empty content folder is only written into with --force."""
    out = Path(out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())) and not force:
        raise StudyGuideError(f"{out}: already exists; pass --force to overwrite the files the import writes")


def _image(path: Path) -> bytes:
    with open(path, "rb") as handle:  # read once more, never past the size the plan allowed
        return handle.read(MAX_BYTES + 1)[:MAX_BYTES]


def write_content(imported: Imported, out: Path, force: bool = False) -> tuple[list[Path], list[str]]:
    """Write the bank's YAML and images into `out`, after checking the result loads; never half-written.

    Returns the files written and what the check found in the imported files, as source locations.
    Problems in files the folder already held stop the import, as they would stop every build."""
    from ...build.write import write_atomic
    from ...content.load import load_bank

    out = Path(out)
    refuse_overwrite(out, force)
    try:
        texts = dump_bank(imported.bank)
    except ValueError as exc:  # the YAML writer double-checks itself; this would be a bug
        owner = Path(str(exc).split(":")[0]).stem
        where = imported.origins.get(owner) or imported.origins.get(GUIDE, "the imported bank")
        raise StudyGuideError(f"{where}: this text cannot be written as YAML that reads back the same") from None
    data = {rel: text.encode("utf-8") for rel, text in texts.items()}
    data |= {rel: _image(path) for rel, path in imported.images.items()}
    out.resolve().parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=".studyguide-import-", dir=out.resolve().parent))
    try:
        if out.is_dir():  # the check must see what will be there: kept files and imported ones
            shutil.copytree(out, stage, dirs_exist_ok=True)
        for rel, content in data.items():
            (stage / rel).parent.mkdir(parents=True, exist_ok=True)
            (stage / rel).write_bytes(content)
        found = _check(load_bank, stage, out, set(texts))
        found = [_at_source(p, stage, texts, imported) for p in found]
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return [out / rel for rel, content in data.items() if write_atomic(out / rel, content)], found


def _check(load_bank, stage: Path, out: Path, imported: set[str]) -> list[Problem]:
    """What loading the staged folder finds in the imported files; problems elsewhere are raised."""
    try:
        return load_bank(stage).warnings
    except ContentError as exc:
        problems = [*exc.problems, *exc.warnings]
    kept = [p for p in problems if _rel(p.path, stage) not in imported]
    if kept:
        raise ContentError([Problem(p.path.replace(str(stage), str(out)), p.line, p.col, p.message)
                            for p in kept]) from None
    return problems


def _rel(path: str, stage: Path) -> str:
    try:
        return Path(path).relative_to(stage).as_posix()
    except ValueError:
        return path


def _at_source(problem: Problem, stage: Path, texts: dict[str, str], imported: Imported) -> str:
    """'file:line: message' at the source line of the question (or category) the problem is in."""
    rel = _rel(problem.path, stage)
    owner = Path(rel).stem if rel.startswith("categories/") else GUIDE
    for number, line in enumerate(texts.get(rel, "").split("\n")[: problem.line], 1):
        if (m := _ID_LINE.match(line)) and number <= problem.line:
            owner = m[1]
    where = imported.origins.get(owner) or next(iter(imported.origins.values()), rel)
    return f"{where}: {problem.message}"
