"""The one exception hierarchy that the CLI turns into messages and exit codes."""

from __future__ import annotations

from dataclasses import dataclass


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


class RenderError(StudyGuideError):
    """Typesetting failed, e.g. a blocked fetch or a missing system library."""


class OutputError(StudyGuideError):
    """An output could not be written (unwritable folder, full disk, lock held)."""


class SystemSetupError(StudyGuideError):
    """A system library is missing; the message names the package to install."""
