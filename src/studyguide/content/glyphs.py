"""Which characters no embedded font can print: read from the fonts' own character maps."""

from __future__ import annotations

import functools
import unicodedata

from .. import fonts

# Characters that are never drawn, so no font needs them: line breaks and tabs, invisible
# format characters (joiners, soft hyphen, direction marks), line/paragraph separators and
# emoji/text variation selectors.
_BREAKS = frozenset("\t\n\r")
_INVISIBLE_CATEGORIES = frozenset({"Cf", "Zl", "Zp"})


def _is_invisible(char: str) -> bool:
    code = ord(char)
    return (char in _BREAKS or unicodedata.category(char) in _INVISIBLE_CATEGORIES
            or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF)


@functools.cache
def _cmap(path: str) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    # lazy: only the cmap table is read, even from the large CJK collection.
    font = TTFont(path, fontNumber=0, lazy=True)
    try:
        return frozenset(font.getBestCmap() or {})
    finally:
        font.close()


@functools.lru_cache(maxsize=1)
def _faces_in_order() -> tuple[str, ...]:
    """One file per family, text face first: most banks never need the larger fonts' maps."""
    seen: dict[str, str] = {}
    for face in fonts.FACES:
        seen.setdefault(face.family, str(face.path))
    return tuple(seen.values())


def missing(text: str) -> list[str]:
    """The distinct characters of `text` that would print as empty boxes, in order of first use."""
    wanted = {char for char in set(text) if not _is_invisible(char)}
    for path in _faces_in_order():
        if not wanted:
            break
        covered = _cmap(path)
        wanted = {char for char in wanted if ord(char) not in covered}
    seen: dict[str, None] = {}
    for char in text:
        if char in wanted and char not in seen:
            seen[char] = None
    return list(seen)


def describe(char: str) -> str:
    """A character as a reader can find it again: "'𝔸' (U+1D538 MATHEMATICAL DOUBLE-STRUCK CAPITAL A)"."""
    name = unicodedata.name(char, "")
    shown = repr(char)[1:-1] if unicodedata.category(char).startswith("C") else char
    return f"'{shown}' (U+{ord(char):04X}{' ' + name if name else ''})"
