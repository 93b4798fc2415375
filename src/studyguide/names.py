"""Ids, slugs and the words around them: one rule for each, used by every stage."""

from __future__ import annotations

import difflib
import re

from anyascii import anyascii

# Ids become file names and anchors, so they are plain lowercase ASCII slugs.
ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ID_MAX = 64
# Names Windows reserves for devices whatever the extension; outputs get copied there.
RESERVED_NAMES = frozenset({"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)),
                            *(f"lpt{n}" for n in range(10))})
# Links between separately rendered parts use this URI scheme; assembly turns them into
# in-document jumps once every part's page number is known.
LINK_SCHEME = "studyguide"
# How close a misspelling must be to a known name before we suggest it.
CLOSENESS = 0.6


def valid_id(text: str, limit: int = ID_MAX) -> bool:
    return len(text) <= limit and re.fullmatch(ID_PATTERN, text) is not None


def reserved(name: str) -> bool:
    """True for 'con', 'LPT1.pdf' and the like: names a Windows machine cannot hold."""
    return name.split(".")[0].lower() in RESERVED_NAMES


def slugify(text: str, limit: int = ID_MAX) -> str:
    """Any text as a lowercase ASCII slug: "Aoife O'Brien" -> 'aoife-obrien', 'Zoë Müller' -> 'zoe-muller'."""
    text = re.sub(r"['`’]", "", anyascii(text).lower())
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:limit].strip("-")


def unique(base: str, taken: set[str], limit: int = ID_MAX) -> str:
    """`base`, or `base-2`, `base-3`, ... (cut to fit `limit`) when taken; the result is added to `taken`."""
    name, number = base, 2
    while name in taken:
        suffix = f"-{number}"
        name, number = base[:limit - len(suffix)] + suffix, number + 1
    taken.add(name)
    return name


def did_you_mean(word: str, known) -> str:
    """" (did you mean 'x'?)" for the closest known name, or "" when none is close."""
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=CLOSENESS)
    return f" (did you mean '{close[0]}'?)" if close else ""


def plural(count: int, one: str, many: str | None = None) -> str:
    """'1 chapter', '2 chapters', '3 batches' (give `many` where adding an s is wrong)."""
    return f"{count} {one if count == 1 else many or one + 's'}"
