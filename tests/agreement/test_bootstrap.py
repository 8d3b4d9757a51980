"""Hayes & Krippendorff (2007) bootstrap of alpha: reproducibility and coverage."""

from __future__ import annotations

import numpy as np
import pytest

from tests.agreement.test_published_examples import KRIPPENDORFF_2011
from workbench.agreement import bootstrap_alpha, krippendorff_alpha, synthetic_ratings


def test_same_seed_same_result_and_different_seed_differs() -> None:
    first = bootstrap_alpha(KRIPPENDORFF_2011, n_replicates=500, rng=42)
    second = bootstrap_alpha(KRIPPENDORFF_2011, n_replicates=500, rng=42)
    third = bootstrap_alpha(KRIPPENDORFF_2011, n_replicates=500, rng=43)
    assert first == second
    assert (first.lower, first.upper, first.q) != (third.lower, third.upper, third.q)
    generator = np.random.default_rng(42)
    assert bootstrap_alpha(KRIPPENDORFF_2011, n_replicates=500, rng=generator) == first


def test_draws_are_capped_by_the_number_of_value_pairs() -> None:
    # Krippendorff (2011) data: value pairs = 3 + 8 * 6 + 3 + 1 = 55 < 25 * (non-zero cells).
    result = bootstrap_alpha(KRIPPENDORFF_2011, n_replicates=10, rng=0)
    assert result.n_draws == 55
    assert result.n_replicates == 10


@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval", "ratio"])
def test_interval_brackets_the_point_estimate(level: str) -> None:
    data = synthetic_ratings(400, 3, 5, missing_share=0.1, accuracy=0.8, seed=11) + 1.0
    point = krippendorff_alpha(data, level).value
    result = bootstrap_alpha(data, level, n_replicates=2000, rng=7)
    assert result.alpha == point
    assert result.lower is not None
    assert result.upper is not None
    assert point is not None
    assert result.lower < point < result.upper
    assert result.upper - result.lower < 0.2
    assert result.q is not None
    assert 0.0 <= result.q <= 1.0


def test_q_reflects_distance_from_alpha_min() -> None:
    data = synthetic_ratings(300, 3, 4, missing_share=0.0, accuracy=0.9, seed=5)
    point = krippendorff_alpha(data).value
    assert point is not None
    below = bootstrap_alpha(data, n_replicates=1000, alpha_min=point - 0.2, rng=1)
    above = bootstrap_alpha(data, n_replicates=1000, alpha_min=point + 0.2, rng=1)
    assert below.q == 0.0
    assert above.q == 1.0


def test_replicate_mean_is_the_point_estimate() -> None:
    # E[sum of d over M draws] / M = Do, so the replicates centre on alpha itself.
    data = synthetic_ratings(500, 4, 3, missing_share=0.2, accuracy=0.6, seed=2)
    result = bootstrap_alpha(data, n_replicates=4000, confidence=0.5, rng=3)
    assert result.lower is not None
    assert result.upper is not None
    assert result.alpha is not None
    assert abs((result.lower + result.upper) / 2 - result.alpha) < 0.01
