"""Markdown rendered once per text: what pure text functions return, kept in the process and, through the build's cache, across commands.

A part is keyed on its HTML, so every command writes the HTML of every part, and Markdown with
Pygments is most of that: at 1,400 questions, about 15 s of a one-answer edit. The answers did
not change, so neither did their HTML: the build hands over what the last command rendered
(`learn`) and keeps what this one used (`used`), and only the edited text is rendered again.
"""

from __future__ import annotations

import functools
import hashlib
import threading

_lock = threading.Lock()
_known: dict[str, object] = {}  # digest of (function, arguments) -> its value, this process
_used: dict[str, object] = {}  # the entries this command asked for
_keys: dict[tuple, str] = {}  # (function, arguments) -> the digest that keys it, this process


def kept(restore):
    """Decorate a pure function of plain values (text, numbers) whose value is text or a tuple of
    text; `restore` turns a value read back from JSON into what the function returns."""

    def decorate(fn):
        name = f"{fn.__module__}.{fn.__qualname__}"

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            call = (name, args, tuple(sorted(kwargs.items())))
            key = _keys.get(call)
            if key is None:  # each text is asked for by several outputs: its digest is taken once
                key = _keys[call] = hashlib.sha256(repr((name, args, sorted(kwargs.items()))).encode("utf-8")).hexdigest()
            value = _known.get(key)
            if value is None:
                value = _known[key] = fn(*args, **kwargs)
            _used[key] = value
            return restore(value)

        return wrapper

    return decorate


def learn(entries: dict[str, object]) -> None:
    """Start a command: `entries` (as `used` gave them, read back) are known without rendering."""
    with _lock:
        _used.clear()
        for key, value in entries.items():
            if isinstance(key, str) and isinstance(value, (str, list)):
                _known.setdefault(key, value)


def used() -> dict[str, object]:
    """The entries this command asked for: a bank's fragments, no more, to keep for the next."""
    with _lock:
        return dict(_used)
