"""Every output kind, by name: the one module that imports them all. Add a kind here to make it buildable."""

from __future__ import annotations

from .anki import Anki
from .base import Output, Request
from .booklet import GuideBooklet, HandoutBooklet
from .cheatsheets import Cheatsheets
from .copies import Copies
from .flashcards import Flashcards
from .guide import Guide, Handout
from .mock import MockKit
from .pack import Pack
from .practice import Practice
from .practice_sets import PracticeKeys
from .press import CopiesPress, GuidePress, HandoutPress, PackPress
from .screen import Screen
from .whats_new import WhatsNew

KINDS: dict[str, Output] = {kind.name: kind for kind in (
    Guide(), Screen(), Cheatsheets(), Flashcards(), Anki(), Handout(), Practice(), Pack(), Copies(), WhatsNew(),
    GuideBooklet(), HandoutBooklet(), PracticeKeys())}
# The press edition (--press): PDF/X-4 files for a print shop, beside the ordinary ones.
KINDS.update({kind.name: kind for kind in (GuidePress(), HandoutPress(), PackPress(), CopiesPress())})
# Asked for by name only (`studyguide mock`), never by `build` or `batch`.
KINDS[MockKit.name] = MockKit()
PRESS_BATCH_KINDS = ("handout-press", "pack-press", "copies-press")
# What `studyguide batch ID` writes for a batch, in this order.
BATCH_KINDS = ("handout", "practice", "pack", "copies", "practice-keys")


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
