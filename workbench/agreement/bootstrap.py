"""Bootstrap intervals for Krippendorff's alpha: resampling units (or documents), or KALPHA's.

Two procedures, and they answer different questions:

``units`` (the default). Units are drawn with replacement, each bringing all its values,
and alpha is recomputed on each replicate (observed *and* expected disagreement). With
``clusters`` (the document of each unit) whole documents are drawn instead, since the
sentences of one interview are coded in one sitting and are not independent of each other.
This is the ordinary nonparametric bootstrap of a statistic over its sampling units, the
procedure Zapf et al. (2016, BMC Medical Research Methodology 16:93) found to keep its
nominal coverage for alpha.

``krippendorff``. The algorithm of Hayes & Krippendorff (2007, Communication Methods and
Measures 1:77-89) and Krippendorff ("Algorithm for bootstrapping a distribution of alpha",
2006, rev. 2011) as their KALPHA macro runs it:

1. draw M pairs of values from the observed coincidence matrix, cell (c, k) with
   probability o_ck / n (both orders of an off-diagonal pair together, 2 o_ck / n), with
   M = min(25 Q, n (m - 1) / 2): Q non-zero cells of the coincidence matrix, n pairable
   values, m coders (the number of pairs the data hold without missing values);
2. the replicate's alpha is 1 - (sum of d_ck over the M pairs) / (M De), with De the
   *observed data's* expected disagreement, floored at -1;
3. a replicate whose M draws all fall in one diagonal cell has no variation; its alpha
   counts as 0 (KALPHA estimates how many such replicates to expect; drawing counts lets
   us find them exactly).

It treats the M pairs as independent draws, but the m (m - 1) / 2 pairs of one unit are
not, and De is held fixed; so its interval is narrower than the data support (Gwet 2015,
"Standard error of Krippendorff's alpha"; Zapf et al. 2016). On Hayes & Krippendorff's own
example (40 articles, 5 observers, ordinal) it gives about .71 to .81 where resampling the
articles gives about .62 to .84. The workbench uses ``units`` and offers ``krippendorff``
to reproduce a figure computed with KALPHA.

Both give the percentile interval and q, the share of replicates below ``alpha_min``
(0.667 by default, Krippendorff's lowest acceptable level).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from workbench.agreement.alpha import alpha_components, alpha_from_components, undefined_reason
from workbench.agreement.coincidence import unit_pairs
from workbench.agreement.distance import (
    MeasurementLevel,
    expected_disagreement_sum,
    pair_difference,
)
from workbench.agreement.errors import AgreementInputError
from workbench.agreement.intervals import check_confidence
from workbench.agreement.result import BootstrapResult

if TYPE_CHECKING:
    from collections.abc import Hashable, Sequence

    from workbench.agreement.alpha import AlphaComponents

DRAWS_PER_CELL = 25
UNITS = "units"
KRIPPENDORFF = "krippendorff"
METHODS = (UNITS, KRIPPENDORFF)
# Replicates are drawn in blocks so that block x clusters stays below this many weights.
_BLOCK_CELLS = 1 << 22


def bootstrap_alpha(
    data: Any,
    level: MeasurementLevel | str = MeasurementLevel.NOMINAL,
    *,
    n_replicates: int = 1000,
    confidence: float = 0.95,
    alpha_min: float = 0.667,
    rng: np.random.Generator | int | None = None,
    categories: Sequence[Hashable] | None = None,
    method: str = UNITS,
    clusters: Any = None,
) -> BootstrapResult:
    """Interval and q for Krippendorff's alpha; ``rng`` seeds the resampling.

    ``clusters`` (one label per row of ``data``) makes the ``units`` method draw whole
    clusters; the ``krippendorff`` method has no notion of clusters and refuses them.
    """
    if n_replicates < 1:
        raise AgreementInputError("the bootstrap needs at least one replicate")
    check_confidence(confidence)
    if method not in METHODS:
        raise AgreementInputError(f"bootstrap method must be one of {', '.join(METHODS)}")
    if method == KRIPPENDORFF and clusters is not None:
        raise AgreementInputError("Krippendorff's bootstrap resamples pairs, not documents")
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
            method=method,
        )
    if method == KRIPPENDORFF:
        replicates, n_draws, n_clusters = _krippendorff(components, point, n_replicates, generator)
        undefined = 0
    else:
        replicates, n_clusters = _units(components, clusters, n_replicates, generator)
        n_draws = n_clusters
        undefined = int(np.count_nonzero(np.isnan(replicates)))
        replicates = replicates[~np.isnan(replicates)]
    if replicates.size == 0:
        return BootstrapResult(
            level=components.level,
            alpha=point.value,
            lower=None,
            upper=None,
            confidence=confidence,
            n_replicates=n_replicates,
            n_draws=n_draws,
            alpha_min=alpha_min,
            q=None,
            undefined_reason="no replicate had variation to compute alpha from",
            method=method,
            n_clusters=n_clusters,
            n_undefined=undefined,
            clustered=clusters is not None,
        )
    tail = (1.0 - confidence) / 2.0
    lower, upper = np.quantile(replicates, [tail, 1.0 - tail])
    return BootstrapResult(
        level=components.level,
        alpha=point.value,
        lower=float(lower),
        upper=float(min(upper, 1.0)),
        confidence=confidence,
        n_replicates=n_replicates,
        n_draws=n_draws,
        alpha_min=alpha_min,
        q=float(np.mean(replicates < alpha_min)),
        method=method,
        n_clusters=n_clusters,
        n_undefined=undefined,
        clustered=clusters is not None,
    )


def kalpha_draws(components: AlphaComponents, n_cells: int) -> int:
    """KALPHA's M = min(25 Q, n (m - 1) / 2), with m the number of coders."""
    n = components.n_pairable_values
    m = components.encoded.n_coders
    return max(1, int(min(DRAWS_PER_CELL * n_cells, round(n * (m - 1) / 2.0))))


