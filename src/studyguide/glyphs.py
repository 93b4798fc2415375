"""Which characters no embedded font can print: read from the fonts' own character maps."""

from __future__ import annotations

import functools
import unicodedata

from . import fonts

# Characters that are never drawn, so no font needs them: line breaks and tabs, invisible
# format characters (joiners, soft hyphen, direction marks), line/paragraph separators and
# emoji/text variation selectors.
_BREAKS = frozenset("\t\n\r")
_INVISIBLE_CATEGORIES = frozenset({"Cf", "Zl", "Zp"})


def _is_invisible(char: str) -> bool:
    code = ord(char)
    return (char in _BREAKS or unicodedata.category(char) in _INVISIBLE_CATEGORIES
            or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF)


@functools.lru_cache(maxsize=1)
def coverage() -> frozenset[int]:
    """Every code point some face in fonts.FACES maps to a glyph."""
    from fontTools.ttLib import TTFont

    covered: set[int] = set()
    for face in fonts.FACES:
        # lazy: only the cmap table is read, even from the large CJK collection.
        font = TTFont(str(face.path), fontNumber=0, lazy=True)
        try:
            covered.update(font.getBestCmap() or {})
        finally:
            font.close()
    return frozenset(covered)


def missing(text: str) -> list[str]:
    """The distinct characters of `text` that would print as empty boxes, in order of first use."""
    covered = coverage()
    seen: dict[str, None] = {}
    for char in text:
        if char not in seen and ord(char) not in covered and not _is_invisible(char):
            seen[char] = None
    return list(seen)


def describe(char: str) -> str:
    """A character as a reader can find it again: "'𝔸' (U+1D538 MATHEMATICAL DOUBLE-STRUCK CAPITAL A)"."""
    name = unicodedata.name(char, "")
    shown = repr(char)[1:-1] if unicodedata.category(char).startswith("C") else char
    return f"'{shown}' (U+{ord(char):04X}{' ' + name if name else ''})"
