"""Calls made with room of their own on the interpreter's frame stack, so deep recursion does not churn it."""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

# CPython (3.11 to 3.13 before their fixes for gh-142183) keeps a thread's Python frames in chunks
# of 16 KB and unmaps a chunk as soon as the frame that opened it returns. WeasyPrint's layout
# recurses down and up across such a boundary thousands of times a part, and every crossing maps
# a fresh chunk: measured on a worker, some 10,000 page faults a chapter part, 0.05-0.1 s of it.
# Where the boundary falls depends on how deep the call starts, so the same part could be slow in
# one process and not in another. A call made through `roomy` opens a chunk of its own, 512 KB,
# of which the frame below takes half: the layout's whole recursion fits in the other half.
ROOM_SLOTS = 2**15  # of 8 bytes each


def _call(fn, args):
    return fn(*args)


# The same function with a larger evaluation stack than it needs: a bound the interpreter only
# reserves (one 256 KB frame), never fills.
_roomy = types.FunctionType(_call.__code__.replace(co_stacksize=ROOM_SLOTS), {}, "roomy")


def roomy(fn: Callable[..., T], *args) -> T:
    """fn(*args), its frames (and its callees') kept in one chunk of the frame stack that lasts the call."""
    return _roomy(fn, args)
