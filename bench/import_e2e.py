"""A GitHub-shaped bank of 1,400 questions, end to end: import, check, build, then count what printed.

    python bench/import_e2e.py [WORK]            # generate, import, check, build into WORK (a temporary folder)
    python bench/import_e2e.py WORK --count-only # count again over an earlier run's WORK/dist

The bank comes from tests/fixtures/import/gen_large.py (folders, <details> blocks, tables, images, code,
links, emoji shortcodes, 420 questions in its largest chapter). Counted: questions in the source, imported,
and printed whole in the guide (the heading found exactly once, in order, and the answer's last words
after it); literal markup in any PDF; the import's notes and warnings; time per step. Takes minutes (the
build typesets every output), so it is not part of `make bench`.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pypdfium2 as pdfium
from markdown_it import MarkdownIt

ROOT = Path(__file__).resolve().parents[1]
GENERATOR = ROOT / "tests" / "fixtures" / "import" / "gen_large.py"
STUDYGUIDE = [sys.executable, "-m", "studyguide"]
# Markup that would mean the source printed as text (code that shows "2 ** n" is no bold markup).
LITERAL = {"<details>": re.compile(r"<details\b|<summary\b"), "<table": re.compile(r"<t(?:able|r|d|h)\b"),
           "**": re.compile(r"\*\*(?=\w)|(?<=\w)\*\*"), ":shortcode:": re.compile(r"(?<![\w:]):[a-z_]+:(?![\w:])"),
           "](": re.compile(r"\]\("), "<br>": re.compile(r"<br\s*/?>"), "&entity;": re.compile(r"&(?:lt|gt|amp|nbsp);")}
_MD = MarkdownIt("commonmark").enable("table")
_BRACKETS = re.compile(r"\s*\([^()]*\)")  # a printed link is followed by where it goes, in brackets


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def words(markdown: str) -> list[str]:
    """Markdown as its words print: markup gone, brackets set aside."""
    rendered = re.sub(r'<img [^>]*alt="([^"]*)"[^>]*>', r" \1 ", _MD.render(markdown))  # the caption prints
    text = html.unescape(re.sub(r"<[^>]+>", " ", rendered)).replace("\ufe0f", "")
    return _BRACKETS.sub("", text).split()


def pdf_text(path: Path, running: str = "") -> str:
    """The document's text; lines holding `running` (the running header) or a folio are left out."""
    doc = pdfium.PdfDocument(path)
    try:
        pages = [page.get_textpage().get_text_range() for page in doc]
    finally:
        doc.close()
    lines = [line for page in pages for line in page.splitlines()
             if not (running and running in line) and not re.search(r"Page \d+ of \d+", line)]
    text = re.sub(r"\ufffe\s*", "-", " ".join(lines)).replace("\ufe0f", "")
    return re.sub(r"\s+", " ", text)


def step(name: str, args: list[str], timings: dict) -> subprocess.CompletedProcess:
    started = time.monotonic()
    result = subprocess.run(STUDYGUIDE + args, capture_output=True, text=True, cwd=ROOT)
    timings[name] = round(time.monotonic() - started, 1)
    if result.returncode != 0:
        sys.exit(f"{name} failed ({result.returncode}):\n{result.stderr}")
    return result


def printed_whole(content: Path, guide: str) -> tuple[int, int, list[str]]:
    """(questions, printed whole, the ids of those that are not) in the guide's text.

    Compared without spaces (a wrap in code reads as one) and without list bullets and level badges
    (printed, not written): a question's every word, exactly once, in order, and its answer's last
    words before the next question."""
    sys.path.insert(0, str(ROOT / "src"))
    from studyguide.content.load import load_bank

    bank = load_bank(content).bank
    questions = [q for cid in bank.guide.chapters for q in bank.categories[cid].questions]
    text = squeeze(_BRACKETS.sub("", guide)).replace("•", "")
    for level in {q.level.upper() for q in questions if q.level}:
        text = text.replace(squeeze(level), "")
    keys = [squeeze(" ".join(words(q.question))) for q in questions]
    missing, cursor, starts = [], 0, []
    for q, key in zip(questions, keys):
        at = text.find(key, cursor)
        starts.append(at)
        if at < 0 or text.count(key) != 1:
            missing.append(q.id)
        else:
            cursor = at + len(key)
    for index, (q, at) in enumerate(zip(questions, starts)):
        if q.id in missing:
            continue
        end = next((s for s in starts[index + 1:] if s > at), len(text))
        if squeeze(" ".join(words(q.answer)[-4:])) not in text[at:end]:
            missing.append(q.id)
    return len(questions), len(questions) - len(missing), missing


def count(work: Path, timings: dict, import_out: str = "", import_err: str = "") -> dict:
    manifest = json.loads((work / "manifest.json").read_text("utf-8"))
    dist = work / "dist"
    texts = {p.relative_to(dist).as_posix(): pdf_text(p) for p in sorted(dist.rglob("*.pdf"))}
    title = (work / "content" / "guide.yaml").read_text("utf-8").split("title:", 1)[1].splitlines()[0].strip()
    total, whole, missing = printed_whole(work / "content", pdf_text(dist / "guide.pdf", title))
    literal = {kind: sum(len(rx.findall(text)) for text in texts.values()) for kind, rx in LITERAL.items()}
    report = {"source questions": manifest["total"], "imported": total, "printed whole in the guide": whole,
              "not whole": missing[:20], "literal markup in any PDF": literal, "PDFs": len(texts),
              "guide pages": len(pdfium.PdfDocument(dist / "guide.pdf")), "seconds": timings}
    if import_out or import_err:
        report["import notes"] = [line for line in import_out.splitlines() if line.startswith("note:")]
        report["import warnings"] = [line for line in import_err.splitlines() if line.startswith("warning:")]
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("work", nargs="?", type=Path)
    parser.add_argument("--count-only", action="store_true")
    parser.add_argument("--jobs", "-j", default="2")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="import-e2e-"))
    timings: dict = {}
    if args.count_only:
        print(json.dumps(count(work, timings), indent=1, ensure_ascii=False))
        return 0
    subprocess.run([sys.executable, str(GENERATOR), str(work / "source"), "--manifest", str(work / "manifest.json")],
                   check=True, capture_output=True)
    imported = step("import", ["import", str(work / "source"), "--out-content", str(work / "content"), "--force"],
                    timings)
    checked = step("check --strict", ["check", "--strict", "--content", str(work / "content")], timings)
    built = step("build", ["build", "--content", str(work / "content"), "--out", str(work / "dist"),
                           "--cache", str(work / "cache"), "-j", args.jobs], timings)
    report = count(work, timings, imported.stdout, imported.stderr)
    report["check"] = checked.stdout.strip().splitlines()[-1:]
    report["build warnings"] = [line for line in built.stderr.splitlines() if line.startswith("warning")]
    report["build notes"] = len([line for line in built.stderr.splitlines() if line.startswith("note")])
    print(json.dumps(report, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
