"""Reproducible draws of questions for mock interviews and practice sets: spread over chapters, few repeats."""

from __future__ import annotations

import hashlib
import random
from collections import Counter
from collections.abc import Sequence

# A pool to draw from: (chapter id, its question ids in bank order), in the batch's chapter order.
Pool = Sequence[tuple[str, Sequence[str]]]


def generator(*keys: object) -> random.Random:
    """A random generator seeded by `keys` alone: the same batch, seed and candidate give the same
    draw on every machine and Python version (a SHA-256 of the keys, not Python's salted hash)."""
    digest = hashlib.sha256("\x1f".join(str(key) for key in keys).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def shares(sizes: Sequence[int], count: int) -> list[int]:
    """How many questions each chapter gives to a draw of `count`: one from each while the count
    allows, the rest in proportion to the chapters' sizes (highest averages, so a chapter of 300
    gives about three times what one of 100 does), never more than a chapter holds."""
    count = min(count, sum(sizes))
    taken = [0] * len(sizes)
    # One from each chapter first (the largest first when there are more chapters than questions).
    for i in sorted((i for i, size in enumerate(sizes) if size), key=lambda i: -sizes[i])[:count]:
        taken[i] = 1
    for _ in range(count - sum(taken)):
        open_ = [i for i, size in enumerate(sizes) if taken[i] < size]
        best = max(open_, key=lambda i: (sizes[i] / (taken[i] + 1), -i))
        taken[best] += 1
    return taken


def draw(pool: Pool, count: int, rng: random.Random, used: Counter | None = None) -> list[str]:
    """`count` question ids from `pool`, spread over its chapters as `shares` says; within a chapter
    the questions `used` least so far come first (ties broken by `rng`), so candidates drawn one
    after another share no question while the pool allows. Returned in a shuffled order."""
    used = Counter() if used is None else used
    picked: list[str] = []
    for (_, ids), share in zip(pool, shares([len(ids) for _, ids in pool], count)):
        ranked = sorted(ids, key=lambda qid: (used[qid], rng.random()))
        picked += ranked[:share]
    rng.shuffle(picked)
    return picked


def draws(pool: Pool, count: int, keys: tuple[object, ...], people: Sequence[str]) -> list[list[str]]:
    """Each person's draw, in the order given, seeded by `keys` and the person, each avoiding the
    questions drawn before it: what a round of candidates (interviewed the same week, practising
    from the same batch) gets."""
    used: Counter = Counter()
    found = []
    for person in people:
        found.append(draw(pool, count, generator(*keys, person), used))
        used.update(found[-1])
    return found
