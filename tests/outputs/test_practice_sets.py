"""Per-candidate practice sets: each copy ends with its own drawn set and key; the trainer's key booklet."""

from __future__ import annotations

import re

import pytest
import yaml

from studyguide.authoring.accessibility import check_bytes
from studyguide.outputs import practice_sets
from studyguide.outputs.base import Request

from bankfactory import make_bank, question, selection_bank, write_yaml
from pdfutil import link_targets, norm, outline_tree, page_texts, reader
from stage import make

NAMES = ["Ana Lima", "Bo Chen", "Chitra Rao"]
SLUGS = ["ana-lima", "bo-chen", "chitra-rao"]
COUNT = 5
ASKED = re.compile(r"(\d+) (Question \w+ \d+\?) → Answer on page (\d+)")
KEYED = re.compile(r"(\d+) (Question \w+ \d+\?) Answer (\w+ \d+) with code and bold\. ↑ Question on page (\d+)")


def bank(root, practice: dict | None = None, duplex: bool = True):
    categories = {"alpha": [question(i, "alpha") for i in range(1, 8)],
                  "beta": [question(i, "beta") for i in range(1, 5)]}
    batch = {"number": "01", "name": "Pilot", "track": "Alpha track", "starts": "2026-06-28",
             "chapters": ["alpha", "beta"], "duplex": duplex, "candidates": [{"name": name} for name in NAMES]}
    if practice is not None:
        batch["practice"] = practice
    return make_bank(root, categories, batches={"01": batch})


def build(content, *kinds: str) -> dict[str, bytes]:
    return make(content, *(Request(kind, ("01",)) for kind in kinds))[0]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    content = bank(tmp_path_factory.mktemp("sets"), {"per_candidate": True, "questions": COUNT})
    return content, build(content, "copies", "practice-keys")


def copy_of(files: dict[str, bytes], slug: str) -> bytes:
    return files[f"batches/01/candidates/{slug}.pdf"]


def set_pages(copy: bytes) -> tuple[int, list[str]]:
    """The 1-based page the copy's set starts on, and the text of each of its pages."""
    labels = reader(copy).page_labels
    first = labels.index("Practice 1")
    return first + 1, [norm(text) for text in page_texts(copy)[first:]]


def asked(copy: bytes) -> list[tuple[int, str, int, int]]:
    """(number, question, answer page printed, the set page it is printed on) for each question."""
    _, pages = set_pages(copy)
    return [(int(n), q, int(p), page) for page, text in enumerate(pages, 1) for n, q, p in ASKED.findall(text)]


def drawn(copy: bytes) -> list[str]:
    return [q for _, q, _, _ in asked(copy)]


def test_each_copy_holds_its_own_set_of_n_questions(built):
    _, files = built
    sets = [drawn(copy_of(files, slug)) for slug in SLUGS]
    assert all(len(found) == COUNT and len(set(found)) == COUNT for found in sets)
    assert [[n for n, *_ in asked(copy_of(files, slug))] for slug in SLUGS] == [list(range(1, COUNT + 1))] * 3
    # Eleven questions, five each: the second set shares none with the first, the third as few as it can.
    assert not set(sets[0]) & set(sets[1])
    assert len(set(sets[2]) & (set(sets[0]) | set(sets[1]))) == 3 * COUNT - 11
    # Spread over both chapters, and not in bank order.
    assert all({q.split()[1] for q in found} == {"alpha", "beta"} for found in sets)
    assert any(found != sorted(found, key=lambda q: (q.split()[1], int(q.split()[2][:-1]))) for found in sets)


def test_sets_are_the_same_in_every_build(built):
    content, files = built
    again = build(content, "copies", "practice-keys")
    assert again.keys() == files.keys() and all(again[path] == files[path] for path in files)


@pytest.mark.parametrize("slug", SLUGS)
def test_each_question_names_its_answer_page_and_back(built, slug):
    _, files = built
    copy = copy_of(files, slug)
    first, pages = set_pages(copy)
    labels = reader(copy).page_labels
    keyed = {(int(n), q): (page, f"Answer {a}", int(back)) for page, text in enumerate(pages, 1)
             for n, q, a, back in KEYED.findall(text)}
    assert len(keyed) == COUNT
    for number, text, answer_page, page in asked(copy):
        key_page, answer, back = keyed[(number, text)]
        assert key_page == answer_page and back == page
        assert answer == text.replace("Question", "Answer")[:-1]
        # the printed number is the page label and the page's own footer
        assert labels[first + answer_page - 2] == f"Practice {answer_page}"
        assert f"Page {answer_page} of " in pages[answer_page - 1]
    # each link goes where its text says: the page of the answer, the page of the question
    for page in range(1, len(pages) + 1):
        printed = [p for _, _, p, on in asked(copy) if on == page] + \
                  [back for key_page, _, back in keyed.values() if key_page == page]
        assert link_targets(copy, first + page - 1) == [first + p - 1 for p in printed]


@pytest.mark.parametrize("slug", SLUGS)
def test_the_key_opens_on_a_right_hand_page_and_the_set_is_in_the_outline(built, slug):
    _, files = built
    copy = copy_of(files, slug)
    labels = reader(copy).page_labels
    practice = next(node for node in outline_tree(copy) if node[0] == "Practice set")
    questions, key = practice[2]
    assert (questions[0], key[0]) == ("Questions", "Answer key")
    assert [title for title, _, _ in questions[2]] == [f"{n} {q}" for n, q in enumerate(drawn(copy), 1)]
    assert key[1] % 2 == 1 and int(labels[key[1] - 1].split()[-1]) % 2 == 1
    assert practice[1] % 2 == 1 and labels[practice[1] - 1] == "Practice 1"


