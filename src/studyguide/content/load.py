"""YAML files in content/ -> a validated Bank and its warnings, every problem reported as file:line:col."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from pydantic import BaseModel

from ..errors import ContentError, Problem, in_order
from ..models import Bank, Batch, Category, Guide
from ..names import did_you_mean, valid_id
from . import checks, selection
from .extras import ExtraError, load_extra
from .files import content_files, read_content_file
from .roster import batch_candidates
from .validate import validate
from .yamlsafe import Parsed, parse_yaml


@dataclass
class Read:
    """One content file: its path as shown in messages, its model (None when invalid), its YAML."""

    shown: str
    value: BaseModel | None
    parsed: Parsed | None


@dataclass
class Loaded:
    """A bank that loaded, and what in it would print badly (warnings, or errors with --strict)."""

    bank: Bank
    warnings: list[Problem]


def _read(path: Path, model: type[BaseModel], problems: list[Problem], root: Path) -> Read:
    shown = str(path)
    raw, why = read_content_file(path, root)
    if raw is None:
        problems.append(Problem(shown, 1, 1, why))
        return Read(shown, None, None)
    parsed, found = parse_yaml(raw, shown)
    problems.extend(found)
    if parsed is None:
        return Read(shown, None, None)
    if not isinstance(parsed.data, dict):
        problems.append(Problem(shown, 1, 1, "expected a mapping of keys at the top of the file"))
        return Read(shown, None, None)
    value, found = validate(model, parsed, shown)
    problems.extend(found)
    return Read(shown, value, parsed)


def _guide(content_dir: Path, problems: list[Problem]) -> Read:
    path = content_dir / "guide.yaml"
    if not path.is_file() and not path.is_symlink():
        problems.append(Problem(str(path), 1, 1, "guide.yaml not found; every bank starts with one"))
        return Read(str(path), None, None)
    return _read(path, Guide, problems, content_dir)


def _folder(content_dir: Path, folder: str, model: type[BaseModel], problems: list[Problem]) -> dict[str, Read]:
    return {path.stem: _read(path, model, problems, content_dir)
            for path in content_files(content_dir, folder, problems)}


def load_bank(content_dir: Path) -> Loaded:
    """Load and cross-check the bank in `content_dir`; raise ContentError listing every problem."""
    content_dir = Path(content_dir)
    if not content_dir.is_dir():
        raise ContentError([Problem(str(content_dir), 1, 1, "content folder not found")])
    problems: list[Problem] = []
    guide = _guide(content_dir, problems)
    categories = _folder(content_dir, "categories", Category, problems)
    batches = _folder(content_dir, "batches", Batch, problems)
    problems += _cross_check(content_dir, guide, categories, batches)
    errors, warnings = _text_checks(content_dir, guide, categories, batches)
    problems += errors
    valid_batches, attachments = {}, {}
    for bid, read in sorted(batches.items()):
        if read.value is not None:
            valid_batches[bid], found = _batch_files(content_dir, read, attachments)
            problems += found
            warnings += _unused_practice(valid_batches[bid], read)
    if problems:
        raise ContentError(problems, in_order(warnings))
    valid = {cid: read.value for cid, read in categories.items() if read.value is not None}
    bank = Bank(guide=guide.value, batches=valid_batches, attachments=attachments, categories=valid,
                images=_images(content_dir, valid))
    return Loaded(bank, in_order(warnings))


def _images(content_dir: Path, categories: dict[str, Category]) -> dict[str, bytes]:
    """The bytes of every image the questions show (each checked already)."""
    texts = [text for category in categories.values() for q in category.questions
             for text in (q.question, q.answer, q.short)]
    sources = sorted({src for text in texts for src in checks.image_sources(text)})
    return {src: (Path(content_dir) / unquote(src)).read_bytes() for src in sources}


def _batch_files(content_dir: Path, read: Read, attachments: dict[str, bytes]) -> tuple[Batch, list[Problem]]:
    """Read the batch's roster file and its extra PDFs, reporting at the YAML line naming them."""
    batch, where = read.value, read.parsed.where
    candidates, problems = batch_candidates(content_dir, batch, where, read.shown)
    for i, rel in enumerate(batch.extras):
        try:
            attachments[rel] = load_extra(content_dir, rel)
        except ExtraError as exc:
            problems.append(Problem(read.shown, *where(("extras", i)), str(exc)))
    return batch.model_copy(update={"candidates": candidates}), problems


