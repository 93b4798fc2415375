"""YAML files in content/ -> a validated Bank, with every problem reported as file:line:col."""

from __future__ import annotations

import difflib
from pathlib import Path

from pydantic import BaseModel, ValidationError

from . import checks
from .contentfiles import content_files, read_content_file, valid_id
from .errors import ContentError, Problem, diagnostics, warn_content
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
                elif kind == "string_pattern_mismatch" and loc == ("number",):
                    detail = f"'{err['input']}' is not a batch number: use up to 16 letters, digits and hyphens, e.g. 01"
                elif kind == "too_short" and isinstance(err.get("input"), (list, str)) or (
                        kind == "string_type" and err.get("input") is None):
                    detail = "must not be empty"
                else:
                    detail = MESSAGES.get(kind, err["msg"].replace("Value error, ", ""))
                message = f"{_loc_text(loc)}: {detail}" if loc else detail
            problems.append(Problem(path, line, col, message))
        return None, problems


def _is_id_field(loc: tuple) -> bool:
    last = [p for p in loc if not isinstance(p, int)]
    return bool(last) and last[-1] in {"id", "chapters", "slug"}


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


def _read(path: Path, model: type[BaseModel], problems: list[Problem], root: Path):
    shown = _display(path)
    raw, why = read_content_file(path, root)
    if raw is None:
        problems.append(Problem(shown, 1, 1, why))
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
    if not guide_path.is_file() and not guide_path.is_symlink():
        problems.append(Problem(_display(guide_path), 1, 1, "guide.yaml not found; every bank starts with one"))
        guide, guide_parsed = None, None
    else:
        guide, guide_parsed = _read(guide_path, Guide, problems, content_dir)

    categories: dict[str, Category] = {}
    cat_parsed: dict[str, Parsed] = {}
    for path in content_files(content_dir, "categories", problems):
        category, parsed = _read(path, Category, problems, content_dir)
        if category is not None:
            categories[path.stem], cat_parsed[path.stem] = category, parsed

    batches: dict[str, Batch] = {}
    batch_parsed: dict[str, Parsed] = {}
    for path in content_files(content_dir, "batches", problems):
        batch, parsed = _read(path, Batch, problems, content_dir)
        if batch is not None:
            batches[path.stem] = batch
        if parsed is not None:
            batch_parsed[path.stem] = parsed

    problems += _cross_check(content_dir, guide, guide_parsed, categories, cat_parsed, batches, batch_parsed)
    errors, warnings = _text_checks(content_dir, guide, guide_parsed, categories, cat_parsed, batches, batch_parsed)
    problems += errors
    if diagnostics().strict:
        problems, warnings = problems + warnings, []
    for bid in sorted(batches):
        batches[bid], found = _batch_files(content_dir, batches[bid], batch_parsed[bid], content_dir / "batches" / f"{bid}.yaml")
        problems += found
    if problems:
        raise ContentError(problems)
    warn_content(warnings)
    return Bank(guide=guide, categories=categories, batches=batches)


def _batch_files(content_dir: Path, batch: Batch, parsed: Parsed, path: Path) -> tuple[Batch, list[Problem]]:
    """Read the batch's roster file and check its extra PDFs, reporting at the YAML line naming them."""
    from .extras import ExtraError, load_extra
    from .roster import batch_candidates

    shown = _display(path)
    candidates, problems = batch_candidates(content_dir, batch, parsed.where, shown)
    for i, rel in enumerate(batch.extras):
        try:
            load_extra(content_dir, rel)
        except ExtraError as exc:
            problems.append(Problem(shown, *parsed.where(("extras", i)), str(exc)))
    return batch.model_copy(update={"candidates": candidates}), problems


def _text_checks(content_dir, guide, guide_parsed, categories, cat_parsed, batches, batch_parsed):
    """Links and images in markdown (errors) and characters no font prints (warnings)."""
    errors, warnings = [], []
    jobs = [(checks.guide_problems, guide, guide_parsed, content_dir / "guide.yaml")] if guide else []
    jobs += [(checks.category_problems, categories[cid], cat_parsed[cid], content_dir / "categories" / f"{cid}.yaml")
             for cid in sorted(categories)]
    jobs += [(checks.batch_problems, batches[bid], batch_parsed[bid], content_dir / "batches" / f"{bid}.yaml")
             for bid in sorted(batches)]
    for check, value, parsed, path in jobs:
        found_errors, found_warnings = check(value, parsed, _display(path))
        errors += found_errors
        warnings += found_warnings
    return errors, warnings


def _chapters(value, parsed: Parsed) -> list:
    if value is not None:
        return value.chapters
    raw = parsed.data.get("chapters") if isinstance(parsed.data, dict) else None
    return raw if isinstance(raw, list) else []


def _cross_check(content_dir, guide, guide_parsed, categories, cat_parsed, batches, batch_parsed) -> list[Problem]:
    """Checks that span files: chapter references and question ids unique across the bank."""
    problems: list[Problem] = []
    known = sorted(categories)

    def check_refs(ids: list[str], parsed: Parsed, path: Path, owner: str):
        seen: set[str] = set()
        for i, cid in enumerate(ids):
            if not isinstance(cid, str) or not valid_id(cid):
                continue  # the schema check reported it
            line, col = parsed.where(("chapters", i))
            if cid in seen:
                problems.append(Problem(_display(path), line, col, f"chapter '{cid}' is listed twice"))
            seen.add(cid)
            if cid not in categories and any((content_dir / "categories").glob(f"{cid}.*")):
                continue  # that file has problems of its own, reported already
            if cid not in categories:
                hint = difflib.get_close_matches(cid, known, n=1, cutoff=0.6)
                extra = f" (did you mean '{hint[0]}'?)" if hint else ""
                problems.append(Problem(_display(path), line, col, f"{owner} names category '{cid}', which does not exist{extra}"))

    # A file with other problems still has its chapter list checked: every problem at once.
    if guide_parsed is not None:
        check_refs(_chapters(guide, guide_parsed), guide_parsed, content_dir / "guide.yaml", "chapters")
    for bid, parsed in sorted(batch_parsed.items()):
        check_refs(_chapters(batches.get(bid), parsed), parsed, content_dir / "batches" / f"{bid}.yaml", f"batch '{bid}'")

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
