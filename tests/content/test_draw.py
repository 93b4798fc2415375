"""Draws for mock interviews and practice sets: reproducible, spread over chapters, few repeats."""

import os
import subprocess
import sys
from collections import Counter

import pytest

from studyguide.content.draw import draw, draws, generator, shares

POOL = [("aws", [f"aws-{i}" for i in range(30)]), ("k8s", [f"k8s-{i}" for i in range(90)]),
        ("linux", [f"linux-{i}" for i in range(3)])]


@pytest.mark.parametrize(("sizes", "count", "expected"), [
    ([30, 90, 3], 6, [1, 4, 1]),   # one from each, the rest by size
    ([30, 90, 3], 2, [1, 1, 0]),   # fewer than chapters: one from each of the largest
    ([2, 1], 10, [2, 1]),          # never more than a chapter holds
    ([0, 5], 3, [0, 3]),
    ([10, 10, 10], 30, [10, 10, 10]),
])
def test_shares(sizes, count, expected):
    assert shares(sizes, count) == expected


def test_same_keys_same_draw_other_keys_another():
    first = draw(POOL, 6, generator("01", 1, "Chen Wei"))
    assert first == draw(POOL, 6, generator("01", 1, "Chen Wei"))
    assert first != draw(POOL, 6, generator("01", 2, "Chen Wei"))
    assert len(set(first)) == 6
    assert Counter(qid.split("-")[0] for qid in first) == {"aws": 1, "k8s": 4, "linux": 1}


def test_the_draw_does_not_depend_on_the_process(tmp_path):
    # Python salts str hashes per process: a draw must not use them, or two builds would differ.
    code = ("from studyguide.content.draw import draws; import sys; "
            "sys.stdout.write(repr(draws([('a', [str(i) for i in range(50)])], 5, ('01', 1), ['Ana', 'Bo'])))")
    runs = {subprocess.run([sys.executable, "-c", code], env={**os.environ, "PYTHONHASHSEED": seed},
                           capture_output=True, text=True, check=True, cwd=tmp_path).stdout for seed in ("1", "2")}
    assert len(runs) == 1
    assert generator("a").random() != generator("b").random()


def test_a_round_shares_no_question_while_the_pool_allows():
    people = [f"person {i}" for i in range(3)]
    found = draws(POOL, 6, ("01", 1), people)
    picked = [qid for one in found for qid in one]
    # linux has 3 questions: each of three candidates gets a different one.
    assert len(picked) == len(set(picked)) == 18


def test_when_the_pool_runs_out_repeats_are_spread_evenly():
    found = draws([("tiny", ["a", "b", "c", "d"])], 3, ("01", 1), [f"p{i}" for i in range(4)])
    uses = Counter(qid for one in found for qid in one)
    assert sorted(uses.values()) == [3, 3, 3, 3]  # 12 draws over 4 questions: each thrice


def test_a_persons_draw_does_not_depend_on_later_people():
    two = draws(POOL, 6, ("01", 1), ["Ana", "Bo"])
    three = draws(POOL, 6, ("01", 1), ["Ana", "Bo", "Cy"])
    assert three[:2] == two
