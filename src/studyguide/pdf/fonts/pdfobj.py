"""Small pypdf pieces the font modules share: resolving values, new objects, streams, references."""

from __future__ import annotations

from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    StreamObject,
)


class Unsupported(Exception):
    """A font the merge leaves as it is (the reason goes into the report)."""


def resolve(value):
    return value.get_object() if isinstance(value, IndirectObject) else value


def get(dictionary, key: str, default=None):
    """dictionary[key] resolved (pypdf's .get() may hand back an IndirectObject)."""
    return resolve(dictionary.get(key, default))


def ref_idnum(value) -> int | None:
    return value.idnum if isinstance(value, IndirectObject) else None


def number(value: float):
    return NumberObject(int(value)) if float(value).is_integer() else FloatObject(value)


def flate_stream(data: bytes, extra: dict | None = None) -> StreamObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    for key, value in (extra or {}).items():
        stream[NameObject(key)] = value
    return stream.flate_encode()


def stream_size(obj) -> int:
    """Encoded bytes of a stream object (0 for other objects): cheap, for the report."""
    return len(getattr(obj, "_data", b"") or b"") if isinstance(obj, StreamObject) else 0


def references(obj, pdf) -> set[int]:
    """Object numbers of `pdf` that `obj` refers to directly (nested direct objects included)."""
    found = set()
    stack = [obj]
    while stack:
        current = stack.pop()
        values = current.values() if isinstance(current, DictionaryObject) else current
        for value in values:
            if isinstance(value, IndirectObject):
                if value.pdf is pdf:
                    found.add(value.idnum)
            elif isinstance(value, (DictionaryObject, ArrayObject)):
                stack.append(value)
    return found


class NewObjects:
    """Where new objects go: into the writer (the merge), or numbered from `first` on without
    touching any writer (a candidate's fonts, written by the caller as an incremental update)."""

    def __init__(self, writer=None, first: int = 0, pdf=None):
        self.writer, self.next, self.pdf = writer, first, pdf if writer is None else writer
        self.added: list[tuple[int, object]] = []

    def add(self, obj) -> IndirectObject:
        if self.writer is not None:
            ref = self.writer._add_object(obj)  # pypdf has no public call for it (pinned version)
        else:
            ref = IndirectObject(self.next, 0, self.pdf)
            self.next += 1
        self.added.append((ref.idnum, obj))
        return ref

    def stream(self, data: bytes, extra: dict | None = None) -> IndirectObject:
        return self.add(flate_stream(data, extra))

    def rollback(self, mark: int) -> None:
        """Forget the objects added after the first `mark` ones (a font that failed half-way)."""
        for idnum, _ in self.added[mark:]:
            if self.writer is not None:
                self.writer._objects[idnum - 1] = None
        if self.writer is None and len(self.added) > mark:
            self.next = self.added[mark][0]
        del self.added[mark:]


def detach(value, keep=None):
    """`value` with every reference resolved into a direct copy, except references into `keep`
    (the document being written): font dictionaries copied from another file must not point
    into it."""
    if isinstance(value, IndirectObject):
        if keep is not None and value.pdf is keep:
            return value
        value = value.get_object()
        if isinstance(value, StreamObject):
            raise Unsupported("a font dictionary refers to a stream the merge does not rebuild")
    if isinstance(value, DictionaryObject):
        return DictionaryObject({NameObject(k): detach(v, keep) for k, v in value.items()})
    if isinstance(value, ArrayObject):
        return ArrayObject(detach(v, keep) for v in value)
    return value
