"""The question bank as validated data: pydantic models only, no I/O."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from .names import ID_MAX, ID_PATTERN, RESERVED_NAMES

# The longest web address printed as a QR code: longer ones make a dense code a phone misreads.
URL_MAX = 300

Slug = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=ID_MAX)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


def web_address(value: str | None) -> str | None:
    """A printed web address (shown as a QR code): http or https with a host, no spaces."""
    if value is None:
        return value
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or any(ch.isspace() for ch in value):
        raise ValueError(f"'{value}' is not a web address; write it in full, e.g. https://example.com/join")
    if len(value) > URL_MAX:
        raise ValueError(f"a web address is at most {URL_MAX} characters (this one has {len(value)})")
    return value


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# How hard a question is, as the bank says it: Junior, Senior, Beginner, Advanced, ...
Level = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=24)]


class Question(Strict):
    id: Slug
    question: Text  # markdown; its first paragraph is the heading, the rest prints beneath it
    answer: Text
    short: Text | None = None
    level: Level | None = None
    tags: list[Text] = Field(default_factory=list)
    # Key terms the question explains, listed in the guide's index (with its tags).
    terms: list[Text] = Field(default_factory=list)


class Section(Strict):
    """A run of questions under a subheading of their chapter ('Networking', 'Storage')."""

    title: Text
    questions: list[Question] = Field(min_length=1)


class Category(Strict):
    title: Text
    icon: Text
    summary: Text
    # Questions before the first section (`questions:` in the file), then the sections.
    opening: list[Question] | None = Field(default=None, alias="questions", min_length=1)
    sections: list[Section] = Field(default_factory=list)

    @model_validator(mode="after")
    def _has_questions(self):
        if not self.opening and not self.sections:
            raise ValueError("a category needs `questions:` or `sections:` with at least one question")
        return self

    @property
    def questions(self) -> list[Question]:
        """Every question of the category, in print order."""
        return [*(self.opening or []), *(q for section in self.sections for q in section.questions)]

    def located(self) -> list[tuple[tuple, Question, Section | None]]:
        """(where in the file, question, its section) for every question, in print order."""
        found = [(("questions", i), q, None) for i, q in enumerate(self.opening or [])]
        for s, section in enumerate(self.sections):
            found += [(("sections", s, "questions", i), q, section) for i, q in enumerate(section.questions)]
        return found

    @field_validator("icon")
    @classmethod
    def _short_icon(cls, value: str) -> str:
        # An icon is one emoji (possibly several code points), not a sentence.
        if len(value) > 8:
            raise ValueError("icon must be a single emoji or symbol")
        return value


class Guide(Strict):
    title: Text
    subtitle: Text | None = None
    edition: Text | None = None
    publisher: Text | None = None
    intro: Text | None = None
    outro: Text | None = None
    chapters: list[Slug] = Field(min_length=1)
    # The language the bank is written in (a BCP 47 tag: en, en-IN, hi), for screen readers and hyphenation.
    language: Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")] = "en"
    # Printed two-sided: chapters, the contents and every part of a pack open on a right-hand
    # page. Office printers and print shops print both sides by default; say false to print
    # single-sided without the blank pages.
    duplex: bool = True
    # Printed as a QR code, with the address beside it, on the closing page.
    signup_url: Text | None = None
    # A page after the chapters listing every question with boxes to tick as the reader works through them.
    tracker: bool = False

    _signup_url = field_validator("signup_url")(web_address)


class Selection(Strict):
    """Questions chosen from the chapters rather than whole chapters. Every listed question is in;
    so is each question that matches every other kind given (any of its tags, any of its levels,
    any of its sections); in bank order."""

    tags: list[Text] = Field(default_factory=list)
    levels: list[Level] = Field(default_factory=list)
    sections: list[Text] = Field(default_factory=list)  # "chapter/Section title", e.g. "aws/IAM"
    questions: list[Slug] = Field(default_factory=list)

    @model_validator(mode="after")
    def _chooses(self):
        if not (self.tags or self.levels or self.sections or self.questions):
            raise ValueError("a selection names tags, levels, sections or questions")
        return self


# A draw's seed as the batch file gives it: a number or a word (the week, say: 2026-w27).
Seed = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)] | int


class Mock(Strict):
    """A round of mock interviews: each candidate is asked `questions` questions drawn from the batch's."""

    questions: int = Field(default=6, ge=1, le=30)
    # Change it for the next round (e.g. to the week) and every candidate gets a new draw.
    seed: Seed = 1


