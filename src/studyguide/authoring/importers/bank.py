"""`studyguide import`: read a file or folder, pick its layout, assemble the bank, write content/."""

from __future__ import annotations

import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import ContentError, Problem, StudyGuideError
from ...names import unique
from .markdown import Doc, answer_markdown, detect, is_plain, parse_details, parse_markdown
from .seed import _question_id, _tags, category_id, parse_seed_text
from .yamlout import dump_bank

PLACEHOLDER = "_No answer yet._"
NEEDS_ANSWER = "needs-answer"
SUFFIXES = (".md", ".markdown")


@dataclass
class Imported:
    bank: dict  # what dump_bank takes: guide, categories, batches
    problems: list[str] = field(default_factory=list)  # "file:line: message", never silent
    layouts: dict[str, str] = field(default_factory=dict)  # file -> layout it was read as

    @property
    def unanswered(self) -> int:
        return sum(NEEDS_ANSWER in q.get("tags", []) for c in self.bank["categories"].values()
                   for q in c["questions"])


def read_source(path: Path, fmt: str | None = None) -> Imported:
    """Parse one file (any layout) or a folder of Markdown files (one bank)."""
    path = Path(path)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)
        if not files:
            raise StudyGuideError(f"{path}: no Markdown files (.md) in this folder")
        if fmt == "seed":
            raise StudyGuideError("--format seed reads one file, not a folder")
    elif path.is_file():
        files = [path]
    else:
        raise StudyGuideError(f"{path}: no such file or folder")
    texts = {f: _read(f) for f in files}
    layouts = {str(f): fmt or detect(text) for f, text in texts.items()}
    if len(files) == 1 and layouts[str(path)] == "seed":
        bank = parse_seed_text(texts[path], str(path))
        if not bank["categories"]:
            raise _nothing_found(path, "seed")
        return Imported(bank, [message for _, message in bank.pop("problems")], layouts)
    docs = [(f, (parse_details if layouts[str(f)] == "details" else parse_markdown)(text))
            for f, text in texts.items()]
    return _assemble(docs, path, layouts)


def _read(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise StudyGuideError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise StudyGuideError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)  # YAML cannot hold these


def _humane(stem: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in re.split(r"[-_\s]+", stem) if w) or "Question Bank"


def _assemble(docs: list[tuple[Path, Doc]], source: Path, layouts: dict[str, str]) -> Imported:
    single = len(docs) == 1 and not source.is_dir()
    categories, problems, cids, qids, intro = {}, [], set(), set(), ""
    for path, doc in docs:
        found = [(n, message) for n, message in doc.problems]
        paragraphs = _paras(doc.intro)
        implicit = bool(doc.categories) and doc.categories[0].get("implicit")
        if implicit:  # a file without category headings is one category
            first = doc.categories[0]
            first["title"] = doc.title or _humane(path.stem)
            first["pre"] = doc.intro[: doc.intro.index(paragraphs[0][-1]) + 1] if paragraphs else []
            paragraphs = paragraphs[1:]
        if single and paragraphs:
            intro = answer_markdown([line for para in paragraphs for line in para + [(0, "")]], False, found)
        else:
            found += [(para[0][0], f"text fits no question or category: {para[0][1].strip()[:50]!r}")
                      for para in paragraphs]
        for cat in doc.categories:
            if not cat["questions"]:
                found.append((cat["line"], f"heading {cat['title']!r} has no questions under it; "
                                           f"{sum(bool(t.strip()) for _, t in cat['pre'])} lines of text not imported"))
                continue
            cid = unique(category_id(_ascii(cat["title"]))[:40].rstrip("-")
                          or f"chapter-{len(categories) + 1}", cids)
            categories[cid] = _category(cat, cid, qids, found)
        problems += [(str(path), n, f"{path}:{n}: {message}") for n, message in found]
    if not categories:
        raise _nothing_found(source, "/".join(sorted(set(layouts.values()))))
    title = docs[0][1].title if single and docs[0][1].title else _humane(source.stem if single else source.name)
    guide = {"title": title, "intro": intro, "chapters": list(categories)}
    bank = {"guide": {k: v for k, v in guide.items() if v}, "categories": categories, "batches": {}}
    return Imported(bank, [message for *_, message in sorted(problems)], layouts)


