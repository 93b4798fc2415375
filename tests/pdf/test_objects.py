"""pdf/objects: a document cloned for changes says nothing about pypdf's count of its objects."""

from __future__ import annotations

import logging

from pypdf import PdfWriter

from studyguide.pdf.objects import reader, writer_of


def _understated_size() -> bytes:
    """A valid one-page PDF whose trailer says /Size 2 though it holds four objects (a clone of
    a real pack counts more objects than its /Size the same way)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
               b"<< /Length 0 >>\nstream\n\nendstream"]
    out, offsets = bytearray(b"%PDF-1.7\n"), []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 5\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size 2 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def test_pypdf_warns_about_the_clone_and_writer_of_does_not(caplog):
    pdf = _understated_size()
    with caplog.at_level(logging.WARNING, logger="pypdf"):
        PdfWriter(clone_from=reader(pdf))
    assert any("exceeds defined trailer size" in r.getMessage() for r in caplog.records)
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="pypdf"):
        writer = writer_of(pdf)
    assert caplog.records == [] and len(writer.pages) == 1
