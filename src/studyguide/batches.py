"""A batch's outputs: the handout, the practice sheet, the onboarding pack and each candidate's copy."""

from __future__ import annotations

import dataclasses
import difflib
import io
import time
from dataclasses import dataclass
from pathlib import Path

from pypdf.generic import ArrayObject, NameObject, NullObject

from . import __version__, assemble, render
from .build import guide_pdf
from .errors import StudyGuideError
from .extras import load_extra, title_for
from .models import Bank, Batch
from .parts import Options, PartJob, Report, memo, render_part
from .personalise import STYLES as PACK_STYLES, personal_copies
from .practice import practice_part
from .roster import assign_slugs

# Welcome-page links to the first page of a part; turned into jumps once the pack is merged.
PART_LINK = "studyguide-pack:"


class UnknownBatch(StudyGuideError):
    """A batch id on the command line that the bank does not have."""


@dataclass
class Piece:
    """A rendered part of the pack, with what the welcome page says about it."""

    title: str
    label: str
    about: str
    pdf: bytes


def unknown_batch_message(bank: Bank, batch_id: str) -> str | None:
    """None for a known batch id; otherwise a message with the closest id and the known ones."""
    if batch_id in bank.batches:
        return None
    known = sorted(bank.batches)
    hint = difflib.get_close_matches(batch_id, known, n=1, cutoff=0.5)
    more = f" (did you mean '{hint[0]}'?)" if hint else ""
    listed = f"known batches: {', '.join(known)}" if known else "the bank has no batches/*.yaml"
    return f"unknown batch '{batch_id}'{more}; {listed}"


def batch_outputs(bank: Bank, batch_id: str, opts: Options, report: Report) -> dict[Path, bytes]:
    """Every file of OUT/batches/<id>/, rendered and assembled in memory; nothing is written here."""
    batch = bank.batches[batch_id]
    folder = opts.out / "batches" / batch_id
    count = bank.question_count(batch.chapters)
    # Each part is rendered once; the same bytes are the standalone file and the pack's part.
    handout = guide_pdf(bank, opts, report, chapter_ids=batch.chapters, batch=batch)
    pieces = [Piece("Handout", "Handout ", f"Cover, contents and {chapters_phrase(len(batch.chapters))}: "
                    f"{count} questions with the answers interviewers expect.", handout)]
    sheets = _cheatsheets(bank, batch, opts, report)
    if sheets:
        pieces.append(Piece("Cheat sheets", "Cheat sheet ", "Each topic condensed to its short answers: "
                            "the last look before an interview.", sheets))
    practice = practice_part(bank, batch, opts, report).pdf
    pieces.append(Piece("Practice sheet", "Practice ", f"The same {count} questions without answers, ruled "
                        "for your notes; the answer key is at the back.", practice))
    for rel in batch.extras:
        title = title_for(rel)
        source = f"by your trainer, {batch.trainer}" if batch.trainer else "for this batch"
        pieces.append(Piece(title, f"{title} ", f"Provided {source}.", load_extra(opts.content, rel)))
    pieces = with_flashcards(bank, batch, pieces, opts, report)
    pack = pack_pdf(bank, batch, pieces, opts, report)
    outputs = {folder / "handout.pdf": handout, folder / "practice.pdf": practice, folder / "pack.pdf": pack}

    started = time.perf_counter()
    names = [c.name for c in batch.candidates]
    copies = personal_copies(pack, batch, names, pack_title(batch), opts, report)
    for slug, data in zip(assign_slugs(batch.candidates), copies):
        outputs[folder / "candidates" / f"{slug}.pdf"] = data
    if names:
        report.notes.append(f"batch '{batch_id}': {len(names)} personal copies in "
                            f"{time.perf_counter() - started:.2f} s")
    return outputs


def _cheatsheets(bank: Bank, batch: Batch, opts: Options, report: Report) -> bytes | None:
    # The cheat-sheet module may not be installed alongside; the pack is complete without it.
    try:
        from .cheatsheets import cheatsheet_pdf
    except ImportError:
        return None
    return cheatsheet_pdf(bank, list(batch.chapters), opts, report)


def chapters_phrase(count: int) -> str:
    """'two chapters': small counts read better spelled out in running text."""
    words = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
    return f"{words[count] if count < len(words) else count} chapter{'' if count == 1 else 's'}"


def pack_title(batch: Batch) -> str:
    return f"Onboarding pack — {batch.banner}"


