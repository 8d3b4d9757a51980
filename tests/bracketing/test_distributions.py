from __future__ import annotations

import math

import pytest
from scipy import stats

from workbench.bracketing.distributions import chi2_sf, holm, t_ppf, t_sf


@pytest.mark.parametrize("df", [1, 2, 3.5, 9, 30, 250])
@pytest.mark.parametrize("x", [-3.0, -0.5, 0.0, 0.7, 2.0, 6.0])
def test_t_sf_matches_scipy(df: float, x: float) -> None:
    assert t_sf(x, df) == pytest.approx(stats.t.sf(x, df), rel=1e-9, abs=1e-13)


@pytest.mark.parametrize("df", [1, 4, 17, 1e9, math.inf])
@pytest.mark.parametrize("q", [0.025, 0.5, 0.9, 0.975, 0.999])
def test_t_ppf_matches_scipy(df: float, q: float) -> None:
    expected = stats.norm.ppf(q) if df > 1e6 else stats.t.ppf(q, df)
    assert t_ppf(q, df) == pytest.approx(expected, rel=1e-8, abs=1e-10)


@pytest.mark.parametrize("df", [1, 2, 5, 11, 40, 300])
@pytest.mark.parametrize("x", [0.0, 0.3, 1.0, 4.0, 20.0, 90.0, 500.0])
def test_chi2_sf_matches_scipy(df: int, x: float) -> None:
    assert chi2_sf(x, df) == pytest.approx(stats.chi2.sf(x, df), rel=1e-8, abs=1e-300)


def test_holm_known_values() -> None:
    assert holm([0.01, 0.04, 0.03, 0.5]) == pytest.approx([0.04, 0.09, 0.09, 0.5])
    assert holm([]) == []
