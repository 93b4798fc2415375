"""Batch 01 of the committed bank as trainers and candidates hold it: handout, practice sheet, pack."""

from __future__ import annotations

import re

import pytest

from bankfactory import make_bank, question
from pdfutil import joined_text, link_targets, norm, outline_tree, page_texts, reader

BATCH_CHAPTERS = ["aws", "agentic-ai"]


def answer_fragment(answer: str) -> str:
    """Opening words of an answer as they print: markdown marks and a list number dropped."""
    first = re.sub(r"^(\d+\.|[-*])\s+", "", answer.strip().splitlines()[0])
    return norm(" ".join(re.sub(r"[`*]", "", first).split()[:6]))


def texts(pdf: bytes) -> list[str]:
    # pdfium marks a hyphen where a line was broken as U+FFFE
    return [norm(text.replace("\ufffe", "-")) for text in page_texts(pdf)]


def test_handout_holds_exactly_the_batch_questions(seed_batch, seed_bank):
    outputs, _ = seed_batch
    text = joined_text(outputs["handout.pdf"])
    for cid, category in seed_bank.categories.items():
        for q in category.questions:
            assert (norm(q.question) in text) == (cid in BATCH_CHAPTERS), (cid, q.id)
    assert [title for title, _, _ in outline_tree(outputs["handout.pdf"])] == \
        [seed_bank.categories[cid].title for cid in BATCH_CHAPTERS] + ["Index"]


def test_handout_cover_carries_the_banner(seed_batch):
    cover = norm(page_texts(seed_batch[0]["handout.pdf"])[0]).upper()
    for fragment in ["Batch 01", "Aarambh", "AWS + Agentic AI", "Starts 28 June 2026", "Trainer: Ananya Iyer"]:
        assert fragment.upper() in cover


def practice_split(pdf: bytes) -> tuple[list[str], list[str]]:
    """The practice sheet's question pages and answer-key pages (from its own outline)."""
    pages = texts(pdf)
    key_page = dict((title, page) for title, page, _ in outline_tree(pdf))["Answer key"]
    return pages[:key_page - 1], pages[key_page - 1:]


def batch_questions(bank):
    return [q for cid in BATCH_CHAPTERS for q in bank.categories[cid].questions]


def test_practice_questions_carry_no_answers_and_the_key_does(seed_batch, seed_bank):
    questions, key = practice_split(seed_batch[0]["practice.pdf"])
    question_text, key_text = " ".join(questions), " ".join(key)
    for q in batch_questions(seed_bank):
        fragment = answer_fragment(q.answer)
        assert norm(q.question) in question_text
        assert fragment not in question_text, q.id
        assert fragment in key_text, q.id


def test_practice_references_lead_to_the_answer_and_back(seed_batch, seed_bank):
    pdf = seed_batch[0]["practice.pdf"]
    pages = texts(pdf)
    questions, _ = practice_split(pdf)
    for number, q in enumerate(batch_questions(seed_bank), 1):
        # where the question is; its reference names its number in the key and links to the answer
        on = next(i for i, text in enumerate(questions, 1) if f"{number} {norm(q.question)}" in text)
        after = questions[on - 1].split(f"{number} {norm(q.question)}", 1)[1]
        assert re.match(rf" → Answer {number} in the key", after), after[:80]
        key_page = next(target for target in link_targets(pdf, on) if answer_fragment(q.answer) in pages[target - 1])
        # the key entry (which a long answer carries over a page) names and links to the question's page
        entry = " ".join(pages[key_page - 1:]).split(answer_fragment(q.answer), 1)[1]
        assert int(re.search(r"↑ Question on page (\d+)", entry).group(1)) == on
        assert on in link_targets(pdf, key_page) + link_targets(pdf, min(key_page + 1, len(pages)))


def test_practice_footer_numbers_match_the_pack_labels(seed_batch):
    outputs, _ = seed_batch
    practice = page_texts(outputs["practice.pdf"])
    for number, text in enumerate(practice, 1):
        # a blank verso (before the answer key, at the end) carries no page number
        assert f"Page {number} of {len(practice)}" in norm(text) or not text.strip()
    labels = reader(outputs["pack.pdf"]).page_labels
    assert [label for label in labels if label.startswith("Practice ")] == \
        [f"Practice {n}" for n in range(1, len(practice) + 1)]


def pack_parts(seed_batch) -> list[str]:
    return ["Welcome", "Handout", "Cheat sheets", "Practice sheet", "Code of conduct"]


def test_pack_outline_has_one_entry_per_part_with_its_own_outline(seed_batch, seed_bank):
    outputs, _ = seed_batch
    pack = outputs["pack.pdf"]
    tree = outline_tree(pack)
    assert [title for title, _, _ in tree] == pack_parts(seed_batch)
    by_title = {title: (page, children) for title, page, children in tree}
    handout_page, handout_children = by_title["Handout"]
    assert [c[0] for c in handout_children] == [seed_bank.categories[cid].title for cid in BATCH_CHAPTERS] + ["Index"]
    assert all(len(c[2]) == len(seed_bank.categories[cid].questions) for c, cid in zip(handout_children, BATCH_CHAPTERS))
    assert [c[0] for c in by_title["Practice sheet"][1]] == ["Questions", "Answer key"]
    # each part's entry opens the page its labels start on
    labels = reader(pack).page_labels
    assert labels[handout_page - 1] == "Handout 1"
    assert labels[by_title["Practice sheet"][0] - 1] == "Practice 1"
    assert labels[by_title["Code of conduct"][0] - 1] == "Code of conduct 1"


