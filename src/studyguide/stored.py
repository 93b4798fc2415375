"""Bytes that cross between a command's processes as files in its scratch folder.

A part laid out in a worker, or a document made in the assembler, goes to the main process as
a `Stored` (a file name, a size and a digest) rather than as its bytes: the main process only
passes parts and documents on (to the assembler, the cache and the output folder), and it held
every one of them to the end of the command (a real bank's build: from 86 MB once the bank was
loaded to 306 MB). Files are named by their digest, so bytes stored twice are one file; they go
with the scratch folder.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Stored:
    """The bytes of one file in the scratch folder; not bytes itself, so code that would read
    it without meaning to fails at once instead of holding it."""

    path: str
    size: int
    sha256: str

    def read(self) -> bytes:
        with open(self.path, "rb") as handle:
            return handle.read()


def store(data: bytes, folder: Path) -> Stored:
    """`data` kept in `folder` under its digest (written once, by whichever process comes first)."""
    sha = hashlib.sha256(data).hexdigest()
    path = Path(folder) / f"{sha}.bin"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written aside and renamed: two processes storing the same bytes never see half a file.
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return Stored(str(path), len(data), sha)


def data(value: bytes | Stored) -> bytes:
    """The bytes themselves, read from the scratch folder when they were stored."""
    return value.read() if isinstance(value, Stored) else value


def digest(value: bytes | Stored) -> str:
    """The SHA-256 of the bytes, without reading stored ones again."""
    return value.sha256 if isinstance(value, Stored) else hashlib.sha256(value).hexdigest()


def loaded(value):
    """`value` with every Stored inside it (in tuples, lists, dicts and dataclasses) read back into bytes."""
    return _mapped(value, data)


def weight(value) -> int:
    """How many bytes, stored or not, `value` holds (in tuples, lists, dicts and dataclasses)."""
    sizes = []
    _mapped(value, lambda v: sizes.append(v.size if isinstance(v, Stored) else len(v)))
    return sum(sizes)


def _mapped(value, fn):
    """`value` rebuilt with fn applied to every bytes or Stored inside it."""
    if isinstance(value, (bytes, Stored)):
        return fn(value)
    if isinstance(value, tuple):
        items = [_mapped(v, fn) for v in value]
        return type(value)._make(items) if hasattr(value, "_fields") else tuple(items)
    if isinstance(value, list):
        return [_mapped(v, fn) for v in value]
    if isinstance(value, dict):
        return {k: _mapped(v, fn) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: _mapped(getattr(value, f.name), fn) for f in dataclasses.fields(value) if f.init}
        return dataclasses.replace(value, **fields)
    return value


def kept(value, folder: Path):
    """A result of bytes (or a tuple of bytes) stored in `folder`; anything else as it is."""
    if isinstance(value, bytes):
        return store(value, folder)
    if isinstance(value, tuple) and value and all(isinstance(v, bytes) for v in value):
        return tuple(store(v, folder) for v in value)
    return value
