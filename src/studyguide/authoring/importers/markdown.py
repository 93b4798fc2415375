"""Which layout a bank file is written in: the plain-text seed, Markdown headings, or <details> blocks."""

from __future__ import annotations

import re

from .scan import HEADING
from .seed import _heading


def detect(text: str) -> str:
    """The layout of a bank: 'details', 'markdown' or 'seed' (the plain-text seed layout)."""
    if re.search(r"<details\b", text, re.I):
        return "details"
    lines = [line.strip() for line in text.splitlines()]
    if any(HEADING.match(line) and line.startswith("#") for line in lines):
        return "markdown"
    seedlike = any(re.match(r"\d\d(?=\S)", line) for line in lines) and any(map(_heading, lines))
    return "seed" if seedlike else "markdown"
