"""Raw (not chance-corrected) agreement, under three definitions that are all in use.

Reports disagree on what "percent agreement" means once there are more than two coders or
missing ratings, and the three readings can differ a lot, so each result names its
definition:

* ``PAIRWISE`` - over all coder pairs: for each unit with two or more ratings, the share of
  its coder pairs that agree; averaged over those units (each unit weighs the same). This is
  the observed agreement pa of Fleiss' kappa, Gwet's AC1 and Brennan-Prediger, and it is the
  default, so percent agreement and the kappas printed next to it use the same pa.
* ``UNANIMOUS`` - all coders identical: the share of units with two or more ratings on which
  every rating is the same.
* ``PER_CODER`` - per-coder average: for each pair of coders, the share of agreeing units
  among units both rated; each coder's score is the mean over its partners; the value is the
  mean of the coders' scores (with complete data, the mean over pairs). The per-coder scores
  are returned, which is what makes this reading useful: it singles out a deviant coder.

With two coders and no missing values all three coincide.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

import numpy as np

from workbench.agreement.coincidence import UnitValueCounts, pairable, unit_value_counts
from workbench.agreement.ratings import encode_ratings
from workbench.agreement.result import PercentAgreementResult

if TYPE_CHECKING:
    from collections.abc import Hashable, Sequence

    from workbench.agreement.ratings import EncodedRatings


class PercentAgreementDefinition(StrEnum):
    PAIRWISE = "pairwise"
    UNANIMOUS = "unanimous"
    PER_CODER = "per_coder"


NO_PAIRABLE_UNIT = "no unit was rated by two or more coders"


def percent_agreement(
    data: Any,
    definition: PercentAgreementDefinition | str = PercentAgreementDefinition.PAIRWISE,
    *,
    categories: Sequence[Hashable] | None = None,
) -> PercentAgreementResult:
    """Raw agreement of a units x coders matrix under the named ``definition``."""
    definition = PercentAgreementDefinition(definition)
    encoded = encode_ratings(data, categories)
    if definition is PercentAgreementDefinition.PER_CODER:
        return _per_coder(encoded)
    counts = pairable(unit_value_counts(encoded.codes, encoded.n_categories))
    n_units = int(np.count_nonzero(counts.raters >= 2))
    if n_units == 0:
        return PercentAgreementResult(
            definition, None, 0, encoded.n_coders, undefined_reason=NO_PAIRABLE_UNIT
        )
    if definition is PercentAgreementDefinition.PAIRWISE:
        value = pairwise_unit_agreement(counts).sum() / n_units
    else:
        distinct = np.bincount(counts.unit, minlength=counts.n_units)
        value = np.count_nonzero(distinct == 1) / n_units
    return PercentAgreementResult(definition, float(value), n_units, encoded.n_coders)


def pairwise_unit_agreement(counts: UnitValueCounts) -> np.ndarray:
    """Per unit: sum_k r_uk (r_uk - 1) / (r_u (r_u - 1)), 0 for units with fewer than 2 ratings.

    ``counts`` must already be restricted to pairable units.
    """
    count = counts.count.astype(np.float64)
    agreeing = np.bincount(counts.unit, weights=count * (count - 1), minlength=counts.n_units)
    raters = counts.raters.astype(np.float64)
    pairs = raters * (raters - 1)
    return np.divide(agreeing, pairs, out=np.zeros_like(agreeing), where=pairs > 0)


def _per_coder(encoded: EncodedRatings) -> PercentAgreementResult:
    codes = encoded.codes
    n_coders = encoded.n_coders
    rated = codes >= 0
    pair_agreement = np.full((n_coders, n_coders), np.nan)
    for first in range(n_coders):
        for second in range(first + 1, n_coders):
            both = rated[:, first] & rated[:, second]
            shared = int(np.count_nonzero(both))
            if shared:
                agree = np.count_nonzero(codes[both, first] == codes[both, second]) / shared
                pair_agreement[first, second] = pair_agreement[second, first] = agree
    per_coder: list[float | None] = []
    for coder in range(n_coders):
        row = pair_agreement[coder]
        known = row[~np.isnan(row)]
        per_coder.append(float(known.mean()) if known.size else None)
    n_units = int(np.count_nonzero(rated.sum(axis=1) >= 2))
    scores = [score for score in per_coder if score is not None]
    if not scores:
        return PercentAgreementResult(
            PercentAgreementDefinition.PER_CODER,
            None,
            n_units,
            n_coders,
            undefined_reason="no two coders rated a common unit",
            per_coder=tuple(per_coder),
        )
    return PercentAgreementResult(
        PercentAgreementDefinition.PER_CODER,
        float(np.mean(scores)),
        n_units,
        n_coders,
        per_coder=tuple(per_coder),
    )
