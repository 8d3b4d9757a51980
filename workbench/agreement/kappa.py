"""Kappa coefficients: Cohen, Scott (two coders), Fleiss, Conger, Brennan-Prediger (any number).

* Cohen (1960; weighted: Cohen 1968): pe = sum_kl w_kl p_A(k) p_B(l) from each coder's own
  marginals; units that either coder left unrated are dropped (listwise), since kappa
  needs both ratings of a unit. The interval uses Gwet's (2014) contingency-table variance.
* Scott (1955) pi: the same two-coder table, with chance agreement from the pooled
  marginals pi_k = (p_A(k) + p_B(k)) / 2. Fleiss' kappa generalises it to many coders.
* Fleiss (1971), Conger (1980) and Brennan & Prediger (1981) on any number of coders with
  missing ratings: see ``workbench.agreement.family``. Conger's kappa is the one that
  reduces to Cohen's kappa with two coders; Fleiss' reduces to Scott's pi.

``weights`` turns each into its weighted form (``workbench.agreement.weights``): linear or
quadratic weights for ordered categories, or a custom matrix. Kappa is undefined (value
``None``) when pe = 1, i.e. every rating falls in one category.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from workbench.agreement.errors import AgreementInputError
from workbench.agreement.family import (
    FEW_CATEGORIES,
    ONE_CATEGORY,
    brennan_prediger_from_table,
    conger_from_table,
    fleiss_from_table,
    rating_table,
)
from workbench.agreement.intervals import DEFAULT_CONFIDENCE, linearised_interval
from workbench.agreement.ratings import encode_ratings
from workbench.agreement.result import CoefficientResult
from workbench.agreement.weights import agreement_weights

if TYPE_CHECKING:
    from collections.abc import Callable, Hashable, Sequence

__all__ = [
    "FEW_CATEGORIES",
    "ONE_CATEGORY",
    "brennan_prediger_kappa",
    "cohen_kappa",
    "conger_kappa",
    "fleiss_kappa",
    "scott_pi",
]


def _two_coder_table(
    name: str,
    data: Any,
    categories: Sequence[Hashable] | None,
    weights: str | np.ndarray,
    clusters: Any,
    confidence: float,
) -> CoefficientResult:
    """Cohen's kappa or Scott's pi: one table, two ways of counting chance agreement."""
    encoded = encode_ratings(data, categories)
    if encoded.n_coders != 2:
        label = "Cohen's kappa" if name == "cohen_kappa" else "Scott's pi"
        raise AgreementInputError(f"{label} compares exactly two coders, got {encoded.n_coders}")
    q = encoded.n_categories
    w = agreement_weights(weights, encoded.labels)
    codes = encoded.codes
    both = (codes >= 0).all(axis=1)
    first = codes[both, 0]
    second = codes[both, 1]
    n = len(first)
    base: dict[str, Any] = {
        "coefficient": name,
        "n_units": n,
        "n_coders": 2,
        "n_categories": q,
        "observed_agreement": None,
        "expected_agreement": None,
    }
    if n == 0:
        return CoefficientResult(
            value=None, undefined_reason="no unit was rated by both coders", **base
        )
    unit_weight = w[first, second]
    observed = float(unit_weight.mean())
    base["observed_agreement"] = observed
    row = np.bincount(first, minlength=q) / n
    col = np.bincount(second, minlength=q) / n
    if name == "cohen_kappa":
        expected = float(row @ w @ col)
        row_bar = w @ col  # w_k. = sum_l w_kl p_.l
        col_bar = w.T @ row  # w_.l = sum_k w_kl p_k.
    else:
        pooled = (row + col) / 2.0
        expected = float(pooled @ w @ pooled)
        row_bar = col_bar = (w @ pooled + w.T @ pooled) / 2.0
    base["expected_agreement"] = expected
    if np.count_nonzero(row + col) < 2 or expected >= 1.0 - 1e-12:
        return CoefficientResult(value=None, undefined_reason=ONE_CATEGORY, **base)
    value = (observed - expected) / (1.0 - expected)
    contribution = (unit_weight - (1.0 - value) * (row_bar[first] + col_bar[second])) / (
        1.0 - expected
    )
    influence = contribution - contribution.mean() + value
    unit_clusters = None if clusters is None else np.asarray(clusters)[both]
    interval, why = linearised_interval(
        value,
        influence,
        clusters=unit_clusters,
        confidence=confidence,
        ddof=0,
        what="linearised standard error of the two-coder table (Gwet 2014)",
    )
    return CoefficientResult(value=value, interval=interval, interval_reason=why, **base)


def _on_raw_ratings(
    builder: Callable[..., CoefficientResult],
    data: Any,
    categories: Sequence[Hashable] | None,
    weights: str | np.ndarray,
    clusters: Any,
    confidence: float,
) -> CoefficientResult:
    """The many-coder coefficients share one rating table (``workbench.agreement.family``)."""
    table = rating_table(data, categories, weights)
    return builder(table, clusters=clusters, confidence=confidence)


def cohen_kappa(
    data: Any,
    *,
    categories: Sequence[Hashable] | None = None,
    weights: str | np.ndarray = "identity",
    clusters: Any = None,
    confidence: float = DEFAULT_CONFIDENCE,
) -> CoefficientResult:
    """Cohen's (weighted) kappa for a units x 2 matrix; units missing a rating are dropped."""
    return _two_coder_table("cohen_kappa", data, categories, weights, clusters, confidence)


def scott_pi(
    data: Any,
    *,
    categories: Sequence[Hashable] | None = None,
    weights: str | np.ndarray = "identity",
    clusters: Any = None,
    confidence: float = DEFAULT_CONFIDENCE,
) -> CoefficientResult:
    """Scott's (weighted) pi for a units x 2 matrix; units missing a rating are dropped."""
    return _two_coder_table("scott_pi", data, categories, weights, clusters, confidence)


def fleiss_kappa(
    data: Any,
    *,
    categories: Sequence[Hashable] | None = None,
    weights: str | np.ndarray = "identity",
    clusters: Any = None,
    confidence: float = DEFAULT_CONFIDENCE,
) -> CoefficientResult:
    """Fleiss' (weighted) kappa for any number of coders (Gwet's handling of missing ratings)."""
    return _on_raw_ratings(fleiss_from_table, data, categories, weights, clusters, confidence)


def conger_kappa(
    data: Any,
    *,
    categories: Sequence[Hashable] | None = None,
    weights: str | np.ndarray = "identity",
    clusters: Any = None,
    confidence: float = DEFAULT_CONFIDENCE,
) -> CoefficientResult:
    """Conger's (weighted) kappa: Cohen's kappa generalised to any number of coders."""
    return _on_raw_ratings(conger_from_table, data, categories, weights, clusters, confidence)


def brennan_prediger_kappa(
    data: Any,
    *,
    categories: Sequence[Hashable] | None = None,
    weights: str | np.ndarray = "identity",
    clusters: Any = None,
    confidence: float = DEFAULT_CONFIDENCE,
) -> CoefficientResult:
    """Brennan-Prediger kappa: chance agreement T_w / q^2 for q possible categories."""
    return _on_raw_ratings(
        brennan_prediger_from_table, data, categories, weights, clusters, confidence
    )
