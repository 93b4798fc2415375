"""One font program per face per assembled document (draft docstring)."""

from .merge import MergeReport, merge_fonts, merge_fonts_pdf

__all__ = ["MergeReport", "merge_fonts", "merge_fonts_pdf"]
