"""How a command builds (settings) and what it did (report)."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..models import Bank


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


@dataclass(frozen=True)
class Settings:
    """What every output of one command is built with."""

    content: Path = Path("content")
    paper: str = "a4"
    cache: Path | None = None  # None renders everything afresh
    jobs: int = 1
    strict: bool = False  # any warning stops the command before it writes
    duplex: bool | None = None  # --duplex / --simplex; None: as guide.yaml and the batch file say
    count_pages: bool = False  # count the pages each output kind ships, for the report (-v)
    # Tagged PDF (PDF/UA-1) for every part. Off only to measure what tagging costs (`make bench`).
    tagged: bool = True


@dataclass
class Report:
    """What a build did, for the CLI to print."""

    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    warnings: list = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    rendered: int = 0
    cached: int = 0
    bank: Bank | None = None  # the bank the command loaded
    laid_out: dict[str, int] = field(default_factory=dict)  # pages WeasyPrint laid out, by output kind
    pages_laid_out: int = 0  # the same, each part counted once
    shipped: dict[str, int] = field(default_factory=dict)  # pages each kind's files hold (with count_pages)


def source_date(content: Path) -> int:
    """The date dated outputs carry: SOURCE_DATE_EPOCH when set, else the newest content file's.

    Anki updates a note on import only when the incoming one is newer, so the time moves forward
    when the bank is edited, yet stays the same (and so do the bytes) while it is not.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return int(epoch)
    files = [p for p in Path(content).rglob("*.yaml") if p.is_file()]
    return int(max((p.stat().st_mtime for p in files), default=0))


# progress(done, total, what): called as parts finish rendering.
Progress = Callable[[int, int, str], None]
