"""The package's shape: stages import one way, no cycles, small modules and functions."""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "studyguide"
# Each stage may import the stages before it, never one after it. typeset and pdf are
# siblings: both turn values into PDF bytes, and neither knows the other.
LAYERS = [
    {"__init__", "models", "errors", "names", "fonts", "stored"},
    {"content"},
    {"typeset", "pdf"},
    {"outputs"},
    {"build"},
    {"authoring"},
    {"cli"},
    {"__main__"},
]
RANK = {name: rank for rank, names in enumerate(LAYERS) for name in names}


@functools.lru_cache(maxsize=1)
def modules() -> dict[str, Path]:
    """'content.load' -> its file, for every module of the package."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" and len(parts) > 1 else parts)] = path
    return found


def imports(name: str, path: Path) -> set[str]:
    """Every studyguide module `name` imports, at the top or inside a function."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            if not node.level and not (node.module or "").startswith("studyguide"):
                continue
            target = (node.module or "").removeprefix("studyguide").lstrip(".") if not node.level else \
                ".".join(base + ([node.module] if node.module else []))
            for alias in node.names:
                candidate = f"{target}.{alias.name}".strip(".")
                found.add(candidate if candidate in modules() else target)
        elif isinstance(node, ast.Import):
            found |= {a.name.removeprefix("studyguide.") for a in node.names if a.name.startswith("studyguide.")}
    return {m for m in found if m and m != name}


def stage(name: str) -> str:
    return name.split(".")[0] if name else "__init__"


def test_stages_import_only_the_stages_before_them():
    wrong = []
    for name, path in modules().items():
        for target in imports(name, path):
            here, there = stage(name), stage(target)
            if here != there and (RANK[there] > RANK[here] or (RANK[there] == RANK[here] and here not in LAYERS[0])):
                wrong.append(f"{name} imports {target}")
    assert wrong == []


def test_no_import_cycles():
    graph = {name: imports(name, path) for name, path in modules().items()}
    state: dict[str, int] = {}
    cycles = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                cycles.append(trail[trail.index(target):] + [target] if target in trail else [node, target])
            elif target not in state:
                visit(target, trail + [target])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []


@pytest.mark.parametrize("name", sorted(modules()))
def test_modules_are_small_and_say_what_they_are(name):
    path = modules()[name]
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 300, f"{path.name}: split it into two stages"
    tree = ast.parse(text)
    assert ast.get_docstring(tree), f"{name} has no docstring"


def test_functions_are_short_and_take_few_parameters():
    long = []
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            args = node.args
            count = len(args.posonlyargs + args.args + args.kwonlyargs) + bool(args.vararg) + bool(args.kwarg)
            count -= bool(args.args) and args.args[0].arg in ("self", "cls")
            lines = node.end_lineno - node.lineno + 1
            # Command-line commands take one parameter per option: their lists are the CLI's.
            if lines > 60 or (count > 6 and not name.startswith("cli")):
                long.append(f"{name}.{node.name}: {lines} lines, {count} parameters")
    assert long == []
