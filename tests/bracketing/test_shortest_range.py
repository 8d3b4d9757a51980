"""The likely interval's range: the shortest one holding 1 - α of the relocations."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from workbench.bracketing.frontier import shortest_range


@given(
    st.lists(st.integers(min_value=-50, max_value=200), min_size=1, max_size=300),
    st.sampled_from([0.5, 0.8, 0.9, 0.95, 1.0]),
)
def test_holds_the_level_and_no_narrower_range_does(values: list[int], level: float) -> None:
    positions = np.array(values)
    low, high = shortest_range(positions, level)
    need = math.ceil(level * len(values) - 1e-9)
    assert int(((positions >= low) & (positions <= high)).sum()) >= need
    ordered = np.sort(positions)
    narrowest = min(int(ordered[i + need - 1] - ordered[i]) for i in range(len(values) - need + 1))
    assert high - low == narrowest


def test_a_long_tail_is_cut_where_an_equal_tailed_range_keeps_it() -> None:
    # most resamples find the change at 40-44; a few drift towards a neighbour at 0-30
    rng = np.random.default_rng(3)
    core = rng.integers(40, 45, size=180)
    tail = rng.integers(0, 31, size=20)
    positions = np.concatenate([core, tail])
    low, high = shortest_range(positions, 0.95)
    q_lo, q_hi = np.quantile(positions, [0.025, 0.975])
    assert high - low < q_hi - q_lo
    assert high >= 44
    assert low > 0
    assert ((positions >= low) & (positions <= high)).mean() >= 0.95


def test_ties_are_broken_towards_the_median() -> None:
    # a flat stretch: every window of 5 of these 10 is equally narrow only at the ends
    positions = np.array([0, 1, 2, 3, 4, 10, 11, 12, 13, 14, 20, 21, 22, 23, 24])
    low, high = shortest_range(positions, 5 / 15)
    assert (low, high) == (10, 14)


def test_one_position() -> None:
    assert shortest_range(np.array([7]), 0.95) == (7, 7)
