"""Parsed YAML -> a pydantic model, each validation error a located Problem with friendly words."""

from __future__ import annotations

from pydantic import BaseModel, ValidationError

from ..errors import Problem
from ..names import did_you_mean
from .yamlsafe import Parsed

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
        return None, [Problem(path, *_explain(model, parsed, err)) for err in exc.errors()]


def _explain(model: type[BaseModel], parsed: Parsed, err: dict) -> tuple[int, int, str]:
    """(line, col, message) of one pydantic error."""
    loc, kind = tuple(err["loc"]), err["type"]
    if kind == "extra_forbidden":
        key, allowed = str(loc[-1]), _fields_at(model, loc[:-1])
        hint = did_you_mean(key, allowed) or f"; allowed keys: {', '.join(allowed)}"
        return (*parsed.where(loc, key=True), f"unknown key '{key}'{hint}")
    if kind == "missing":
        where = _loc_text(loc[:-1])
        return (*parsed.where(loc[:-1]), f"missing required key '{loc[-1]}'" + (f" in {where}" if where else ""))
    detail = _detail(err, loc, kind)
    return (*parsed.where(loc), f"{_loc_text(loc)}: {detail}" if loc else detail)


def _detail(err: dict, loc: tuple, kind: str) -> str:
    if kind == "string_pattern_mismatch" and loc and _is_id_field(loc):
        return f"'{err['input']}' is not a valid id: use lowercase letters, digits and hyphens"
    if kind == "string_pattern_mismatch" and loc == ("number",):
        return f"'{err['input']}' is not a batch number: use up to 16 letters, digits and hyphens, e.g. 01"
    if kind == "too_short" and isinstance(err.get("input"), (list, str)) or (
            kind == "string_type" and err.get("input") is None):
        return "must not be empty"
    return MESSAGES.get(kind, err["msg"].replace("Value error, ", ""))


def _is_id_field(loc: tuple) -> bool:
    last = [p for p in loc if not isinstance(p, int)]
    return bool(last) and last[-1] in {"id", "chapters", "slug"}


def _fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """The keys allowed at `loc` inside `model`, for did-you-mean hints."""
    current: type[BaseModel] = model
    for part in loc:
        if isinstance(part, int):
            continue
        annotation = _by_key(current)[part].annotation
        nested = [a for a in _inner(annotation) if isinstance(a, type) and issubclass(a, BaseModel)]
        if not nested:
            return []
        current = nested[0]
    return list(_by_key(current))


def _by_key(model: type[BaseModel]) -> dict:
    """A model's fields by the key a file writes them with (its alias, if it has one)."""
    return {field.alias or name: field for name, field in model.model_fields.items()}


def _inner(annotation) -> list:
    """The types inside `list[X] | None` and the like."""
    args = getattr(annotation, "__args__", None)
    return [annotation] if not args else [t for arg in args for t in _inner(arg)]
