"""Text outside the questions sorted out: navigation, tables of contents, decoration, or prose."""

from __future__ import annotations

import re

_IMAGES = re.compile(r"<img\b[^>]*>|!\[[^\]]*\]\([^)]*\)", re.I)
_ANCHORS = re.compile(r"<a\b[^>]*\bhref=[^>]*>.*?</a\s*>", re.I | re.S)
_LINKS = re.compile(r"\[[^\]]*\]\([^)]*\)")
_TAGS = re.compile(r"<[^>]*>")
_MARKS = re.compile(r"&#?\w+;|[|•·/\\\-–—:>*+()\[\]]|^\s*\d+[.)]", re.M)
_ITEM = re.compile(r"\s*(?:[-*+]|\d+[.)])\s")
NAV_WORDS = 3  # "Back to the main page | 420 questions": a few words beside the links

# What each kind of left-out block is called in the import's notes.
LEFT_OUT = {
    "navigation": "navigation lines left out",
    "contents": "tables of contents left out",
    "decoration": "decorative images left out (logos, badges, icons)",
    "credits": "References and Credits sections left out",
    "heading": "headings without questions left out",
    "text": "text outside any question left out",
}


def paragraphs(lines: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    """Blank-line separated blocks of numbered lines."""
    out: list[list[tuple[int, str]]] = [[]]
    for n, line in lines:
        if line.strip():
            out[-1].append((n, line))
        elif out[-1]:
            out.append([])
    return [block for block in out if block]


def kind(block: list[tuple[int, str]]) -> str | None:
    """'navigation', 'contents', 'decoration' or 'text'; None for markup alone (<a name="x"></a>)."""
    text = "\n".join(line for _, line in block)
    images = len(_IMAGES.findall(text))
    rest = _IMAGES.sub(" ", text)
    links = len(_ANCHORS.findall(rest)) + len(_LINKS.findall(rest))
    words = _MARKS.sub(" ", _TAGS.sub(" ", _LINKS.sub(" ", _ANCHORS.sub(" ", rest)))).split()
    if not (words or images or links):
        return None
    if links and len(block) > 1 and all(_ITEM.match(line) for _, line in block) and len(words) <= len(block):
        return "contents"
    if len(words) <= NAV_WORDS and (links or images):
        return "navigation" if links else "decoration"
    return "text"