def test_pack_labels_metadata_and_sizes(seed_batch):
    outputs, _ = seed_batch
    pack = reader(outputs["pack.pdf"])
    handout, practice = reader(outputs["handout.pdf"]), reader(outputs["practice.pdf"])
    labels = pack.page_labels
    assert labels[0] == "Welcome 1"
    assert labels.count("Welcome 1") == 1
    assert len([label for label in labels if label.startswith("Handout ")]) == len(handout.pages)
    assert len([label for label in labels if label.startswith("Practice ")]) == len(practice.pages)
    assert pack.metadata.title == "Onboarding pack — Batch 01 · Aarambh — AWS + Agentic AI"
    assert pack.metadata.author == "Cloudadhar"


def test_welcome_page_lists_each_part_where_it_starts(seed_batch):
    pack = seed_batch[0]["pack.pdf"]
    welcome = norm(page_texts(pack)[0])
    labels = reader(pack).page_labels
    tree = outline_tree(pack)
    for (title, page, _), (_next_title, next_page, _) in zip(tree[1:], tree[2:] + [("end", len(labels) + 1, [])]):
        pages = f"{page}–{next_page - 1}" if next_page - 1 > page else f"{page}"  # blank versos included
        assert re.search(re.escape(title) + r" .*? " + re.escape(pages) + r"\b", welcome), (title, pages)
        assert page in link_targets(pack, 1)
    assert "Prepared for".upper() in welcome.upper()


def test_extra_pdf_is_merged_into_the_pack(seed_batch):
    pack = seed_batch[0]["pack.pdf"]
    texts = page_texts(pack)
    last = norm([text for text in texts if text.strip()][-1])
    assert "Code of conduct" in last and "Be on time." in last
    assert reader(pack).page_labels[-2:] == ["Code of conduct 1", "Code of conduct 2"]  # then a blank back


def test_printed_two_sided_every_part_and_the_answer_key_open_on_the_right(seed_batch):
    outputs = seed_batch[0]
    for name in ("pack.pdf", "handout.pdf", "practice.pdf"):
        assert len(reader(outputs[name]).pages) % 2 == 0, name
    assert all(page % 2 == 1 for _, page, _ in outline_tree(outputs["pack.pdf"]))
    key = dict((title, page) for title, page, _ in outline_tree(outputs["practice.pdf"]))["Answer key"]
    assert key % 2 == 1 and not page_texts(outputs["practice.pdf"])[key - 2].strip()  # its back is blank


def test_one_sided_the_key_still_never_shares_a_page_with_questions(tmp_path):
    from stage import make

    content = make_bank(tmp_path, {"alpha": [question(n, "alpha") for n in range(1, 4)]})
    files, _ = make(content, "practice", "pack", duplex=False)
    practice = files["batches/01/practice.pdf"]
    key = dict((title, page) for title, page, _ in outline_tree(practice))["Answer key"]
    texts = page_texts(practice)
    assert "Answer key" in texts[key - 1] and "Answer key" not in texts[key - 2]
    assert all(text.strip() for text in texts)  # no blank page one-sided
    assert all(text.strip() for text in page_texts(files["batches/01/pack.pdf"]))


def test_batch_command_writes_the_batch_folder(tmp_path, run):
    content = make_bank(tmp_path, categories={"alpha": [question(1, "alpha")], "beta": [question(1, "beta")]},
                        batches={"pilot": {"number": "7", "name": "Pilot", "track": "Alpha", "starts": "2026-07-01",
                                           "chapters": ["alpha"], "candidates": [{"name": "Ana Lima"},
                                                                                 {"name": "Ana  Lima"}]}})
    out = tmp_path / "out"
    result = run("batch", "pilot", "--content", content, "--out", out, "--no-cache")
    assert result.exit_code == 0, result.stderr
    folder = out / "batches" / "pilot"
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.pdf")) == [
        "candidates/ana-lima-2.pdf", "candidates/ana-lima.pdf", "handout.pdf", "pack.pdf", "practice.pdf"]
    handout = joined_text((folder / "handout.pdf").read_bytes())
    assert "Question alpha 1?" in handout and "Question beta 1?" not in handout


@pytest.mark.parametrize("typed, hint", [("pilto", "did you mean 'pilot'?"), ("zzz", "known batches: pilot")])
def test_unknown_batch_is_a_usage_error(tmp_path, run, typed, hint):
    content = make_bank(tmp_path, batches={"pilot": {"number": "7", "name": "Pilot", "track": "Alpha",
                                                     "starts": "2026-07-01", "chapters": ["alpha"]}})
    result = run("batch", typed, "--content", content, "--out", tmp_path / "out", "--no-cache")
    assert result.exit_code == 2
    assert f"unknown batch '{typed}'" in result.stderr and hint in result.stderr
    assert not (tmp_path / "out").exists()


def test_pack_practice_links_land_on_the_page_they_print(seed_batch):
    pack = seed_batch[0]["pack.pdf"]
    labels = reader(pack).page_labels
    key = labels.index("Practice 1") + len(practice_split(seed_batch[0]["practice.pdf"])[0])  # its first page, 0-based
    printed = re.findall(r"Question on page (\d+)", texts(pack)[key])
    assert printed
    assert {labels[target - 1] for target in link_targets(pack, key + 1)} == {f"Practice {n}" for n in printed}


def test_practice_outline_names_chapters_and_numbered_questions_as_printed(seed_batch, seed_bank):
    tree = dict((title, children) for title, _, children in outline_tree(seed_batch[0]["practice.pdf"]))
    for part in ("Questions", "Answer key"):
        chapters = tree[part]
        assert [title for title, _, _ in chapters] == [seed_bank.categories[cid].title for cid in BATCH_CHAPTERS]
        numbered = [title for _, _, questions in chapters for title, _, _ in questions]
        expected = [f"{n} {norm(q.question)}" for n, q in enumerate(batch_questions(seed_bank), start=1)]
        assert [norm(title) for title in numbered] == expected
