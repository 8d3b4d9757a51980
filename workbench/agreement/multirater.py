"""What Fleiss' kappa, Gwet's AC1 and Brennan-Prediger share: pa and the category shares.

All three have the form (pa - pe) / (1 - pe) with the same observed agreement and differ only
in pe. Missing ratings follow Gwet (2014, Handbook of Inter-Rater Reliability, 4th ed., ch. 2
and 4; the irrCAC ``*.raw`` functions):

* units with no rating are dropped;
* pa averages, over the n' units with two or more ratings r_i, the share of agreeing pairs
  sum_k r_ik (r_ik - 1) / (r_i (r_i - 1));
* pi_k = (1/n) sum_i r_ik / r_i averages each unit's rating distribution over the n units
  with at least one rating.

With complete data this is exactly Fleiss (1971).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from workbench.agreement.coincidence import pairable, unit_value_counts
from workbench.agreement.percent_agreement import NO_PAIRABLE_UNIT, pairwise_unit_agreement
from workbench.agreement.ratings import encode_ratings
from workbench.agreement.result import CoefficientResult

if TYPE_CHECKING:
    from collections.abc import Hashable, Sequence


@dataclass(frozen=True, eq=False)
class MultiraterComponents:
    """pa over units with 2+ ratings, and pi_k over units with 1+ rating."""

    observed_agreement: float | None
    category_shares: np.ndarray
    n_pairable_units: int
    n_rated_units: int
    n_coders: int
    n_categories: int


def multirater_components(
    data: Any, categories: Sequence[Hashable] | None = None
) -> MultiraterComponents:
    encoded = encode_ratings(data, categories)
    counts = unit_value_counts(encoded.codes, encoded.n_categories)
    rated = counts.raters >= 1
    n_rated = int(np.count_nonzero(rated))
    share = counts.count / counts.raters[counts.unit]
    shares = np.bincount(counts.value, weights=share, minlength=encoded.n_categories)
    if n_rated:
        shares = shares / n_rated
    usable = pairable(counts)
    n_pairable = int(np.count_nonzero(counts.raters >= 2))
    observed = float(pairwise_unit_agreement(usable).sum() / n_pairable) if n_pairable else None
    return MultiraterComponents(
        observed, shares, n_pairable, n_rated, encoded.n_coders, encoded.n_categories
    )


def chance_corrected(
    name: str, components: MultiraterComponents, expected: float | None, reason: str | None
) -> CoefficientResult:
    """Assemble (pa - pe) / (1 - pe), or an undefined result carrying ``reason``."""
    observed = components.observed_agreement
    if observed is None:
        reason = NO_PAIRABLE_UNIT
    if reason is None and expected is not None and expected >= 1.0:
        reason = "expected agreement is 1: the coefficient is 0/0"
    value = None
    if reason is None and observed is not None and expected is not None:
        value = (observed - expected) / (1.0 - expected)
    return CoefficientResult(
        coefficient=name,
        value=value,
        observed_agreement=observed,
        expected_agreement=expected,
        n_units=components.n_pairable_units,
        n_coders=components.n_coders,
        n_categories=components.n_categories,
        undefined_reason=reason,
    )
