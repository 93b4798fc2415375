"""PDF/UA-1 (accessible PDF) checks of finished files, ours or anyone's, with the page-validation checker."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PROFILE = "ua1"


@dataclass(frozen=True)
class Failure:
    """One failed check: the file, the checker's rule id and what it found."""

    file: str
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.rule}: {self.message}"


def check_pdf(path: Path) -> list[Failure]:
    """Every PDF/UA-1 check `path` fails (none for a conformant file); a file the checker cannot
    read at all fails as 'unreadable'."""
    import page

    try:
        report = page.validate_pdf(path, profile=PROFILE)
    except (page.PageError, OSError) as exc:
        return [Failure(str(path), "unreadable", str(exc) or type(exc).__name__)]
    return [Failure(str(path), failure.rule_id, failure.message) for failure in report.failures]


def check_bytes(data: bytes, name: str = "<pdf>") -> list[Failure]:
    """The same checks on a PDF in memory."""
    import page

    report = page.validate_pdf_bytes(data, profile=PROFILE)
    return [Failure(name, failure.rule_id, failure.message) for failure in report.failures]
