"""WeasyPrint's C libraries opened by their sonames, without a search that runs programs.

WeasyPrint tries several names for each library (those of Windows, macOS and Linux) with cffi,
which looks every name that is not a file up with `ctypes.util.find_library`: on Linux that runs
`ldconfig -p`, then `gcc` and `ld` for a name it does not find. Importing WeasyPrint ran about
fifty such programs (a third of a second, in every worker) before reaching the names that open
directly, such as `libpango-1.0.so.0`. While it imports, the search answers "not found" at once,
so those names are reached without it; if that fails on some system, the import runs again as
WeasyPrint ships (`imported`).
"""

from __future__ import annotations

import contextlib
import ctypes.util
import sys
from collections.abc import Iterator


@contextlib.contextmanager
def sonames_only() -> Iterator[None]:
    """For the length of the block, on Linux: no library search (every name is opened as it is)."""
    if not sys.platform.startswith("linux"):
        yield
        return
    search = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        yield
    finally:
        ctypes.util.find_library = search


def imported(load):
    """`load()` (importing WeasyPrint) with `sonames_only`, and again without it if a library
    would not open by its soname: WeasyPrint's half-imported modules are forgotten first."""
    try:
        with sonames_only():
            return load()
    except OSError:
        for name in [name for name in sys.modules if name == "weasyprint" or name.startswith("weasyprint.")]:
            del sys.modules[name]
        return load()
