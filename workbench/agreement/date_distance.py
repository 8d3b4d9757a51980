"""Krippendorff's alpha on dates with a distance between ranges, without forming pairs.

The expected disagreement of alpha sums a squared distance over every pair of values; for
date ranges with the range distance (days between the ranges, 0 when they overlap) each
value's sum to all others splits into the values wholly before it, which depend only on its
start, and those wholly after it, which depend only on its end. Day numbers are integers,
so both are tabulated once per day from prefix sums of counts, sums and sums of squares:
O(values + days), no sort. See ``workbench.agreement.dates`` for what the figures mean.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from workbench.agreement.intervals import IntervalResult, linearised_interval


@dataclass(frozen=True)
class DateAlphaResult:
    """Krippendorff's alpha on dates with the ``distance`` named ("range" or "midpoint").

    ``observed_disagreement`` and ``expected_disagreement`` are mean squared distances in
    days^2 (Do and De), so sqrt(Do) reads as a typical disagreement in days.
    """

    distance: str
    value: float | None
    observed_disagreement: float | None
    expected_disagreement: float | None
    n_units: int
    n_values: int
    interval: IntervalResult | None = None
    interval_reason: str | None = None
    undefined_reason: str | None = None


# Integral day numbers spanning at most this many days are counted on a grid, not sorted.
GRID_DAYS = 1 << 22


def is_integral(values: np.ndarray) -> bool:
    return bool(np.array_equal(values, np.floor(values)))


def gap_sums(start: np.ndarray, end: np.ndarray, *, integral: bool | None = None) -> np.ndarray:
    """For each value v, sum over all values i of gap(v, i)^2 (gap 0 for overlap).

    Day numbers are integers, so the values before and after each value are counted on a
    grid of days (prefix sums of counts, sums and sums of squares) in O(n + days); other
    inputs are sorted instead, O(n log n).
    """
    n = start.size
    if n == 0:
        return np.zeros(0)
    if start is end:
        # Points: sum_i (x_v - x_i)^2 = n (x_v - mean)^2 + sum_i (x_i - mean)^2.
        x = start - float(start.mean())
        return n * x * x + float(np.dot(x, x))
    low = float(min(start.min(), end.min()))
    high = float(max(start.max(), end.max()))
    if integral is None:
        integral = is_integral(start) and is_integral(end)
    if high - low < GRID_DAYS and integral:
        return _gap_sums_grid(start, end, low, high)
    return _gap_sums_sorted(start, end)


def _gap_sums_grid(start: np.ndarray, end: np.ndarray, low: float, high: float) -> np.ndarray:
    """The grid version: "before" depends only on a value's start and "after" only on its
    end, so both are tabulated once per day and looked up."""
    days = int(high - low) + 1
    s_index = (start - low).astype(np.int64)
    e_index = (end - low).astype(np.int64)
    # Only differences of days matter: measure them from the middle of the grid, which keeps
    # the squares and their prefix sums small.
    x = np.arange(days, dtype=np.float64) - days // 2
    end_count = np.bincount(e_index, minlength=days).astype(np.float64)
    start_count = np.bincount(s_index, minlength=days).astype(np.float64)

    def exclusive(values: np.ndarray) -> np.ndarray:
        """Prefix sums over the days strictly before each day."""
        out = np.empty(days)
        out[0] = 0.0
        np.cumsum(values[:-1], out=out[1:])
        return out

    def after_day(values: np.ndarray) -> np.ndarray:
        """Suffix sums over the days strictly after each day."""
        out = np.empty(days)
        out[-1] = 0.0
        np.cumsum(values[:0:-1], out=out[-2::-1])
        return out

    # Values wholly before a start day d (end_i < d) contribute (d - end_i)^2 ...
    before = (
        exclusive(end_count) * x * x
        - 2.0 * x * exclusive(end_count * x)
        + exclusive(end_count * x * x)
    )
    # ... and values wholly after an end day d (start_i > d) contribute (start_i - d)^2.
    after = (
        after_day(start_count * x * x)
        - 2.0 * x * after_day(start_count * x)
        + after_day(start_count) * x * x
    )
    return np.maximum(before, 0.0)[s_index] + np.maximum(after, 0.0)[e_index]


def _gap_sums_sorted(start: np.ndarray, end: np.ndarray) -> np.ndarray:
    n = start.size
    centre = float(np.median(start))
    start = start - centre
    end = end - centre
    start_order = np.argsort(start)
    end_order = np.argsort(end)
    start_sorted = start[start_order]
    end_sorted = end[end_order]
    end_sum = np.concatenate(([0.0], np.cumsum(end_sorted)))
    end_sq = np.concatenate(([0.0], np.cumsum(end_sorted * end_sorted)))
    start_sum = np.concatenate(([0.0], np.cumsum(start_sorted)))
    start_sq = np.concatenate(([0.0], np.cumsum(start_sorted * start_sorted)))
    # Sorted needles make the binary searches cache-friendly; results are put back after.
    k = np.empty(n, dtype=np.int64)
    k[start_order] = np.searchsorted(end_sorted, start_sorted, side="left")
    j = np.empty(n, dtype=np.int64)
    j[end_order] = np.searchsorted(start_sorted, end_sorted, side="right")
    before = k * start * start - 2.0 * start * end_sum[k] + end_sq[k]
    count = n - j
    tail = start_sum[n] - start_sum[j]
    tail_sq = start_sq[n] - start_sq[j]
    after = tail_sq - 2.0 * end * tail + count * end * end
    return np.maximum(before, 0.0) + np.maximum(after, 0.0)


def alpha_from_values(
    distance: str,
    unit_observed: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
    integral: bool,
    unit_group: np.ndarray,
    value_group: np.ndarray,
    groups: int,
    clustered: bool,
    confidence: float,
) -> DateAlphaResult:
    """alpha from each unit's observed sum and the values; its linearised interval."""
    n = start.size
    pairable_units = int(np.count_nonzero(np.bincount(value_group, minlength=groups)))
    if n == 0:
        return DateAlphaResult(
            distance, None, None, None, 0, 0, undefined_reason="no unit with two dated codings"
        )
    n_units = int(unit_observed.size)
    observed_sum = float(unit_observed.sum())
    h = gap_sums(start, start if end is start else end, integral=integral)
    expected_sum = float(h.sum())
    base = {"distance": distance, "n_units": n_units, "n_values": int(n)}
    if not expected_sum > 0.0:
        return DateAlphaResult(
            value=None,
            observed_disagreement=observed_sum / n,
            expected_disagreement=0.0,
            undefined_reason="every dating is compatible with every other: expected "
            "disagreement is 0, so alpha is 0/0",
            **base,  # type: ignore[arg-type]
        )
    ratio = observed_sum / expected_sum
    value = 1.0 - (n - 1.0) * ratio
    # Linearised interval of the ratio A / B, B a U-statistic: cluster g contributes
    # z_g = a_g - R (2 H_g - B n_g / n).
    a_g = np.bincount(unit_group, weights=unit_observed, minlength=groups)
    h_g = np.bincount(value_group, weights=h, minlength=groups)
    n_g = np.bincount(value_group, minlength=groups).astype(np.float64)
    present = n_g > 0
    z = a_g[present] - ratio * (2.0 * h_g[present] - expected_sum * n_g[present] / n)
    g = pairable_units
    influence = value - (n - 1.0) * z * g / expected_sum
    interval, why = linearised_interval(
        value,
        influence,
        confidence=confidence,
        what="linearised standard error of alpha",
        unit_name="documents" if clustered else "units",
    )
    return DateAlphaResult(
        value=value,
        observed_disagreement=observed_sum / n,
        expected_disagreement=expected_sum / (n * (n - 1.0)),
        interval=interval,
        interval_reason=why,
        **base,  # type: ignore[arg-type]
    )