def _nothing_found(source: Path, layout: str) -> ContentError:
    expected = ('"<emoji> Category" lines, then "01Question" lines each followed by its answer' if layout == "seed"
                else "`## Category` headings with `### question` headings, `1.` items, or <details> blocks")
    return ContentError([Problem(str(source), 1, 1, f"found no questions ({layout} layout): expected {expected}")])


def _paras(numbered: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    out, current = [], []
    for n, line in numbered + [(0, "")]:
        if line.strip():
            current.append((n, line))
        elif current:
            out, current = out + [current], []
    return out


def _category(cat: dict, cid: str, qids: set[str], found: list) -> dict:
    paragraphs = _paras(cat["pre"])
    blurb = paragraphs[0] if paragraphs and is_plain([t for _, t in paragraphs[0]]) else None
    summary = " ".join(" ".join(t.split()) for _, t in blurb) if blurb else ""
    found += [(para[0][0], f"text before the first question fits no field: {para[0][1].strip()[:50]!r}")
              for para in paragraphs if para is not blurb]
    questions = []
    for number, q in enumerate(cat["questions"], 1):
        answer = answer_markdown(q["raw"], q.get("html", False), found)
        if not answer:
            found.append((q["line"], "question has no answer; kept as \"_No answer yet._\", tagged needs-answer"))
            answer = PLACEHOLDER + "\n"
        tags = q["tags"] + [t for t in _tags(q["question"]) if t not in q["tags"]]
        tags += [NEEDS_ANSWER] if answer == PLACEHOLDER + "\n" else []
        qid = _question_id(_ascii(q["question"]), probe := set(qids))
        if not qid or qid.startswith("-"):  # no Latin words to name it by
            qid = _question_id(f"{cid} question {number}", probe)
        qids.add(qid)
        entry = {"id": qid, "question": q["question"] or f"Question {number}", "answer": answer, "tags": tags}
        questions.append({k: v for k, v in entry.items() if v})
    return {"title": cat["title"] or _humane(cid), "icon": cat["icon"],
            "summary": summary or f"Questions on {cat['title'] or _humane(cid)}.", "questions": questions}


def _ascii(text: str) -> str:
    """Accents dropped, so 'Café' still gives the readable id 'cafe'."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def refuse_overwrite(out: Path, force: bool) -> None:
    """An existing, non-empty content folder is only written into with --force."""
    out = Path(out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())) and not force:
        raise StudyGuideError(f"{out}: already exists; pass --force to overwrite the files the import writes")


def write_content(imported: Imported, out: Path, force: bool = False) -> list[Path]:
    """Write the bank's YAML into `out`, after checking the result loads; never half-written."""
    from ...build.write import write_atomic
    from ...content.load import load_bank

    out = Path(out)
    refuse_overwrite(out, force)
    try:
        files = dump_bank(imported.bank)
    except ValueError as exc:  # the YAML writer double-checks itself; this would be a bug
        raise StudyGuideError(f"cannot write the imported bank as YAML: {exc}") from None
    out.resolve().parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=".studyguide-import-", dir=out.resolve().parent))
    try:
        if out.is_dir():  # the check must see what will be there: kept files and imported ones
            shutil.copytree(out, stage, dirs_exist_ok=True)
        for rel, text in files.items():
            (stage / rel).parent.mkdir(parents=True, exist_ok=True)
            (stage / rel).write_text(text, encoding="utf-8")
        try:
            load_bank(stage)
        except ContentError as exc:
            raise ContentError([Problem(p.path.replace(str(stage), str(out)), p.line, p.col, p.message)
                                for p in exc.problems]) from None
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return [out / rel for rel, text in files.items() if write_atomic(out / rel, text.encode("utf-8"))]
