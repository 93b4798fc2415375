"""The one exception hierarchy, the warning channel, and the one place errors become messages."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from .names import did_you_mean, plural


@dataclass(frozen=True)
class Problem:
    """One problem in the content, located as precisely as the input allows."""

    path: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.message}"


def in_order(problems) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.path, p.line, p.col, p.message))


class StudyGuideError(Exception):
    """Base of every error the tool reports to the user (exit code 1)."""

    exit_code = 1


class ContentError(StudyGuideError):
    """The question bank has one or more problems; all of them are listed (with its warnings)."""

    def __init__(self, problems: list[Problem], warnings: list[Problem] = ()):
        self.problems = in_order(problems)
        self.warnings = list(warnings)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self):
        # Rebuilt from its problems, so it survives the trip back from a worker process.
        return (type(self), (self.problems, self.warnings))


class RenderError(StudyGuideError):
    """Typesetting failed, e.g. a blocked fetch or a missing system library."""


class OutputError(StudyGuideError):
    """An output could not be written (unwritable folder, full disk, lock held)."""


class SystemSetupError(StudyGuideError):
    """A system library is missing; the message names the package to install."""


class UnknownId(StudyGuideError):
    """An id on the command line that the bank does not have: a usage error (exit code 2)."""

    exit_code = 2
    PLURALS = {"category": "categories", "batch": "batches"}

    def __init__(self, noun: str, given: str, known: list[str], param: str):
        self.param = param  # the command-line argument to blame
        many = self.PLURALS[noun]
        listed = f"known {many}: {', '.join(known)}" if known else f"the bank has no {many}"
        super().__init__(f"unknown {noun} '{given}'{did_you_mean(given, known)}; {listed}")


class WarningsAsErrors(StudyGuideError):
    """--strict: the build collected warnings, so it stops before writing anything."""

    def __init__(self, warnings: list):
        self.warnings = [str(w) for w in warnings]
        super().__init__(f"{plural(len(self.warnings), 'warning')} treated as errors (--strict); nothing was written")

    def __reduce__(self):
        return (type(self), (self.warnings,))


class Terminated(BaseException):
    """SIGTERM: the command stops as it does on Ctrl-C (exit code 143)."""


# The stop a signal asked for (KeyboardInterrupt or Terminated), kept: the exception a signal
# handler raises is lost when it lands inside a finaliser (Python only prints "Exception
# ignored"), and the command would then run to its end. `check_stop` raises it again.
_STOPS: list[type[BaseException]] = []


def stop_requested(kind: type[BaseException]) -> None:
    """Remember that the command was asked to stop (called from a signal handler)."""
    _STOPS.append(kind)


def check_stop() -> None:
    """Raise the stop a signal asked for, if any: called between parts and documents."""
    if _STOPS:
        raise _STOPS[0]()


class Log:
    """Warnings and notes of one command, from every stage and thread: the one warning channel."""

    def __init__(self, strict: bool = False):
        self.strict = strict
        self._warnings: dict = {}  # Problems (content, located) and strings (rendering), each once
        self._notes: dict[str, None] = {}
        self._lock = threading.Lock()

    def warn(self, *warnings) -> None:
        with self._lock:
            self._warnings.update(dict.fromkeys(warnings))

    def note(self, text: str) -> None:
        with self._lock:
            self._notes[text] = None

    @property
    def warnings(self) -> list:
        """Located problems in file order, then the others alphabetically: the same on every run,
        however the producers' threads interleaved."""
        located = [w for w in self._warnings if isinstance(w, Problem)]
        return in_order(located) + sorted(str(w) for w in self._warnings if not isinstance(w, Problem))

    @property
    def notes(self) -> list[str]:
        return sorted(self._notes)

    def settle(self) -> None:
        """--strict, applied once at the end: any warning stops the command before it writes."""
        if not (self.strict and self.warnings):
            return
        if all(isinstance(w, Problem) for w in self.warnings):
            raise ContentError(self.warnings)  # located warnings read best as the problems they are
        raise WarningsAsErrors(self.warnings)


@dataclass
class Failure:
    """What the user is told about an error: lines for stderr and the exit code."""

    lines: list[str] = field(default_factory=list)
    code: int = 1


def explain(exc: BaseException, wrote: bool = False) -> Failure:
    """Every error as plain lines without a traceback; `wrote` says whether outputs were already replaced."""
    if isinstance(exc, ContentError):
        lines = [f"warning: {w}" for w in exc.warnings] + [str(p) for p in exc.problems]
        return Failure(lines + [f"error: {plural(len(exc.problems), 'problem')} found; nothing was written"],
                       exc.exit_code)
    if isinstance(exc, StudyGuideError):
        # --strict: the warnings that stopped the build come first.
        return Failure([f"warning: {w}" for w in getattr(exc, "warnings", [])] + [f"error: {exc}"], exc.exit_code)
    if isinstance(exc, (KeyboardInterrupt, Terminated)):
        # Outputs are replaced all together at the very end, so either none or all moved.
        said = "interrupted" if isinstance(exc, KeyboardInterrupt) else "terminated"
        done = "the outputs were already written" if wrote else "nothing was written"
        return Failure([f"error: {said}; {done}"], 130 if isinstance(exc, KeyboardInterrupt) else 143)
    if isinstance(exc, BrokenPipeError):
        return Failure([], 1)  # the reader of our output went away (e.g. `| head`); nothing to say to it
    if isinstance(exc, OSError):
        where = f"{exc.filename}: " if exc.filename else ""
        return Failure([f"error: {where}{exc.strerror or exc}"], 1)
    return Failure([f"error: unexpected {type(exc).__name__}: {exc}",
                    "run the command again with --debug to see where it happened, and report it"], 1)