def test_the_welcome_page_lists_the_set_truly_in_every_copy(built):
    _, files = built
    lengths = set()
    for slug in SLUGS:
        copy = copy_of(files, slug)
        first, _ = set_pages(copy)
        total = len(reader(copy).pages)
        lengths.add(total)
        welcome = norm(page_texts(copy)[0])
        assert f"Practice set {COUNT} questions drawn for you alone" in welcome
        assert welcome.split("Practice set")[1].split(". ")[1].startswith(f"{first}–{total}")
        assert link_targets(copy, 1)[-2:] == [first, first]
    assert len(lengths) == 1  # shorter sets end with blank pages, so the table holds for everyone


def test_the_key_booklet_has_a_bookmark_and_the_key_of_each_candidate(built):
    _, files = built
    booklet = files["batches/01/practice-keys.pdf"]
    outline = outline_tree(booklet)
    labels = reader(booklet).page_labels
    pages = [norm(text) for text in page_texts(booklet)]
    assert [title for title, _, _ in outline] == NAMES and all(page % 2 == 1 for _, page, _ in outline)
    assert len(pages) % 2 == 0
    # the first page lists where each key starts
    assert " ".join(f"{name} {page}" for name, page, _ in outline) in pages[0]
    for (name, start, _), end, slug in zip(outline, [p for _, p, _ in outline[1:]] + [len(pages) + 1], SLUGS):
        copy = copy_of(files, slug)
        first, own = set_pages(copy)
        key = next(n for n, text in enumerate(own, 1) if "Answer key" in text)
        # the key's own pages, labelled with the numbers they print
        assert labels[start - 1] == f"{name} {key}" and f"Page {key} of " in pages[start - 1]
        assert pages[start - 1].startswith(f"PRACTICE SET OF {name.upper()}")
        assert KEYED.findall(" ".join(pages[start - 1:end - 1])) == KEYED.findall(" ".join(own[key - 1:]))


def test_copies_and_the_booklet_pass_pdf_ua(built):
    _, files = built
    assert [f"{path}: {f.rule}" for path, data in files.items() for f in check_bytes(data, path)] == []


def test_one_sided_sets_start_on_a_new_page_without_blank_versos(tmp_path):
    content = bank(tmp_path, {"per_candidate": True, "questions": 2}, duplex=False)
    copy = build(content, "copies")["batches/01/candidates/bo-chen.pdf"]
    first, pages = set_pages(copy)
    assert len(asked(copy)) == 2 and all(text.strip() for text in pages[:2])


def test_a_batch_without_per_candidate_sets_is_unchanged(tmp_path):
    plain = build(bank(tmp_path / "a"), "copies", "practice-keys")
    shared = build(bank(tmp_path / "b", {"per_candidate": False, "seed": 4}), "copies", "practice-keys")
    assert sorted(plain) == sorted(shared) == [f"batches/01/candidates/{slug}.pdf" for slug in SLUGS]
    assert all(plain[path] == shared[path] for path in plain)
    assert "Practice set" not in [title for title, _, _ in outline_tree(plain["batches/01/candidates/bo-chen.pdf"])]


def test_sets_typeset_in_several_documents_read_the_same(built, tmp_path, monkeypatch):
    monkeypatch.setattr(practice_sets, "CHUNK", 2)  # three candidates: two documents
    _, files = built
    split = build(bank(tmp_path, {"per_candidate": True, "questions": COUNT}), "copies", "practice-keys")
    for path in files:
        assert page_texts(split[path]) == page_texts(files[path]), path
        assert outline_tree(split[path]) == outline_tree(files[path]), path
        assert reader(split[path]).page_labels == reader(files[path]).page_labels, path
    assert [f.rule for data in split.values() for f in check_bytes(data)] == []


def test_sets_are_drawn_from_the_batch_selection_only(tmp_path):
    content = selection_bank(tmp_path, "select:\n  tags: [net]\ncandidates:\n  - name: Ana Lima\n  - name: Bo Chen\n"
                             "practice:\n  per_candidate: true\n  questions: 2\n")
    files = build(content, "copies", "practice-keys")
    sets = [drawn(files[f"batches/01/candidates/{slug}.pdf"]) for slug in ("ana-lima", "bo-chen")]
    # tag net: alpha 1, alpha 3, beta 1 (gamma 1 is outside the batch's chapters)
    assert all(len(found) == 2 and set(found) <= {"Question alpha 1?", "Question alpha 3?", "Question beta 1?"}
               for found in sets)
    assert len(set(sets[0]) | set(sets[1])) == 3


def test_sets_asked_for_a_batch_without_candidates_are_a_warning(tmp_path, run):
    content = bank(tmp_path, {"per_candidate": True, "questions": 2})
    path = content / "batches" / "01.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    del doc["candidates"]
    write_yaml(path, doc)
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "per_candidate" in text)
    expected = (f"{path}:{line}:3: batch '01' asks for a practice set per candidate but lists no candidates; "
                "its pack keeps the shared practice sheet")
    result = run("check", "--content", content)
    assert result.exit_code == 0 and expected in result.stderr
    strict = run("check", "--strict", "--content", content)
    assert strict.exit_code == 1 and expected in strict.stderr
