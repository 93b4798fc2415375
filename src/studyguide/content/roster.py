"""A batch's roster (inline `candidates:` and a CSV file) -> candidates, problems as file:line:col."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from pydantic import ValidationError

from ..errors import Problem
from ..models import Batch, Candidate
from ..names import did_you_mean, plural, reserved, slugify, unique
from .files import resolve_inside

COLUMNS = ("name", "email", "slug")
MAX_BYTES = 2_000_000
MAX_ROWS = 10_000


def read_roster(raw: bytes, shown: str) -> tuple[list[tuple[int, Candidate]], list[Problem]]:
    """Parse a CSV roster (a header row naming `name`, optionally `email` and `slug`; then one row
    per candidate) into (line, candidate) pairs and the problems found."""
    if len(raw) > MAX_BYTES:
        return [], [Problem(shown, 1, 1, f"file is {len(raw):,} bytes; the limit is {MAX_BYTES:,}")]
    try:
        text = raw.decode("utf-8-sig")  # spreadsheets often save a byte-order mark
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        col = exc.start - (raw[:exc.start].rfind(b"\n") + 1) + 1
        return [], [Problem(shown, line, col, f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the roster as CSV UTF-8")]
    lines = text.splitlines()
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    problems: list[Problem] = []
    try:
        header = next(reader, None)
        if header is None:
            return [], [Problem(shown, 1, 1, "file is empty; the first row names the columns, e.g. name,email")]
        columns = [cell.strip().lower() for cell in header]
        problems += _check_header(columns, _field_cols(lines[0]), shown)
        if problems:
            return [], problems
        candidates: list[tuple[int, Candidate]] = []
        start = reader.line_num + 1
        for row in reader:
            line, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            cols = _field_cols(lines[line - 1]) if line <= len(lines) else []
            if len(candidates) >= MAX_ROWS:
                problems.append(Problem(shown, line, 1, f"more than {MAX_ROWS:,} candidates; split the batch"))
                break
            if len(row) > len(columns):
                col = cols[len(columns)] if len(cols) > len(columns) else 1
                cells, named = plural(len(row), "cell"), plural(len(columns), "column")
                problems.append(Problem(shown, line, col, f"row has {cells} but the header names {named}"))
                continue
            values = {key: cell.strip() or None for key, cell in zip(columns, row)}
            try:
                candidates.append((line, Candidate(**values)))
            except ValidationError as exc:
                for err in exc.errors():
                    field = str(err["loc"][0]) if err["loc"] else "name"
                    index = columns.index(field) if field in columns else 0
                    col = cols[index] if index < len(cols) else 1
                    problems.append(Problem(shown, line, col, f"{field}: {_message(err)}"))
    except csv.Error as exc:
        problems.append(Problem(shown, reader.line_num or 1, 1, f"invalid CSV: {exc}"))
        return [], problems
    return candidates, problems


def _check_header(columns: list[str], cols: list[int], shown: str) -> list[Problem]:
    problems = []
    for index, column in enumerate(columns):
        col = cols[index] if index < len(cols) else 1
        if column in COLUMNS and columns.index(column) == index:
            continue
        if column in COLUMNS:
            problems.append(Problem(shown, 1, col, f"column '{column}' appears twice"))
        elif ";" in column or "\t" in column:
            problems.append(Problem(shown, 1, col, "separate the columns with commas (save as CSV UTF-8, comma delimited)"))
        else:
            more = did_you_mean(column, COLUMNS) or f"; allowed columns: {', '.join(COLUMNS)}"
            problems.append(Problem(shown, 1, col, f"unknown column '{column}'{more}"))
    if "name" not in columns and not problems:
        problems.append(Problem(shown, 1, 1, "the first row must name a 'name' column, e.g. name,email"))
    return problems


def _message(err: dict) -> str:
    if err["type"] in ("missing", "string_too_short") or err.get("input") is None:
        return "must not be empty"
    if err["type"] == "string_pattern_mismatch":
        return f"'{err['input']}' is not a valid file name: use lowercase letters, digits and hyphens"
    return err["msg"].replace("Value error, ", "")


def _field_cols(line: str) -> list[int]:
    """1-based columns at which each comma-separated cell of a physical line starts."""
    cols, quoted = [1], False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            cols.append(index + 2)
    return cols


def batch_candidates(content_dir: Path, batch: Batch, where, yaml_shown: str) -> tuple[list[Candidate], list[Problem]]:
    """The batch's inline candidates followed by those of its `candidates_file`, checked together.

    `where(loc)` gives the (line, col) of a key path in the batch's YAML file.
    """
    problems: list[Problem] = []
    found = [(c, Problem(yaml_shown, *where(("candidates", i)), "")) for i, c in enumerate(batch.candidates)]
    if batch.candidates_file:
        path, error = resolve_inside(content_dir, batch.candidates_file)
        if error:
            problems.append(Problem(yaml_shown, *where(("candidates_file",)), f"candidates file {error}"))
        else:
            shown = str(Path(content_dir) / batch.candidates_file)
            from_file, file_problems = read_roster(path.read_bytes(), shown)
            problems += file_problems
            found += [(c, Problem(shown, line, 1, "")) for line, c in from_file]
    problems += _duplicates(found)
    return [c for c, _ in found], problems


def _duplicates(found: list[tuple[Candidate, Problem]]) -> list[Problem]:
    problems, emails, slugs = [], {}, {}
    for candidate, at in found:
        for key, value, seen in (("e-mail", (candidate.email or "").lower(), emails), ("slug", candidate.slug, slugs)):
            if not value:
                continue
            if value in seen:
                first = seen[value]
                problems.append(Problem(at.path, at.line, at.col,
                                        f"{key} '{value}' is used twice (first at {first.path}:{first.line})"))
            else:
                seen[value] = at
    return problems


def slug_for(name: str) -> str:
    """An ASCII file name for a person's name: 'Aoife O'Brien' -> 'aoife-obrien'."""
    text = slugify(name, limit=48)
    return (text + "-copy" if reserved(text) else text) or "candidate"


def assign_slugs(candidates: list[Candidate]) -> list[str]:
    """One unique slug per candidate (in order): the given slug, else one made from the name."""
    taken = {c.slug for c in candidates if c.slug}
    return [c.slug or unique(slug_for(c.name), taken) for c in candidates]
