"""Confidence intervals from linearised (influence) values, by unit or by document.

Gwet (2014, Handbook of Inter-Rater Reliability, 4th ed., ch. 5) gives each
chance-corrected coefficient a variance of the form sum_i (k*_i - k)^2 / (n (n - 1)):
each unit i has a linearised value k*_i whose mean is the coefficient, and the variance is
that of a mean of n independent values. The interval is k +- t(n - 1) * se, capped at 1.

Units in a project are not independent: they are sentences of a few documents, coded in
document-sized sittings. With ``clusters`` (the document of each unit) the same
linearised values are summed per document first, and the variance is the cluster-robust
one, G / (G - 1) * sum_g (sum_{i in g} (k*_i - k))^2 / n^2 with t(G - 1): the standard
sandwich estimator for a mean of clustered values. With one unit per cluster it is
Gwet's formula exactly, so the published examples check both.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from workbench.core.studentt import t_ppf

DEFAULT_CONFIDENCE = 0.95


@dataclass(frozen=True)
class IntervalResult:
    """A statistic's interval and how it was obtained.

    ``method`` says it in words (for reports); ``n_clusters`` is the number of independent
    pieces the uncertainty was estimated from (units, or documents when clustered);
    ``degrees_of_freedom`` is None for bootstrap intervals.
    """

    lower: float
    upper: float
    confidence: float
    method: str
    n_clusters: int
    standard_error: float | None = None
    degrees_of_freedom: int | None = None


def check_confidence(confidence: float) -> None:
    if not 0.0 < confidence < 1.0:
        raise ValueError("confidence must lie strictly between 0 and 1")


def linearised_interval(
    value: float,
    influence: np.ndarray,
    *,
    clusters: np.ndarray | None = None,
    confidence: float = DEFAULT_CONFIDENCE,
    ddof: int = 1,
    cap: float | None = 1.0,
    what: str = "linearised standard error (Gwet 2014)",
    unit_name: str = "units",
) -> tuple[IntervalResult | None, str | None]:
    """Interval for ``value`` from per-unit linearised values (see the module docstring).

    ``ddof`` is 1 for Gwet's raw-ratings formulas (n (n - 1)) and 0 for his
    contingency-table formulas (n^2). Returns (None, reason) when there is nothing to
    estimate the variance from (fewer than two units or clusters).
    """
    check_confidence(confidence)
    influence = np.asarray(influence, dtype=np.float64)
    n = influence.size
    deviation = influence - value
    if clusters is None:
        groups = n
        if n - ddof < 1 or n < 2:
            return None, f"fewer than two {unit_name}: no interval"
        variance = float(np.dot(deviation, deviation)) / (n * (n - ddof))
        how = f"{what}, {unit_name} independent"
    else:
        labels = np.asarray(clusters)
        if labels.shape[0] != n:
            raise ValueError("clusters must give one label per unit")
        if labels.dtype.kind in "iu" and (labels.size == 0 or labels.min() >= 0):
            index = labels  # already small integer codes: no sort needed
        else:
            index = np.unique(labels, return_inverse=True)[1].ravel()
        sums = np.bincount(index, weights=deviation)
        present = np.bincount(index) > 0
        sums = sums[present]
        groups = sums.size
        if groups < 2:
            return None, "all units come from one document: no interval across documents"
        variance = groups / (groups - 1) * float(np.dot(sums, sums)) / (n * n)
        how = f"{what}, clustered by document ({groups} documents)"
    standard_error = math.sqrt(max(variance, 0.0))
    df = groups - 1
    half = t_ppf(0.5 + confidence / 2.0, df) * standard_error
    upper = value + half
    if cap is not None:
        upper = min(cap, upper)
    return (
        IntervalResult(
            lower=value - half,
            upper=upper,
            confidence=confidence,
            method=f"t({df}) interval from the {how}",
            n_clusters=groups,
            standard_error=standard_error,
            degrees_of_freedom=df,
        ),
        None,
    )
