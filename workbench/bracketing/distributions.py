"""Reference distributions and multiplicity correction, in the standard library only.

Student's t lives in ``workbench.core.studentt`` (shared with the agreement intervals)
and is re-exported here.

The engine needs Student-t tail areas (source-level inference with few sources must not
pretend to be normal), chi-square tail areas (quasi-likelihood ratio tests) and Holm's
step-down correction. These few functions do not justify a SciPy run-time dependency; the
test-suite checks them against SciPy.
"""

from __future__ import annotations

import math
from statistics import NormalDist
from typing import TYPE_CHECKING

from workbench.core.studentt import t_ppf, t_sf

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["chi2_sf", "holm", "normal_ppf", "t_ppf", "t_sf"]

_EPS = 3e-16
_TINY = 1e-300
_MAX_ITER = 500
_NORMAL = NormalDist()


def normal_ppf(q: float) -> float:
    return _NORMAL.inv_cdf(q)


def _gamma_q(a: float, x: float) -> float:
    """Regularised upper incomplete gamma Q(a, x) (series / continued fraction)."""
    if x <= 0.0:
        return 1.0
    log_front = -x + a * math.log(x) - math.lgamma(a)
    if x < a + 1.0:
        term = 1.0 / a
        total = term
        ap = a
        for _ in range(_MAX_ITER):
            ap += 1.0
            term *= x / ap
            total += term
            if abs(term) < abs(total) * _EPS:
                break
        return max(0.0, 1.0 - total * math.exp(log_front))
    b = x + 1.0 - a
    c = 1.0 / _TINY
    d = 1.0 / b
    h = d
    for i in range(1, _MAX_ITER + 1):
        an = -i * (i - a)
        b += 2.0
        d = an * d + b
        d = 1.0 / (d if abs(d) > _TINY else _TINY)
        c = b + an / c
        c = c if abs(c) > _TINY else _TINY
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < _EPS:
            break
    return math.exp(log_front) * h


def chi2_sf(x: float, df: float) -> float:
    """Upper tail of the chi-square distribution."""
    if df <= 0:
        raise ValueError("degrees of freedom must be positive")
    if math.isnan(x):
        return math.nan
    return _gamma_q(df / 2.0, x / 2.0)


def holm(p_values: Sequence[float]) -> list[float]:
    """Holm step-down adjusted p-values (family-wise error control, any dependence)."""
    m = len(p_values)
    order = sorted(range(m), key=lambda i: p_values[i])
    adjusted = [1.0] * m
    running = 0.0
    for rank, index in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p_values[index]))
        adjusted[index] = running
    return adjusted


def benjamini_hochberg(p_values: Sequence[float]) -> list[float]:
    """Benjamini-Hochberg step-up adjusted p-values (false discovery rate control)."""
    m = len(p_values)
    order = sorted(range(m), key=lambda i: p_values[i], reverse=True)
    adjusted = [1.0] * m
    running = 1.0
    for k, index in enumerate(order):
        rank = m - k
        running = min(running, p_values[index] * m / rank)
        adjusted[index] = min(1.0, running)
    return adjusted
