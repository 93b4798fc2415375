"""`studyguide import`: read a file or folder, pick its layout, assemble the bank as content data."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import ContentError, Problem, StudyGuideError
from ...names import unique
from . import blocks
from .convert import Converter
from .markdown import detect
from .notes import Notes
from .refs import Refs, Where
from .seed import _heading, _question_id, _tags, category_id, parse_seed_text
from .sources import Source, humane, read_text, sources
from .text import plain, running_text
from .walk import Draft, Topic, outline

PLACEHOLDER = "_No answer yet._"
NEEDS_ANSWER = "needs-answer"
ICON = "📘"  # for a category heading that carries no emoji of its own
GUIDE = "<guide>"  # the key of guide.yaml's source in Imported.origins: never a question's id


@dataclass
class Imported:
    bank: dict  # what dump_bank takes: guide, categories, batches
    problems: list[str] = field(default_factory=list)  # warnings: "file:line: message", never silent
    layouts: dict[str, str] = field(default_factory=dict)  # file -> layout it was read as
    notes: list[str] = field(default_factory=list)  # what was changed or left out, for information
    images: dict[str, Path] = field(default_factory=dict)  # content path -> image file to copy
    origins: dict[str, str] = field(default_factory=dict)  # question or category id -> "file:line"

    def questions(self) -> list[dict]:
        return [q for c in self.bank["categories"].values()
                for q in [*c.get("questions", []), *(q for s in c.get("sections", []) for q in s["questions"])]]

    @property
    def unanswered(self) -> int:
        return sum(NEEDS_ANSWER in q.get("tags", []) for q in self.questions())


def read_source(path: Path, fmt: str | None = None, base_url: str | None = None) -> Imported:
    """Parse one file (any layout) or every Markdown file below a folder (one bank)."""
    path = Path(path)
    if fmt == "seed" and path.is_dir():
        raise StudyGuideError("--format seed reads one file, not a folder")
    if path.is_file() and (fmt or detect(text := read_text(path))) == "seed":
        bank = parse_seed_text(read_text(path) if fmt else text, str(path))
        if not bank["categories"]:
            raise _nothing_found(path, "seed")
        return Imported(bank, [message for _, message in bank.pop("problems")], {str(path): "seed"})
    notes = Notes()
    root, files = sources(path, notes)
    if base_url:
        base_url = base_url.rstrip("/") + "/"
    return _Assembly(root, Converter(Refs(root, base_url, notes), notes), notes).run(path, files, fmt)


def _nothing_found(source: Path, layout: str) -> ContentError:
    expected = ('"<emoji> Category" lines, then "01Question" lines each followed by its answer' if layout == "seed"
                else "`## Category` headings with `### question` headings, `1.` items, or <details> blocks")
    return ContentError([Problem(str(source), 1, 1, f"found no questions ({layout} layout): expected {expected}")])


def _ascii(text: str) -> str:
    """Accents dropped, so 'Café' still gives the readable id 'cafe'."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


