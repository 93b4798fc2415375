"""Reads one YAML file strictly: plain values stay strings, every node keeps its line:col."""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from .errors import Problem

MAX_FILE_BYTES = 2_000_000  # a whole category of long answers is well under 200 kB
NULLS = {"", "~", "null", "Null", "NULL"}


@dataclass
class Parsed:
    """A YAML document as plain data, with the position of every value and key."""

    data: object
    marks: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[tuple, tuple[int, int]] = field(default_factory=dict)

    def where(self, loc: tuple, key: bool = False) -> tuple[int, int]:
        """Best position for `loc`: the node itself, else its nearest recorded parent."""
        table = self.key_marks if key else self.marks
        while loc:
            if loc in table:
                return table[loc]
            if loc in self.marks:
                return self.marks[loc]
            loc = loc[:-1]
        return self.marks.get((), (1, 1))


def _pos(mark) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


def _line_col_of_offset(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    return before.count(b"\n") + 1, offset - (before.rfind(b"\n") + 1) + 1


def parse_yaml(raw: bytes, path: str) -> tuple[Parsed | None, list[Problem]]:
    """Parse `raw` (the bytes of `path`); return the document or the problems found."""
    if len(raw) > MAX_FILE_BYTES:
        return None, [Problem(path, 1, 1, f"file is {len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,}")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = _line_col_of_offset(raw, exc.start)
        return None, [Problem(path, line, col, f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8")]
    if not text.strip() or all(ln.lstrip().startswith("#") or not ln.strip() for ln in text.splitlines()):
        return None, [Problem(path, 1, 1, "file is empty")]
    try:
        problems = _refuse_aliases(text, path)
        if problems:
            return None, problems
        loader = yaml.SafeLoader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.composer.ComposerError as exc:
        if exc.problem and "single document" in exc.problem:
            line, col = _pos(exc.problem_mark)
            return None, [Problem(path, line, col, "several YAML documents in one file; keep one document per file (remove the '---' line)")]
        return None, [_yaml_problem(exc, path)]
    except yaml.MarkedYAMLError as exc:
        return None, [_yaml_problem(exc, path)]
    parsed = Parsed(data=None)
    problems = []
    parsed.data = _convert(node, (), parsed, problems, path)
    return (None if problems else parsed), problems


def _yaml_problem(exc: yaml.MarkedYAMLError, path: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, col = _pos(mark) if mark else (1, 1)
    message = exc.problem or "invalid YAML"
    if exc.context and exc.context_mark and exc.context_mark is not mark:
        cline, ccol = _pos(exc.context_mark)
        message = f"{message} ({exc.context} at {cline}:{ccol})"
    return Problem(path, line, col, f"invalid YAML: {message}")


def _refuse_aliases(text: str, path: str) -> list[Problem]:
    # Anchors and aliases allow expansion bombs and hide content; a bank never needs them.
    problems = []
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            line, col = _pos(event.start_mark)
            problems.append(Problem(path, line, col, "YAML anchors and aliases (&, *) are not allowed; write the value out"))
    return problems


def _convert(node, loc: tuple, parsed: Parsed, problems: list[Problem], path: str):
    parsed.marks[loc] = _pos(node.start_mark)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, object] = {}
        first_seen: dict[str, tuple[int, int]] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                line, col = _pos(key_node.start_mark)
                problems.append(Problem(path, line, col, "a key must be a plain word, not a list or mapping"))
                continue
            key = key_node.value
            if key in first_seen:
                line, col = _pos(key_node.start_mark)
                fl, fc = first_seen[key]
                problems.append(Problem(path, line, col, f"duplicate key '{key}' (first at line {fl}, column {fc})"))
                continue
            first_seen[key] = _pos(key_node.start_mark)
            parsed.key_marks[loc + (key,)] = first_seen[key]
            result[key] = _convert(value_node, loc + (key,), parsed, problems, path)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, loc + (i,), parsed, problems, path) for i, item in enumerate(node.value)]
    # Scalars stay exactly as written ('no', '1.10', '012'); the models decide their types.
    if node.style is None and node.value in NULLS:
        return None
    return node.value
