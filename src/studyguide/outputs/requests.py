"""What each command asks for, by kind name: asking loads no output's code, so a build with
nothing to do decides that before any typesetting or PDF code is imported."""

from __future__ import annotations

from dataclasses import dataclass

from .base import Request

# The press edition (--press) of a batch's outputs: PDF/X-4 files for a print shop.
PRESS_BATCH_KINDS = ("handout-press", "pack-press", "copies-press")
# What `studyguide batch ID` writes for a batch, in this order.
BATCH_KINDS = ("handout", "practice", "pack", "copies", "practice-keys")


@dataclass(frozen=True)
class Round:
    """What `studyguide mock` asks beyond the batch file: its options (None: as the file says) and
    the content folder, so that a batch without candidates is reported at its file."""

    questions: int | None = None
    seed: str | int | None = None
    content: str = ""


def batch_requests(batch_id: str | None = None) -> list[Request]:
    """A batch's outputs (every batch's when `batch_id` is None)."""
    ids = (batch_id,) if batch_id else ()
    return [Request(kind, ids) for kind in BATCH_KINDS]


def press_requests(press: bool, batch_id: str | None = None, guide_only: bool = False) -> list[Request]:
    """--press: the guide's press edition, and a batch's (every batch's when `batch_id` is None)."""
    if not press:
        return []
    ids = (batch_id,) if batch_id else ()
    guide = [] if batch_id else [Request("guide-press")]
    return guide + ([] if guide_only else [Request(kind, ids) for kind in PRESS_BATCH_KINDS])


def default_requests() -> list[Request]:
    """What `studyguide build` writes: the guide, its companions, and every batch's outputs."""
    return [Request(kind) for kind in ("guide", "cheatsheets", "flashcards", "screen", "anki")] + batch_requests()
