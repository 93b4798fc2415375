"""Anki deck (.apkg): one note per question, a subdeck per category, ids stable across builds.

Note GUIDs come from question ids, so importing the deck again after an answer was edited
updates the note (keeping its review history) instead of adding a duplicate. Deck and note-type
ids come from a hash of the bank's title, never from a random number.
"""

from __future__ import annotations

import hashlib
import html
import io
import itertools
import re
import sqlite3
import tempfile
import zipfile
from pathlib import Path

from ..models import Bank
from ..names import slugify
from ..typeset.markdown import web_markdown
from .base import Context, Output, Request

FOLDER = "anki"
# The date every entry of the .apkg archive carries (the archive must not depend on the build date).
ZIP_DATE = (2026, 1, 1, 0, 0, 0)

CARD_CSS = """\
.card { font-family: Lato, "Segoe UI", system-ui, sans-serif; font-size: 19px; line-height: 1.45;
        text-align: left; color: #1b2230; background: #ffffff; max-width: 38em; margin: 0 auto; padding: 0 0.6em; }
.nightMode.card, .night_mode .card { color: #e4e8ee; background: #15191f; }
.meta { font-size: 0.72em; font-weight: 600; letter-spacing: 0.03em; color: #5a6473; margin-bottom: 0.6em; }
.question { font-weight: 600; font-size: 1.12em; }
.short { border-left: 3px solid #0d5c70; padding-left: 0.6em; margin-bottom: 0.8em; }
code, pre { font-family: "IBM Plex Mono", ui-monospace, monospace; font-size: 0.88em; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; background: rgba(127, 127, 127, 0.12); padding: 0.5em 0.7em; }
"""
FRONT = '<div class="meta">{{Category}} · {{Number}}</div>\n<div class="question">{{Question}}</div>'
BACK = ('{{FrontSide}}\n<hr id="answer">\n{{#Short}}<div class="short">{{Short}}</div>{{/Short}}\n'
        '<div class="answer">{{Answer}}</div>')


def stable_id(*parts: str) -> int:
    """A deck or note-type id from a hash: in genanki's recommended range [2^30, 2^31)."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


def _tag(text: str) -> str:
    # Anki separates tags with spaces, so a tag cannot hold one.
    return re.sub(r"\s+", "-", text.strip())


def note_guid(bank: Bank, question_id: str) -> str:
    """The note's GUID: the bank's title and the question id, nothing that an edit changes."""
    import genanki

    return genanki.guid_for(bank.guide.title, question_id)


def build_package(bank: Bank):
    """The genanki Package: a deck '<title>::<category>' per chapter, one note per question."""
    import genanki

    title = bank.guide.title
    model = genanki.Model(
        stable_id(title, "note type"), f"{title} (studyguide)",
        fields=[{"name": name} for name in ("Question", "Answer", "Short", "Category", "Number")],
        templates=[{"name": "Question → Answer", "qfmt": FRONT, "afmt": BACK}],
        css=CARD_CSS,
    )
    decks = []
    for chapter in bank.chapters():
        category = chapter.category
        deck = genanki.Deck(stable_id(title, "deck", chapter.id), f"{title}::{category.title}",
                            description=html.escape(category.summary, quote=False))
        for number, q in enumerate(category.questions, 1):
            fields = [html.escape(q.question, quote=False), str(web_markdown(q.answer)),
                      str(web_markdown(q.short)) if q.short else "",
                      html.escape(f"{category.icon} {category.title}", quote=False), f"{number:02d}"]
            tags = [_tag(t) for t in q.tags] + [chapter.id]
            deck.add_note(genanki.Note(model=model, fields=fields, tags=list(dict.fromkeys(tags)),
                                       guid=note_guid(bank, q.id)))
        decks.append(deck)
    return genanki.Package(decks)


def apkg_bytes(bank: Bank, timestamp: int) -> bytes:
    """The .apkg archive: the SQLite collection and an empty media list, with fixed entry dates."""
    package = build_package(bank)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "collection.anki2"
        connection = sqlite3.connect(path)
        try:
            # Note and card ids count up from the timestamp (genanki's scheme); GUIDs identify notes.
            package.write_to_db(connection.cursor(), timestamp, itertools.count(timestamp * 1000))
            connection.commit()
        finally:
            connection.close()
        collection = path.read_bytes()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in (("collection.anki2", collection), ("media", b"{}")):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


class Anki(Output):
    """OUT/anki/<bank-slug>.apkg."""

    name = "anki"

    def produce(self, ctx: Context, request: Request) -> dict[str, bytes]:
        name = slugify(ctx.bank.guide.title) or "deck"
        return {f"{FOLDER}/{name}.apkg": apkg_bytes(ctx.bank, ctx.source_date)}
