"""Gwet's AC1 and AC2 (Gwet 2008; Handbook of Inter-Rater Reliability, 4th ed., 2014).

pe = T_w sum_k pi_k (1 - pi_k) / (q (q - 1)): chance agreement is the probability of a
random rating times the probability of agreeing on it at random, which keeps AC1 stable
when one category dominates (where kappa collapses). AC2 is the weighted form (T_w, the
sum of the weights, is q for AC1). Missing ratings as in ``workbench.agreement.family``.

Unlike kappa, AC1 is defined when every coder gives every unit the same category (pe = 0,
AC1 = pa = 1). It is undefined only with fewer than two possible categories: pass
``categories`` so a code nobody applied still has its two categories.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from workbench.agreement.family import gwet_from_table, rating_table
from workbench.agreement.intervals import DEFAULT_CONFIDENCE

if TYPE_CHECKING:
    from collections.abc import Hashable, Sequence

    import numpy as np

    from workbench.agreement.result import CoefficientResult


def gwet_ac1(
    data: Any,
    *,
    categories: Sequence[Hashable] | None = None,
    clusters: Any = None,
    confidence: float = DEFAULT_CONFIDENCE,
) -> CoefficientResult:
    """Gwet's AC1 for any number of coders, with missing ratings."""
    table = rating_table(data, categories)
    return gwet_from_table(table, clusters=clusters, confidence=confidence)


def gwet_ac2(
    data: Any,
    *,
    weights: str | np.ndarray = "quadratic",
    categories: Sequence[Hashable] | None = None,
    clusters: Any = None,
    confidence: float = DEFAULT_CONFIDENCE,
) -> CoefficientResult:
    """Gwet's AC2: AC1 with agreement weights (quadratic by default, for ordered values)."""
    table = rating_table(data, categories, weights)
    return gwet_from_table(table, clusters=clusters, confidence=confidence)
