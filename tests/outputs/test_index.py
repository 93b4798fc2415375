"""The guide's index: terms and tags with the printed pages of their questions, as links, in two columns."""

from __future__ import annotations

import re

import pypdfium2 as pdfium
import pytest

from studyguide.outputs.index import OTHERS, RANGE_FROM, Term, index_groups, page_runs, sort_key

from bankfactory import make_bank, question
from pdfutil import norm, outline_tree, page_texts, reader
from stage import make

# A page number or a range of them ("75–93"), as the index prints them.
ITEM = r"\d+(?:–\d+)?"
LONG = "\n\n".join(f"Paragraph {n}: " + "words to fill the page " * 14 for n in range(9))


def _alpha(n: int) -> dict:
    """Long answers (a page or more each), shared tags and terms, in mixed case."""
    tags = ["IAM"] if n % 2 else ["iam", "pods"]
    terms = ["Trust policy", ".NET", "éclair", "3-tier"] if n % 3 == 0 else []
    return question(n, "alpha", answer=LONG, tags=tags, terms=terms)


def _beta(n: int) -> dict:
    """Short answers, many on a page; three terms each, over the alphabet, so the index runs on."""
    words = [f"{chr(ord('a') + (n * 3 + k) % 26)}term {n * 3 + k}" for k in range(3)]
    return question(n, "beta", terms=words, tags=["Zebra"] if n % 5 == 0 else [])


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("index")
    # 42 questions in beta: its chapter is typeset as two runs, whose pages must both count.
    categories = {"alpha": [_alpha(n) for n in range(1, 7)], "beta": [_beta(n) for n in range(1, 43)]}
    content = make_bank(root, categories, guide={"tracker": True},
                        batches={"01": {"number": "01", "name": "Pilot", "track": "Alpha track",
                                        "starts": "2026-06-28", "chapters": ["alpha"]}})
    files, report = make(content, "guide", "handout")
    return files, report.bank


def index_pages(pages: list[str]) -> list[int]:
    """0-based pages of the index: its title, or its name in the running header, opens a line."""
    return [n for n, text in enumerate(pages) if re.search(r"^Index\b", text, re.M) and "Contents" not in text]


def index_lines(pages: list[str]) -> list[str]:
    """The index's lines as a reader sees them: a term with its numbers (the viewer may copy the
    numbers on lines of their own), or a letter heading."""
    lines: list[str] = []
    for n in index_pages(pages):
        for line in (norm(line) for line in pages[n].splitlines()):
            # The last entry of a column and the heading that opens the next may come as one line.
            for piece in re.sub(r"(\d) ([A-Z#])$", r"\1\n\2", line).split("\n"):
                if re.fullmatch(rf"{ITEM}(, {ITEM})*,?", piece) and lines and lines[-1].endswith(","):
                    lines[-1] = f"{lines[-1]} {piece}".replace(", ,", ",")
                elif piece and not re.search(r"Page \d+ of|^Index", piece):
                    lines.append(piece)
    return lines


def index_items(pages: list[str]) -> dict[str, list[str]]:
    """'term' -> the numbers and ranges printed beside it, read off the index pages as a viewer copies them."""
    found = {}
    for line in index_lines(pages):
        match = re.fullmatch(rf"(.+?), ({ITEM}(?:, {ITEM})*)", line)
        if match:
            found[match[1]] = match[2].split(", ")
    return found


def index_entries(pages: list[str]) -> dict[str, list[int]]:
    """'term' -> every page its numbers and ranges stand for."""
    return {term: [page for item in items for page in _pages(item)] for term, items in index_items(pages).items()}


def _pages(item: str) -> range:
    first, _, last = item.partition("–")
    return range(int(first), int(last or first) + 1)


def heading_page(pages: list[str], heading: str) -> int:
    """The printed page number of the chapter page that holds a question's heading (not the tracker's)."""
    holding = [n for n, text in enumerate(pages) if heading in norm(text) and "Progress tracker" not in text
               and not text.lstrip().startswith("Index")]
    assert len(holding) == 1, (heading, holding)
    folio = re.search(r"Page (\d+) of (\d+)", pages[holding[0]])
    assert int(folio[1]) == holding[0] + 1 and int(folio[2]) == len(pages)
    return int(folio[1])


def expected(bank, chapters: list[str], pages: list[str]) -> dict[str, list[int]]:
    """Each term (first spelling, any case) -> the printed pages of its questions' headings."""
    found: dict[str, tuple[str, set[int]]] = {}
    for cid in chapters:
        for q in bank.categories[cid].questions:
            for term in (*q.terms, *q.tags):
                found.setdefault(term.casefold(), (term, set()))[1].add(heading_page(pages, q.question))
    return {term: sorted(numbers) for term, numbers in found.values()}


def test_every_term_lists_the_printed_pages_of_its_questions(built):
    files, bank = built
    pages = page_texts(files["guide.pdf"])
    shown = index_entries(pages)
    assert shown == expected(bank, ["alpha", "beta"], pages)
    # Questions over several pages: numbers are spread out, and beta's second run counts too.
    assert len(shown["IAM"]) >= 4 and shown["Zebra"][-1] > shown["Zebra"][0]
    assert "iam" not in shown and "pods" in shown


def test_pages_in_a_row_print_as_a_range(built):
    items = index_items(page_texts(built[0]["guide.pdf"]))
    ranges = [item for listed in items.values() for item in listed if "–" in item]
    assert ranges and all(len(_pages(item)) >= RANGE_FROM for item in ranges)
    for term, listed in items.items():  # and never three numbers in a row one by one
        singles = [int(item) for item in listed if "–" not in item]
        assert not any(n + 1 in singles and n + 2 in singles for n in singles), (term, listed)
    assert page_runs({4: "a", 5: "b", 7: "c", 8: "d", 9: "e", 10: "f"}) == [
        (4, 4, "a"), (5, 5, "b"), (7, 10, "c")]


