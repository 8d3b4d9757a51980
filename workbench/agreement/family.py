"""The chance-corrected family on raw ratings, weighted, with linearised variances.

Fleiss' kappa, Conger's kappa, Gwet's AC1/AC2 and Brennan-Prediger all have the form
(pa - pe) / (1 - pe) with the same observed agreement pa and differ only in pe. Everything
follows Gwet (2014, Handbook of Inter-Rater Reliability, 4th ed., ch. 2-5; his irrCAC
``*.raw`` functions), with agreement weights w_kl (``workbench.agreement.weights``):

* units no coder rated are dropped; n is the number of units with one rating or more;
* pa averages, over the n2 units with r_i >= 2 ratings, sum_k r_ik (r*_ik - 1) /
  (r_i (r_i - 1)) with r*_ik = sum_l w_kl r_il;
* pi_k = (1/n) sum_i r_ik / r_i;
* Fleiss: pe = sum_kl w_kl pi_k pi_l;
* Gwet's AC1 (identity weights) and AC2: pe = T_w sum_k pi_k (1 - pi_k) / (q (q - 1)), with
  T_w the sum of the weights;
* Brennan-Prediger: pe = T_w / q^2;
* Conger (1980): pe = sum_kl w_kl (pbar_k pbar_l - s2_kl / r), from each coder's own
  category shares p_gk (over the units that coder rated), their mean pbar_k and
  covariance s2_kl across the r coders: the average of Cohen's pairwise chance agreements.

Each coefficient also gets its per-unit linearised values (Gwet's variance formulas), from
which ``workbench.agreement.intervals`` makes the interval, by unit or by document.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from workbench.agreement.coincidence import unit_value_counts
from workbench.agreement.intervals import DEFAULT_CONFIDENCE, linearised_interval
from workbench.agreement.percent_agreement import NO_PAIRABLE_UNIT
from workbench.agreement.ratings import encode_ratings
from workbench.agreement.result import CoefficientResult
from workbench.agreement.weights import agreement_weights

if TYPE_CHECKING:
    from collections.abc import Hashable, Sequence

    from workbench.agreement.ratings import EncodedRatings

ONE_CATEGORY = "all ratings fall in one category: expected agreement is 1, so kappa is 0/0"
FEW_CATEGORIES = (
    "fewer than two possible categories: chance agreement is undefined "
    "(pass categories=[...] to name the possible categories)"
)


@dataclass(frozen=True, eq=False)
class RatingTable:
    """What the family shares, over the units with at least one rating (``kept``)."""

    encoded: EncodedRatings
    weights: np.ndarray
    kept: np.ndarray  # indices of the rated units in the caller's rows
    unit: np.ndarray  # run form: unit (0..n-1), value, count
    value: np.ndarray
    count: np.ndarray
    raters: np.ndarray  # r_i per kept unit
    pa_unit: np.ndarray  # per kept unit, 0 where r_i < 2
    shares: np.ndarray  # pi_k

    @property
    def n_units(self) -> int:
        return int(self.raters.size)

    @property
    def pairable(self) -> np.ndarray:
        return self.raters >= 2

    @property
    def n_pairable(self) -> int:
        return int(np.count_nonzero(self.pairable))

    @property
    def n_categories(self) -> int:
        return self.encoded.n_categories

    @property
    def observed(self) -> float | None:
        n2 = self.n_pairable
        return float(self.pa_unit.sum() / n2) if n2 else None

    @property
    def is_identity(self) -> bool:
        return bool(np.array_equal(self.weights, np.eye(self.n_categories)))

    def per_unit(self, vector: np.ndarray) -> np.ndarray:
        """sum_k r_ik v_k / r_i for each unit."""
        total = np.bincount(
            self.unit, weights=self.count * vector[self.value], minlength=self.n_units
        )
        return total / self.raters


def rating_table(
    data: Any,
    categories: Sequence[Hashable] | None = None,
    weights: str | np.ndarray = "identity",
) -> RatingTable:
    encoded = encode_ratings(data, categories)
    q = encoded.n_categories
    matrix = agreement_weights(weights, encoded.labels)
    counts = unit_value_counts(encoded.codes, q)
    kept = np.flatnonzero(counts.raters >= 1)
    remap = np.full(counts.raters.size, -1, dtype=np.int64)
    remap[kept] = np.arange(kept.size)
    unit = remap[counts.unit]
    value = counts.value
    count = counts.count.astype(np.float64)
    raters = counts.raters[kept].astype(np.float64)
    if np.array_equal(matrix, np.eye(q)):
        weighted = count
    else:
        dense = np.zeros((kept.size, q))
        dense[unit, value] = count
        weighted = (dense @ matrix.T)[unit, value]
    agreeing = np.bincount(unit, weights=count * (weighted - 1.0), minlength=kept.size).astype(
        np.float64
    )
    pairs = raters * (raters - 1.0)
    pa_unit = np.divide(agreeing, pairs, out=np.zeros_like(agreeing), where=pairs > 0)
    shares = np.bincount(value, weights=count / raters[unit], minlength=q).astype(np.float64)
    if kept.size:
        shares = shares / kept.size
    return RatingTable(encoded, matrix, kept, unit, value, count, raters, pa_unit, shares)


def _result(
    name: str,
    table: RatingTable,
    expected: float | None,
    expected_unit: np.ndarray | None,
    reason: str | None,
    *,
    clusters: np.ndarray | None,
    confidence: float,
) -> CoefficientResult:
    """(pa - pe) / (1 - pe) and its interval, or an undefined result carrying ``reason``."""
    observed = table.observed
    if observed is None:
        reason = NO_PAIRABLE_UNIT
    if reason is None and expected is not None and expected >= 1.0 - 1e-12:
        reason = "expected agreement is 1: the coefficient is 0/0"
    base = {
        "coefficient": name,
        "observed_agreement": observed,
        "expected_agreement": expected,
        "n_units": table.n_pairable,
        "n_coders": table.encoded.n_coders,
        "n_categories": table.n_categories,
    }
    if reason is not None or observed is None or expected is None:
        return CoefficientResult(value=None, undefined_reason=reason, **base)  # type: ignore[arg-type]
    value = (observed - expected) / (1.0 - expected)
    n, n2 = table.n_units, table.n_pairable
    pe_r2 = expected * table.pairable
    influence = (n / n2) * (table.pa_unit - pe_r2) / (1.0 - expected)
    if expected_unit is not None:
        influence = influence - 2.0 * (1.0 - value) * (expected_unit - expected) / (1.0 - expected)
    unit_clusters = None if clusters is None else np.asarray(clusters)[table.kept]
    interval, why = linearised_interval(
        value, influence, clusters=unit_clusters, confidence=confidence
    )
    return CoefficientResult(
        value=value,
        interval=interval,
        interval_reason=why,
        **base,  # type: ignore[arg-type]
    )


def fleiss_from_table(
    table: RatingTable,
    *,
    clusters: np.ndarray | None = None,
    confidence: float = DEFAULT_CONFIDENCE,
) -> CoefficientResult:
    pi = table.shares
    if table.n_units == 0:
        return _result(
            "fleiss_kappa", table, None, None, None, clusters=clusters, confidence=confidence
        )
    w = table.weights
    expected = float(pi @ w @ pi)
    reason = ONE_CATEGORY if np.count_nonzero(pi) < 2 else None
    pbar = (w @ pi + w.T @ pi) / 2.0
    return _result(
        "fleiss_kappa",
        table,
        expected,
        table.per_unit(pbar),
        reason,
        clusters=clusters,
        confidence=confidence,
    )


def gwet_from_table(
    table: RatingTable,
    *,
    clusters: np.ndarray | None = None,
    confidence: float = DEFAULT_CONFIDENCE,
) -> CoefficientResult:
    q = table.n_categories
    name = "gwet_ac1" if table.is_identity else "gwet_ac2"
    if q < 2:
        return _result(
            name, table, None, None, FEW_CATEGORIES, clusters=clusters, confidence=confidence
        )
    pi = table.shares
    scale = float(table.weights.sum()) / (q * (q - 1))
    expected = scale * float(np.dot(pi, 1.0 - pi))
    expected_unit = scale * table.per_unit(1.0 - pi)
    return _result(
        name, table, expected, expected_unit, None, clusters=clusters, confidence=confidence
    )


def brennan_prediger_from_table(
    table: RatingTable,
    *,
    clusters: np.ndarray | None = None,
    confidence: float = DEFAULT_CONFIDENCE,
) -> CoefficientResult:
    q = table.n_categories
    if q < 2:
        return _result(
            "brennan_prediger",
            table,
            None,
            None,
            FEW_CATEGORIES,
            clusters=clusters,
            confidence=confidence,
        )
    expected = float(table.weights.sum()) / (q * q)
    return _result(
        "brennan_prediger", table, expected, None, None, clusters=clusters, confidence=confidence
    )


def conger_from_table(
    table: RatingTable,
    *,
    clusters: np.ndarray | None = None,
    confidence: float = DEFAULT_CONFIDENCE,
) -> CoefficientResult:
    """Conger's kappa; coders who rated nothing take no part (their shares are undefined)."""
    q = table.n_categories
    codes = table.encoded.codes[table.kept]
    active = (codes >= 0).any(axis=0)
    codes = codes[:, active]
    r = codes.shape[1]
    if table.n_units == 0 or r < 2:
        reason = None if table.n_units == 0 else "Conger's kappa needs two coders who rated"
        return _result(
            "conger_kappa", table, None, None, reason, clusters=clusters, confidence=confidence
        )
    n = table.n_units
    rated = codes >= 0
    classified = np.zeros((r, q))
    for g in range(r):
        classified[g] = np.bincount(codes[rated[:, g], g], minlength=q)
    n_g = classified.sum(axis=1)
    p = classified / n_g[:, None]
    pbar = p.mean(axis=0)
    s2 = (p.T @ p - r * np.outer(pbar, pbar)) / (r - 1)
    w = table.weights
    expected = float(np.sum(w * (np.outer(pbar, pbar) - s2 / r)))
    if np.count_nonzero(table.shares) < 2:
        return _result(
            "conger_kappa",
            table,
            expected,
            None,
            ONE_CATEGORY,
            clusters=clusters,
            confidence=confidence,
        )
    a = r * pbar[None, :] - p  # r x q
    aw = a @ w  # (AW)_gl = sum_k A_gk w_kl
    b = np.sum(aw * p, axis=1)  # B_g = sum_l (AW)_gl p_gl
    safe = np.where(rated, codes, 0)
    own = aw[np.arange(r)[None, :], safe]  # (AW)_{g, x_ig}
    share = n_g / n
    lam = np.where(rated, (own - (1.0 - share[None, :]) * b[None, :]) / share[None, :], b[None, :])
    expected_unit = lam.sum(axis=1) / (r * (r - 1))
    return _result(
        "conger_kappa",
        table,
        expected,
        expected_unit,
        None,
        clusters=clusters,
        confidence=confidence,
    )


def percent_interval_for(
    table: RatingTable,
    *,
    clusters: np.ndarray | None = None,
    confidence: float = DEFAULT_CONFIDENCE,
) -> tuple[Any, str | None]:
    """Interval of pairwise percent agreement pa (Gwet's pa.coeff.raw variance)."""
    observed = table.observed
    if observed is None:
        return None, NO_PAIRABLE_UNIT
    influence = (table.n_units / table.n_pairable) * table.pa_unit
    unit_clusters = None if clusters is None else np.asarray(clusters)[table.kept]
    return linearised_interval(observed, influence, clusters=unit_clusters, confidence=confidence)
