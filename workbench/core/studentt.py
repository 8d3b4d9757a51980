"""Student's t quantiles in the standard library, for confidence intervals.

Agreement intervals follow Gwet (2014): the coefficient plus or minus a t quantile with
(units - 1) or (documents - 1) degrees of freedom times its standard error. With few
documents the t quantile is much wider than the normal one, which is the point. A SciPy
run-time dependency is not worth two functions; the tests check these against SciPy.
"""

from __future__ import annotations

import math
from functools import lru_cache
from statistics import NormalDist

__all__ = ["t_ppf", "t_sf"]

_EPS = 3e-16
_TINY = 1e-300
_MAX_ITER = 500
_NORMAL = NormalDist()
_NORMAL_DF = 1e7


def _beta_cf(a: float, b: float, x: float) -> float:
    """Lentz's continued fraction for the incomplete beta function."""
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
    """The regularised incomplete beta function I_x(a, b)."""
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
    """Upper tail P(T > x) of Student's t with ``df`` degrees of freedom."""
    if math.isnan(x):
        return math.nan
    if df >= _NORMAL_DF or math.isinf(df):
        return 1.0 - _NORMAL.cdf(x)
    if math.isinf(x):
        return 0.0 if x > 0 else 1.0
    tail = 0.5 * _beta_inc(df / 2.0, 0.5, df / (df + x * x))
    return tail if x >= 0 else 1.0 - tail


@lru_cache(maxsize=256)
def t_ppf(q: float, df: float) -> float:
    """Quantile of Student's t, by bisection to about 1e-12 (cached: a report asks for the
    same few quantiles hundreds of times)."""
    if not 0.0 < q < 1.0:
        raise ValueError("quantile level must be in (0, 1)")
    if df <= 0:
        raise ValueError("degrees of freedom must be positive")
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
