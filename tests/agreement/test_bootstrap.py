"""Bootstrap intervals of alpha: KALPHA's procedure, the unit bootstrap, and their coverage."""

from __future__ import annotations

import numpy as np
import pytest

from tests.agreement.test_published_examples import KRIPPENDORFF_2011
from workbench.agreement import (
    AgreementInputError,
    bootstrap_alpha,
    krippendorff_alpha,
    synthetic_ratings,
)
from workbench.agreement.alpha import alpha_components
from workbench.agreement.bootstrap import _units

nan = np.nan

# Hayes & Krippendorff (2007), Table 1: 5 observers rate the tone of 40 news articles
# (0 sure loser ... 3 likely winner), with missing judgements. The paper reports ordinal
# alpha = .7598 for it.
HAYES_KRIPPENDORFF_2007 = np.array(
    [
        [1, 1, 2, nan, 2],
        [1, 1, 0, 1, nan],
        [2, 3, 3, 3, nan],
        [nan, 0, 0, nan, 0],
        [0, 0, 0, nan, 0],
        [0, 0, 0, nan, 0],
        [1, 0, 2, nan, 1],
        [1, nan, 2, 0, nan],
        [2, 2, 2, nan, 2],
        [2, 1, 1, 1, nan],
        [nan, 1, 0, 0, nan],
        [0, 0, 0, 0, nan],
        [1, 2, 2, 2, nan],
        [3, 3, 2, 2, 3],
        [1, 1, 1, nan, 1],
        [1, 1, 1, nan, 1],
        [2, 1, 2, nan, 2],
        [1, 2, 3, 3, nan],
        [1, 1, 0, 1, nan],
        [0, 0, 0, nan, 0],
        [0, 0, 1, 1, nan],
        [0, 0, nan, 0, 0],
        [2, 3, 3, 3, nan],
        [0, 0, 0, 0, nan],
        [1, 2, nan, 2, 2],
        [0, 1, 1, 1, nan],
        [0, 0, 0, 1, 0],
        [1, 2, 1, 2, nan],
        [1, 1, 2, 2, nan],
        [1, 1, 2, nan, 2],
        [1, 1, 0, nan, 0],
        [2, 1, 2, 1, nan],
        [2, 2, nan, 2, 2],
        [3, 2, 2, 2, nan],
        [2, 2, 2, nan, 2],
        [2, 2, 3, nan, 2],
        [2, 2, 2, nan, 2],
        [2, 2, nan, 1, 2],
        [2, 2, 2, 2, nan],
        [1, 1, 1, nan, 1],
    ]
)


def test_hayes_krippendorff_example_alpha():
    result = krippendorff_alpha(HAYES_KRIPPENDORFF_2007, "ordinal")
    assert round(result.value, 4) == 0.7598
    assert result.n_pairable_values == 159


def test_kalpha_draws_pairs_as_the_macro_does():
    # M = min(25 Q, n (m - 1) / 2): here n = 159 values, m = 5 observers -> 318 pairs.
    boot = bootstrap_alpha(
        HAYES_KRIPPENDORFF_2007, "ordinal", method="krippendorff", n_replicates=2000, rng=1
    )
    assert boot.n_draws == 318
    assert boot.method == "krippendorff"
    # Krippendorff (2011) data: n = 40 values, 4 observers -> min(25 Q, 60) = 60.
    other = bootstrap_alpha(KRIPPENDORFF_2011, method="krippendorff", n_replicates=10, rng=0)
    assert other.n_draws == 60


def test_the_unit_bootstrap_is_wider_than_kalpha_on_the_published_example():
    kalpha = bootstrap_alpha(
        HAYES_KRIPPENDORFF_2007, "ordinal", method="krippendorff", n_replicates=4000, rng=2
    )
    units = bootstrap_alpha(HAYES_KRIPPENDORFF_2007, "ordinal", n_replicates=4000, rng=2)
    assert units.n_clusters == 40
    # About .71-.80 against .62-.84 (the figures README quotes).
    assert kalpha.lower == pytest.approx(0.71, abs=0.02)
    assert kalpha.upper == pytest.approx(0.80, abs=0.02)
    assert units.lower == pytest.approx(0.62, abs=0.02)
    assert units.upper == pytest.approx(0.84, abs=0.02)
    assert units.upper - units.lower > 1.8 * (kalpha.upper - kalpha.lower)


@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval", "ratio"])
def test_each_replicate_is_alpha_of_the_resampled_units(level):
    data = synthetic_ratings(30, 3, 4, seed=2) + 1.0
    drawn = np.random.default_rng(5).integers(0, 30, size=(3, 30))

    class Fixed:
        def integers(self, low, high, size):
            return drawn.copy()

    replicates, n = _units(alpha_components(data, level), None, 3, Fixed())
    assert n == 30
    for replicate, rows in zip(replicates, drawn, strict=True):
        assert replicate == pytest.approx(krippendorff_alpha(data[rows], level).value)


def test_clusters_resample_whole_documents():
    data = synthetic_ratings(200, 2, 2, missing_share=0.0, accuracy=0.7, seed=4)
    docs = np.repeat(np.arange(8), 25)
    boot = bootstrap_alpha(data, clusters=docs, n_replicates=500, rng=3)
    assert boot.n_clusters == 8
    assert boot.clustered
    assert "8 documents" in boot.describe()
    with pytest.raises(AgreementInputError, match="one label per unit"):
        bootstrap_alpha(data, clusters=docs[:10], n_replicates=10)
    with pytest.raises(AgreementInputError, match="pairs, not documents"):
        bootstrap_alpha(data, clusters=docs, method="krippendorff")


def test_same_seed_same_result_and_different_seed_differs():
    first = bootstrap_alpha(KRIPPENDORFF_2011, n_replicates=500, rng=42)
    second = bootstrap_alpha(KRIPPENDORFF_2011, n_replicates=500, rng=42)
    third = bootstrap_alpha(KRIPPENDORFF_2011, n_replicates=500, rng=43)
    assert first == second
    assert (first.lower, first.upper, first.q) != (third.lower, third.upper, third.q)


def test_q_reflects_distance_from_alpha_min():
    data = synthetic_ratings(300, 3, 4, missing_share=0.0, accuracy=0.9, seed=5)
    point = krippendorff_alpha(data).value
    below = bootstrap_alpha(data, n_replicates=1000, alpha_min=point - 0.2, rng=1)
    above = bootstrap_alpha(data, n_replicates=1000, alpha_min=point + 0.2, rng=1)
    assert below.q == 0.0
    assert above.q == 1.0


def test_coverage_of_the_two_procedures():
    """Small studies drawn from a known population: how often does each interval cover it?

    The unit bootstrap should come near its 95%; KALPHA's pair resampling falls short
    with several coders per unit (its pairs are not independent). 120 studies of 30 units
    and 4 coders keep this to a couple of seconds; bench/ runs the larger version.
    """
    accuracy, n_values, n_coders = 0.7, 3, 4
    truth_data = synthetic_ratings(
        300_000, n_coders, n_values, missing_share=0.0, accuracy=accuracy, seed=98
    )
    truth = krippendorff_alpha(truth_data).value
    covered = {"units": 0, "krippendorff": 0}
    studies = 120
    for study in range(studies):
        sample = synthetic_ratings(
            30, n_coders, n_values, missing_share=0.0, accuracy=accuracy, seed=1000 + study
        )
        for method in covered:
            boot = bootstrap_alpha(sample, n_replicates=300, rng=study, method=method)
            covered[method] += boot.lower <= truth <= boot.upper
    assert covered["units"] / studies >= 0.88
    assert covered["krippendorff"] < covered["units"]
