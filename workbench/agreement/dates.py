"""Agreement on when things happened: do coders who code the same passage date it alike?

Input is plain data: for each matched unit (one passage, one code, coded by two or more
coders) each coder's date as an inclusive range of day numbers ``[start, end]`` (NaN when
that coder's segment has no date), the unit's code and its document. A date is a range
because researchers date at the precision the text allows: "2004" is the whole year.

Per code and pooled over codes, each with an interval:

* exact agreement: the share of coder pairs whose ranges are identical (same precision too);
* overlap: the share whose ranges share at least one day (compatible datings);
* the median absolute difference between the ranges' midpoints, in days, with Woodruff's
  (1952) interval for a median (the interval of the distribution function at the median,
  turned back into days);
* Krippendorff's alpha on the dates with the *range distance*: the number of days between
  the two ranges, 0 when they overlap (the smallest gap between any day one coder allows
  and any day the other allows), squared as in interval alpha. On day-precise dates it is
  exactly interval alpha; "2004" against "March 2004" costs nothing, because the coarser
  coder did not claim a different date, only a less precise one. Alpha on the midpoints
  (plain interval alpha) is reported beside it: it charges such precision differences as
  disagreement (six months' worth here), which is the reading to use when coders were
  told to date as precisely as the text allows.

Alpha with a distance over ranges is computed without forming all pairs: with the ranges'
starts and ends sorted, every value's summed squared gap to all others comes from prefix
sums, so a million matched units cost a few sorts. Its interval is the linearised
(ratio) interval, clustered by document when ``clusters`` are given; the shares use the
cluster-robust interval of a mean (``workbench.agreement.intervals``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from workbench.agreement.date_distance import (
    GRID_DAYS,
    DateAlphaResult,
    alpha_from_values,
    is_integral,
)
from workbench.agreement.errors import AgreementInputError
from workbench.agreement.intervals import (
    DEFAULT_CONFIDENCE,
    IntervalResult,
    check_confidence,
    linearised_interval,
)
from workbench.core.studentt import t_ppf

if TYPE_CHECKING:
    from collections.abc import Hashable, Sequence

RANGE = "range"
MIDPOINT = "midpoint"
DISTANCE_NOTE = (
    "alpha on dates uses the range distance: days between the two datings, 0 when they "
    "overlap, so a coarser date that contains a finer one is not a disagreement; alpha on "
    "midpoints counts precision differences as disagreement"
)


@dataclass(frozen=True)
class DateShareResult:
    """A share of coder pairs (exact agreement, overlap) with its interval."""

    value: float | None
    n_pairs: int
    interval: IntervalResult | None = None
    interval_reason: str | None = None


@dataclass(frozen=True)
class DateDifferenceResult:
    """Median absolute difference of the datings' midpoints, in days, with its interval."""

    median_days: float | None
    n_pairs: int
    lower: float | None = None
    upper: float | None = None
    confidence: float = DEFAULT_CONFIDENCE
    method: str = ""
    interval_reason: str | None = None


@dataclass(frozen=True)
class DateStatisticsResult:
    """Date agreement for one code (``subject``), or pooled over codes (``None``).

    ``n_units`` counts matched units with two or more dated codings, ``n_pairs`` the coder
    pairs compared within them; ``nested`` is the share of pairs whose ranges differ but
    one contains the other (they differ in precision only).
    """

    subject: str | None
    n_units: int
    n_pairs: int
    exact: DateShareResult
    overlap: DateShareResult
    nested: float | None
    difference: DateDifferenceResult
    alpha_range: DateAlphaResult
    alpha_midpoint: DateAlphaResult


@dataclass(frozen=True)
class DateAgreementResult:
    """Per-code and pooled date agreement; ``distance_note`` explains the alpha distance."""

    codes: tuple[DateStatisticsResult, ...]
    pooled: DateStatisticsResult
    distance_note: str = DISTANCE_NOTE


