"""`studyguide doctor`: what this installation has, and what to install when something is missing."""

from __future__ import annotations

import re
import sys
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from .. import __version__, fonts
from ..build import scratch
from ..build.cache import default_folder
from ..names import plural
from ..typeset import system

# Distributions whose versions change what a PDF looks like, or whether it builds at all.
PACKAGES = ("weasyprint", "pypdf", "pydantic", "click", "jinja2", "markdown-it-py", "pyyaml", "watchfiles")


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str = ""
    fix: str = ""  # the command that repairs it
    required: bool = True


def _pins() -> dict[str, str]:
    """The exact versions studyguide declares (name==version), keyed by lowercase name."""
    pins = {}
    for line in metadata.requires("studyguide") or []:
        if m := re.match(r"([A-Za-z0-9_.-]+)\s*==\s*([^;\s]+)\s*$", line):
            pins[m[1].lower().replace("_", "-")] = m[2]
    return pins


def version_checks() -> list[Check]:
    python = ".".join(map(str, sys.version_info[:3]))
    checks = [Check(f"studyguide {__version__}", True),
              Check(f"Python {python}", sys.version_info >= (3, 11), "", "install Python 3.11 or newer")]
    pins = _pins()
    for dist in PACKAGES:
        try:
            version = metadata.version(dist)
        except metadata.PackageNotFoundError:
            checks.append(Check(dist, False, "not installed", f"pip install '{dist}=={pins.get(dist, '')}'"
                                if dist in pins else f"pip install {dist}"))
            continue
        pinned = pins.get(dist)
        if pinned and pinned != version:  # it runs, but PDFs may differ from everyone else's
            checks.append(Check(f"{dist} {version}", False, f"studyguide pins {pinned}",
                                f"pip install '{dist}=={pinned}'", required=False))
        else:
            checks.append(Check(f"{dist} {version}", True))
    return checks


def font_checks() -> list[Check]:
    owners = metadata.packages_distributions()
    checks = []
    for face in fonts.FACES:
        label = " ".join(x for x in (getattr(face, "weight", None), face.style) if x and x != "normal")
        name = f"{face.family} ({label})" if label else face.family
        dist = (owners.get(face.package) or [face.package.replace("_", "-")])[0]
        try:
            path = face.path
            found = path.is_file()
        except (ModuleNotFoundError, TypeError):
            found = False
        if found:
            checks.append(Check(name, True, f"{path.name}, {path.stat().st_size // 1024} KB from {dist}"))
        else:
            checks.append(Check(name, False, f"{face.file} not found", f"pip install --force-reinstall {dist}"))
    return checks


def library_checks() -> list[Check]:
    missing = system.missing_libraries()
    checks = [Check(lib, lib not in missing, "" if lib not in missing else "not found by the loader",
                    f"apt-get install {pkg}") for lib, pkg in system.REQUIRED.items()]
    if not missing:
        try:
            import weasyprint  # noqa: F401  (loads Pango: the real test)
        except OSError as exc:
            checks.append(Check("WeasyPrint loads Pango", False, str(exc).splitlines()[0],
                                "apt-get install libpango-1.0-0 libpangoft2-1.0-0"))
    return checks


def cache_check(content: Path) -> Check:
    root = default_folder(content)
    if not root.is_dir():
        return Check(f"{root}", True, "not created yet; the first build makes it", required=False)
    files = [p for p in root.rglob("*") if p.is_file()]
    size = sum(p.stat().st_size for p in files)
    return Check(f"{root}", True, f"{plural(len(files), 'file')}, {size / 1e6:.1f} MB; "
                 "`studyguide clean` removes it", required=False)


def leftovers_check() -> Check:
    """Temporary folders a killed command or an earlier version left behind."""
    found = scratch.leftovers(include_old_font_folders=True)
    if not found:
        return Check(f"{tempfile.gettempdir()}", True, "no leftovers", required=False)
    return Check(f"{tempfile.gettempdir()}", False, f"{plural(len(found), 'leftover folder')} "
                 f"({scratch.size(found) / 1e6:.1f} MB) from killed commands or earlier versions",
                 "studyguide clean", required=False)


def diagnose(content: Path) -> list[tuple[str, list[Check]]]:
    return [("Versions", version_checks()), ("Fonts", font_checks()),
            ("System libraries (Pango, HarfBuzz)", library_checks()), ("Render cache", [cache_check(content)]),
            ("Temporary files", [leftovers_check()])]


def healthy(sections: list[tuple[str, list[Check]]]) -> bool:
    return all(check.ok or not check.required for _, checks in sections for check in checks)


def fixes(sections: list[tuple[str, list[Check]]]) -> list[str]:
    """The install commands for everything missing, each once, apt-get lines merged."""
    wanted = [c.fix for _, checks in sections for c in checks if not c.ok and c.fix]
    apt = sorted({word for fix in wanted if fix.startswith("apt-get install ") for word in fix.split()[2:]})
    rest = list(dict.fromkeys(fix for fix in wanted if not fix.startswith("apt-get install ")))
    return ([f"apt-get install {' '.join(apt)}"] if apt else []) + rest
