"""Imported once by the server the typesetting workers are forked from: they start with WeasyPrint
imported, and share its pages instead of each holding a copy."""

from __future__ import annotations

from ..errors import StudyGuideError
from ..typeset import weasy

try:
    weasy.preload()
except (StudyGuideError, OSError):  # a worker meets the same problem on its own and reports it
    pass
