"""Checks the system libraries WeasyPrint needs and names the package to install."""

from __future__ import annotations

import ctypes.util
import sys

# Library name -> Debian package that provides it.
REQUIRED = {
    "pango-1.0": "libpango-1.0-0",
    "pangoft2-1.0": "libpangoft2-1.0-0",
    "harfbuzz": "libharfbuzz0b",
    # Without it WeasyPrint falls back to fontTools: ten times slower, and a warning.
    "harfbuzz-subset": "libharfbuzz-subset0",
    "fontconfig": "libfontconfig1",
}


def missing_libraries() -> dict[str, str]:
    """Return the required libraries that the dynamic loader cannot find."""
    return {lib: pkg for lib, pkg in REQUIRED.items() if ctypes.util.find_library(lib) is None}


def setup_message(missing: dict[str, str]) -> str:
    """The message shown when Pango or its helpers are absent."""
    names = ", ".join(sorted(missing))
    packages = " ".join(sorted(set(missing.values())))
    return (
        f"studyguide needs Pango to lay out text, but these libraries are missing: {names}\n"
        f"install them with: apt-get install {packages}"
    )


def main() -> int:
    missing = missing_libraries()
    if missing:
        print(setup_message(missing), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
