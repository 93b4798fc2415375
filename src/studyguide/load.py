"""YAML files in content/ -> a validated Bank, with every problem reported as file:line:col."""

from __future__ import annotations

import difflib
from pathlib import Path

from pydantic import BaseModel, ValidationError

from .errors import ContentError, Problem
from .models import Bank, Batch, Category, Guide
from .yamlsafe import Parsed, parse_yaml

# Friendlier words for the pydantic error types a bank author meets.
MESSAGES = {
    "string_type": "expected text",
    "list_type": "expected a list",
    "dict_type": "expected a mapping of keys",
    "model_type": "expected a mapping of keys",
    "model_attributes_type": "expected a mapping of keys",
    "date_from_datetime_parsing": "expected a date written as YYYY-MM-DD",
    "date_parsing": "expected a date written as YYYY-MM-DD",
    "date_type": "expected a date written as YYYY-MM-DD",
}


def _display(path: Path) -> str:
    return str(path)


def _loc_text(loc: tuple) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def validate(model: type[BaseModel], parsed: Parsed, path: str) -> tuple[BaseModel | None, list[Problem]]:
    """Validate parsed YAML against `model`, turning each pydantic error into a located Problem."""
    try:
        return model.model_validate(parsed.data), []
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            kind = err["type"]
            if kind == "extra_forbidden":
                key = str(loc[-1])
                allowed = _fields_at(model, loc[:-1])
                hint = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
                message = f"unknown key '{key}'" + (f" (did you mean '{hint[0]}'?)" if hint else f"; allowed keys: {', '.join(allowed)}")
                line, col = parsed.where(loc, key=True)
            elif kind == "missing":
                line, col = parsed.where(loc[:-1])
                where = _loc_text(loc[:-1])
                message = f"missing required key '{loc[-1]}'" + (f" in {where}" if where else "")
            else:
                line, col = parsed.where(loc)
                if kind == "string_pattern_mismatch" and loc and _is_id_field(loc):
                    detail = f"'{err['input']}' is not a valid id: use lowercase letters, digits and hyphens"
                elif kind == "too_short" and isinstance(err.get("input"), (list, str)):
                    detail = "must not be empty"
                else:
                    detail = MESSAGES.get(kind, err["msg"].replace("Value error, ", ""))
                message = f"{_loc_text(loc)}: {detail}" if loc else detail
            problems.append(Problem(path, line, col, message))
        return None, problems


def _is_id_field(loc: tuple) -> bool:
    last = [p for p in loc if not isinstance(p, int)]
    return bool(last) and last[-1] in {"id", "chapters"}


def _fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """The keys allowed at `loc` inside `model`, for did-you-mean hints."""
    current: type[BaseModel] = model
    for part in loc:
        if isinstance(part, int):
            continue
        annotation = current.model_fields[part].annotation
        inner = getattr(annotation, "__args__", (annotation,))
        nested = [a for a in inner if isinstance(a, type) and issubclass(a, BaseModel)]
        if not nested:
            return []
        current = nested[0]
    return list(current.model_fields)


def _read(path: Path, model: type[BaseModel], problems: list[Problem]):
    shown = _display(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(shown, 1, 1, f"cannot read file: {exc.strerror or exc}"))
        return None, None
    parsed, found = parse_yaml(raw, shown)
    problems.extend(found)
    if parsed is None:
        return None, None
    if not isinstance(parsed.data, dict):
        problems.append(Problem(shown, 1, 1, "expected a mapping of keys at the top of the file"))
        return None, None
    value, found = validate(model, parsed, shown)
    problems.extend(found)
    return value, parsed


def load_bank(content_dir: Path) -> Bank:
    """Load and cross-check the bank in `content_dir`; raise ContentError listing every problem."""
    content_dir = Path(content_dir)
    if not content_dir.is_dir():
        raise ContentError([Problem(_display(content_dir), 1, 1, "content folder not found")])
    problems: list[Problem] = []
    guide_path = content_dir / "guide.yaml"
    if not guide_path.is_file():
        problems.append(Problem(_display(guide_path), 1, 1, "guide.yaml not found; every bank starts with one"))
        guide, guide_parsed = None, None
    else:
        guide, guide_parsed = _read(guide_path, Guide, problems)

    categories: dict[str, Category] = {}
    cat_parsed: dict[str, Parsed] = {}
    for path in sorted((content_dir / "categories").glob("*.yaml")):
        if not _valid_id(path.stem):
            problems.append(Problem(_display(path), 1, 1, f"file name '{path.name}' must be a category id: lowercase letters, digits and hyphens"))
            continue
        category, parsed = _read(path, Category, problems)
        if category is not None:
            categories[path.stem], cat_parsed[path.stem] = category, parsed

    batches: dict[str, Batch] = {}
    batch_parsed: dict[str, Parsed] = {}
    for path in sorted((content_dir / "batches").glob("*.yaml")):
        if not _valid_id(path.stem):
            problems.append(Problem(_display(path), 1, 1, f"file name '{path.name}' must be a batch id: lowercase letters, digits and hyphens"))
            continue
        batch, parsed = _read(path, Batch, problems)
        if batch is not None:
            batches[path.stem], batch_parsed[path.stem] = batch, parsed

    problems += _cross_check(content_dir, guide, guide_parsed, categories, cat_parsed, batches, batch_parsed)
    if problems:
        raise ContentError(problems)
    return Bank(guide=guide, categories=categories, batches=batches)


def _valid_id(stem: str) -> bool:
    import re

    return re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", stem) is not None and len(stem) <= 64


def _cross_check(content_dir, guide, guide_parsed, categories, cat_parsed, batches, batch_parsed) -> list[Problem]:
    """Checks that span files: chapter references and question ids unique across the bank."""
    problems: list[Problem] = []
    known = sorted(categories)

    def check_refs(ids: list[str], parsed: Parsed, path: Path, owner: str):
        seen: set[str] = set()
        for i, cid in enumerate(ids):
            line, col = parsed.where(("chapters", i))
            if cid in seen:
                problems.append(Problem(_display(path), line, col, f"chapter '{cid}' is listed twice"))
            seen.add(cid)
            if cid not in categories and (content_dir / "categories" / f"{cid}.yaml").is_file():
                continue  # that file has problems of its own, reported already
            if cid not in categories:
                hint = difflib.get_close_matches(cid, known, n=1, cutoff=0.6)
                extra = f" (did you mean '{hint[0]}'?)" if hint else ""
                problems.append(Problem(_display(path), line, col, f"{owner} names category '{cid}', which does not exist{extra}"))

    if guide is not None:
        check_refs(guide.chapters, guide_parsed, content_dir / "guide.yaml", "chapters")
    for bid, batch in batches.items():
        check_refs(batch.chapters, batch_parsed[bid], content_dir / "batches" / f"{bid}.yaml", f"batch '{bid}'")

    first: dict[str, tuple[str, int]] = {}
    for cid in sorted(categories):
        path = _display(content_dir / "categories" / f"{cid}.yaml")
        for i, q in enumerate(categories[cid].questions):
            line, col = cat_parsed[cid].where(("questions", i, "id"))
            if q.id in first:
                fpath, fline = first[q.id]
                problems.append(Problem(path, line, col, f"duplicate question id '{q.id}' (first used at {fpath}:{fline})"))
            else:
                first[q.id] = (path, line)
    return problems
