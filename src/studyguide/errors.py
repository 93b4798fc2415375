"""The one exception hierarchy that the CLI turns into messages and exit codes, and the warning sink."""

from __future__ import annotations

import contextvars
from dataclasses import dataclass, field
from typing import Callable


@dataclass(frozen=True)
class Problem:
    """One problem in the content, located as precisely as the input allows."""

    path: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.message}"


class StudyGuideError(Exception):
    """Base of every error the tool reports to the user (exit code 1)."""

    exit_code = 1


class ContentError(StudyGuideError):
    """The question bank has one or more problems; all of them are listed."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.path, p.line, p.col, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self):
        # Rebuilt from its problems, so it survives the trip back from a worker process.
        return (type(self), (self.problems,))


class RenderError(StudyGuideError):
    """Typesetting failed, e.g. a blocked fetch or a missing system library."""


class OutputError(StudyGuideError):
    """An output could not be written (unwritable folder, full disk, lock held)."""


class SystemSetupError(StudyGuideError):
    """A system library is missing; the message names the package to install."""


@dataclass
class Diagnostics:
    """How warnings are handled in the current command: shown as they come, or errors (--strict)."""

    strict: bool = False
    show: Callable[[str], None] | None = None
    collected: list[str] = field(default_factory=list)


_diagnostics: contextvars.ContextVar[Diagnostics] = contextvars.ContextVar("studyguide_diagnostics")


def diagnostics() -> Diagnostics:
    """The current command's diagnostics (a fresh, lenient one outside a command)."""
    try:
        return _diagnostics.get()
    except LookupError:
        value = Diagnostics()
        _diagnostics.set(value)
        return value


def use_diagnostics(value: Diagnostics) -> contextvars.Token:
    return _diagnostics.set(value)


def reset_diagnostics(token: contextvars.Token) -> None:
    _diagnostics.reset(token)


def warn_content(problems: list[Problem]) -> None:
    """Content that builds but prints badly: a warning, or with --strict an error listing them all."""
    if not problems:
        return
    current = diagnostics()
    if current.strict:
        raise ContentError(problems)
    for problem in sorted(problems, key=lambda p: (p.path, p.line, p.col, p.message)):
        current.collected.append(str(problem))
        if current.show:
            current.show(str(problem))


class WarningsAsErrors(StudyGuideError):
    """--strict: the build collected warnings, so it stops before writing anything."""

    def __init__(self, warnings: list[str]):
        self.warnings = list(warnings)
        count = len(self.warnings)
        super().__init__(f"{count} warning{'s' if count != 1 else ''} treated as errors (--strict); nothing was written")

    def __reduce__(self):
        return (type(self), (self.warnings,))


def fail_if_strict(warnings: list[str]) -> None:
    """With --strict, any warning the build collected stops it before anything is written."""
    if warnings and diagnostics().strict:
        raise WarningsAsErrors(warnings)
