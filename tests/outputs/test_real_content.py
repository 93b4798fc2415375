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
from pdfutil import embedded_fonts, joined_text, norm, outline_tree, page_texts, reader
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


# Inline code as the bank writes it, outside fenced blocks.
_INLINE = re.compile(r"(?<!`)`([^`\n]+)`(?!`)")


def inline_code() -> set[str]:
    found = set()
    for path in (BANK / "categories").glob("*.yaml"):
        text = re.sub(r"^\s*```.*?^\s*```", "", path.read_text("utf-8"), flags=re.S | re.M)
        found |= {code for code in _INLINE.findall(text) if len(code) > 3}
    return found


def test_inline_code_breaks_only_at_spaces_and_after_separators(built):
    codes = inline_code()
    assert "$(date)" in codes and "kubectl apply --dry-run=client -f netpol/allow-dns.yaml --namespace=payments-production" in codes
    broken = 0
    for name, pdf in built[0].items():
        raw = "\n".join(page_texts(pdf)).replace("\r\n", "\n")
        for code in codes:
            # The code as printed: a line may end at any character (a space at a line end is not copied).
            pattern = re.escape(code[0]) + "".join(r"(?:\s*\n)?" + (r"[ \n]" if ch == " " else re.escape(ch))
                                                   for ch in code[1:])
            for match in re.finditer(pattern, raw):
                printed = match[0]
                for at in (i for i, ch in enumerate(printed) if ch == "\n"):
                    before = printed[:at].rstrip(" ")
                    broken += 1
                    assert printed[at - 1] == " " or before.endswith((" ", "/", "=", ",", ".")) or \
                        code[len(before.replace("\n", " ")):][:1] == " ", (name, code, printed)
    assert broken  # some did wrap, so the rule was put to the test


def test_a_table_longer_than_a_page_repeats_its_header_and_stays_in_the_text_block(built):
    pdf = built[0]["guide.pdf"]
    pages = page_texts(pdf)
    with_table = [i for i, text in enumerate(pages) if "Port Protocol Service Remember" in text]
    assert len(with_table) == 2 and with_table[1] == with_table[0] + 1
    assert "20 TCP FTP data" in norm(pages[with_table[0]]) and "27017 TCP MongoDB" in norm(pages[with_table[1]])
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    doc = pdfium.PdfDocument(pdf)
    for index in with_table + [i for i, text in enumerate(pages) if "kubectl run dns-probe" in text]:
        textpage = doc[index].get_textpage()
        # One character per index (an emoji is two UTF-16 units in get_text_range, one character here).
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, i)) for i in range(textpage.count_chars()))
        folio = list(re.finditer(r"Page \d+ of \d+", text))[-1]
        right = textpage.get_charbox(folio.end() - 1)[2]  # the folio ends at the text block's right edge
        widest = max(textpage.get_charbox(i)[2] for i, ch in enumerate(text) if not ch.isspace())
        assert widest <= right + 0.5, (index, widest, right)  # nothing past the text block's right edge


def test_no_cheat_sheet_page_is_left_blank_by_a_long_answer(built):
    pages = page_texts(built[0]["cheatsheets/linux.pdf"])
    assert len(pages) == 2
    assert "01 Where do configuration files" in norm(pages[0])  # not pushed off the first page
    assert "04 Which port numbers" in norm(pages[0]) and "27017 TCP MongoDB" in norm(pages[1])
    for name in ("cheatsheets/linux.pdf", "cheatsheets/kubernetes.pdf", "flashcards/linux.pdf"):
        for number, text in enumerate(page_texts(built[0][name]), 1):
            assert len(norm(text)) > 200, (name, number)


def test_a_long_answer_crosses_the_page_with_no_lead_in_or_marker_left_at_the_foot(built):
    pages = page_texts(built[0]["guide.pdf"])
    start = next(i for i, text in enumerate(pages) if "Walk through what happens between" in text)
    assert "otherwise the child stays a zombie" in pages[start + 1]  # the answer continues over the page
    for text in pages:
        body = [line for line in text.replace("\r\n", "\n").split("\n")
                if line.strip() and "Platform Interview Field Notes" not in line]  # the running header and folio
        if body:
            last = body[-1].strip()
            assert not re.fullmatch(r"[^.]{1,40}:", last), last  # "Finishing:" keeps to what it introduces
            assert not re.fullmatch(r"(?:\d+\.|•)", last), last


def test_alt_text_prints_as_the_caption_and_loose_lists_keep_marker_and_text_together(built):
    raw = "\n".join(page_texts(built[0]["guide.pdf"])).replace("\r\n", "\n")
    for caption in ("A Pod with two containers sharing a volume", "The filesystem hierarchy: /etc, /var/log, /tmp",
                    "Traffic from a client through the cloud LB to a local pod"):
        assert caption in raw
    assert "• Stable network identity per replica\n" in raw  # a loose list: the marker on the item's line
    assert not re.search(r"^(?:•|\d+\.)\s*$", raw, re.M)


def test_sections_print_in_the_sheets_and_the_screen_edition(built):
    for name in ("cheatsheets/kubernetes.pdf", "guide-screen.pdf"):
        text = joined_text(built[0][name])
        order = [text.find(part) for part in ("01 What is a Pod", "Networking", "02 Explain", "Storage", "05 When do you")]
        assert -1 not in order and order == sorted(order), (name, order)
    screen = outline_tree(built[0]["guide-screen.pdf"])
    assert [c[0] for c in screen[0][2]][1:] == ["Networking", "Storage"]


def test_the_screen_edition_keeps_links_clickable(built):
    uris = [annot.get_object()["/A"].get("/URI") for page in reader(built[0]["guide-screen.pdf"]).pages
            for annot in page.get("/Annots") or [] if "/A" in annot.get_object()]
    assert any(str(uri).startswith("https://kubernetes.io/docs/concepts/services-networking/service/") for uri in uris)


def test_code_is_highlighted_by_weight_not_colour_alone(built):
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    doc = pdfium.PdfDocument(built[0]["guide.pdf"])
    page = next(i for i in range(len(doc)) if "apiVersion: v1" in doc[i].get_textpage().get_text_range())
    textpage = doc[page].get_textpage()
    text = textpage.get_text_range()
    key, value = text.index("apiVersion"), text.index("PersistentVolumeClaim")
    faces = []
    for index in (key, value):
        name = ctypes.create_string_buffer(128)
        pdfium_c.FPDFText_GetFontInfo(textpage.raw, index, name, 128, None)
        faces.append(name.value.decode())
    # A YAML key is set bolder than its value: the highlighting reads in grayscale.
    assert faces[0].endswith("Code-Semi-Bold") and not faces[1].endswith("Bold"), faces