def _krippendorff(
    components: AlphaComponents, point: Any, n_replicates: int, generator: np.random.Generator
) -> tuple[np.ndarray, int, int]:
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
    n_draws = kalpha_draws(components, len(coincidences.weight))
    draws = generator.multinomial(n_draws, probability, size=n_replicates)
    replicate = 1.0 - (draws @ difference) / (n_draws * point.expected_disagreement)
    replicate = np.maximum(replicate, -1.0)
    diagonal = row == col
    if diagonal.any():
        no_variation = (draws[:, diagonal] == n_draws).any(axis=1)
        replicate[no_variation] = 0.0
    return replicate, n_draws, components.n_pairable_units


def _units(
    components: AlphaComponents, clusters: Any, n_replicates: int, generator: np.random.Generator
) -> tuple[np.ndarray, int]:
    """Alpha on replicates of whole units (or clusters of units); NaN where undefined."""
    v = components.encoded.n_categories
    unit, cell, weight = unit_pairs(components.counts, v)
    rated = components.counts.raters >= 1  # units nobody rated are not part of the data
    if clusters is None:
        labels = np.arange(components.counts.n_units)
    else:
        labels = np.asarray(clusters)
        if labels.shape[0] != components.encoded.n_units:
            raise AgreementInputError("clusters must give one label per unit (row)")
    _, index = np.unique(labels[rated], return_inverse=True)
    n_groups = int(index.max()) + 1 if index.size else 0
    unit_group = np.full(labels.shape[0], -1, dtype=np.int64)
    unit_group[rated] = index.ravel()
    group = unit_group[unit]
    # Only groups holding pairable values matter; renumber them 0..G-1.
    present, group = np.unique(group, return_inverse=True)
    cells, cell_index = np.unique(cell, return_inverse=True)
    n_present = present.size
    flat = group.ravel() * cells.size + cell_index.ravel()
    table = np.bincount(flat, weights=weight, minlength=n_present * cells.size).reshape(
        n_present, cells.size
    )
    # Empty groups (no pairable value) are drawn too: they dilute nothing but count.
    empty = n_groups - n_present
    n_total = n_present + empty
    row_value = cells // v
    col_value = cells % v
    difference = None
    if components.level in (MeasurementLevel.NOMINAL, MeasurementLevel.RATIO):
        difference = pair_difference(
            components.level, row_value, col_value, components.numeric, components.marginals
        )
    block = max(1, min(n_replicates, _BLOCK_CELLS // max(n_total, 1)))
    out = np.empty(n_replicates)
    done = 0
    while done < n_replicates:
        size = min(block, n_replicates - done)
        drawn = generator.integers(0, n_total, size=(size, n_total))
        drawn += (np.arange(size) * n_total)[:, None]
        counts = np.bincount(drawn.ravel(), minlength=size * n_total).reshape(size, n_total)
        coincidence = counts[:, :n_present] @ table  # replicates x cells
        out[done : done + size] = _alpha_of(
            components, coincidence, row_value, col_value, difference, v
        )
        done += size
    return out, n_total


def _alpha_of(
    components: AlphaComponents,
    coincidence: np.ndarray,
    row_value: np.ndarray,
    col_value: np.ndarray,
    difference: np.ndarray | None,
    v: int,
) -> np.ndarray:
    """alpha = 1 - (n - 1) Do_sum / De_sum for each replicate's coincidence cells."""
    level = components.level
    marginals = np.zeros((coincidence.shape[0], v))
    for j, value in enumerate(row_value):
        marginals[:, value] += coincidence[:, j]
    n = marginals.sum(axis=1)
    result = np.full(coincidence.shape[0], np.nan)
    varied = (np.count_nonzero(marginals > 1e-12, axis=1) >= 2) & (n >= 2)
    if level is MeasurementLevel.NOMINAL:
        assert difference is not None
        observed = coincidence @ difference
        expected = n * n - np.einsum("ij,ij->i", marginals, marginals)
    elif level is MeasurementLevel.RATIO:
        assert difference is not None
        observed = coincidence @ difference
        expected = np.array(
            [expected_disagreement_sum(level, components.numeric, row) for row in marginals]
        )
    else:
        if level is MeasurementLevel.ORDINAL:  # mid-ranks move with the replicate's marginals
            position = np.cumsum(marginals, axis=1) - marginals / 2.0
        else:
            assert components.numeric is not None
            position = np.broadcast_to(components.numeric, marginals.shape)
        step = position[:, row_value] - position[:, col_value]
        observed = np.einsum("ij,ij->i", coincidence, step * step)
        mean = np.einsum("ij,ij->i", marginals, position) / np.where(n > 0, n, 1.0)
        centred = position - mean[:, None]
        expected = 2.0 * n * np.einsum("ij,ij->i", marginals, centred * centred)
    ok = varied & (expected > 0)
    result[ok] = 1.0 - (n[ok] - 1.0) * observed[ok] / expected[ok]
    return result
