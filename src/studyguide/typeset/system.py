"""The system packages studyguide needs, checked and (where allowed) installed: the one list of them.

Runs with any Python 3 before the virtual environment exists (it imports nothing of the
package), so `make` can set up a fresh machine:

    python3 src/studyguide/typeset/system.py --install           # what building needs
    python3 src/studyguide/typeset/system.py --install --tests   # and what the tests use
"""

from __future__ import annotations

import ctypes.util
import os
import shutil
import subprocess
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
# Programs the tests read PDFs with as a viewer or a print shop would -> their Debian package.
TEST_TOOLS = {"pdftotext": "poppler-utils", "pdffonts": "poppler-utils", "qpdf": "qpdf", "gs": "ghostscript"}


def missing_libraries() -> dict[str, str]:
    """Return the required libraries that the dynamic loader cannot find."""
    return {lib: pkg for lib, pkg in REQUIRED.items() if ctypes.util.find_library(lib) is None}


def missing_packages(tests: bool = False) -> list[str]:
    """Every Debian package to install before a build (or the tests) can run here."""
    packages = set(missing_libraries().values())
    try:
        import ensurepip  # noqa: F401
        import venv  # noqa: F401
    except ImportError:
        packages.add("python3-venv")
    if tests:
        packages |= {pkg for tool, pkg in TEST_TOOLS.items() if shutil.which(tool) is None}
    return sorted(packages)


def setup_message(missing: dict[str, str]) -> str:
    """The message shown when Pango or its helpers are absent."""
    names = ", ".join(sorted(missing))
    packages = " ".join(sorted(set(missing.values())))
    return (
        f"studyguide needs Pango to lay out text, but these libraries are missing: {names}\n"
        f"install them with: apt-get install {packages}"
    )


def _as_root() -> list[str] | None:
    """How to run a command as root here: directly, through `sudo -n`, or not at all (None)."""
    if os.geteuid() == 0:
        return []
    if shutil.which("sudo") and subprocess.run(["sudo", "-n", "true"], capture_output=True).returncode == 0:
        return ["sudo", "-n"]
    return None


def install(packages: list[str]) -> bool:
    """Install `packages` with apt-get when this user may; False when it cannot be done from here."""
    root = _as_root()
    if root is None or not shutil.which("apt-get"):
        return False
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    print(f"installing: {' '.join(packages)}", file=sys.stderr)
    for args in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", *packages]):
        if subprocess.run([*root, *args], env=env, stdout=subprocess.DEVNULL).returncode != 0:
            return False
    return True


def main(argv: list[str]) -> int:
    if sys.version_info < (3, 11):  # noqa: UP036  (this runs with whatever python3 the machine has)
        print("studyguide needs Python 3.11 or newer", file=sys.stderr)
        return 1
    packages = missing_packages(tests="--tests" in argv)
    if packages and "--install" in argv and install(packages):
        packages = missing_packages(tests="--tests" in argv)
    if packages:
        print(f"studyguide needs these system packages: {' '.join(packages)}\n"
              f"install them with: sudo apt-get install {' '.join(packages)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
