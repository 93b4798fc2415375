"""`studyguide new`: commented starter files for a batch or a category, valid as written."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

from ..errors import StudyGuideError
from ..models import Batch, Category
from ..names import valid_id
from .importers.yamlout import _scalar

CATEGORY = """\
# yaml-language-server: $schema=../../schema/category.schema.json
# A chapter of the guide. Answers are markdown: **bold**, `code`, lists, code blocks.
# Add it to `chapters:` in guide.yaml (and to any batch) to print it.
title: {title}
icon: 📘  # one emoji, printed beside the title
summary: One line that tells a reader what this chapter covers.
questions:
  - id: {id}-first-question  # lowercase, digits and hyphens; unique in the whole bank
    question: What is the first question of this chapter?
    answer: |
      Write the answer an interviewer expects. Wrapped lines join up into one
      paragraph; leave a blank line to start a new one.

      1. Numbered steps become a list.
      2. So do lines starting with "- ".
    # short: |   # optional, a shorter answer for the cheat sheet
    #   The answer in two lines.
    # level: Junior  # optional, printed beside the question: Beginner, Junior, Mid, Senior, ...
    tags: [example]  # optional topic tags
# sections:  # optional subheadings of the chapter, each with its questions, printed after `questions:`
#   - title: Networking
#     questions:
#       - id: {id}-second-question
#         question: |
#           A question may run over several lines, with a list or code:
#
#           - first point
#           - second point
#         answer: The answer, in markdown as above.
"""

BATCH = """\
# yaml-language-server: $schema=../../schema/batch.schema.json
# A training batch: its handout carries this banner and the chapters below.
number: "{number}"  # quoted, so a leading zero stays
name: {name}
track: {track}
starts: "{starts}"  # YYYY-MM-DD
chapters: [{chapters}]  # category ids, in print order
# trainer: Your Name
# candidates_file: batches/{id}-roster.csv  # CSV with columns name, email
# candidates:
#   - name: First Candidate
#     email: first@example.com
"""


def _check_id(kind: str, ident: str, limit: int) -> None:
    if not valid_id(ident, limit):
        raise StudyGuideError(f"'{ident}' is not a valid {kind} id: use lowercase letters, digits and "
                              f"hyphens, at most {limit} characters")


def category_text(ident: str) -> str:
    _check_id("category", ident, 40)
    text = CATEGORY.format(title=_scalar(ident.replace("-", " ").title()), id=ident)
    Category.model_validate(yaml.safe_load(text))  # the starter must pass `check` as written
    return text


def batch_text(ident: str, chapters: dict[str, str], today: dt.date | None = None) -> str:
    """A batch covering `chapters` (id -> title), starting two weeks from today."""
    _check_id("batch", ident, 16)
    starts = (today or dt.date.today()) + dt.timedelta(days=14)
    track = _scalar(" + ".join(chapters.values()))
    text = BATCH.format(number=ident, id=ident, name=_scalar(f"Batch {ident}"), track=track,
                        starts=starts.isoformat(), chapters=", ".join(chapters))
    Batch.model_validate(yaml.safe_load(text))
    return text


def _chapters(content: Path) -> dict[str, str]:
    """The guide's first two chapters, id -> title (categories on disk if guide.yaml is unreadable)."""
    known = sorted(p.stem for p in (content / "categories").glob("*.yaml") if valid_id(p.stem))
    try:
        listed = yaml.safe_load((content / "guide.yaml").read_text(encoding="utf-8"))["chapters"]
        listed = [c for c in listed if c in known]
    except (OSError, yaml.YAMLError, TypeError, KeyError):
        listed = []
    return {cid: _title(content, cid) for cid in (listed or known)[:2]}


def _title(content: Path, cid: str) -> str:
    try:
        title = yaml.safe_load((content / "categories" / f"{cid}.yaml").read_text(encoding="utf-8"))["title"]
    except (OSError, yaml.YAMLError, TypeError, KeyError):
        title = None
    return title if isinstance(title, str) and title.strip() else cid.replace("-", " ").title()


def add_chapter(guide: Path, ident: str) -> bool:
    """Append `ident` to guide.yaml's chapters, keeping every comment; False if left alone."""
    try:
        text = guide.read_text(encoding="utf-8")
        before = yaml.safe_load(text)["chapters"]
    except (OSError, yaml.YAMLError, TypeError, KeyError):
        return False
    if not isinstance(before, list):
        return False
    if ident in before:
        return True
    flow = re.search(r"(?m)^chapters:[ \t]*\[(.*)\][ \t]*(#.*)?$", text)
    text += "" if text.endswith("\n") else "\n"
    block = re.search(r"(?m)^chapters:[ \t]*(#.*)?\n((?:[ \t]*-.*\n|[ \t]*#.*\n)+)", text)
    if flow:
        items = flow[1].rstrip().rstrip(",")
        edited = f"{text[:flow.start(1)]}{items}, {ident}{text[flow.end(1):]}"
    elif block:
        item = next(line for line in block[2].split("\n") if line.lstrip().startswith("-"))
        indent = item[: len(item) - len(item.lstrip())]
        edited = f"{text[:block.end(2)]}{indent}- {ident}\n{text[block.end(2):]}"
    else:
        return False
    if (yaml.safe_load(edited) or {}).get("chapters") != before + [ident]:
        return False  # an unusual layout: leave the file to its author
    guide.write_text(edited, encoding="utf-8")
    return True


def new_file(content: Path, kind: str, ident: str) -> tuple[Path, list[str]]:
    """Write the starter file; return its path and notes for the author."""
    content = Path(content)
    folder = content / ("categories" if kind == "category" else "batches")
    path = folder / f"{ident}.yaml"
    if kind == "category":
        text, notes = category_text(ident), []
    else:
        chapters = _chapters(content)
        if not chapters:
            raise StudyGuideError(f"{content}: no categories yet; create one first: studyguide new category ID")
        text, notes = batch_text(ident, chapters), []
    if path.exists():
        raise StudyGuideError(f"{path}: already exists; not overwritten")
    folder.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as handle:  # "x": never replace a file made meanwhile
        handle.write(text)
    if kind == "category":
        guide = content / "guide.yaml"
        if add_chapter(guide, ident):
            notes.append(f"added '{ident}' to chapters in {guide}")
        else:
            notes.append(f"add '{ident}' to chapters in {guide} to print it")
    return path, notes
