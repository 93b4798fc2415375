"""Reads one YAML file strictly: plain values stay strings, every node keeps its line:col."""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from ..errors import Problem

MAX_FILE_BYTES = 8_000_000  # the seed's largest category is 14 kB; 2,000 long answers fit in 3 MB
MAX_DEPTH = 20  # a bank nests four levels deep; deeper input is a mistake or an attack
NULLS = {"", "~", "null", "Null", "NULL"}
# libyaml when present (about 20x faster); messages always come from the Python parser.
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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
    line_start = before.rfind(b"\n") + 1
    return before.count(b"\n") + 1, len(raw[line_start:offset].decode("utf-8", "replace")) + 1


def decode(raw: bytes, path: str, limit: int = MAX_FILE_BYTES) -> tuple[str | None, list[Problem]]:
    """The text of a content file, or a problem saying why it is not UTF-8 text of a sane size."""
    if len(raw) > limit:
        return None, [Problem(path, 1, 1, f"file is larger than {limit:,} bytes; split it into smaller files")]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [Problem(path, 1, 1, "file is saved as UTF-16; save it as UTF-8")]
    try:
        return raw.decode("utf-8-sig"), []  # a UTF-8 byte-order mark is harmless and dropped
    except UnicodeDecodeError as exc:
        line, col = _line_col_of_offset(raw, exc.start)
        return None, [Problem(path, line, col, f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8")]


def parse_yaml(raw: bytes, path: str) -> tuple[Parsed | None, list[Problem]]:
    """Parse `raw` (the bytes of `path`); return the document or the problems found."""
    text, problems = decode(raw, path)
    if text is None:
        return None, problems
    if all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        return None, [Problem(path, 1, 1, "file is empty; it needs at least the required keys")]
    try:
        problems = _refuse_constructs(text, path, FAST_LOADER)
        if problems:
            return None, problems
        loader = FAST_LOADER(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        return None, _explain(text, path, exc)
    parsed = Parsed(data=None)
    problems = []
    parsed.data = _convert(node, (), parsed, problems, path)
    return (None if problems else parsed), problems


def _explain(text: str, path: str, fast_error: yaml.YAMLError) -> list[Problem]:
    """The problem for a file that is not valid YAML, worded from the Python parser's findings."""
    try:
        found = _refuse_constructs(text, path, yaml.SafeLoader)
        if found:
            return found
        loader = yaml.SafeLoader(text)
        try:
            loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        return [_yaml_problem(text, exc, path)]
    return [_yaml_problem(text, fast_error, path)]  # pragma: no cover - both parsers agree in practice


def _yaml_problem(text: str, exc: yaml.YAMLError, path: str) -> Problem:
    if isinstance(exc, yaml.reader.ReaderError):
        line, col = _line_col(text, exc.position)
        return Problem(path, line, col, f"control character U+{exc.character:04X} is not allowed in YAML; remove it")
    if not isinstance(exc, yaml.MarkedYAMLError):  # pragma: no cover - every parser error carries a mark
        return Problem(path, 1, 1, f"invalid YAML: {exc}")
    problem, context = exc.problem or "", exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    line, col = _pos(mark) if mark else (1, 1)
    if "expected a single document" in context:
        return Problem(path, line, col, "a second YAML document starts here; keep one document per file "
                                        "(remove the '---' line and what follows, or move it to its own file)")
    if "'\\t'" in problem or "tab character" in problem:
        return Problem(path, line, col, "tab character; indent with spaces, not tabs")
    if "mapping values are not allowed" in problem:
        return Problem(path, line, col, "': ' inside a value; put the whole value in quotes, "
                                        "or use a block (key: |) for text with colons")
    where = f"{_pos(exc.context_mark)[0]}:{_pos(exc.context_mark)[1]}" if exc.context_mark else "?"
    if "end of stream" in problem and "quoted scalar" in context:
        return Problem(path, line, col, f"the quoted value that starts at {where} is never closed")
    if "expected <block end>" in problem:
        return Problem(path, line, col, f"this line's indentation does not fit the block that starts at {where}; "
                                        "line items up with the ones above")
    message = problem or "invalid YAML"
    if context and exc.context_mark is not None and exc.context_mark is not mark:
        cline, ccol = _pos(exc.context_mark)
        message = f"{message} ({context} at {cline}:{ccol})"
    return Problem(path, line, col, f"invalid YAML: {message}")


def _line_col(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def _refuse_constructs(text: str, path: str, loader) -> list[Problem]:
    # Anchors and aliases allow expansion bombs and hide content; explicit tags ask for types
    # the bank never needs; deep nesting would exhaust the (recursive) composer.
    found: dict[str, list[Problem]] = {"alias": [], "tag": []}
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        line, col = _pos(event.start_mark)
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            found["alias"].append(Problem(path, line, col, "YAML anchors and aliases (&, *) are not allowed; write the value out"))
        elif getattr(event, "tag", None) and isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent)):
            tag = event.tag.replace("tag:yaml.org,2002:", "!!")
            found["tag"].append(Problem(path, line, col, f"YAML tags ({tag}) are not allowed; write the plain value"))
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                return _first_of_each(found) + [Problem(path, line, col, f"nested more than {MAX_DEPTH} levels deep")]
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return _first_of_each(found)


def _first_of_each(found: dict[str, list[Problem]]) -> list[Problem]:
    # An alias bomb has thousands of aliases: name the first, count the rest.
    result = []
    for problems in found.values():
        if problems:
            first, more = problems[0], len(problems) - 1
            result.append(first if not more else Problem(first.path, first.line, first.col,
                                                         f"{first.message} ({more} more in this file)"))
    return result


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
    if not node.style and node.value in NULLS:  # plain style: None in PyYAML, '' in libyaml
        return None
    return node.value
