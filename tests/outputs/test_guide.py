"""The seed guide as a reader holds it: text, order, outline, contents numbers, fonts, footers."""

from __future__ import annotations

import re

from conftest import ROOT
from studyguide.typeset.markdown import plain_text

from pdfutil import contents_page, embedded_fonts, joined_text, link_targets, norm, outline_tree, page_texts, reader


def test_every_question_appears_in_order(seed_guide, seed_bank):
    pdf, _ = seed_guide
    text = joined_text(pdf)
    position = 0
    for chapter in seed_bank.chapters():
        for number, q in enumerate(chapter.category.questions, 1):
            needle = f"{number:02d} {norm(plain_text(q.question))}"
            found = text.find(needle, position)
            assert found >= 0, f"missing or out of order: {needle}"
            position = found + len(needle)


def test_answers_copy_out_intact(seed_guide):
    text = joined_text(seed_guide[0])
    # code, arrows, set symbols, dashes and quotes survive copy-paste
    for fragment in ["ps auxf | awk '$8 ~ /D/'", "0.0.0.0/0 → IGW", "(Identity ∩ Resource policy) ∩ SCP",
                     "Restored in 22 min", "terraform apply", "<100ms p95 globally", "I don't know."]:
        assert fragment in text


def test_outline_holds_chapters_and_questions(seed_guide, seed_bank):
    tree = outline_tree(seed_guide[0])
    chapters = seed_bank.chapters()
    # The bank's questions carry tags, so the guide ends with an index.
    assert [title for title, _, _ in tree] == [ch.category.title for ch in chapters] + ["Index"]
    assert sum(len(children) for _, _, children in tree) == 72
    for (_title, page, children), chapter in zip(tree, chapters):
        assert len(children) == len(chapter.category.questions)
        assert children[0][0] == f"01 {plain_text(chapter.category.questions[0].question)}"
        assert all(child_page >= page for _, child_page, _ in children)


def test_contents_numbers_are_real_page_numbers(seed_guide, seed_bank):
    pdf, _ = seed_guide
    pages = page_texts(pdf)
    tree = outline_tree(pdf)
    contents = norm(pages[contents_page(pages) - 1])
    for (title, page, _), chapter in zip(tree, seed_bank.chapters()):
        # the printed number after the title's leader, and the page that opens the chapter
        match = re.search(re.escape(title) + r" \d+ questions?[ .]*?(\d+)", contents)
        assert match, title
        assert int(match.group(1)) == page
        assert f"Page {page} of {len(pages)}" in norm(pages[page - 1])
        assert f"CHAPTER {chapter.number}" in norm(pages[page - 1]).upper()


def test_contents_entries_link_to_their_chapters(seed_guide):
    pdf, _ = seed_guide
    # The chapters, then the index (the seed bank's questions have tags, so the guide ends with one).
    entries = [page for _, page, _ in outline_tree(pdf)]
    assert [title for title, _, _ in outline_tree(pdf)][-1] == "Index"
    assert list(dict.fromkeys(link_targets(pdf, contents_page(page_texts(pdf))))) == entries


def test_footer_on_every_page_but_the_cover_and_the_blank_versos(seed_guide):
    pages = page_texts(seed_guide[0])
    assert "Page 1 of" not in norm(pages[0])
    for number, text in enumerate(pages[1:], 2):
        assert f"Page {number} of {len(pages)}" in norm(text) or (not text.strip() and number % 2 == 0), number


def test_printed_two_sided_chapters_open_on_right_hand_pages(seed_guide):
    pdf = seed_guide[0]
    pages = page_texts(pdf)
    assert len(pages) % 2 == 0 and not pages[1].strip() and contents_page(pages) == 3
    assert all(page % 2 == 1 for _, page, _ in outline_tree(pdf))
    assert reader(pdf).page_labels == [str(n) for n in range(1, len(pages) + 1)]  # labels = printed numbers


def test_one_sided_the_guide_has_no_blank_pages(tmp_path):
    from stage import make

    files, _ = make(ROOT / "content", "guide", duplex=False)
    pages = page_texts(files["guide.pdf"])
    assert all(text.strip() for text in pages) and contents_page(pages) == 2
    assert reader(files["guide.pdf"]).page_labels == [str(n) for n in range(1, len(pages) + 1)]


def test_fonts_are_embedded_and_ours(seed_guide):
    fonts = embedded_fonts(seed_guide[0])
    assert fonts, "no fonts found"
    assert all(name.startswith("Studyguide-") for name in fonts), fonts
    families = {name.split("-")[1] for name in fonts}
    assert {"Text", "Code", "Emoji"} <= families


def test_metadata(seed_guide, seed_bank):
    meta = reader(seed_guide[0]).metadata
    assert meta.title == seed_bank.guide.title
    assert meta.author == seed_bank.guide.publisher
    assert "AWS" in meta.subject


def test_cover_and_outro(seed_guide, seed_bank):
    pages = page_texts(seed_guide[0])
    cover = norm(pages[0]).lower()
    for field in (seed_bank.guide.title, seed_bank.guide.subtitle, seed_bank.guide.edition,
                  seed_bank.guide.publisher, "72 questions"):
        assert field.lower() in cover
    assert "Want to crack these in real interviews?" in norm([text for text in pages if text.strip()][-1])


def test_no_weasyprint_warning(seed_guide):
    assert seed_guide[1].warnings == []


def test_a4_by_default(seed_guide):
    box = reader(seed_guide[0]).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_each_question_shares_its_page_with_its_answer(seed_guide, seed_bank):
    pages = [norm(t) for t in page_texts(seed_guide[0])]
    for chapter in seed_bank.chapters():
        for number, q in enumerate(chapter.category.questions, 1):
            heading = f"{number:02d} {norm(plain_text(q.question))}"
            page = next(p for p in pages if heading in p)
            after = page.split(heading, 1)[1]
            # some answer text follows the question on the same page
            first_words = norm(q.answer).replace("**", "").replace("`", "").split()[:2]
            assert len(after) > 40 and first_words[-1].strip("*_.,:") in after[:200], heading


def test_letter_paper_and_a_long_answer_flowing_across_pages(tmp_path):
    from bankfactory import make_bank, question
    from stage import guide

    long_answer = "\n\n".join(f"Paragraph {n}: " + "the answer goes on with detail. " * 25 for n in range(1, 13))
    content = make_bank(tmp_path, {"alpha": [question(1, "alpha"), question(2, "alpha", answer=long_answer),
                                              question(3, "alpha")]})
    pdf, _ = guide(content, paper="letter")
    box = reader(pdf).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    pages = [norm(t) for t in page_texts(pdf)]
    holding = [i for i, p in enumerate(pages) if "Paragraph" in p]
    assert len(holding) >= 2, "the long answer should flow onto a second page"
    start = next(i for i, p in enumerate(pages) if "02 Question alpha 2?" in p)
    assert "Paragraph 1:" in pages[start]  # the question is not left alone at a page foot
    assert pages[holding[-1]].count("Paragraph 12:") == 1


def test_code_in_a_question_prints_in_the_code_face_without_backticks(seed_guide):
    text = joined_text(seed_guide[0])
    assert "A pod is stuck in CrashLoopBackOff. Walk me through" in text
    assert "`" not in text