def _unused_practice(batch: Batch, read: Read) -> list[Problem]:
    """A batch asking for a practice set per candidate with nobody on its roster gets none: say so
    (its pack keeps the shared practice sheet) rather than leave the trainer to find out."""
    if not (batch.practice and batch.practice.per_candidate) or batch.candidates:
        return []
    return [Problem(read.shown, *read.parsed.where(("practice", "per_candidate"), key=True),
                    f"batch '{batch.number}' asks for a practice set per candidate but lists no candidates; "
                    "its pack keeps the shared practice sheet")]


def _text_checks(content_dir: Path, guide: Read, categories: dict[str, Read], batches: dict[str, Read]):
    """Links and images in markdown (errors); markup that would print as text and characters no
    font prints (warnings)."""
    errors, warnings = [], []
    jobs = [(checks.guide_problems, guide)]
    jobs += [(checks.category_problems, categories[cid]) for cid in sorted(categories)]
    jobs += [(checks.batch_problems, batches[bid]) for bid in sorted(batches)]
    for check, read in jobs:
        if read.value is not None:
            found = checks.FileChecks(content_dir, read.parsed, read.shown)
            check(read.value, found)
            errors += found.errors
            warnings += found.warnings
    return errors, warnings


def _chapters(read: Read) -> list:
    if read.value is not None:
        return read.value.chapters
    raw = read.parsed.data.get("chapters") if isinstance(read.parsed.data, dict) else None
    return raw if isinstance(raw, list) else []


def _cross_check(content_dir: Path, guide: Read, categories: dict[str, Read],
                 batches: dict[str, Read]) -> list[Problem]:
    """Checks that span files: chapter references and question ids unique across the bank."""
    known = sorted(cid for cid, read in categories.items() if read.value is not None)
    problems: list[Problem] = []
    # A file with other problems still has its chapter list checked: every problem at once.
    owners = [(guide, "chapters")] + [(batches[bid], f"batch '{bid}'") for bid in sorted(batches)]
    for read, owner in owners:
        if read.parsed is not None:
            problems += _chapter_refs(content_dir, read, owner, known)
    problems += [p for bid in sorted(batches) for p in _selection(batches[bid], categories)]
    return problems + _duplicate_ids(categories)


def _selection(read: Read, categories: dict[str, Read]) -> list[Problem]:
    """A batch's `select:` naming a tag, level, section or question its chapters lack, or picking none."""
    batch = read.value
    if batch is None or batch.select is None or any(categories.get(cid) is None or categories[cid].value is None
                                                     for cid in batch.chapters):
        return []  # nothing to select from until the chapters load; their problems are reported
    valid = {cid: r.value for cid, r in categories.items() if r.value is not None}
    return [Problem(read.shown, *read.parsed.where(("select", *loc), key=not loc), message)
            for loc, message in selection.misses(valid, batch.chapters, batch.select, "the batch's chapters")]


def _chapter_refs(content_dir: Path, read: Read, owner: str, known: list[str]) -> list[Problem]:
    problems, seen = [], set()
    for i, cid in enumerate(_chapters(read)):
        if not isinstance(cid, str) or not valid_id(cid):
            continue  # the schema check reported it
        line, col = read.parsed.where(("chapters", i))
        if cid in seen:
            problems.append(Problem(read.shown, line, col, f"chapter '{cid}' is listed twice"))
        seen.add(cid)
        if cid not in known and any((content_dir / "categories").glob(f"{cid}.*")):
            continue  # that file has problems of its own, reported already
        if cid not in known:
            problems.append(Problem(read.shown, line, col, f"{owner} names category '{cid}', "
                                                           f"which does not exist{did_you_mean(cid, known)}"))
    return problems


def _duplicate_ids(categories: dict[str, Read]) -> list[Problem]:
    problems, first = [], {}
    for cid in sorted(categories):
        read = categories[cid]
        if read.value is None:
            continue
        for loc, q, _ in read.value.located():
            line, col = read.parsed.where((*loc, "id"))
            if q.id in first:
                fpath, fline = first[q.id]
                problems.append(Problem(read.shown, line, col,
                                        f"duplicate question id '{q.id}' (first used at {fpath}:{fline})"))
            else:
                first[q.id] = (read.shown, line)
    return problems
