"""Content shaped like real banks prints as content, not as markup: sections, levels, tables,
images, code, links and lists, in every output that shows them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from studyguide.content.load import load_bank
from studyguide.outputs.base import Request
from studyguide.typeset.markdown import plain_text

from bankfactory import make_bank, question
from pdfutil import embedded_fonts, joined_text, outline_tree, page_texts, reader
from stage import make

BANK = Path(__file__).resolve().parents[1] / "fixtures" / "banks" / "realistic"
LONG_COMMAND = ("kubectl run dns-probe --rm -it --restart=Never --image=busybox:1.36 --namespace=payments-production "
                "--labels=app=dns-probe,team=platform -- nslookup kubernetes.default.svc.cluster.local")
# What would show that markup printed as text instead of being set.
LITERAL_MARKUP = re.compile(r"<(?:/?(?:table|tr|td|th|img|br|p|b|i|a|code|pre|details|summary|div|span)\b)|:[a-z_]+:")


@pytest.fixture(scope="module")
def built():
    files, report = make(BANK, "guide", Request("screen"), "cheatsheets", "flashcards", "practice")
    return files, report


def test_the_bank_checks_clean(built):
    assert built[1].warnings == []


def test_every_question_prints_whole_and_in_order_under_its_section(built):
    guide = joined_text(built[0]["guide.pdf"])
    bank = load_bank(BANK).bank
    heads = [plain_text(q.question) for cid in bank.guide.chapters for q in bank.categories[cid].questions]
    positions = [guide.find(head) for head in heads]
    assert -1 not in positions and positions == sorted(positions)
    assert "• ClusterIP • NodePort • LoadBalancer with externalTrafficPolicy: Local" in guide  # the question's list
    tree = outline_tree(built[0]["guide.pdf"])
    kubernetes = tree[0]
    assert [c[0] for c in kubernetes[2]] == ["01 What is a Pod, and why is it not simply a container?",
                                             "Networking", "Storage"]
    assert [c[0][:2] for c in kubernetes[2][1][2]] == ["02", "03", "04"]
    assert [c[0][:2] for c in kubernetes[2][2][2]] == ["05", "06"]


def test_levels_tables_and_images_print_as_such(built):
    pdf = built[0]["guide.pdf"]
    text = joined_text(pdf)
    assert "JUNIOR" in text and "SENIOR" in text and "MID" in text
    assert "Type Reachable from Keeps client IP ClusterIP inside the cluster only yes" in text
    assert "node (kube-proxy)" in text and "cloud LB" in text  # the SVG's own text, set as vectors
    rasters = {image.name for page in reader(pdf).pages for image in page.images}
    assert len(rasters) == 2  # the PNG and the JPEG; the SVG is drawn, not pasted
    assert all(name.startswith("Studyguide-") for name in embedded_fonts(pdf)), embedded_fonts(pdf)


def test_no_markup_or_shortcode_prints_as_text(built):
    for name, pdf in built[0].items():
        assert not LITERAL_MARKUP.search(joined_text(pdf)), name


def test_code_keeps_its_placeholders_and_flags_whole(built):
    for name in ("guide.pdf", "cheatsheets/kubernetes.pdf", "guide-screen.pdf"):
        pages = page_texts(built[0][name])
        raw = "\n".join(pages)
        assert "kill -0 <PID>" in joined_text(built[0][name])
        assert "\ufffe" not in raw
        assert not re.search(r"--(?:dry-)?\s*[\r\n]", raw), name  # never '--dry-' at a line end


@pytest.mark.parametrize("name, columns", [("guide.pdf", 79), ("cheatsheets/kubernetes.pdf", 45),
                                           ("guide-screen.pdf", 41)])
def test_long_code_lines_wrap_inside_the_box_and_copy_back_whole(built, name, columns):
    raw = "\n".join(page_texts(built[0][name])).replace("\r\n", "\n")
    start = raw.index("kubectl run dns-probe")
    lines = raw[start:].split("\n")
    taken, code = [], ""
    for line in lines:
        taken.append(line)
        code += line
        if code.endswith("cluster.local"):
            break
    assert code == LONG_COMMAND  # the continuation hook is drawn, not typed
    assert len(taken) > 1 and all(len(line) <= columns for line in taken), taken


def test_lists_keep_the_numbers_written(built):
    text = joined_text(built[0]["guide.pdf"])
    assert "2. Check that CoreDNS pods are running" in text and "3. Read /etc/resolv.conf" in text
    assert "1. Find the PID. 2. Run kill -0 <PID>. 3. Read the exit status. 3. Act on it." in text


def test_printed_links_say_where_they_go_and_the_screen_edition_does_not(built):
    assert "the Service documentation (kubernetes.io/…/service) for the details" in joined_text(built[0]["guide.pdf"])
    assert "the Service documentation for the details" in joined_text(built[0]["guide-screen.pdf"])


def test_cards_and_practice_sheets_show_the_whole_question(built):
    cards = joined_text(built[0]["flashcards/kubernetes.pdf"])
    assert "Explain the following Service types: • ClusterIP • NodePort • LoadBalancer" in cards
    practice = joined_text(built[0]["batches/01/practice.pdf"])
    assert "2 Explain the following Service types: • ClusterIP • NodePort • LoadBalancer" in practice


def test_numbers_past_99_stand_apart_from_their_question(tmp_path):
    content = make_bank(tmp_path, {"alpha": [question(n, "alpha", answer="Yes.") for n in range(1, 106)]})
    files, _ = make(content, "cheatsheets", "practice")
    for name in ("cheatsheets/alpha.pdf", "batches/01/practice.pdf"):
        text = joined_text(files[name])
        assert "100 Question alpha 100?" in text and "105 Question alpha 105?" in text, name
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(files["cheatsheets/alpha.pdf"])
    for page in doc:
        textpage = page.get_textpage()
        text = textpage.get_text_range()
        for match in re.finditer(r"(1\d\d) Question", text):
            last_digit = textpage.get_charbox(match.start(1) + 2)
            first_letter = textpage.get_charbox(match.start(1) + 4)
            assert first_letter[0] - last_digit[2] > 2, match[0]  # at least 2 pt apart
