"""One font program per face per assembled document, and candidates' stamps holding only their own glyphs.

Every part WeasyPrint renders embeds its own subset of each face it uses (a Type0 font over a
CIDFont whose CIDs are the glyph ids of the font file), and names it ``TAG+Face`` with a tag
that hashes the face only: an assembled document carries one program per face *per part*,
under names that name different programs (ISO 32000-1 §9.6.4 forbids that).

Assembled documents: ``pdf.objects.to_bytes`` calls ``merge_fonts(writer)`` as it writes, when
nothing adds fonts any more (after the page numbers and stamps are drawn).

Each face's subsets become one program (the union of their glyphs; glyph ids, and so content
streams, unchanged) with one descriptor and a name from its own glyphs. Parts that disagree on
a glyph's /W width (WeasyPrint rounds widths at the first size it meets), on a ToUnicode entry,
or that use a missing-glyph Encoding CMap keep a Type0 + CIDFont pair of their own over that one
program, so pages render and extract exactly as before. Fonts it cannot take apart (Type3,
simple fonts, bare CFF, variable fonts left uninstanced) stay as they were, listed in
``report.skipped``. ``merge_fonts_pdf(data)`` does the same bytes in, bytes out, written by pypdf
alone (no object streams: pack the result as pdf.objects.to_bytes does when size matters).

Candidates' copies (pdf.stamp.Stamper): the stamps of a whole roster are one WeasyPrint document
whose subsets hold every name's glyphs, so the base file holds none of the stamps' fonts, and
each copy's update adds ``StampFonts.subset(...)``: new objects numbered from the base's /Size,
each stamp face a small program of just that candidate's glyphs (a CJK face, being a CID-keyed
CFF, as a bare CFF of its glyphs). A copy costs about 7-25 ms.
"""

from .merge import MergeReport, merge_fonts, merge_fonts_pdf
from .stamps import CandidateFonts, StampFonts

__all__ = ["CandidateFonts", "MergeReport", "StampFonts", "merge_fonts", "merge_fonts_pdf"]