def pack_pdf(bank: Bank, batch: Batch, pieces: list[Piece], opts: Options, report: Report) -> bytes:
    """Welcome page, then every piece: one outline entry and one page-label prefix per part."""
    sizes = [assemble.Part(piece.pdf).pages for piece in pieces]
    welcome_pages = 1
    for _ in range(3):
        # The welcome page lists where each part starts, which depends on its own length.
        rows, page = [], welcome_pages + 1
        for index, (piece, size) in enumerate(zip(pieces, sizes)):
            rows.append({"title": piece.title, "about": piece.about, "first": page, "last": page + size - 1,
                         "href": f"{PART_LINK}{index}", "label": piece.label})
            page += size
        welcome = render_part(PartJob(welcome_html(bank, batch, rows), PACK_STYLES, "welcome page"), opts, Report())
        if welcome.pages == welcome_pages:
            break
        welcome_pages = welcome.pages
    report.warnings += [f"welcome page: {message}" for message in welcome.warnings]
    parts = [assemble.Part(welcome.pdf, title="Welcome", label="Welcome ")]
    parts += [assemble.Part(piece.pdf, title=piece.title, label=piece.label) for piece in pieces]
    metadata = {
        "Title": pack_title(batch),
        "Author": bank.guide.publisher or "",
        "Subject": f"Onboarding pack for batch {batch.number}, starting {batch.starts.isoformat()}: {batch.track}",
        "Keywords": f"batch {batch.number}, {batch.name}, {batch.track}",
        "Creator": f"studyguide {__version__}",
    }
    starts = [row["first"] - 1 for row in rows]

    def make() -> bytes:
        writer = assemble.merge(parts, metadata=metadata)
        _link_parts(writer, starts)
        return assemble.to_bytes(writer)

    # Reassembled only when a part, a title or the metadata changed.
    recipe = [p.key for p in parts] + [repr([(p.title, p.label) for p in parts]), repr(sorted(metadata.items())),
                                       repr(starts)]
    return memo(opts, "pack", recipe, make)


def welcome_html(bank: Bank, batch: Batch, rows: list[dict]) -> str:
    titles = [ch.category.title for ch in bank.chapters(batch.chapters)]
    joined = titles[0] if len(titles) == 1 else ", ".join(titles[:-1]) + " and " + titles[-1]
    return render.render_template("welcome.html", guide=bank.guide, batch=batch, parts=rows,
                                  chapters=chapters_phrase(len(titles)), chapter_titles=joined,
                                  question_total=bank.question_count(batch.chapters))


def _link_parts(writer, starts: list[int]) -> None:
    """Turn the welcome page's part links into jumps to each part's first page."""
    for ref in writer.pages[0].get("/Annots", []) or []:
        annot = ref.get_object()
        action = annot.get("/A")
        uri = str(action.get_object().get("/URI", "")) if action is not None else ""
        if not uri.startswith(PART_LINK):
            continue
        del annot[NameObject("/A")]
        annot[NameObject("/Dest")] = ArrayObject([writer.pages[starts[int(uri[len(PART_LINK):])]].indirect_reference,
                                                  NameObject("/XYZ"), NullObject(), NullObject(), NullObject()])


def with_flashcards(bank: Bank, batch: Batch, pieces: list[Piece], opts: Options, report: Report) -> list[Piece]:
    """The pieces, and last the batch's flashcards when its file asks for them (`flashcards: true`).

    Card sheets are front/back pairs, so they must start on a right-hand (odd) page of the pack:
    when they would not, the previous part ends with a blank page. The welcome page is taken to
    be one page long, as it is for a pack of a few parts.
    """
    if not batch.flashcards:
        return pieces
    from pypdf import PdfReader, PdfWriter

    from .flashcards import flashcards_pdf

    cards = flashcards_pdf(bank, list(batch.chapters), opts, report)
    pieces = list(pieces)
    if (1 + sum(assemble.Part(piece.pdf).pages for piece in pieces)) % 2:
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pieces[-1].pdf)))
        last = writer.pages[-1].mediabox
        writer.add_blank_page(float(last.width), float(last.height))
        pieces[-1] = dataclasses.replace(pieces[-1], pdf=assemble.to_bytes(writer))
    sheets = assemble.Part(cards).pages // 2
    pieces.append(Piece("Flashcards", "Flashcards ", f"{sheets} sheet{'s' if sheets != 1 else ''} of cards: "
                        "print double-sided, flipping on the long edge, and cut along the marks.", cards))
    return pieces
