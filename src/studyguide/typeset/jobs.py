"""What the typesetter is asked for (a PartJob) and what it gives back (a Typeset part)."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from ..stored import Stored, digest


@dataclass(frozen=True)
class PartJob:
    """One part to typeset: its HTML, the stylesheets it uses, and a name for messages."""

    html: str
    styles: tuple[str, ...]
    what: str
    with_content: bool = True  # may the part read files from the content folder?
    variant: str = ""  # a PDF variant WeasyPrint writes the part as ("pdf/x-4" for the press), or none
    # Tagged PDF (structure tree, marked content); overlays and stamps drawn over other pages are
    # not, as they are marked as artifacts where they are drawn.
    tagged: bool = True


@dataclass
class Typeset:
    """A rendered part: its PDF (bytes, or stored by the worker that laid it out), page count and
    any warnings WeasyPrint logged."""

    pdf: bytes | Stored
    pages: int
    warnings: list[str] = field(default_factory=list)
    blank: tuple[int, ...] = ()  # pages (from 0) left blank so that what follows opens on a right-hand page
    # The page (from 0) of each anchor (HTML id), as its named destination in the PDF goes: known
    # when the part is laid out, so placing questions never opens the part's PDF again.
    anchors: dict[str, int] = field(default_factory=dict)

    @functools.cached_property
    def key(self) -> str:
        """Identifies these exact bytes, for keys of documents assembled from this part."""
        return digest(self.pdf)
