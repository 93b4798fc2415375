"""An incremental update: a finished PDF plus new versions of a few of its objects, appended.

Candidates' copies are the pack with two forms and the document information replaced: a few
kilobytes each instead of the whole file written again. The base may index its objects with a
cross-reference stream (as packed files do), so the update does too.
"""

from __future__ import annotations

import io
import re
import zlib

from pypdf.generic import PdfObject

from .objects import reader


class Base:
    """What an update needs to know of the file it extends."""

    def __init__(self, data: bytes):
        self.data = data if data.endswith(b"\n") else data + b"\n"
        trailer = reader(data).trailer
        self.size = int(trailer["/Size"])
        self.root = trailer.raw_get("/Root").idnum
        self.file_id = trailer.get("/ID")
        self.xref = int(re.findall(rb"startxref\s+(\d+)", data[-1024:])[-1])


def _index(numbers: list[int]) -> list[int]:
    """/Index runs of consecutive object numbers: [first count first count ...]."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and runs[-1][0] + runs[-1][1] == number:
            runs[-1][1] += 1
        else:
            runs.append([number, 1])
    return [value for run in runs for value in run]


def append_update(base: Base, objects: dict[int, PdfObject], info: int) -> bytes:
    """`base` followed by `objects` (object number -> new value) and a cross-reference stream
    listing them, its trailer naming `info` as the document information."""
    out = io.BytesIO()
    out.write(base.data)
    offsets: dict[int, int] = {}
    for number in sorted(objects):
        offsets[number] = out.tell()
        out.write(f"{number} 0 obj\n".encode())
        objects[number].write_to_stream(out)
        out.write(b"\nendobj\n")
    xref_number = max(base.size, max(offsets) + 1)
    offsets[xref_number] = out.tell()
    numbers = sorted(offsets)
    rows = zlib.compress(b"".join(b"\x01" + offsets[n].to_bytes(4, "big") + b"\x00\x00" for n in numbers))
    ident = ""
    if base.file_id is not None:
        ident = " /ID [" + " ".join(f"<{bytes(getattr(part, 'original_bytes', part)).hex()}>" for part in base.file_id) + "]"
    head = (f"{xref_number} 0 obj\n<< /Type /XRef /Size {xref_number + 1} /W [1 4 2] "
            f"/Index [{' '.join(map(str, _index(numbers)))}] /Root {base.root} 0 R /Info {info} 0 R "
            f"/Prev {base.xref}{ident} /Filter /FlateDecode /Length {len(rows)} >>\nstream\n")
    out.write(head.encode() + rows + b"\nendstream\nendobj\n")
    out.write(f"startxref\n{offsets[xref_number]}\n%%EOF\n".encode())
    return out.getvalue()
