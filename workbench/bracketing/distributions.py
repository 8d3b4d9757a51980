"""Reference distributions and multiplicity correction, in the standard library only.

The engine needs Student-t tail areas (source-level inference with few sources must not
pretend to be normal), chi-square tail areas (quasi-likelihood ratio tests) and Holm's
step-down correction. These few functions do not justify a SciPy run-time dependency; the
test-suite checks them against SciPy.
"""

from __future__ import annotations

import math
from statistics import NormalDist
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["chi2_sf", "holm", "normal_ppf", "t_ppf", "t_sf"]

_EPS = 3e-16
_TINY = 1e-300
_MAX_ITER = 500
_NORMAL = NormalDist()
_NORMAL_DF = 1e7


def normal_ppf(q: float) -> float:
    return _NORMAL.inv_cdf(q)


def _beta_cf(a: float, b: float, x: float) -> float:
    """Lentz continued fraction for the incomplete beta (Numerical Recipes ``betacf``)."""
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c = 1.0
    d = 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > _TINY else _TINY)
    h = d
    for m in range(1, _MAX_ITER + 1):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > _TINY else _TINY)
        c = 1.0 + aa / c
        c = c if abs(c) > _TINY else _TINY
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > _TINY else _TINY)
        c = 1.0 + aa / c
        c = c if abs(c) > _TINY else _TINY
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < _EPS:
            break
    return h


def _beta_inc(a: float, b: float, x: float) -> float:
    """Regularised incomplete beta I_x(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(log_front) * _beta_cf(a, b, x) / a
    return 1.0 - math.exp(log_front) * _beta_cf(b, a, 1.0 - x) / b


def t_sf(x: float, df: float) -> float:
    """Upper tail P(T > x) of Student's t; ``df`` may be infinite (normal)."""
    if math.isnan(x):
        return math.nan
    if df >= _NORMAL_DF or math.isinf(df):
        return 1.0 - _NORMAL.cdf(x)
    if math.isinf(x):
        return 0.0 if x > 0 else 1.0
    tail = 0.5 * _beta_inc(df / 2.0, 0.5, df / (df + x * x))
    return tail if x >= 0 else 1.0 - tail


def t_ppf(q: float, df: float) -> float:
    """Quantile of Student's t by bisection; accurate to ~1e-12, ample for intervals."""
    if not 0.0 < q < 1.0:
        raise ValueError("quantile level must be in (0, 1)")
    if df >= _NORMAL_DF or math.isinf(df):
        return _NORMAL.inv_cdf(q)
    if q == 0.5:
        return 0.0
    upper = q > 0.5
    tail = 1.0 - q if upper else q
    hi = max(1.0, abs(_NORMAL.inv_cdf(tail)))
    while t_sf(hi, df) > tail:
        hi *= 2.0
    lo = 0.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if t_sf(mid, df) > tail:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-12 * max(1.0, hi):
            break
    value = 0.5 * (lo + hi)
    return value if upper else -value


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