def date_agreement(
    starts: Any,
    ends: Any,
    *,
    subjects: Sequence[Hashable] | None = None,
    clusters: Any = None,
    confidence: float = DEFAULT_CONFIDENCE,
) -> DateAgreementResult:
    """Date agreement over matched units (rows) x coders (columns) of inclusive day ranges.

    ``subjects`` gives each row's code (statistics per code and pooled); ``clusters`` each
    row's document (intervals across documents). NaN marks a coder without a date there.
    The per-unit work (pairs, observed disagreements) is done once; each code then reads
    its own slice of it.
    """
    check_confidence(confidence)
    start = np.asarray(starts, dtype=np.float64)
    end = np.asarray(ends, dtype=np.float64)
    if start.ndim != 2 or start.shape != end.shape:
        raise AgreementInputError("dates must be two units x coders arrays of the same shape")
    missing = np.isnan(start)
    if np.any(missing != np.isnan(end)):
        raise AgreementInputError("a date needs both its start and its end")
    if np.any(end < start):
        raise AgreementInputError("a date range ends before it starts")
    n = start.shape[0]
    names = None
    if subjects is not None:
        names = np.asarray(subjects)
        if names.dtype.kind not in "iuU":
            names = np.asarray([str(x) for x in subjects], dtype=str)
        if names.shape[0] != n:
            raise AgreementInputError("subjects must give one code per unit")
    documents = None
    if clusters is not None:
        labels = np.asarray(clusters)
        if labels.shape[0] != n:
            raise AgreementInputError("clusters must give one document per unit")
        documents = _compact(labels)
    code = np.zeros(n, dtype=np.int64)
    order_names: list[str] = []
    if names is not None:
        order_names, code = _codes(names)
        # Rows sorted by code once, so that every code reads contiguous slices.
        rows = np.argsort(
            code.astype(np.int16 if len(order_names) < 32_000 else np.int64), kind="stable"
        )
        start, end, code = start[rows], end[rows], code[rows]
        if documents is not None:
            documents = documents[rows]
    table = _build(start, end, documents)
    pooled = _statistics(
        table,
        slice(0, n),
        slice(0, table.pair_unit.size),
        slice(0, table.value_unit.size),
        None,
        confidence,
    )
    per_code: list[DateStatisticsResult] = []
    if names is not None:
        k = np.arange(len(order_names) + 1)
        unit_bounds = np.searchsorted(code, k)
        pair_bounds = np.searchsorted(table.pair_unit, unit_bounds)
        value_bounds = np.searchsorted(table.value_unit, unit_bounds)
        for position, subject in enumerate(order_names):
            per_code.append(
                _statistics(
                    table,
                    slice(unit_bounds[position], unit_bounds[position + 1]),
                    slice(pair_bounds[position], pair_bounds[position + 1]),
                    slice(value_bounds[position], value_bounds[position + 1]),
                    subject,
                    confidence,
                )
            )
    return DateAgreementResult(tuple(per_code), pooled)


def _codes(names: np.ndarray) -> tuple[list[str], np.ndarray]:
    """Distinct names (sorted) and each row's position among them."""
    if names.dtype.kind in "iu" and names.size and names.min() >= 0 and names.max() < 1 << 24:
        present = np.flatnonzero(np.bincount(names))
        position = np.zeros(int(names.max()) + 1, dtype=np.int64)
        position[present] = np.arange(present.size)
        return [str(x) for x in present.tolist()], position[names]
    found, code = np.unique(names, return_inverse=True)
    return [str(x) for x in found.tolist()], code.ravel()


def _compact(labels: np.ndarray) -> np.ndarray:
    """Labels as 0..G-1 (by counting when they are small non-negative integers)."""
    if labels.dtype.kind in "iu" and labels.size and labels.min() >= 0 and labels.max() < 1 << 24:
        present = np.bincount(labels) > 0
        return (np.cumsum(present) - 1)[labels].astype(np.int64)
    return np.unique(labels, return_inverse=True)[1].ravel().astype(np.int64)


def date_statistics(
    start: np.ndarray,
    end: np.ndarray,
    *,
    subject: str | None = None,
    clusters: np.ndarray | None = None,
    confidence: float = DEFAULT_CONFIDENCE,
) -> DateStatisticsResult:
    """Every date statistic over one set of matched units (see the module docstring)."""
    result = date_agreement(start, end, clusters=clusters, confidence=confidence)
    return dataclasses.replace(result.pooled, subject=subject)


@dataclass(frozen=True, eq=False)
class _Table:
    """Per-unit, per-pair and per-value arrays, computed once for all codes."""

    start: np.ndarray
    end: np.ndarray
    documents: np.ndarray | None
    integral: bool
    pair_unit: np.ndarray
    pair_exact: np.ndarray
    pair_overlap: np.ndarray
    pair_nested: np.ndarray
    pair_difference: np.ndarray
    pair_count: np.ndarray  # per unit
    exact_share: np.ndarray  # per unit (0 where no pair)
    overlap_share: np.ndarray
    observed_range: np.ndarray  # per unit: sum of squared gaps over ordered pairs / (m_u - 1)
    observed_midpoint: np.ndarray
    value_unit: np.ndarray  # the dated values of units with two or more, by unit
    value_start: np.ndarray
    value_end: np.ndarray


