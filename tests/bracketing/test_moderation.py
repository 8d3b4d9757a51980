"""Empirical-Bayes moderation: limma's formulas by an independent computation."""

from __future__ import annotations

import math

import numpy as np
import pytest

from workbench.bracketing.moderation import (
    digamma,
    fit_prior,
    moderate,
    trigamma,
    trigamma_inverse,
)
from workbench.bracketing.share_ratio import effective_themes

special = pytest.importorskip("scipy.special")
optimize = pytest.importorskip("scipy.optimize")

DEFFS = [0.8, 1.1, 1.3, 0.9, 2.4, 1.6, 1.0, 1.2, 3.1, 0.7]
DF = 12.0


def test_polygamma_functions_match_scipy() -> None:
    for x in (0.05, 0.5, 1.0, 2.5, 6.0, 9.99, 40.0, 1e4):
        assert digamma(x) == pytest.approx(float(special.digamma(x)), rel=1e-12, abs=1e-12)
        assert trigamma(x) == pytest.approx(float(special.polygamma(1, x)), rel=1e-12)
    for y in (1e-4, 0.05, 0.3, 1.0, 5.0, 300.0):
        assert float(special.polygamma(1, trigamma_inverse(y))) == pytest.approx(y, rel=1e-9)


def _by_hand(
    values: list[float], df: float, covariate: list[float] | None
) -> tuple[float, list[float]]:
    """limma's fitFDist written out with SciPy: returns d0 and the prior scale per value."""
    e = np.log(values) - special.digamma(df / 2) + np.log(df / 2)
    if covariate is None:
        centre = np.full(len(values), e.mean())
        resid_df = len(values) - 1
    else:
        slope, intercept = np.polyfit(covariate, e, 1)
        centre = intercept + slope * np.asarray(covariate)
        resid_df = len(values) - 2
    evar = float(((e - centre) ** 2).sum() / resid_df - special.polygamma(1, df / 2))
    assert evar > 0  # the worked example has more spread than sampling gives
    half_d0 = optimize.brentq(lambda x: special.polygamma(1, x) - evar, 1e-8, 1e8, xtol=1e-14)
    d0 = 2 * half_d0
    scale = np.exp(centre + special.digamma(d0 / 2) - np.log(d0 / 2))
    return d0, [float(s) for s in scale]


def test_prior_matches_limma_formulas() -> None:
    d0, scale = _by_hand(DEFFS, DF, None)
    prior = fit_prior(DEFFS, DF)
    assert prior.df0 == pytest.approx(d0, rel=1e-8)
    assert prior.s0_squared == pytest.approx(scale, rel=1e-8)
    # the posterior of one value: (d0 s0² + d s²) / (d0 + d) on d0 + d degrees of freedom
    value, df = moderate(3.1, DF, prior.s0_squared[8], prior.df0, cap=math.inf)
    assert value == pytest.approx((d0 * scale[8] + DF * 3.1) / (d0 + DF), rel=1e-8)
    assert df == pytest.approx(d0 + DF, rel=1e-8)
    assert 1.0 < value < 3.1  # pulled towards the others, not all the way
    _, capped = moderate(3.1, DF, prior.s0_squared[8], prior.df0, cap=20.0)
    assert capped == 20.0


def test_prior_with_a_trend_matches_limma_formulas() -> None:
    deffs = [0.5, 1.1, 1.9, 0.6, 3.5, 1.2, 0.9, 2.8, 4.0, 0.7]
    shares = [0.05, 0.02, 0.08, 0.03, 0.09, 0.12, 0.04, 0.2, 0.25, 0.02]
    covariate = [math.log(s) for s in shares]
    d0, scale = _by_hand(deffs, DF, covariate)
    prior = fit_prior(deffs, DF, covariate)
    assert prior.df0 == pytest.approx(d0, rel=1e-8)
    assert prior.s0_squared == pytest.approx(scale, rel=1e-8)
    # the common themes get the larger prior design effect
    assert prior.s0_squared[8] > prior.s0_squared[0]


def test_no_more_spread_than_sampling_gives_an_infinite_prior() -> None:
    prior = fit_prior([1.2, 1.25, 1.3, 1.22], 10.0)
    assert math.isinf(prior.df0)
    assert prior.s0_squared == pytest.approx((1.2425,) * 4)
    assert moderate(1.3, 10.0, prior.s0_squared[0], prior.df0, cap=40.0) == (
        pytest.approx(1.2425),
        40.0,
    )


def test_too_little_to_fit_leaves_values_alone() -> None:
    assert fit_prior([1.5], 10.0).df0 == 0.0
    assert moderate(1.5, 10.0, 1.5, 0.0, cap=100.0) == (1.5, 10.0)
    assert fit_prior([1.5, 2.0], math.inf).df0 == 0.0


def test_effective_number_of_themes() -> None:
    rng = np.random.default_rng(0)
    alike = rng.normal(size=30)
    assert effective_themes([alike, 2 * alike, -alike]) == pytest.approx(1.0)
    apart = [rng.normal(size=400) for _ in range(6)]
    assert 5.0 < effective_themes(apart) <= 6.0
