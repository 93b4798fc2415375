"""The Markdown files an import reads: a file, or every .md file below a folder in a stable order."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from ...errors import StudyGuideError
from .notes import Notes

SUFFIXES = (".md", ".markdown")
# A file of these names speaks for its folder: its topic is named after the folder, not "Readme".
GENERIC = {"readme", "index", "questions", "question", "faq", "main", "home", "notes", "interview-questions"}
# YAML cannot hold these (and U+2028/U+2029/U+0085 would read back as line breaks); private-use
# characters U+E000-U+E00F mark code while it is converted.
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufeff\ufffe\uffff\ue000-\ue00f]")


@dataclass
class Source:
    """One file: its path as messages show it, its path inside the bank folder, its text, its part."""

    path: Path
    rel: str
    text: str
    front: bool  # the bank's front page: `#` titles the bank, `##` headings are categories
    fallback: str  # the topic's title when the file has no heading to give one


def humane(stem: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in re.split(r"[-_\s]+", stem) if w)


def fallback_title(path: Path) -> str:
    """A topic's title from where the file is: its folder for README.md, else its name."""
    generic = path.stem.lower() in GENERIC
    return humane(path.parent.resolve().name if generic else path.stem) or "Question Bank"


def read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise StudyGuideError(f"{path}:{line}: not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise StudyGuideError(f"{path}: cannot read: {exc.strerror or exc}") from None
    text = re.sub("\r\n?|[\u2028\u2029\x85]", "\n", text)
    return _UNWRITABLE.sub("", text)


def markdown_files(folder: Path, notes: Notes) -> list[Path]:
    """Every Markdown file below `folder`: a folder's README first, then its other files, then its
    subfolders. Hidden folders are skipped; links are never followed out of the folder."""
    top, found = folder.resolve(), []
    for here, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not Path(here, d).is_symlink())
        for name in files:
            path = Path(here) / name
            if not name.lower().endswith(SUFFIXES):
                continue
            if path.is_symlink() and not path.resolve().is_relative_to(top):
                notes.warn(f"{path}:1", "file left out: it is a link to a file outside the folder")
                continue
            found.append(path)
    return sorted(found, key=lambda p: _order(p.relative_to(folder)))


def _order(rel: Path) -> tuple:
    return rel.parent.parts, rel.stem.lower() not in GENERIC, rel.name.lower()


def sources(path: Path, notes: Notes) -> tuple[Path, list[Source]]:
    """The folder links and images are read from, and the files to import."""
    path = Path(path)
    if path.is_dir():
        files = markdown_files(path, notes)
        if not files:
            raise StudyGuideError(f"{path}: no Markdown files (.md) in this folder or below it")
        root = path
    elif path.is_file():
        files, root = [path], path.parent
    else:
        raise StudyGuideError(f"{path}: no such file or folder")
    found = []
    for file in files:
        rel = file.relative_to(root)
        front = not path.is_dir() or (len(rel.parts) == 1 and file.stem.lower() in GENERIC)
        found.append(Source(file, rel.as_posix(), read_text(file), front, fallback_title(file)))
    return root, found
