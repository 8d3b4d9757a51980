"""Empirical-Bayes moderation of variances that share a design (Smyth 2004, limma).

At a frontier every tested theme gets its own clustering correction (a design effect,
the ratio of its source-level sandwich variance to the multinomial one), measured on
the same few sources: with very unequal sources that is 6-16 effective degrees of
freedom, and a theme's own design effect on so few degrees of freedom is noisy, which,
through a wide t quantile and a noisy variance, makes equivalence (a continuing theme)
unreachable at real study sizes. The design effects of the themes at one frontier,
however, measure one design (the same interviews and documents, the same leans), so
they are similar; borrowing strength across them is what limma does for the
gene-wise variances of a microarray:

* each ``s²`` (here a design effect) on ``d`` degrees of freedom is taken to be
  ``s₀² χ²_d / d`` given a prior ``1 / σ² ~ χ²_{d₀} / (d₀ s₀²)``;
* ``d₀`` and ``s₀²`` are fitted from the spread of ``log s²`` across the themes by the
  method of moments (``fit_prior``, limma's ``fitFDist`` without covariates): the
  spread left after the sampling spread of ``log χ²_d / d`` is the prior's;
* each theme's moderated value is ``s̃² = (d₀ s₀² + d s²) / (d₀ + d)`` on ``d₀ + d``
  degrees of freedom (``moderate``).

When the themes' design effects differ no more than sampling would make them, ``d₀`` is
large and each theme gets the common value on many degrees of freedom; when they differ
a lot, ``d₀`` is small and each theme keeps its own value and its own few degrees of
freedom. Error control is kept because the moderated statistic is exactly t on
``d₀ + d`` degrees of freedom under that model (Smyth 2004, section 3), and the
total is capped at the information there is (``cap``): limma caps it at the pooled
residual degrees of freedom.

Digamma, trigamma and its inverse are computed here in the standard library
(recurrence to a large argument, then the asymptotic series), as the rest of the
engine's distributions are; the tests check them against SciPy.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["Prior", "digamma", "fit_prior", "moderate", "trigamma", "trigamma_inverse"]

_SHIFT = 10.0
_FLOOR = 1e-5
"""Values below this fraction of the median are raised to it before logs (as limma)."""


def digamma(x: float) -> float:
    """ψ(x) for x > 0: recurrence up to x ≥ 10, then the asymptotic series."""
    acc = 0.0
    while x < _SHIFT:
        acc -= 1.0 / x
        x += 1.0
    f = 1.0 / (x * x)
    series = f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f / 132))))
    return acc + math.log(x) - 0.5 / x - series


def trigamma(x: float) -> float:
    """ψ'(x) for x > 0: recurrence up to x ≥ 10, then the asymptotic series."""
    acc = 0.0
    while x < _SHIFT:
        acc += 1.0 / (x * x)
        x += 1.0
    f = 1.0 / (x * x)
    series = 1.0 / x + f / 2 + f / x * (1 / 6 - f * (1 / 30 - f * (1 / 42 - f / 30)))
    return acc + series


def _tetragamma(x: float) -> float:
    """ψ''(x) for x > 0 (the Newton step of ``trigamma_inverse``)."""
    acc = 0.0
    while x < _SHIFT:
        acc -= 2.0 / (x * x * x)
        x += 1.0
    f = 1.0 / (x * x)
    series = -f - f / x - f * f * (1 / 2 - f * (1 / 6 - f * (1 / 6 - f * 3 / 10)))
    return acc + series


def trigamma_inverse(y: float) -> float:
    """The x with ψ'(x) = y, by limma's Newton iteration on ``1 / ψ'`` (y > 0)."""
    if y > 1e7:
        return 1.0 / math.sqrt(y)
    if y < 1e-6:
        return 1.0 / y
    x = 0.5 + 1.0 / y
    for _ in range(50):
        tri = trigamma(x)
        step = tri * (1.0 - tri / y) / _tetragamma(x)
        x += step
        if -step / x < 1e-8:
            break
    return x


@dataclass(frozen=True, slots=True)
class Prior:
    """The fitted prior: a scale per value (``s0_squared``) on ``df0`` degrees of freedom.

    Without a covariate every value has the same scale; with one (limma's ``trend``) the
    scale follows it. ``df0`` is 0 when nothing was fitted and may be infinite.
    """

    s0_squared: tuple[float, ...]
    df0: float


def fit_prior(
    values: Sequence[float], df: float, covariate: Sequence[float] | None = None
) -> Prior:
    """Fit ``d₀`` and ``s₀²`` to variances ``values`` that each have ``df`` degrees of freedom.

    With ``e = log s² - ψ(d/2) + log(d/2)`` (``log s²`` made unbiased for ``log s₀²``
    under the model), the mean of ``e`` estimates ``log s₀² - ψ(d₀/2) + log(d₀/2)`` and
    its variance minus the sampling part ``ψ'(d/2)`` estimates ``ψ'(d₀/2)``. With a
    ``covariate`` the mean is a least-squares line in it instead (limma's trend, linear
    here: a dozen values do not carry a spline), and the variance is that of the
    residuals on ``n - 2`` degrees of freedom. When the spread is no more than sampling
    gives, ``d₀`` is infinite and ``s₀²`` the mean of the values, or the fitted line
    (limma's choice since 2017: the maximum-likelihood scale then).
    """
    n = len(values)
    if n == 0 or not math.isfinite(df) or df <= 0:
        return Prior(s0_squared=tuple(values), df0=0.0)
    median = sorted(values)[n // 2]
    floor = _FLOOR * median if median > 0 else _FLOOR
    half = df / 2.0
    es = [math.log(max(x, floor)) - digamma(half) + math.log(half) for x in values]
    trend = covariate is not None and n >= 3 and max(covariate) > min(covariate)
    if trend:
        assert covariate is not None
        xbar = sum(covariate) / n
        ebar = sum(es) / n
        sxx = sum((x - xbar) ** 2 for x in covariate)
        slope = sum((x - xbar) * (e - ebar) for x, e in zip(covariate, es, strict=True)) / sxx
        centre = [ebar + slope * (x - xbar) for x in covariate]
        resid_df = n - 2
    else:
        centre = [sum(es) / n] * n
        resid_df = n - 1
    if resid_df < 1:
        return Prior(s0_squared=tuple(values), df0=0.0)
    spread = sum((e - c) ** 2 for e, c in zip(es, centre, strict=True)) / resid_df
    spread -= trigamma(half)
    if spread <= 0:
        mean = sum(values) / n
        scales = tuple(math.exp(c) for c in centre) if trend else (mean,) * n
        return Prior(s0_squared=scales, df0=math.inf)
    df0 = 2.0 * trigamma_inverse(spread)
    shift = digamma(df0 / 2.0) - math.log(df0 / 2.0)
    return Prior(s0_squared=tuple(math.exp(c + shift) for c in centre), df0=df0)


def moderate(
    value: float, df: float, s0_squared: float, df0: float, cap: float
) -> tuple[float, float]:
    """The moderated variance and its degrees of freedom, the latter at most ``cap``."""
    if df0 <= 0 or not math.isfinite(df):
        return value, df
    if math.isinf(df0):
        return s0_squared, cap
    total = df0 + df
    return (df0 * s0_squared + df * value) / total, min(cap, total)
