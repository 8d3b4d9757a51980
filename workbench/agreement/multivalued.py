"""Multi-valued alpha: agreement when a coder may give a unit several values of one variable.

Krippendorff & Craggs (2016, "The reliability of multi-valued coding of data",
Communication Methods and Measures 10:181-198). Coders of text often apply two codes of one
variable to the same sentence (tacit *and* imitation), which ordinary alpha cannot take:
each coder's rating of a unit is a *set* of values, possibly empty. Here, nominal:

* the difference between two sets is delta(C, K) = 1 - 2 |C & K| / (|C| + |K|) (0 for two
  empty sets, 1 when exactly one is empty): the share of the two sets' values not shared;
* observed disagreement Do averages delta over the pairs of sets coders gave one unit, each
  unit weighted 1 / (m_u - 1) as in alpha (Krippendorff 2011);
* expected disagreement De is delta's expectation when sets are drawn by chance: a pair of
  cardinalities (|C|, |K|) with the observed frequency of each cardinality, and the values
  filling them drawn from the pool of all values used (n_c, each value's count), the second
  set without putting back the values it shares with the first; De sums over cardinality
  pairs P_a P_b E[delta | a, b].

E[delta | a, b] only depends on how many values C and K share, so instead of enumerating
every pair of sets (C(V, a) C(V, b) of them) the weight of each overlap j is read off one
polynomial, prod_x (1 + n_x s + n_x t + n_x (n_x - 1) u), as the coefficient of
s^(a-j) t^(b-j) u^j, computed exactly in integers. On the paper's Table 3 this gives the
value the ``mvalpha`` R package (an independent implementation) prints, 0.2865907.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import combinations, permutations
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from collections.abc import Hashable, Sequence

    from workbench.agreement.intervals import IntervalResult


@dataclass(frozen=True)
class MultiValuedAlphaResult:
    """mv-alpha with its disagreements; ``n_units`` units had two or more coders' sets."""

    value: float | None
    observed_disagreement: float | None
    expected_disagreement: float | None
    n_units: int
    n_values: int  # pairable sets
    n_labels: int
    subject: str | None = None
    undefined_reason: str | None = None
    interval: IntervalResult | None = None
    interval_reason: str | None = None


def set_difference(first: frozenset[Hashable], second: frozenset[Hashable]) -> float:
    """delta(C, K) = 1 - 2 |C & K| / (|C| + |K|); two empty sets do not differ."""
    size = len(first) + len(second)
    if size == 0:
        return 0.0
    return 1.0 - 2.0 * len(first & second) / size


def multi_valued_alpha(
    data: Sequence[Sequence[Any]], *, subject: str | None = None
) -> MultiValuedAlphaResult:
    """mv-alpha for units (rows) x coders (columns) of sets; None marks a missing rating.

    An empty set is a rating: the coder looked and gave the unit no value.
    """
    units: list[list[frozenset[Hashable]]] = []
    for row in data:
        rated = [frozenset(cell) for cell in row if cell is not None]
        if len(rated) >= 2:
            units.append(rated)
    values = [v for unit in units for v in unit]
    labels = Counter(label for v in values for label in v)
    base = {"n_units": len(units), "n_values": len(values), "n_labels": len(labels)}
    if not units:
        return MultiValuedAlphaResult(
            None,
            None,
            None,
            subject=subject,
            undefined_reason="no unit rated by two coders",
            **base,
        )
    n = len(values)
    observed = 0.0
    for unit in units:
        pairs = sum(set_difference(a, b) for a, b in permutations(unit, 2))
        observed += pairs / (len(unit) - 1)
    observed /= n
    expected = _expected(values, labels)
    if expected <= 0.0:
        return MultiValuedAlphaResult(
            None,
            observed,
            expected,
            subject=subject,
            undefined_reason="every coder gave every unit the same set: expected disagreement "
            "is 0, so alpha is 0/0",
            **base,
        )
    return MultiValuedAlphaResult(
        1.0 - observed / expected, observed, expected, subject=subject, **base
    )


def _expected(values: list[frozenset[Hashable]], labels: Counter[Hashable]) -> float:
    sizes = Counter(len(v) for v in values)
    n = len(values)
    share = {size: count / n for size, count in sizes.items()}
    top = max(sizes)
    poly = _overlap_polynomial(list(labels.values()), top)
    total = 0.0
    cardinalities = sorted(sizes)
    for a, b in [(a, a) for a in cardinalities] + list(combinations(cardinalities, 2)):
        if a == 0 and b == 0:
            mean = 0.0
        elif a == 0 or b == 0:
            mean = 1.0
        else:
            weights = [(j, poly[a - j][b - j][j]) for j in range(min(a, b) + 1)]
            mass = sum(w for _, w in weights)
            if mass == 0:
                continue
            mean = sum(w * (1.0 - 2.0 * j / (a + b)) for j, w in weights) / mass
        total += share[a] * share[b] * (1 if a == b else 2) * mean
    return total


