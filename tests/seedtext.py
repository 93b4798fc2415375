"""The question bank seed `content/` was made from, and how to compare content with it."""

from __future__ import annotations

import re
from pathlib import Path

SEED = Path(__file__).resolve().parent / "fixtures" / "seed.txt"
CONTENT = Path(__file__).resolve().parents[1] / "content"
# Keys added by hand after the import (documented in the README): short answers for the
# cheat sheets, and a batch's trainer, roster and extra handouts. Comments below line 1 too.
HAND_EDITS = ("short", "trainer", "candidates", "candidates_file", "extras")
HAND_KEY = re.compile(rf"( *)({'|'.join(HAND_EDITS)}):( |$)")


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def without_hand_edits(text: str) -> str:
    """The text of a content file with the hand-edited keys (and their blocks) left out."""
    kept, skip = [], None
    for number, line in enumerate(text.split("\n")):
        indent = len(line) - len(line.lstrip(" "))
        if skip is not None and (not line.strip() or indent > skip):
            continue
        skip = None
        if key := HAND_KEY.match(line):
            skip = len(key[1])
        elif not (number and line.startswith("#")):
            kept.append(line)
    return "\n".join(kept).rstrip("\n") + "\n"
