"""Gwet's AC1 (Gwet 2008; Handbook of Inter-Rater Reliability, 4th ed., 2014).

pe = sum_k pi_k (1 - pi_k) / (q - 1): chance agreement is the probability of a random rating
times the probability of agreeing on it at random, which keeps AC1 stable when one category
dominates (where kappa collapses). Missing ratings as in ``workbench.agreement.multirater``.

Unlike kappa, AC1 is defined when every coder gives every unit the same category (pe = 0,
AC1 = pa = 1). It is undefined only with fewer than two possible categories: pass
``categories`` so a code nobody applied still has its two categories.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from workbench.agreement.kappa import FEW_CATEGORIES
from workbench.agreement.multirater import chance_corrected, multirater_components

if TYPE_CHECKING:
    from collections.abc import Hashable, Sequence

    from workbench.agreement.result import CoefficientResult


def gwet_ac1(data: Any, *, categories: Sequence[Hashable] | None = None) -> CoefficientResult:
    """Gwet's AC1 for any number of coders, with missing ratings."""
    components = multirater_components(data, categories)
    q = components.n_categories
    if q < 2:
        return chance_corrected("gwet_ac1", components, None, FEW_CATEGORIES)
    shares = components.category_shares
    expected = float(np.dot(shares, 1.0 - shares)) / (q - 1)
    return chance_corrected("gwet_ac1", components, expected, None)
