"""WeasyPrint's font subsetting without a C parser run for every new glyph count.

WeasyPrint hands HarfBuzz its glyph ids as `ffi.new("hb_codepoint_t[N]", ids)`. cffi caches
a C type by its spelling, so every N it has not met yet sends the declaration through
pycparser: about 6 ms each, three arrays a face a part, and a part rarely repeats its
neighbour's counts. `hb_codepoint_t[]` with the same ids builds the very same array from
one cached type, so WeasyPrint's font module is given an ffi that spells it so.
"""

from __future__ import annotations

import re

SIZED = re.compile(r"(?P<base>[A-Za-z_][\w ]*)\[(?P<count>\d+)\]")


class UnsizedArrays:
    """An ffi whose `new("T[N]", items)` is `new("T[]", items)` when items holds N values."""

    def __init__(self, ffi):
        self.ffi = ffi

    def new(self, cdecl, init=None):
        sized = SIZED.fullmatch(cdecl) if isinstance(cdecl, str) and init is not None else None
        if sized and len(init) == int(sized["count"]):
            cdecl = f"{sized['base']}[]"
        return self.ffi.new(cdecl, init)

    def __getattr__(self, name):
        return getattr(self.ffi, name)


def install(fonts_module) -> None:
    """Give WeasyPrint's PDF font module (weasyprint.pdf.fonts) the unsized spelling, once."""
    if not isinstance(fonts_module.ffi, UnsizedArrays):
        fonts_module.ffi = UnsizedArrays(fonts_module.ffi)
