"""WeasyPrint's libraries open by their sonames, with no program run to search for them, and a
library that only the search finds is still opened."""

from __future__ import annotations

import subprocess
import sys

IMPORT = """
import subprocess, sys
ran = []
original = subprocess.Popen.__init__
def spy(self, args, *rest, **kwargs):
    ran.append(args)
    original(self, args, *rest, **kwargs)
subprocess.Popen.__init__ = spy
{body}
"""


def python(body: str) -> str:
    done = subprocess.run([sys.executable, "-c", IMPORT.format(body=body)], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_weasyprint_imports_without_running_a_program_and_opens_the_same_libraries():
    names = "gobject pango harfbuzz harfbuzz_subset harfbuzz_vector fontconfig pangoft2".split()
    opened = f"print([getattr(weasyprint.text.ffi, n) is not None for n in {names!r}], ran)"
    ours = python("from studyguide.typeset import weasy\nweasyprint = weasy._weasyprint()\n" + opened)
    shipped = python("import weasyprint, weasyprint.text.ffi\n" + opened)
    assert ours.endswith("[]"), ours  # nothing ran
    assert shipped != ours and not shipped.endswith("[]")  # as WeasyPrint ships, the search runs programs
    assert ours.split("]")[0] == shipped.split("]")[0]  # the same libraries open (harfbuzz_vector may be absent)


def test_a_library_only_the_search_finds_is_opened_on_a_second_import():
    out = python("""
import ctypes.util
from studyguide.typeset import libraries
tries = []
def load():
    tries.append((ctypes.util.find_library("c"), "weasyprint.half_imported" in sys.modules))
    sys.modules["weasyprint.half_imported"] = object()
    if tries[-1][0] is None:
        raise OSError("no library by that name")
    return "loaded"
print(libraries.imported(load), tries[0], bool(tries[1][0]), tries[1][1], len(tries), ctypes.util.find_library("c") is not None)
""")
    # The second try searches, the first one's half-imported module forgotten; the search stays afterwards.
    assert out == "loaded (None, False) True False 2 True"