def _build(start: np.ndarray, end: np.ndarray, documents: np.ndarray | None) -> _Table:
    n, m = start.shape
    dated = ~np.isnan(start)
    complete = bool(dated.all())  # the usual case: every coder dated every matched passage
    per_unit = np.full(n, m) if complete else dated.sum(axis=1)
    parts = []
    observed_range = np.zeros(n)
    observed_mid = np.zeros(n)
    everyone = np.arange(n)
    for a in range(m):
        for b in range(a + 1, m):
            if complete:
                rows = everyone
                s1, e1, s2, e2 = start[:, a], end[:, a], start[:, b], end[:, b]
            else:
                rows = np.flatnonzero(dated[:, a] & dated[:, b])
                s1, e1, s2, e2 = start[rows, a], end[rows, a], start[rows, b], end[rows, b]
            parts.append((rows, s1, e1, s2, e2))
            gap = np.maximum(np.maximum(s2 - e1, s1 - e2), 0.0)
            mid = ((s1 + e1) - (s2 + e2)) / 2.0
            if complete:
                observed_range += 2.0 * gap * gap
                observed_mid += 2.0 * mid * mid
            else:
                observed_range[rows] += 2.0 * gap * gap
                observed_mid[rows] += 2.0 * mid * mid
    pairable = per_unit >= 2
    weight = np.divide(1.0, per_unit - 1.0, out=np.zeros(n), where=pairable)
    observed_range *= weight
    observed_mid *= weight
    if len(parts) == 1:
        unit, s1, e1, s2, e2 = parts[0]
    elif parts:
        unit, s1, e1, s2, e2 = (np.concatenate([p[i] for p in parts]) for i in range(5))
        by_unit = np.argsort(unit, kind="stable")
        unit, s1, e1, s2, e2 = unit[by_unit], s1[by_unit], e1[by_unit], s2[by_unit], e2[by_unit]
    else:
        unit = np.zeros(0, dtype=np.int64)
        s1 = e1 = s2 = e2 = np.zeros(0)
    exact = (s1 == s2) & (e1 == e2)
    overlap = (s1 <= e2) & (s2 <= e1)
    nested = ~exact & (((s1 <= s2) & (e2 <= e1)) | ((s2 <= s1) & (e1 <= e2)))
    pair_count = np.bincount(unit, minlength=n).astype(np.float64)
    safe = np.where(pair_count > 0, pair_count, 1.0)
    exact_share = np.bincount(unit, weights=exact, minlength=n) / safe
    overlap_share = np.bincount(unit, weights=overlap, minlength=n) / safe
    if complete and m >= 2:
        value_unit = np.repeat(everyone, m)
        value_start = start.ravel()
        value_end = end.ravel()
    else:
        cells = dated & pairable[:, None]
        value_unit = np.nonzero(cells)[0]
        value_start = start[cells]
        value_end = end[cells]
    integral = is_integral(value_start) and is_integral(value_end)
    return _Table(
        start=start,
        end=end,
        documents=documents,
        integral=integral,
        pair_unit=unit,
        pair_exact=exact,
        pair_overlap=overlap,
        pair_nested=nested,
        pair_difference=np.abs((s1 + e1) - (s2 + e2)) / 2.0,
        pair_count=pair_count,
        exact_share=exact_share,
        overlap_share=overlap_share,
        observed_range=observed_range,
        observed_midpoint=observed_mid,
        value_unit=value_unit,
        value_start=value_start,
        value_end=value_end,
    )


