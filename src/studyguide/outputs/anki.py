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
import json
import re
import sqlite3
import zipfile
from urllib.parse import unquote

from ..models import Bank
from ..names import slugify
from ..typeset.markdown import split_question, web_markdown
from .base import Context, Output, Request, entries

FOLDER = "anki"
_IMG_SRC = re.compile(r'(<img [^>]*src=)"([^"]+)"')
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
        for entry in entries(category):
            q = entry.q
            fields = [_question(q.question), _media(web_markdown(q.answer)),
                      _media(web_markdown(q.short)) if q.short else "",
                      html.escape(f"{category.icon} {category.title}", quote=False), entry.num]
            tags = [_tag(t) for t in q.tags] + [chapter.id]
            tags += [f"section::{slugify(entry.section)}"] if entry.section else []
            tags += [f"level::{slugify(q.level)}"] if q.level else []
            deck.add_note(genanki.Note(model=model, fields=fields, tags=list(dict.fromkeys(tags)),
                                       guid=note_guid(bank, q.id)))
        decks.append(deck)
    return genanki.Package(decks)


def _question(text: str) -> str:
    """A one-line question as its words; a longer one (a list, a code sample) as its markdown."""
    head, rest = split_question(text)
    return html.escape(text.strip(), quote=False) if head and not rest else _media(web_markdown(text))


def media_name(src: str) -> str:
    """An image's name in the deck: Anki keeps media in one folder, so the path is folded into it."""
    return unquote(src).strip("/").replace("/", "-")


def _media(markup) -> str:
    return _IMG_SRC.sub(lambda m: f'{m[1]}"{media_name(m[2])}"', str(markup))


def apkg_bytes(bank: Bank, timestamp: int) -> bytes:
    """The .apkg archive: the SQLite collection, the images the answers show and the list of
    them, with fixed entry dates. The collection is made in memory: no temporary file."""
    package = build_package(bank)
    connection = sqlite3.connect(":memory:")
    try:
        # Note and card ids count up from the timestamp (genanki's scheme); GUIDs identify notes.
        package.write_to_db(connection.cursor(), timestamp, itertools.count(timestamp * 1000))
        connection.commit()
        collection = connection.serialize()
    finally:
        connection.close()
    images = sorted(bank.images.items())
    names = {str(index): media_name(src) for index, (src, _) in enumerate(images)}
    entries_ = [("collection.anki2", collection), ("media", json.dumps(names).encode("utf-8"))]
    entries_ += [(str(index), data) for index, (_, data) in enumerate(images)]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries_:
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
