"""An incremental update: a finished PDF plus new versions of a few of its objects, appended.

Candidates' copies are the pack with two forms and the document information replaced: a few
kilobytes each instead of the whole file written again. The base may index its objects with a
cross-reference stream (as packed files do), so the update does too.
"""

from __future__ import annotations

import io
import re
import zlib

from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, NumberObject, PdfObject, StreamObject

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
        _write(objects[number], out)
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


# Each name's written form, worked out once: a copy with its own practice set writes thousands of
# names, and pypdf escapes each one character by character.
_NAMES: dict[str, bytes] = {}


def _write(obj: PdfObject, out: io.BytesIO) -> None:
    """`obj` written exactly as pypdf writes it, the common kinds without pypdf's per-object overhead."""
    if isinstance(obj, NameObject):
        name = _NAMES.get(obj)
        if name is None:
            name = _NAMES.setdefault(str(obj), obj.renumber())
        out.write(name)
    elif isinstance(obj, IndirectObject):
        out.write(b"%d %d R" % (obj.idnum, obj.generation))
    elif isinstance(obj, NumberObject):
        out.write(b"%d" % obj)
    elif isinstance(obj, StreamObject):
        obj[NameObject("/Length")] = NumberObject(len(obj._data))
        _write_dictionary(obj, out)
        del obj["/Length"]
        out.write(b"\nstream\n" + obj._data + b"\nendstream")
    elif isinstance(obj, DictionaryObject):
        _write_dictionary(obj, out)
    elif isinstance(obj, ArrayObject):
        out.write(b"[")
        for item in obj:
            out.write(b" ")
            _write(item, out)
        out.write(b" ]")
    else:
        obj.write_to_stream(out)


def _write_dictionary(obj: DictionaryObject, out: io.BytesIO) -> None:
    out.write(b"<<\n")
    for key, value in obj.items():
        if len(key) > 2 and key[1] == "%" and key[-1] == "%":  # pypdf's own bookkeeping, never written
            continue
        _write(key, out)
        out.write(b" ")
        _write(value, out)
        out.write(b"\n")
    out.write(b">>")
