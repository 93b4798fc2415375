"""Every output kind, by name: the one module that imports them all. Add a kind here to make it buildable."""

from __future__ import annotations

from .anki import Anki
from .base import Output
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