class _Assembly:
    """The files' outlines put together as one bank: guide, categories, sections, questions."""

    def __init__(self, root: Path, converter: Converter, notes: Notes):
        self.root, self.convert, self.notes = root, converter, notes
        self.categories, self.cids, self.qids, self.origins = {}, set(), set(), {}
        self.guide: dict = {}

    def run(self, path: Path, files: list[Source], fmt: str | None) -> Imported:
        layouts = {}
        for source in files:
            own = Notes()  # a file without questions is reported as such, not line by line
            found = outline(source, own)
            layouts[str(source.path)] = fmt or ("details" if "<details" in source.text.lower() else "markdown")
            front = source.front and not self.guide
            self.notes.merge(own, notes=bool(found.topics or front))
            if front:
                self._front(source, found.title, found.intro)
            if not found.topics and not (front and found.title):
                self.notes.note(f"{source.path}:1", "files with no question left out")
            for topic in found.topics:
                self._category(source, topic)
        if not self.categories:
            raise _nothing_found(path, "/".join(sorted(set(layouts.values()))) or "markdown")
        single = path.is_file()
        title = self.guide.get("title") or humane(path.parent.resolve().name if single else path.resolve().name)
        guide = {"title": title or "Question Bank", "intro": self.guide.get("intro", ""),
                 "chapters": list(self.categories)}
        bank = {"guide": {k: v for k, v in guide.items() if v}, "categories": self.categories, "batches": {}}
        return Imported(bank, self.notes.warning_lines(), layouts, self.notes.note_lines(),
                        self.convert.refs.images.copies, self.origins)

    def _where(self, source: Source, lines: list[tuple[int, str]], cid: str | None = None) -> Where:
        return Where(source.path, source.rel, lines or [(1, "")], cid)

    def _front(self, source: Source, title: str, intro: list[tuple[int, str]]) -> None:
        """The bank's title and introduction, from its front page."""
        self.origins[GUIDE] = f"{source.path}:1"
        named = self.convert.plain(title, self._where(source, [])) if title else ""
        self.guide["title"] = (_heading(named) or ("", named))[1]
        kept = []
        for block in blocks.paragraphs(intro):
            what = blocks.kind(block)
            if what == "text":
                kept += block + [(block[-1][0], "")]
            elif what:
                self.notes.note(f"{source.path}:{block[0][0]}", blocks.LEFT_OUT[what])
        if kept:
            text = self.convert.answer("\n".join(line for _, line in kept), self._where(source, kept))
            self.guide["intro"] = text + "\n" if text else ""

    def _category(self, source: Source, topic: Topic) -> None:
        where = self._where(source, [(topic.line, topic.title)])
        icon, title = _heading(named := self.convert.plain(topic.title, where)) or (ICON, named)
        title = title or source.fallback
        cid = unique(category_id(_ascii(title))[:40].rstrip("-") or f"chapter-{len(self.categories) + 1}", self.cids)
        self.origins[cid] = f"{source.path}:{topic.line}"
        category = {"title": title, "icon": icon, "summary": self._summary(source, topic) or f"Questions on {title}."}
        opening, sections, current = [], [], None
        for number, draft in enumerate(topic.drafts, 1):
            question = self._question(source, draft, cid, number)
            if draft.section and draft.section != current:
                current = draft.section
                sections.append({"title": self._section_title(source, draft, sections), "questions": []})
            (sections[-1]["questions"] if sections else opening).append(question)
        category |= {"questions": opening} if opening else {}
        category |= {"sections": sections} if sections else {}
        self.categories[cid] = category

    def _section_title(self, source: Source, draft: Draft, sections: list[dict]) -> str:
        """The nearest heading's title; the outer one is added when that title is already taken."""
        where = self._where(source, draft.lines)
        names = [self.convert.plain(text, where) or "Questions" for text in draft.section]
        taken = {s["title"] for s in sections}
        return names[-1] if names[-1] not in taken or len(names) == 1 else " › ".join(names)

    def _summary(self, source: Source, topic: Topic) -> str:
        """The first paragraph of running text before the first question; the rest is noted as left out."""
        summary = ""
        for block in blocks.paragraphs(topic.pre):
            what = blocks.kind(block)
            if what == "text" and not summary and running_text([line for _, line in block]):
                summary = self.convert.plain("\n".join(line for _, line in block), self._where(source, block))
            elif what:
                self.notes.note(f"{source.path}:{block[0][0]}", blocks.LEFT_OUT[what])
        return summary

    def _question(self, source: Source, draft: Draft, cid: str, number: int) -> dict:
        text, badge = self.convert.question(draft.head, self._where(source, draft.lines, cid))
        where = f"{source.path}:{draft.line}"
        if not text:
            text = f"Question {number}"
            self.notes.warn(where, f"question has no text; kept as \"{text}\"")
        body = "\n".join(line for _, line in draft.body)
        answer = self.convert.answer(body, self._where(source, draft.body or draft.lines, cid)) if body.strip() else ""
        first = _ascii(plain(text.split("\n\n")[0]))
        qid = _question_id(first, self.qids)
        if not qid or qid.startswith("-"):  # no Latin words to name it by
            self.qids.discard(qid)
            qid = _question_id(f"{cid} question {number}", self.qids)
        self.origins[qid] = where
        tags = _tags(first)
        if not answer:
            self.notes.warn(where, f"question has no answer; kept as \"{PLACEHOLDER}\", tagged {NEEDS_ANSWER}")
            answer, tags = PLACEHOLDER, [*tags, NEEDS_ANSWER]
        entry = {"id": qid, "question": text, "answer": answer + "\n", "level": badge or draft.level, "tags": tags}
        return {k: v for k, v in entry.items() if v}
