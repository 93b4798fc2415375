"""A repository-shaped bank (tests/fixtures/import/small) imported, checked and printed: every question
whole and in order in the PDF text, no literal markup in any PDF, tables as tables, images embedded,
list numbers as written."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from markdown_it import MarkdownIt

from studyguide.cli import cli
from studyguide.content.load import load_bank
from studyguide.outputs.base import Request
from studyguide.typeset.markdown import plain_text

from pdfutil import joined_text, norm, outline_tree, reader
from stage import make

SMALL = Path(__file__).resolve().parents[1] / "fixtures" / "import" / "small"
ORACLE = json.loads((SMALL.parent / "expected-small.json").read_text("utf-8"))["small"]
# What would show that markup printed as text instead of being set.
LITERAL = re.compile(r"<(?:/?(?:table|tr|td|th|img|br|p|b|i|a|code|pre|details|summary|div|span|sup|kbd)\b)"
                     r"|(?<![\w:]):[a-z_]+:(?![\w:])|\*\*(?=\w)|(?<=\w)\*\*|\]\(|&(?:lt|gt|amp|nbsp);")
# ("2 ** attempt" in Python code is no bold markup; "**Why**" would be.)


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    out = tmp_path_factory.mktemp("imported") / "content"
    runner = CliRunner()
    result = runner.invoke(cli, ["import", str(SMALL), "--out-content", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    strict = runner.invoke(cli, ["check", "--strict", "--content", str(out)], catch_exceptions=False)
    assert strict.exit_code == 0, strict.stdout + strict.stderr
    files, report = make(out, "guide", Request("screen"), "cheatsheets", "flashcards")
    return out, files, report


_MD = MarkdownIt("commonmark").enable("table")
# A printed link is followed by where it goes, in brackets; answers have brackets of their own too.
_BRACKETS = re.compile(r"\s*\([^()]*\)")


def printed_words(markdown: str) -> str:
    """Markdown as its words print: markup gone, brackets set aside, whitespace collapsed."""
    return _BRACKETS.sub("", norm(html.unescape(re.sub(r"<[^>]+>", " ", _MD.render(markdown)))))


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def last_words(markdown: str, count: int = 4) -> str:
    return " ".join(printed_words(markdown).split()[-count:])


def test_the_import_prints_without_a_warning(printed):
    assert printed[2].warnings == []


def test_every_question_prints_whole_and_in_order_with_its_answer(printed):
    out, files, _ = printed
    text = joined_text(files["guide.pdf"])
    bank = load_bank(out).bank
    questions = [q for cid in bank.guide.chapters for q in bank.categories[cid].questions]
    assert len(questions) == ORACLE["total"] == 44
    heads = [norm(plain_text(q.question)) for q in questions]
    assert [text.count(head) for head in heads] == [1] * len(heads)  # once: not cut, not repeated
    starts = [text.find(head) for head in heads]
    assert starts == sorted(starts)
    for q, start, end in zip(questions, starts, [*starts[1:], len(text)]):
        # Spaces aside: a long line of code wraps inside the box, and a wrap reads as a space.
        assert squeeze(last_words(q.answer)) in squeeze(_BRACKETS.sub("", text[start:end])), q.id


def test_no_markup_prints_as_text_in_any_pdf(printed):
    _, files, _ = printed
    assert len(files) > 5
    for name, pdf in files.items():
        found = LITERAL.search(joined_text(pdf))
        assert not found, (name, found and found[0])


def test_tables_images_and_numbers_print_as_such(printed):
    out, files, _ = printed
    pdf = files["guide.pdf"]
    text = joined_text(pdf)
    assert "Model You manage Example IaaS OS, runtime, application, data" in text  # an HTML table, set as one
    assert "3. Does a node selector" in text and "3. Is a PersistentVolumeClaim" in text  # 1, 2, 3, 3
    assert "2. Open it with" in text  # a list that starts at 2
    rasters = {image.name for page in reader(pdf).pages for image in page.images}
    assert len(rasters) == 3  # multi-region.png, pod.png and fhs.jpg; the SVG is drawn as vectors
    assert "Two regions behind one global DNS name" in text  # the alt text, printed as the caption
    assert "kill -0 <PID>" in text


def test_sections_nest_in_the_outline_and_entries_show_the_first_line(printed):
    _, files, _ = printed
    tree = outline_tree(files["guide.pdf"])
    kubernetes = next(node for node in tree if node[0].endswith("Kubernetes"))
    assert [child[0] for child in kubernetes[2] if not child[0][:1].isdigit()] == [
        "Pods", "Networking", "Storage", "Scheduling"]
    entries = [entry[0] for node in tree for child in node[2] for entry in [child, *child[2]]]
    # A question of several blocks shows its first line only, in the outline and in the contents.
    assert any(e.endswith("What is wrong with this manifest?") for e in entries)
    assert any(e.endswith("Explain the following Git terms:") for e in entries)
    assert not [e for e in entries if "apiVersion" in e or "working tree" in e]
