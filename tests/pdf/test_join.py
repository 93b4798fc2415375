"""Decks of cards joined with qpdf: sheets in order, tags renumbered apart and pointing at the
forms drawn, one program per face, bookmarks and document information; and a deck merged into a
longer document (a batch's pack) keeps its tags on the forms its pages draw.

Faces are rendered by WeasyPrint in this process (its font folder under tmp_path)."""

from __future__ import annotations

import collections
import io

import pikepdf
import pypdfium2 as pdfium
import pytest

from studyguide.authoring.accessibility import check_bytes
from studyguide.pdf.assemble import Part, merge
from studyguide.pdf.assembly import finish
from studyguide.pdf.impose import Card, Face, impose
from studyguide.pdf.join import join_decks
from studyguide.typeset import weasy
from studyguide.typeset.jobs import PartJob

from pdfutil import font_programs, outline_tree, page_texts

CARD = "@page { size: 95mm 65mm; margin: 6mm }"
INFO = {"Title": "Every card", "Author": "Trainer", "Lang": "en"}


@pytest.fixture(scope="module")
def decks(tmp_path_factory):
    """Two imposed decks: alpha's 10 cards on two sheets, beta's 3 (other glyphs) on one."""
    weasy.release()
    weasy.keep_fonts_in(tmp_path_factory.mktemp("weasyprint-fonts"))

    def part(body: str, css: str, tagged: bool = True) -> bytes:
        html = (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>t</title>"
                f"<style>{css}</style></head><body>{body}</body></html>")
        return weasy.typeset(PartJob(html, ("base.css",), "join test part", with_content=False, tagged=tagged), "a4").pdf

    sheet = part("<p>cut here</p><p style='break-before: page'>cut here</p>", "", tagged=False)
    made = {}
    for name, count, words in (("alpha", 10, "plain words"), ("beta", 3, "<b>Bold</b> <code>x = {i}</code> Ünïcode")):
        faces = [f"<p><strong>{name} question {i}</strong></p><p>{words.format(i=i)} {i}?</p>" for i in range(count)]
        faces += [f"<p>{name} answer {i}: {words.format(i=i)}.</p>" for i in range(count)]
        pdf = part("".join(f"<section style='break-after: page'>{face}</section>" for face in faces), CARD)
        cards = [Card(name, f"{name} {i}", Face("f", i), Face("f", count + i)) for i in range(count)]
        made[name] = impose(cards, {"f": pdf}, sheet, "a4", {"Title": name, "Lang": "en"})
    yield made
    weasy.release()
    weasy.keep_fonts_in(None)


@pytest.fixture(scope="module")
def joined(decks):
    return join_decks((decks["alpha"], decks["beta"]), ("☁️ Alpha", "🐳 Beta"), INFO)


def images(pdf: bytes) -> list[bytes]:
    doc = pdfium.PdfDocument(pdf)
    rendered = [page.render(scale=1).to_pil().tobytes() for page in doc]
    doc.close()
    return rendered


def test_the_joined_deck_is_its_decks_sheets_in_order_and_draws_them_the_same(decks, joined):
    assert page_texts(joined) == page_texts(decks["alpha"]) + page_texts(decks["beta"])
    assert len(page_texts(joined)) == 6
    assert images(joined) == images(decks["alpha"]) + images(decks["beta"])
    assert outline_tree(joined) == [("☁️ Alpha", 1, []), ("🐳 Beta", 5, [])]
    with pikepdf.open(io.BytesIO(joined)) as doc:
        assert str(doc.docinfo.Title) == "Every card" and str(doc.docinfo.Author) == "Trainer"
        assert str(doc.Root.Lang) == "en" and bool(doc.Root.ViewerPreferences.DisplayDocTitle)
    assert join_decks((decks["alpha"], decks["beta"]), ("☁️ Alpha", "🐳 Beta"), INFO) == joined


