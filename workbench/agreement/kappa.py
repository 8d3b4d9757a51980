"""Kappa coefficients: Cohen (two coders), Fleiss and Brennan-Prediger (any number).

* Cohen (1960): pe = sum_k p_A(k) p_B(k) from each coder's own marginals; units that either
  coder left unrated are dropped (listwise), since kappa needs both ratings of a unit.
* Fleiss (1971): pe = sum_k pi_k^2 from the pooled category shares. Units with missing
  ratings are kept: pa uses the units with two or more ratings and pi_k every unit with at
  least one (Gwet's generalisation, see ``workbench.agreement.multirater``); with complete
  data this is exactly Fleiss' kappa.
* Brennan & Prediger (1981): pe = 1 / q with q the number of *possible* categories, so pass
  ``categories`` when some category was never used.

Kappa is undefined (value ``None``) when pe = 1, i.e. every rating falls in one category.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from workbench.agreement.errors import AgreementInputError
from workbench.agreement.multirater import chance_corrected, multirater_components
from workbench.agreement.ratings import encode_ratings
from workbench.agreement.result import CoefficientResult

if TYPE_CHECKING:
    from collections.abc import Hashable, Sequence

ONE_CATEGORY = "all ratings fall in one category: expected agreement is 1, so kappa is 0/0"
FEW_CATEGORIES = (
    "fewer than two possible categories: chance agreement is undefined "
    "(pass categories=[...] to name the possible categories)"
)


def cohen_kappa(data: Any, *, categories: Sequence[Hashable] | None = None) -> CoefficientResult:
    """Cohen's kappa for a units x 2 matrix; units missing either rating are dropped."""
    encoded = encode_ratings(data, categories)
    if encoded.n_coders != 2:
        raise AgreementInputError(
            f"Cohen's kappa compares exactly two coders, got {encoded.n_coders}"
        )
    codes = encoded.codes
    both = (codes >= 0).all(axis=1)
    first = codes[both, 0]
    second = codes[both, 1]
    n_units = len(first)
    q = encoded.n_categories
    if n_units == 0:
        return CoefficientResult(
            "cohen_kappa",
            None,
            None,
            None,
            0,
            2,
            q,
            undefined_reason="no unit was rated by both coders",
        )
    observed = float(np.count_nonzero(first == second)) / n_units
    first_share = np.bincount(first, minlength=q) / n_units
    second_share = np.bincount(second, minlength=q) / n_units
    expected = float(np.dot(first_share, second_share))
    if np.count_nonzero(first_share + second_share) < 2:
        return CoefficientResult(
            "cohen_kappa",
            None,
            observed,
            expected,
            n_units,
            2,
            q,
            undefined_reason=ONE_CATEGORY,
        )
    return CoefficientResult(
        "cohen_kappa",
        (observed - expected) / (1.0 - expected),
        observed,
        expected,
        n_units,
        2,
        q,
    )


def fleiss_kappa(data: Any, *, categories: Sequence[Hashable] | None = None) -> CoefficientResult:
    """Fleiss' kappa for any number of coders (Gwet's handling of missing ratings)."""
    components = multirater_components(data, categories)
    shares = components.category_shares
    if components.n_rated_units == 0:
        return chance_corrected("fleiss_kappa", components, None, None)
    expected = float(np.dot(shares, shares))
    reason = ONE_CATEGORY if np.count_nonzero(shares) < 2 else None
    return chance_corrected("fleiss_kappa", components, expected, reason)


def brennan_prediger_kappa(
    data: Any, *, categories: Sequence[Hashable] | None = None
) -> CoefficientResult:
    """Brennan-Prediger kappa: chance agreement 1/q for q possible categories."""
    components = multirater_components(data, categories)
    q = components.n_categories
    if q < 2:
        return chance_corrected("brennan_prediger", components, None, FEW_CATEGORIES)
    return chance_corrected("brennan_prediger", components, 1.0 / q, None)
