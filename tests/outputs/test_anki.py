"""The Anki deck: a zip holding an SQLite collection, one note per question, GUIDs that survive edits."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import zipfile

import genanki
import pytest

from studyguide.build.options import source_date
from studyguide.content.load import load_bank
from studyguide.outputs.anki import apkg_bytes, stable_id

from bankfactory import make_bank, question, write_yaml
from stage import make


def bank_files(tmp_path, answer: str = "Use `kubectl` and **read** the events."):
    categories = {"alpha": [question(1, "alpha", answer=answer, tags=["debug", "on call"]),
                            question(2, "alpha", short="Short *form*.")],
                  "beta": [question(1, "beta")]}
    return make_bank(tmp_path, categories=categories)


def collection(apkg: bytes, tmp_path) -> sqlite3.Connection:
    archive = zipfile.ZipFile(io.BytesIO(apkg))
    media = json.loads(archive.read("media"))
    assert sorted(archive.namelist()) == sorted(["collection.anki2", "media", *media])
    path = tmp_path / "collection.sqlite"
    path.write_bytes(archive.read("collection.anki2"))
    return sqlite3.connect(path)


def notes(db: sqlite3.Connection) -> dict[str, tuple[list[str], str]]:
    """{guid: (fields, tags)}"""
    return {guid: (flds.split("\x1f"), tags.strip()) for guid, flds, tags in db.execute("SELECT guid, flds, tags FROM notes")}


def test_one_note_per_question_in_a_deck_per_category(tmp_path):
    content = bank_files(tmp_path)
    bank = load_bank(content).bank
    apkg = apkg_bytes(bank, 1_767_225_600)
    db = collection(apkg, tmp_path)
    found = notes(db)
    assert len(found) == 3 and db.execute("SELECT count(*) FROM cards").fetchone() == (3,)
    guid = genanki.guid_for("Tiny Guide", "alpha-1")
    fields, tags = found[guid]
    assert fields[0] == "Question alpha 1?"
    # Markdown becomes HTML; tags keep their words (spaces joined) and gain the category id.
    assert fields[1] == "<p>Use <code>kubectl</code> and <strong>read</strong> the events.</p>\n"
    assert fields[3:] == ["☁️ Alpha", "01"]
    assert tags.split() == ["debug", "on-call", "alpha"]
    assert found[genanki.guid_for("Tiny Guide", "alpha-2")][0][2] == "<p>Short <em>form</em>.</p>\n"
    decks = json.loads(db.execute("SELECT decks FROM col").fetchone()[0])
    named = {deck["name"]: int(deck_id) for deck_id, deck in decks.items()}
    assert named["Tiny Guide::Alpha"] == stable_id("Tiny Guide", "deck", "alpha")
    assert named["Tiny Guide::Beta"] == stable_id("Tiny Guide", "deck", "beta")
    by_deck = dict(db.execute("SELECT did, count(*) FROM cards GROUP BY did").fetchall())
    assert by_deck == {named["Tiny Guide::Alpha"]: 2, named["Tiny Guide::Beta"]: 1}
    models = json.loads(db.execute("SELECT models FROM col").fetchone()[0])
    assert list(models) == [str(stable_id("Tiny Guide", "note type"))]


def test_guids_stay_the_same_after_an_answer_is_edited(tmp_path):
    content = bank_files(tmp_path)
    before = notes(collection(apkg_bytes(load_bank(content).bank, 1_767_225_600), tmp_path))
    # Edit one answer and build again: same notes (so Anki updates them), new text.
    bank_files(tmp_path, answer="Start with `kubectl describe`.")
    after = notes(collection(apkg_bytes(load_bank(content).bank, 1_767_225_700), tmp_path))
    assert set(after) == set(before)
    guid = genanki.guid_for("Tiny Guide", "alpha-1")
    assert after[guid][0][1] == "<p>Start with <code>kubectl describe</code>.</p>\n"
    assert before[guid][0][1] != after[guid][0][1]


def test_same_content_same_bytes_and_edits_move_the_time_forward(tmp_path, monkeypatch):
    content = bank_files(tmp_path)
    bank = load_bank(content).bank
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    for path in content.rglob("*.yaml"):
        os.utime(path, (1_767_225_600, 1_767_225_600))
    assert source_date(content) == 1_767_225_600
    first = make(content, "anki")[0]
    assert first == make(content, "anki")[0]
    os.utime(content / "categories" / "alpha.yaml", (1_767_229_200, 1_767_229_200))
    assert source_date(content) == 1_767_229_200  # Anki takes the newer note on import
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert source_date(content) == 1_700_000_000
    db = collection(apkg_bytes(bank, source_date(content)), tmp_path)
    assert {mod for (mod,) in db.execute("SELECT mod FROM notes")} == {1_700_000_000}


def test_the_command_writes_the_deck_named_after_the_bank(tmp_path, run):
    content = bank_files(tmp_path)
    write_yaml(content / "guide.yaml", {"title": "Cloud & DevOps: Interview Bank!", "chapters": ["alpha", "beta"]})
    result = run("anki", "--content", content, "--out", tmp_path / "dist")
    assert result.exit_code == 0, result.output
    path = tmp_path / "dist" / "anki" / "cloud-devops-interview-bank.apkg"
    assert result.stdout == f"wrote {path}\n"
    assert len(notes(collection(path.read_bytes(), tmp_path))) == 3


@pytest.mark.parametrize("title", ["Tiny Guide", "Another Bank"])
def test_ids_come_from_the_title_not_chance(title):
    assert stable_id(title, "deck", "alpha") == stable_id(title, "deck", "alpha")
    assert (1 << 30) <= stable_id(title, "deck", "alpha") < (1 << 31)
    assert stable_id(title, "deck", "alpha") != stable_id(title, "deck", "beta")


def test_images_sections_and_levels_reach_the_deck(tmp_path):
    from pathlib import Path

    bank = load_bank(Path(__file__).resolve().parents[1] / "fixtures" / "banks" / "realistic").bank
    apkg = apkg_bytes(bank, 1_767_225_600)
    archive = zipfile.ZipFile(io.BytesIO(apkg))
    media = json.loads(archive.read("media"))
    assert sorted(media.values()) == ["images-kubernetes-pod.png", "images-kubernetes-service-flow.svg",
                                      "images-linux-fhs.jpg"]
    by_name = {name: archive.read(number) for number, name in media.items()}
    assert by_name["images-linux-fhs.jpg"] == bank.images["images/linux/fhs.jpg"]
    found = notes(collection(apkg, tmp_path))
    pod = found[genanki.guid_for(bank.guide.title, "what-is-a-pod")]
    assert '<img src="images-kubernetes-pod.png" alt="A Pod with two containers sharing a volume"' in pod[0][1]
    assert "level::junior" in pod[1].split()
    services = found[genanki.guid_for(bank.guide.title, "explain-service-types")]
    assert services[0][0].startswith("<p>Explain the following Service types:</p>\n<ul>")  # a question of several blocks
    assert {"section::networking", "level::senior"} <= set(services[1].split())