def forms_and_marks(pdf: bytes) -> tuple[dict, list, dict]:
    """(form -> page it is drawn on, (form, page, MCID, element) of each MCR naming a form,
    ParentTree key -> the elements it lists)."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        drawn = {}
        for page in doc.pages:
            for form in page.obj.get("/Resources", {}).get("/XObject", {}).values():
                drawn[form.objgen] = page.obj.objgen
        undrawn = sum(1 for obj in doc.objects if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Form"
                      and obj.objgen not in drawn)
        assert undrawn == 0
        refs, todo = [], list(doc.Root.StructTreeRoot.K)
        while todo:
            elem = todo.pop()
            for kid in elem.K if isinstance(elem.K, pikepdf.Array) else [elem.K]:
                if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR" and "/Stm" in kid:
                    refs.append((kid.Stm.objgen, kid.Pg.objgen, int(kid.MCID), elem.objgen))
                elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    todo.append(kid)
        nums = doc.Root.StructTreeRoot.ParentTree.Nums
        tree = {int(nums[i]): [e.objgen if e is not None else None for e in nums[i + 1]] for i in range(0, len(nums), 2)}
        keys = {form.objgen: int(form.StructParents) for form in (doc.get_object(og) for og in drawn)
                if "/StructParents" in form}
        return drawn, refs, {"tree": tree, "keys": keys}


def test_every_mark_names_the_form_its_sheet_draws_and_the_keys_never_meet(decks, joined):
    assert check_bytes(joined) == []
    drawn, refs, parents = forms_and_marks(joined)
    assert len(refs) == sum(len(forms_and_marks(deck)[1]) for deck in decks.values())
    assert all(drawn[form] == page for form, page, _, _ in refs)
    keys = parents["keys"]
    assert len(set(keys.values())) == len(keys) == 26  # a tagged form for each face, its own key
    for form, _, mcid, elem in refs:
        assert parents["tree"][keys[form]][mcid] == elem


def test_each_face_is_one_program_across_the_decks(decks, joined):
    def faces(pdf):
        found = collections.defaultdict(set)
        for name, program in font_programs(pdf):
            found[name.split("+")[-1]].add(program)
        return found

    apart = [faces(deck) for deck in decks.values()]
    assert any(set(apart[0]) & set(apart[1]))  # faces the decks share, as separate programs
    together = faces(joined)
    assert set(together) == set(apart[0]) | set(apart[1])
    assert all(len(programs) == 1 for programs in together.values()), together


def test_a_deck_in_a_longer_document_keeps_its_tags_on_the_forms_it_draws(decks):
    cover = weasy.typeset(PartJob("<!DOCTYPE html><html lang='en'><head><title>t</title></head><body><h1>Pack</h1>"
                                  "</body></html>", ("base.css",), "cover", with_content=False), "a4").pdf
    pack = finish(merge([Part(cover), Part(decks["beta"], pairs=True)], INFO))
    assert check_bytes(pack) == []
    drawn, refs, parents = forms_and_marks(pack)  # fails on a copy of a face that no page draws
    assert len(refs) == len(forms_and_marks(decks["beta"])[1]) > 0
    assert all(drawn[form] == page for form, page, _, _ in refs)
    for form, _, mcid, elem in refs:
        assert parents["tree"][parents["keys"][form]][mcid] == elem


def test_each_deck_is_closed_once_copied_and_the_join_is_the_same(decks, joined, monkeypatch):
    from studyguide.pdf import join

    opened, real_open, real_finish = [], pikepdf.open, join.finish

    def recording_open(*args, **kwargs):
        pdf = real_open(*args, **kwargs)
        opened.append(pdf)
        return pdf

    def finish_after_checking(doc):
        # Every deck let go before the join is packed: its streams' data was copied over.
        assert len(opened) == 2 and all(pdf.filename == "closed input source" for pdf in opened)
        return real_finish(doc)

    monkeypatch.setattr(join.pikepdf, "open", recording_open)
    monkeypatch.setattr(join, "finish", finish_after_checking)
    assert join_decks((decks["alpha"], decks["beta"]), ("☁️ Alpha", "🐳 Beta"), INFO) == joined
