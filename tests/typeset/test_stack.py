"""Deep recursion through `roomy` keeps its frames in one chunk of the interpreter's frame stack."""

from __future__ import annotations

import resource

import pytest

from studyguide.typeset.stack import roomy

CROSSINGS = 2000


def _down(depth: int) -> int:
    return 0 if depth == 0 else _down(depth - 1) + 1


def _up_and_down(times: int, depth: int) -> int:
    """Recursion that goes `depth` frames down and back, `times` times, as layout does."""
    return sum(_down(depth) for _ in range(times))


def _from_depth(offset: int, fn):
    return fn() if offset == 0 else _from_depth(offset - 1, fn)


def _worst_faults(call) -> int:
    """The most page faults the recursion costs, over the depths it may start at: one of them puts
    a chunk boundary inside its range, where the frame stack is mapped anew at every crossing."""
    worst = 0
    for offset in range(0, 120, 2):
        before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        _from_depth(offset, lambda: call(_up_and_down, CROSSINGS, 30))
        worst = max(worst, resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
    return worst


def test_deep_recursion_does_not_map_the_frame_stack_again_and_again():
    assert _worst_faults(roomy) < CROSSINGS // 20


def test_the_call_returns_and_raises_as_it_would():
    assert roomy(divmod, 17, 5) == (3, 2)
    assert roomy(_up_and_down, 3, 10) == 30
    with pytest.raises(ZeroDivisionError):
        roomy(divmod, 1, 0)
