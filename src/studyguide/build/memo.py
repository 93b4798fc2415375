"""Keys derived from values, and single-flight: one computation per key, however many threads ask."""

from __future__ import annotations

import dataclasses
import hashlib
import threading
from concurrent.futures import Future
from pathlib import Path

from pydantic import BaseModel

from ..stored import Stored
from ..typeset.jobs import Typeset


def fingerprint(*values) -> str:
    """A digest of plain values (text, numbers, bytes, containers, dataclasses, models): equal
    values give equal digests on every machine and in every run."""
    digest = hashlib.sha256()
    for value in values:
        _feed(digest, value)
    return digest.hexdigest()


def _feed(digest, value) -> None:
    if isinstance(value, Typeset):
        value = bytes.fromhex(value.key)  # its bytes' digest, already known
    if isinstance(value, Stored):  # keyed as its bytes are, without reading them
        digest.update(b"B" + bytes.fromhex(value.sha256))
    elif isinstance(value, bytes):
        digest.update(b"B" + hashlib.sha256(value).digest())
    elif value is None or isinstance(value, (str, int, float, Path)):
        text = repr(value).encode("utf-8")
        digest.update(b"S" + len(text).to_bytes(8, "big") + text)
    elif isinstance(value, (tuple, list)):
        digest.update(b"L" + len(value).to_bytes(8, "big"))
        for item in value:
            _feed(digest, item)
    elif isinstance(value, dict):
        digest.update(b"D" + len(value).to_bytes(8, "big"))
        for key in sorted(value, key=fingerprint):
            _feed(digest, key)
            _feed(digest, value[key])
    elif isinstance(value, (set, frozenset)):
        _feed(digest, sorted(value, key=fingerprint))
    elif isinstance(value, BaseModel):
        _feed(digest, (type(value).__qualname__, value.model_dump_json()))
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        _feed(digest, (type(value).__qualname__, [getattr(value, f.name) for f in dataclasses.fields(value)]))
    else:
        raise TypeError(f"cannot derive a key from {type(value).__name__}; pass plain values")


class Flights:
    """Single-flight: the first caller for a key computes; later callers wait for its result."""

    def __init__(self):
        self._lock = threading.Lock()
        self._futures: dict[str, Future] = {}

    def claim(self, key: str) -> tuple[Future, bool]:
        """The future for `key`, and whether the caller owns it (and must set its result)."""
        with self._lock:
            if key in self._futures:
                return self._futures[key], False
            future = self._futures[key] = Future()
            return future, True

    def run(self, key: str, compute):
        """compute() once for `key`; every caller gets that result (or its exception)."""
        future, mine = self.claim(key)
        if mine:
            try:
                future.set_result(compute())
            except BaseException as exc:
                future.set_exception(exc)
        return future.result()