def _overlap_polynomial(counts: list[int], top: int) -> list[list[list[int]]]:
    """Coefficients of prod_x (1 + n_x s + n_x t + n_x (n_x - 1) u) up to degree ``top``
    in each variable: [i][j][k] weighs sets C, K with i values in C only, j in K only and
    k in both."""
    size = top + 1
    poly = [[[0] * size for _ in range(size)] for _ in range(size)]
    poly[0][0][0] = 1
    for n_x in counts:
        both = n_x * (n_x - 1)
        new = [[row[:] for row in plane] for plane in poly]
        for i in range(size):
            for j in range(size):
                for k in range(size):
                    c = poly[i][j][k]
                    if c == 0:
                        continue
                    if i + 1 < size:
                        new[i + 1][j][k] += c * n_x
                    if j + 1 < size:
                        new[i][j + 1][k] += c * n_x
                    if k + 1 < size:
                        new[i][j][k + 1] += c * both
        poly = new
    return poly


@dataclass(frozen=True, eq=False)
class MultiValuedParts:
    """What mv-alpha sums, per group of units (a document, or a unit): resampling groups
    and adding their parts gives the replicate's alpha without revisiting any set.

    ``observed`` sums each unit's sum of delta over ordered pairs / (m_u - 1); ``values``
    counts pairable sets; ``sizes`` counts them by cardinality; ``labels`` counts how often
    each value appears in them. The expected disagreement depends only on the last two.
    """

    observed: np.ndarray
    values: np.ndarray
    sizes: np.ndarray
    labels: np.ndarray


def multi_valued_parts(
    data: Sequence[Sequence[Any]], groups: Sequence[int], n_groups: int
) -> MultiValuedParts:
    """Parts of mv-alpha per group; ``groups`` gives each row of ``data`` its group."""
    rows = []
    for row, group in zip(data, groups, strict=True):
        rated = [frozenset(cell) for cell in row if cell is not None]
        if len(rated) >= 2:
            rows.append((group, rated))
    label_index: dict[Hashable, int] = {}
    for _, rated in rows:
        for value in rated:
            for label in value:
                label_index.setdefault(label, len(label_index))
    top = max((len(v) for _, rated in rows for v in rated), default=0)
    observed = np.zeros(n_groups)
    values = np.zeros(n_groups)
    sizes = np.zeros((n_groups, top + 1))
    labels = np.zeros((n_groups, len(label_index)))
    for group, rated in rows:
        pairs = sum(set_difference(a, b) for a, b in permutations(rated, 2))
        observed[group] += pairs / (len(rated) - 1)
        values[group] += len(rated)
        for value in rated:
            sizes[group, len(value)] += 1
            for label in value:
                labels[group, label_index[label]] += 1
    return MultiValuedParts(observed, values, sizes, labels)


def multi_valued_alpha_from_parts(weights: np.ndarray, parts: MultiValuedParts) -> np.ndarray:
    """mv-alpha for each row of ``weights`` (replicates x groups: how often each group is
    drawn); NaN where alpha is undefined. The expected disagreement is the one of
    ``multi_valued_alpha``, with the overlap polynomial built for all replicates at once
    in floating point (each value's count scaled by the number of values, which leaves
    every ratio E[delta | a, b] unchanged)."""
    weights = np.atleast_2d(np.asarray(weights, dtype=np.float64))
    n = weights @ parts.values
    observed = weights @ parts.observed
    sizes = weights @ parts.sizes
    counts = weights @ parts.labels
    r, size = weights.shape[0], parts.sizes.shape[1]
    with np.errstate(divide="ignore", invalid="ignore"):
        share = counts / counts.sum(axis=1, keepdims=True)
        both = share * (counts - 1.0) / counts.sum(axis=1, keepdims=True)
    share = np.nan_to_num(share)
    both = np.nan_to_num(both)
    poly = np.zeros((r, size, size, size))
    poly[:, 0, 0, 0] = 1.0
    for x in range(counts.shape[1]):
        s = share[:, x, None, None, None]
        new = poly.copy()
        new[:, 1:, :, :] += poly[:, :-1, :, :] * s
        new[:, :, 1:, :] += poly[:, :, :-1, :] * s
        new[:, :, :, 1:] += poly[:, :, :, :-1] * both[:, x, None, None, None]
        poly = new
    with np.errstate(divide="ignore", invalid="ignore"):
        p = sizes / n[:, None]
    expected = np.zeros(r)
    for a in range(size):
        for b in range(size):
            if a == 0 and b == 0:
                continue
            if a == 0 or b == 0:
                mean = np.ones(r)
            else:
                overlaps = range(min(a, b) + 1)
                mass = sum(poly[:, a - j, b - j, j] for j in overlaps)
                spread = sum(poly[:, a - j, b - j, j] * (1.0 - 2.0 * j / (a + b)) for j in overlaps)
                with np.errstate(divide="ignore", invalid="ignore"):
                    mean = np.where(mass > 0, spread / mass, 0.0)
            expected += p[:, a] * p[:, b] * mean
    with np.errstate(divide="ignore", invalid="ignore"):
        value = 1.0 - (observed / n) / expected
    return np.where((n > 0) & (expected > 0), value, np.nan)
