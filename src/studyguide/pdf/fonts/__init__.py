"""One font program per face per assembled document, and candidates' stamps holding only their own glyphs.

Every part WeasyPrint renders embeds its own subset of each face it uses (a Type0 font over a
CIDFont whose CIDs are the glyph ids of the font file), and names it ``TAG+Face`` with a tag
that hashes the face only: an assembled document carries one program per face *per part*,
under names that name different programs (ISO 32000-1 §9.6.4 forbids that).

Assembled documents: call ``merge_fonts(writer)`` last, when nothing adds fonts any more (after
``stamp_pages``, just before the writer is written)::

    writer = merge(parts, info)                   # pdf.assemble
    stamp_pages(writer, folio, first=1)           # pdf.stamp
    report = merge_fonts(writer)                  # here: one program per face
    return to_bytes(writer)                       # report.summary() for a log line

Each face's subsets become one program (the union of their glyphs; glyph ids, and so content
streams, unchanged) with one descriptor and a name from its own glyphs. Parts that disagree on
a glyph's /W width (WeasyPrint rounds widths at the first size it meets), on a ToUnicode entry,
or that use a missing-glyph Encoding CMap keep a Type0 + CIDFont pair of their own over that one
program, so pages render and extract exactly as before. Fonts it cannot take apart (Type3,
simple fonts, bare CFF, variable fonts left uninstanced) stay as they were, listed in
``report.skipped``. ``merge_fonts_pdf(data)`` does the same bytes in, bytes out, written by pypdf
alone (no object streams: pack the result as pdf.objects.to_bytes does when size matters).

Candidates' copies (pdf.stamp.Stamper): the stamps of a whole roster are one WeasyPrint document
whose subsets hold every name's glyphs, so the base file must not hold the stamps' fonts: give
the forms the stamp page's /Resources without /Font (cloned once), call ``merge_fonts`` on the
base writer before it is written, and let each copy add fonts subset to its own two pages::

    self.fonts = StampFonts(self.stamps)          # __init__: the stamps' fonts, read once
    mine = self.fonts.subset([2 * index, 2 * index + 1], first=self.base.size)       # copy()
    form[NameObject("/Resources")] = mine.resources(page, self.resources[key])

``mine.objects`` are (object number, object) pairs numbered from ``first`` on, added to no
writer: write them in the update with the forms (``objects.update(mine.objects)`` for
pdf.update.append_update); ``mine.size`` is the first number after them. A copy costs about
7-25 ms. Each stamp face gets a small program of its own (named from its glyphs): a copy holds
the pack's program of a face and, where the stamp uses it, the candidate's. A CJK face, being a
CID-keyed CFF, is written as a bare CFF (FontFile3 /CIDFontType0C) of just its glyphs.
"""

from .merge import MergeReport, merge_fonts, merge_fonts_pdf
from .stamps import CandidateFonts, StampFonts

__all__ = ["CandidateFonts", "MergeReport", "StampFonts", "merge_fonts", "merge_fonts_pdf"]
