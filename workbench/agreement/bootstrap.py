"""Bootstrap distribution of alpha by Krippendorff's coincidence-resampling algorithm.

Hayes & Krippendorff (2007, Communication Methods and Measures 1:77-89) obtain alpha's
confidence interval and q = P(alpha < alpha_min) not by resampling units but by resampling
*pairs of values* from the observed coincidence matrix (Krippendorff, "Algorithm for
bootstrapping a distribution of alpha", 2006, rev. 2011; the KALPHA macro). Exactly what is
resampled here:

1. Cells (c, k) with c <= k of the coincidence matrix, with probability o_cc / n on the
   diagonal and 2 o_ck / n off it (a pair of values c, k can be drawn in either order).
2. Each replicate draws M such pairs with replacement, where M = min(25 Q, P): Q is the
   number of non-zero cells of the full coincidence matrix and P = sum_u m_u (m_u - 1) / 2
   the number of value pairs in the data (the "practical limit"; with no missing values
   P = (m - 1) n / 2 as in kripp.boot). Draws are taken as one multinomial count vector.
3. The replicate's alpha is 1 - (sum of d_ck over the M draws) / (M De), with De the
   *observed data's* expected disagreement (De is not re-estimated), floored at -1.
4. A replicate whose M draws all fall in one diagonal cell has no variation; its alpha is
   0/0 and, following Krippendorff, is counted as 0. The algorithm estimates how many such
   replicates to expect; drawing counts lets us detect them exactly instead.

The interval is the percentile interval of the replicates; q is the share of replicates
below ``alpha_min`` (0.667 by default, Krippendorff's lowest acceptable level).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from workbench.agreement.alpha import alpha_components, alpha_from_components, undefined_reason
from workbench.agreement.distance import MeasurementLevel, pair_difference
from workbench.agreement.result import BootstrapResult

if TYPE_CHECKING:
    from collections.abc import Hashable, Sequence

DRAWS_PER_CELL = 25


def bootstrap_alpha(
    data: Any,
    level: MeasurementLevel | str = MeasurementLevel.NOMINAL,
    *,
    n_replicates: int = 1000,
    confidence: float = 0.95,
    alpha_min: float = 0.667,
    rng: np.random.Generator | int | None = None,
    categories: Sequence[Hashable] | None = None,
) -> BootstrapResult:
    """Confidence interval and q for Krippendorff's alpha; ``rng`` seeds the resampling."""
    if n_replicates < 1:
        raise ValueError("n_replicates must be at least 1")
    if not 0.0 < confidence < 1.0:
        raise ValueError("confidence must lie strictly between 0 and 1")
    generator = np.random.default_rng(rng)
    components = alpha_components(data, level, categories)
    point = alpha_from_components(components)
    reason = undefined_reason(components)
    if reason is not None or point.value is None or point.expected_disagreement is None:
        return BootstrapResult(
            level=components.level,
            alpha=None,
            lower=None,
            upper=None,
            confidence=confidence,
            n_replicates=0,
            n_draws=0,
            alpha_min=alpha_min,
            q=None,
            undefined_reason=reason,
        )
    coincidences = components.coincidences()
    upper = coincidences.row <= coincidences.col
    row = coincidences.row[upper]
    col = coincidences.col[upper]
    n = components.n_pairable_values
    probability = np.where(row == col, 1.0, 2.0) * coincidences.weight[upper] / n
    probability = probability / probability.sum()
    difference = pair_difference(
        components.level, row, col, components.numeric, components.marginals
    )
    raters = components.counts.raters.astype(np.float64)
    value_pairs = float(np.sum(raters * (raters - 1.0)) / 2.0)
    n_draws = int(min(DRAWS_PER_CELL * len(coincidences.weight), value_pairs))
    n_draws = max(n_draws, 1)
    draws = generator.multinomial(n_draws, probability, size=n_replicates)
    replicate = 1.0 - (draws @ difference) / (n_draws * point.expected_disagreement)
    replicate = np.maximum(replicate, -1.0)
    diagonal = row == col
    if diagonal.any():
        no_variation = (draws[:, diagonal] == n_draws).any(axis=1)
        replicate[no_variation] = 0.0
    tail = (1.0 - confidence) / 2.0
    lower, upper_bound = np.quantile(replicate, [tail, 1.0 - tail])
    return BootstrapResult(
        level=components.level,
        alpha=point.value,
        lower=float(lower),
        upper=float(upper_bound),
        confidence=confidence,
        n_replicates=n_replicates,
        n_draws=n_draws,
        alpha_min=alpha_min,
        q=float(np.mean(replicate < alpha_min)),
    )
