"""Build options, the build report, and the one door through which every part is typeset."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .typeset import Typeset, typeset


@dataclass
class Options:
    content: Path = Path("content")
    out: Path = Path("dist")
    paper: str = "a4"


@dataclass
class Report:
    """What a build did, for the CLI to print."""

    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PartJob:
    """One part to typeset: its HTML, the stylesheets it uses, and a name for messages."""

    html: str
    styles: tuple[str, ...]
    what: str
    with_content: bool = True  # may the part read files from the content folder?


def render_parts(jobs: list[PartJob], opts: Options, report: Report) -> list[Typeset]:
    """Typeset every job (in order) and collect WeasyPrint's warnings into the report."""
    results = []
    for job in jobs:
        result = typeset(job.html, job.styles, opts.paper, opts.content if job.with_content else None, job.what)
        report.warnings += [f"{job.what}: {message}" for message in result.warnings]
        results.append(result)
    return results


def render_part(job: PartJob, opts: Options, report: Report) -> Typeset:
    return render_parts([job], opts, report)[0]
