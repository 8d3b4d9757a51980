"""Choosing the number of phases K.

Codes cluster by source: an interview that dwells on one theme puts dozens of correlated
applications into a few bins. The pooled deviance then behaves like φ·χ² rather than χ²,
and plain BIC (which assumes independent applications) keeps adding frontiers. Hence:

* **BIC**:        ``D_K + p_K log N``
* **quasi-BIC**:  ``D_K / φ + p_K log N``  (QBIC; the BIC analogue of QAIC)

with ``D_K`` the optimal cost (deviance) at K, ``N`` the total weight,
``p_K = K (T - 1) + (K - 1)`` (compositions plus frontier dates; one more rate per segment
under the Poisson cost) and φ the *source-level* dispersion

    φ = X² / df,   X² = Σ_{segment g} Σ_{source s} Σ_t (c_gst - n_gs p_gt)² / (n_gs p_gt),
                   df = Σ_g (Σ_s min(n_gs, 1) - 1) (T_g - 1),

the Pearson statistic of each source's counts in each segment against the segment's
pooled composition. It is estimated on the BIC segmentation — the richest model
considered, as QAIC practice estimates ĉ on the global model — and floored at 1 (under-
dispersion is not credited). A source-segment cell holding less than one unit of weight
(a fraction of a date-spread event) counts for that fraction of a degree of freedom,
since its Pearson term scales with its weight. Under the Poisson cost φ is the larger of
this and the Pearson dispersion of bin volumes about the segment rate.

* **bootstrap**: the largest K whose every frontier is found again (within the tolerance)
  in at least ``support_threshold`` of source-bootstrap replicates.

Default K: the median of the available criteria, taking the lower middle value when there
are two (so without bootstrap it is the QBIC choice, the more parsimonious: QBIC ≤ BIC
always since φ ≥ 1). With all three, QBIC and BIC bracket the range and the bootstrap
decides within it.
"""

from __future__ import annotations

import itertools
import math
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from workbench.bracketing.binning import IntervalTable

__all__ = [
    "bic_values",
    "bootstrap_k",
    "composition_dispersion",
    "default_k",
    "n_params",
    "segment_penalty",
    "volume_dispersion",
]


def n_params(k: int, n_themes: int, kind: str) -> int:
    per_segment = n_themes - 1 + (1 if kind == "poisson" else 0)
    return k * per_segment + (k - 1)


def segment_penalty(n_themes: int, total: float, kind: str) -> float:
    """BIC penalty per extra segment, the PELT penalty that reproduces the BIC choice."""
    return (n_params(2, n_themes, kind) - n_params(1, n_themes, kind)) * math.log(max(total, 2.0))


def bic_values(
    ks: Sequence[int], costs: Sequence[float], n_themes: int, total: float, phi: float, kind: str
) -> tuple[list[int], list[float], list[float]]:
    """Parameter counts, BIC and quasi-BIC for the given K values and their optimal costs."""
    log_n = math.log(max(total, 2.0))
    params = [n_params(k, n_themes, kind) for k in ks]
    bic = [c + p * log_n for c, p in zip(costs, params, strict=True)]
    qbic = [c / phi + p * log_n for c, p in zip(costs, params, strict=True)]
    return params, bic, qbic


def composition_dispersion(table: IntervalTable) -> tuple[float, float, int]:
    """Source-level Pearson dispersion (φ, X², df) of compositions within segments."""
    totals = table.totals()
    seg_n = totals.sum(axis=1)
    p = np.divide(totals, seg_n[:, None], out=np.zeros_like(totals), where=seg_n[:, None] > 0)
    n_sources = int(table.source.max(initial=0)) + 1
    cell = table.g * n_sources + table.source
    cells, inverse = np.unique(cell, return_inverse=True)
    n_gs = np.bincount(inverse, weights=table.w, minlength=cells.size)
    expected = n_gs[inverse] * p[table.g, table.theme]
    valid = expected > 0
    x2 = float((table.w[valid] ** 2 / expected[valid]).sum() - n_gs.sum())
    x2 = max(x2, 0.0)
    themes_g = (totals > 0).sum(axis=1)
    eff_cells = np.bincount(
        cells // n_sources, weights=np.minimum(n_gs, 1.0), minlength=table.n_intervals
    )
    df_float = float(((eff_cells - 1.0).clip(min=0.0) * (themes_g - 1).clip(min=0)).sum())
    df = round(df_float)
    phi = max(1.0, x2 / df_float) if df_float >= 1.0 else 1.0
    return phi, x2, df


def volume_dispersion(volume: np.ndarray, bounds: Sequence[int]) -> float:
    """Pearson dispersion of bin volumes about each segment's mean rate (Poisson cost)."""
    edges = [0, *bounds, volume.size]
    x2 = 0.0
    for a, b in itertools.pairwise(edges):
        mean = float(volume[a:b].mean())
        if mean > 0:
            x2 += float(((volume[a:b] - mean) ** 2).sum() / mean)
    df = volume.size - len(edges) + 1
    return max(1.0, x2 / df) if df > 0 else 1.0


def bootstrap_k(supports: Mapping[int, Sequence[float] | None], threshold: float) -> int:
    """Largest K whose every frontier reaches the support threshold (K = 1 always does)."""
    chosen = 1
    for k, support in sorted(supports.items()):
        if k > 1 and support is not None and len(support) and min(support) >= threshold:
            chosen = k
    return chosen


def default_k(choices: Sequence[int]) -> int:
    """Median of the criteria's choices, lower middle value for an even count."""
    ordered = sorted(choices)
    return ordered[(len(ordered) - 1) // 2]