def test_a_handout_indexes_its_own_chapters(built):
    files, bank = built
    pages = page_texts(files["batches/01/handout.pdf"])
    shown = index_entries(pages)
    assert shown == expected(bank, ["alpha"], pages)
    assert "Zebra" not in shown and not any("term" in term for term in shown)


def test_entries_are_sorted_under_letter_headings(built):
    lines = index_lines(page_texts(built[0]["guide.pdf"]))
    letters = [line for line in lines if re.fullmatch(r"[A-Z#]", line)]
    assert letters == [OTHERS, *(chr(c) for c in range(ord("A"), ord("Z") + 1))]
    terms = [line for line in lines if line not in letters and not line.startswith("Key terms")]
    terms = [re.sub(rf", {ITEM}(, {ITEM})*$", "", term) for term in terms]
    assert terms[:3] == ["3-tier", "aterm 26", "aterm 52"]  # numbers inside terms by value
    assert terms.index("aterm 104") == 4
    assert terms.index("éclair") < terms.index("IAM") < terms.index(".NET") < terms.index("pods")
    assert terms.index("pods") < terms.index("Trust policy") < terms.index("Zebra")


def test_the_index_follows_the_tracker_and_precedes_the_closing_page(built):
    pdf = built[0]["guide.pdf"]
    pages = page_texts(pdf)
    first = index_pages(pages)
    assert len(first) >= 2  # long enough to run on, and still every footer's total is right
    tracker = max(n for n, text in enumerate(pages) if "Progress tracker" in text)
    closing = next(n for n, text in enumerate(pages) if "The end." in text)
    assert tracker < first[0] and first[-1] < closing
    assert all(f"Page {n + 1} of {len(pages)}" in pages[n] for n in first)
    assert first[0] % 2 == 0  # two-sided, it opens on a right-hand page
    assert ("Index", first[0] + 1, []) in outline_tree(pdf)


def test_each_page_number_links_to_its_page(built):
    pdf = built[0]["guide.pdf"]
    pages = page_texts(pdf)
    doc = pdfium.PdfDocument(pdf)
    r = reader(pdf)
    checked = 0
    for n in index_pages(pages):
        textpage = doc[n].get_textpage()
        for ref in r.pages[n].get("/Annots", []) or []:
            annot = ref.get_object()
            left, bottom, right, top = (float(v) for v in annot["/Rect"])
            printed = textpage.get_text_bounded(left, bottom, right, top).strip()
            target = r.get_page_number(annot["/Dest"][0].get_object()) + 1
            # A range opens on its first page.
            assert re.fullmatch(ITEM, printed) and _pages(printed)[0] == target, (printed, target)
            checked += 1
    shown = index_items(pages)
    assert checked == sum(len(items) for items in shown.values())


def test_entries_are_set_in_two_columns(built):
    pdf = built[0]["guide.pdf"]
    pages = page_texts(pdf)
    doc = pdfium.PdfDocument(pdf)
    n = index_pages(pages)[0]
    width = doc[n].get_width()
    textpage = doc[n].get_textpage()
    lefts = []
    for term in index_entries([pages[n]]):
        found = textpage.search(term, match_whole_word=True).get_next()
        lefts.append(round(textpage.get_charbox(found[0])[0]))
    assert len(lefts) > 40
    # Every entry starts at one of two x positions (within a glyph's side bearing), one in each
    # half of the page, both well used.
    left, right = [x for x in lefts if x < width / 2], [x for x in lefts if x > width / 2]
    assert len(left) > 15 and len(right) > 15
    assert max(left) - min(left) <= 3 and max(right) - min(right) <= 3


def test_no_index_without_terms_or_tags(tmp_path):
    content = make_bank(tmp_path)
    files, _ = make(content, "guide")
    pdf = files["guide.pdf"]
    assert not index_pages(page_texts(pdf))
    assert "Index" not in [title for title, _, _ in outline_tree(pdf)]


def test_sort_key_ignores_case_accents_and_leading_symbols():
    words = ["zebra", "Éclair", ".NET", "3-tier", "ec2", "apple", "_init"]
    assert sorted(words, key=sort_key) == ["3-tier", "apple", "ec2", "Éclair", "_init", ".NET", "zebra"]
    groups = index_groups([Term(w, ["q"]) for w in sorted(words, key=sort_key)], {"q": 4})
    assert [g["letter"] for g in groups] == [OTHERS, "A", "E", "I", "N", "Z"]
    assert groups[2]["entries"][1] == {"term": "Éclair", "pages": [(4, 4, "q")]}


def test_the_contents_lists_the_tracker_and_the_index_at_their_printed_pages(built):
    for name in ("guide.pdf", "batches/01/handout.pdf"):
        pdf = built[0][name]
        pages = page_texts(pdf)
        contents = next(n for n, text in enumerate(pages) if "Contents" in text)
        lines = [norm(line) for line in pages[contents].splitlines()]
        listed = {m[1]: int(m[2]) for line in lines if (m := re.fullmatch(r"(Progress tracker|Index)\W*(\d+)", line))}
        tracker = next(n for n, text in enumerate(pages) if n != contents and "Progress tracker" in text)
        index = index_pages(pages)[0]
        assert listed == {"Progress tracker": tracker + 1, "Index": index + 1}, name
        # Each entry links to the page it names.
        r = reader(pdf)
        targets = {r.get_page_number(a.get_object()["/Dest"][0].get_object())
                   for a in r.pages[contents].get("/Annots", []) or [] if "/Dest" in a.get_object()}
        assert {tracker, index} <= targets