class PracticeSets(Strict):
    """Practice sheets for the batch: one for everyone, or each candidate's own draw."""

    per_candidate: bool = False
    questions: int | None = Field(default=None, ge=1, le=200)  # how many each candidate's set draws
    seed: Seed = 1

    @model_validator(mode="after")
    def _sized(self):
        if self.per_candidate and self.questions is None:
            raise ValueError("per-candidate practice sets need `questions:`, how many to draw for each")
        return self


class Candidate(Strict):
    name: Text
    email: Text | None = None
    # The file name of the candidate's copy; derived from the name when not given.
    slug: Slug | None = None

    @field_validator("name")
    @classmethod
    def _printable_name(cls, value: str) -> str:
        # A name is printed on a cover and in a footer line: one line of ordinary text.
        if len(value) > 120:
            raise ValueError("a name is at most 120 characters")
        if any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in value):
            raise ValueError("a name must be one line without control characters")
        return value

    @field_validator("slug")
    @classmethod
    def _not_a_device_name(cls, value: str | None) -> str | None:
        # The slug names candidates/<slug>.pdf; Windows refuses these names whatever the extension.
        if value in RESERVED_NAMES:
            raise ValueError(f"'{value}' is a name Windows reserves for a device; choose another slug")
        return value

    @field_validator("email")
    @classmethod
    def _email_shape(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
            raise ValueError(f"'{value}' is not an e-mail address")
        return value


class Batch(Strict):
    number: Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z][0-9A-Za-z-]{0,15}$")]
    name: Text
    track: Text
    starts: dt.date
    chapters: list[Slug] = Field(min_length=1)
    trainer: Text | None = None
    candidates: list[Candidate] = Field(default_factory=list)
    candidates_file: Text | None = None
    extras: list[Text] = Field(default_factory=list)
    # The onboarding pack also holds the batch's flashcards (sheets to print double-sided and cut).
    flashcards: bool = False
    duplex: bool | None = None  # as guide.yaml's unless set
    # The batch's page (timetable, recordings): a QR code on the handout cover and the pack's welcome page.
    url: Text | None = None
    # Only some questions of the chapters (by tag, level, section or id): every output of the batch follows.
    select: Selection | None = None
    # `studyguide mock`: interviewer sheets and feedback forms for a round of mock interviews.
    mock: Mock | None = None
    # `per_candidate: true`: each candidate's copy holds a practice set drawn for them alone.
    practice: PracticeSets | None = None

    _url = field_validator("url")(web_address)

    @property
    def banner(self) -> str:
        """The one-line banner, as printed on covers: 'Batch 01 · Aarambh — AWS + Agentic AI'."""
        return f"Batch {self.number} · {self.name} — {self.track}"


class Chapter(Strict):
    """A category placed in a document: its id and its position (1-based)."""

    id: Slug
    number: int
    category: Category


class Bank(Strict):
    """The whole bank: the guide, every category by id, every batch by id."""

    guide: Guide
    categories: dict[str, Category]
    batches: dict[str, Batch] = Field(default_factory=dict)
    # The batches' extra PDFs, read and cleaned at load time, by their path in the content folder.
    attachments: dict[str, bytes] = Field(default_factory=dict)
    # The images the answers show, as written in the markdown -> their bytes (for the Anki deck).
    images: dict[str, bytes] = Field(default_factory=dict)

    def chapters(self, ids: list[str] | None = None) -> list[Chapter]:
        """The categories named by `ids` (default: the guide's order), numbered from 1."""
        order = self.guide.chapters if ids is None else ids
        return [Chapter(id=cid, number=n, category=self.categories[cid]) for n, cid in enumerate(order, 1)]

    def question_count(self, ids: list[str] | None = None) -> int:
        return sum(len(ch.category.questions) for ch in self.chapters(ids))


@dataclass(frozen=True)
class Paper:
    """A sheet size: its CSS name and its size in millimetres."""

    css: str
    width: float
    height: float


PAPERS = {"a4": Paper("A4", 210.0, 297.0), "letter": Paper("letter", 215.9, 279.4),
          # The pages of a booklet: half an A4 or Letter sheet, folded.
          "a5": Paper("A5", 148.0, 210.0), "half-letter": Paper("5.5in 8.5in", 139.7, 215.9)}