def _statistics(
    table: _Table,
    units: slice,
    pairs: slice,
    values: slice,
    subject: str | None,
    confidence: float,
) -> DateStatisticsResult:
    """One code's (or the pool's) statistics from its contiguous slices of the table."""
    has_pair = table.pair_count[units] > 0
    first_unit = units.start or 0
    counted = np.flatnonzero(has_pair) + first_unit
    documents = table.documents
    unit_documents = None if documents is None else documents[counted]
    n_pairs = (pairs.stop or 0) - (pairs.start or 0)
    exact = _share(table.exact_share[counted], n_pairs, unit_documents, confidence)
    overlap = _share(table.overlap_share[counted], n_pairs, unit_documents, confidence)
    nested = float(table.pair_nested[pairs].mean()) if n_pairs else None
    pair_units = table.pair_unit[pairs]
    difference = _median_difference(
        table.pair_difference[pairs],
        None if documents is None else documents[pair_units],
        confidence,
    )
    value_units = table.value_unit[values]
    if documents is None:
        groups = (units.stop or 0) - first_unit
        unit_group, value_group = counted - first_unit, value_units - first_unit
    else:
        groups = int(documents.max()) + 1 if documents.size else 0
        unit_group, value_group = documents[counted], documents[value_units]
    starts = table.value_start[values]
    ends = table.value_end[values]
    middles = (starts + ends) / 2.0
    shared = (unit_group, value_group, groups, documents is not None, confidence)
    return DateStatisticsResult(
        subject=subject,
        n_units=int(counted.size),
        n_pairs=int(n_pairs),
        exact=exact,
        overlap=overlap,
        nested=nested,
        difference=difference,
        alpha_range=alpha_from_values(
            RANGE, table.observed_range[counted], starts, ends, table.integral, *shared
        ),
        alpha_midpoint=alpha_from_values(
            MIDPOINT, table.observed_midpoint[counted], middles, middles, True, *shared
        ),
    )


def _share(
    per_unit: np.ndarray, n_pairs: int, clusters: np.ndarray | None, confidence: float
) -> DateShareResult:
    """Pairwise share per unit, averaged over units (as pairwise percent agreement)."""
    if per_unit.size == 0:
        return DateShareResult(None, 0, interval_reason="no unit with two dated codings")
    value = float(per_unit.mean())
    interval, why = linearised_interval(
        value,
        per_unit,
        clusters=clusters,
        confidence=confidence,
        what="standard error of a mean",
    )
    return DateShareResult(value, n_pairs, interval, why)


def _sorted(values: np.ndarray) -> np.ndarray:
    """Sorted copy; half-days (differences of midpoints) are counted, not compared."""
    doubled = values * 2.0
    top = float(doubled.max()) if values.size else 0.0
    if top < GRID_DAYS and is_integral(doubled):
        counts = np.bincount(doubled.astype(np.int64))
        return np.repeat(np.arange(counts.size) / 2.0, counts)
    return np.sort(values)


def _quantile_sorted(ordered: np.ndarray, p: float) -> float:
    """The p-quantile of sorted values (linear interpolation, numpy's default)."""
    position = p * (ordered.size - 1)
    low = int(np.floor(position))
    high = min(low + 1, ordered.size - 1)
    return float(ordered[low] + (ordered[high] - ordered[low]) * (position - low))


def _median_difference(
    difference: np.ndarray, clusters: np.ndarray | None, confidence: float
) -> DateDifferenceResult:
    """The median and Woodruff's interval: F's interval at the median, read back in days."""
    n = difference.size
    if n == 0:
        return DateDifferenceResult(None, 0, interval_reason="no pair of dated codings")
    ordered = _sorted(difference)
    middle = n // 2
    median = float(ordered[middle] if n % 2 else (ordered[middle - 1] + ordered[middle]) / 2.0)
    below = (difference <= median).astype(np.float64)
    share = float(below.mean())
    interval, why = linearised_interval(
        share, below, clusters=clusters, confidence=confidence, cap=None
    )
    if interval is None or interval.standard_error is None:
        return DateDifferenceResult(median, n, interval_reason=why)
    half = t_ppf(0.5 + confidence / 2.0, interval.degrees_of_freedom or 1)
    spread = half * interval.standard_error
    low_p = min(max(0.5 - spread, 0.0), 1.0)
    high_p = min(max(0.5 + spread, 0.0), 1.0)
    lower = _quantile_sorted(ordered, low_p)
    upper = _quantile_sorted(ordered, high_p)
    across = "documents" if clusters is not None else "pairs"
    return DateDifferenceResult(
        median,
        n,
        lower=lower,
        upper=upper,
        confidence=confidence,
        method=f"Woodruff interval for a median, across {across}",
    )


def range_alpha(
    start: np.ndarray,
    end: np.ndarray,
    *,
    clusters: np.ndarray | None = None,
    confidence: float = DEFAULT_CONFIDENCE,
) -> DateAlphaResult:
    """Krippendorff's alpha with the squared gap between ranges as the difference function.

    alpha = 1 - Do / De with Do = sum_u sum_{i != j in u} gap^2 / (m_u - 1) / n and
    De = sum_{i != j} gap^2 / (n (n - 1)) over the n pairable values (Krippendorff 2011,
    with a difference function of our choice, as alpha allows). On points (equal starts
    and ends) it is interval alpha.
    """
    return date_statistics(start, end, clusters=clusters, confidence=confidence).alpha_range
