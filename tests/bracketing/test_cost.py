from __future__ import annotations

import math

import numpy as np
import pytest

from workbench.bracketing.cost import Cumulative, jsd_bits, weighted_jsd


@pytest.mark.parametrize("seed", range(10))
def test_split_gain_is_2n_times_weighted_jsd(seed: int) -> None:
    """The detection criterion and the reported discontinuity are one quantity."""
    rng = np.random.default_rng(seed)
    counts = rng.poisson(rng.uniform(0.2, 5, size=7), size=(30, 7)).astype(float)
    counts *= rng.uniform(0.5, 2.0, size=(30, 1))  # weighted, non-integer counts too
    cum = Cumulative.of(counts)
    a, f, b = 2, int(rng.integers(5, 25)), 29
    left = counts[a:f].sum(axis=0)
    right = counts[f:b].sum(axis=0)
    n = left.sum() + right.sum()
    assert float(cum.gain(a, f, b)) == pytest.approx(2 * n * weighted_jsd(left, right), rel=1e-10)


def test_poisson_cost_adds_the_volume_term() -> None:
    rng = np.random.default_rng(3)
    counts = rng.poisson(4, size=(12, 5)).astype(float)
    multi = Cumulative.of(counts, "multinomial")
    poisson = Cumulative.of(counts, "poisson")
    total = counts.sum()
    volume = -2 * total * math.log(total / 12)
    assert float(poisson.cost(0, 12)) == pytest.approx(float(multi.cost(0, 12)) + volume)


def test_poisson_sees_volume_change_multinomial_does_not() -> None:
    composition = np.array([3.0, 2.0, 1.0])
    counts = np.vstack([np.tile(composition, (10, 1)), np.tile(5 * composition, (10, 1))])
    assert float(Cumulative.of(counts, "multinomial").gain(0, 10, 20)) == pytest.approx(0, abs=1e-8)
    assert float(Cumulative.of(counts, "poisson").gain(0, 10, 20)) > 100


def test_jsd_bits_bounds() -> None:
    assert jsd_bits(np.array([1.0, 0.0]), np.array([0.0, 3.0])) == pytest.approx(1.0)
    assert jsd_bits(np.array([2.0, 2.0]), np.array([5.0, 5.0])) == pytest.approx(0.0, abs=1e-12)
    rows = jsd_bits(np.array([[1.0, 0.0], [1.0, 1.0]]), np.array([[0.0, 1.0], [1.0, 1.0]]))
    assert rows == pytest.approx([1.0, 0.0], abs=1e-12)
