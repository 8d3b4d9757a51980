"""The calendar axis: bins, how an imprecise date is spread over them, and counts per bin.

Spreading rule: an event dated by a range spreads its weight *evenly over the bins it
touches* (a year-precision event on a monthly axis puts 1/12 in each month; an event from
30 January to 2 February puts 1/2 in each month). Evenly-per-bin rather than
proportional-to-days was chosen because the precision of a date is a statement about bins
("sometime in Q1"), because calendar bins differ by at most a few days, and because it
keeps every event a single "piece" ``(b0, b1, weight per bin)``: pooled counts are then a
difference array plus a cumulative sum, linear in events whatever the span, and totals
are conserved exactly up to rounding.

Unit of count: ``application`` counts every code application (weight); ``presence``
counts a source at most once per theme per bin (the spread weights of a source's events
in a cell are summed and capped at 1), which stops one long interview from dominating.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from workbench.core.errors import InputError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from workbench.bracketing.events import EventTable, Indicator

__all__ = [
    "NOMINAL_DAYS",
    "Grid",
    "IntervalTable",
    "Pieces",
    "absolute_bins",
    "bin_counts",
    "indicator_series",
    "interval_table",
    "length_in_bins",
    "make_grid",
    "make_pieces",
]

NOMINAL_DAYS = {
    "day": 1.0,
    "month": 365.2425 / 12,
    "quarter": 365.2425 / 4,
    "half": 365.2425 / 2,
    "year": 365.2425,
}
_MONTHS_PER_BIN = {"month": 1, "quarter": 3, "half": 6, "year": 12}
_EPOCH = dt.date(1970, 1, 1).toordinal()


def absolute_bins(ordinals: np.ndarray, unit: str) -> np.ndarray:
    """Bin number on an absolute axis (days since 0001-01-01, or periods since 1970)."""
    ordinals = np.asarray(ordinals, dtype=np.int64)
    if unit == "day":
        return ordinals
    months = (ordinals - _EPOCH).astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    return np.floor_divide(months, _MONTHS_PER_BIN[unit])


def _absolute_start(index: int, unit: str) -> dt.date:
    if unit == "day":
        return dt.date.fromordinal(index)
    months = index * _MONTHS_PER_BIN[unit]
    return dt.date(1970 + months // 12, months % 12 + 1, 1)


def length_in_bins(length: float, length_unit: str, bin_unit: str) -> int:
    """A calendar duration as a whole number of bins (at least 1), by nominal lengths."""
    bins = length * NOMINAL_DAYS[length_unit] / NOMINAL_DAYS[bin_unit]
    return max(1, math.ceil(bins - 1e-9))


@dataclass(frozen=True, slots=True)
class Grid:
    """Consecutive bins ``first .. first + n - 1`` of one calendar unit."""

    unit: str
    first: int
    n: int

    def start(self, b: int) -> dt.date:
        return _absolute_start(self.first + b, self.unit)

    def end(self, b: int) -> dt.date:
        """Last day (inclusive) of bin ``b``."""
        return _absolute_start(self.first + b + 1, self.unit) - dt.timedelta(days=1)

    def starts(self) -> tuple[dt.date, ...]:
        return tuple(self.start(b) for b in range(self.n))

    def ends(self) -> tuple[dt.date, ...]:
        return tuple(self.end(b) for b in range(self.n))

    def edge_date(self, edge: int) -> dt.date:
        """Date at which edge ``edge`` (= start of bin ``edge``) falls; edge n is the end."""
        return _absolute_start(self.first + edge, self.unit)

    def bins_of(self, ordinals: np.ndarray) -> np.ndarray:
        return absolute_bins(ordinals, self.unit) - self.first

    def bin_of(self, day: dt.date) -> int:
        return int(self.bins_of(np.array([day.toordinal()]))[0])

    def nearest_edge(self, day: dt.date) -> int:
        """The bin edge closest to ``day`` (ties go to the later edge), clipped to the grid."""
        b = self.bin_of(day)
        before = (day - self.start(b)).days if 0 <= b < self.n else 0
        after = (self.edge_date(b + 1) - day).days
        edge = b if before < after else b + 1
        return min(max(edge, 0), self.n)


def make_grid(unit: str, first_ordinal: int, last_ordinal: int) -> Grid:
    first, last = absolute_bins(np.array([first_ordinal, last_ordinal]), unit)
    return Grid(unit=unit, first=int(first), n=int(last - first + 1))


@dataclass(frozen=True, slots=True, eq=False)
class Pieces:
    """Events (or presence cells) as ``(source, theme, case, b0..b1 inclusive, w per bin)``."""

    source: np.ndarray
    theme: np.ndarray
    case: np.ndarray
    b0: np.ndarray
    b1: np.ndarray
    w: np.ndarray
    n_bins: int
    n_themes: int
    n_sources: int

    def select(self, mask: np.ndarray) -> Pieces:
        return Pieces(
            source=self.source[mask],
            theme=self.theme[mask],
            case=self.case[mask],
            b0=self.b0[mask],
            b1=self.b1[mask],
            w=self.w[mask],
            n_bins=self.n_bins,
            n_themes=self.n_themes,
            n_sources=self.n_sources,
        )


def make_pieces(table: EventTable, grid: Grid, count_unit: str) -> Pieces:
    b0 = grid.bins_of(table.start)
    b1 = grid.bins_of(table.end)
    if table.n and (b0.min() < 0 or b1.max() >= grid.n):
        raise InputError("an event falls outside the time grid")
    span = b1 - b0 + 1
    w = table.weight / span
    n_themes, n_sources = len(table.themes), len(table.sources)
    if count_unit == "application":
        return Pieces(table.source, table.theme, table.case, b0, b1, w, grid.n, n_themes, n_sources)
    # presence: expand to cells, sum a source's weight per (source, theme, bin), cap at 1
    rows = np.repeat(np.arange(table.n), span)
    offsets = np.arange(rows.size) - np.repeat(np.cumsum(span) - span, span)
    bins = b0[rows] + offsets
    key = (table.source[rows] * n_themes + table.theme[rows]) * grid.n + bins
    cells, inverse = np.unique(key, return_inverse=True)
    cell_w = np.minimum(np.bincount(inverse, weights=w[rows], minlength=cells.size), 1.0)
    cell_case = np.full(cells.size, -1, dtype=np.int64)
    np.maximum.at(cell_case, inverse, table.case[rows])
    cell_bin = cells % grid.n
    rest = cells // grid.n
    return Pieces(
        source=rest // n_themes,
        theme=rest % n_themes,
        case=cell_case,
        b0=cell_bin,
        b1=cell_bin.copy(),
        w=cell_w,
        n_bins=grid.n,
        n_themes=n_themes,
        n_sources=n_sources,
    )


def bin_counts(pieces: Pieces, source_weights: np.ndarray | None = None) -> np.ndarray:
    """Counts per (bin, theme) by a difference array: linear in pieces whatever their span.

    ``source_weights`` multiplies each source's contribution: the bootstrap passes the
    number of times each source was drawn.
    """
    n, t = pieces.n_bins, pieces.n_themes
    w = pieces.w if source_weights is None else pieces.w * source_weights[pieces.source]
    size = (n + 1) * t
    diff = np.bincount(pieces.b0 * t + pieces.theme, weights=w, minlength=size)
    diff -= np.bincount((pieces.b1 + 1) * t + pieces.theme, weights=w, minlength=size)
    counts = np.cumsum(diff.reshape(n + 1, t)[:n], axis=0)
    # cumulative sums of +w/-w leave ~1e-16 residues; a negative count is never meaningful
    counts[counts < 1e-12 * float(np.abs(w).sum())] = 0.0
    return counts


@dataclass(frozen=True, slots=True, eq=False)
class IntervalTable:
    """Weights per (interval, source, theme), aggregated and sorted; plus per-case totals.

    Source-level tables drive everything that must respect clustering by source: the
    dispersion estimate, the sandwich variances of share ratios, the carriers of
    continuity. They are sparse because most sources touch few intervals.
    """

    n_intervals: int
    n_themes: int
    g: np.ndarray
    source: np.ndarray
    theme: np.ndarray
    w: np.ndarray
    case_g: np.ndarray
    case: np.ndarray
    case_w: np.ndarray

    def totals(self) -> np.ndarray:
        """Weight per (interval, theme)."""
        flat = np.bincount(
            self.g * self.n_themes + self.theme,
            weights=self.w,
            minlength=self.n_intervals * self.n_themes,
        )
        return flat.reshape(self.n_intervals, self.n_themes)

    def source_weights(self, g: int) -> dict[int, float]:
        mask = self.g == g
        sums = np.bincount(self.source[mask], weights=self.w[mask])
        return {int(s): float(sums[s]) for s in np.flatnonzero(sums > 0)}

    def case_weights(self, g: int) -> dict[int, float]:
        mask = (self.case_g == g) & (self.case >= 0)
        return {int(c): float(w) for c, w in zip(self.case[mask], self.case_w[mask], strict=True)}

    def dense(self, groups: Sequence[int]) -> tuple[np.ndarray, list[np.ndarray]]:
        """Source-by-theme matrices of the given intervals over the union of their sources."""
        mask = np.isin(self.g, np.asarray(groups))
        sources = np.unique(self.source[mask])
        mats = []
        for g in groups:
            sel = self.g == g
            rows = np.searchsorted(sources, self.source[sel])
            flat = np.bincount(
                rows * self.n_themes + self.theme[sel],
                weights=self.w[sel],
                minlength=sources.size * self.n_themes,
            )
            mats.append(flat.reshape(sources.size, self.n_themes))
        return sources, mats


_DENSE_KEYS = 20_000_000


def _aggregate(key: np.ndarray, w: np.ndarray, key_space: int) -> tuple[np.ndarray, np.ndarray]:
    """Sum ``w`` per distinct key (sorted keys): dense bincount when the key space is small."""
    if key_space <= _DENSE_KEYS:
        sums = np.bincount(key, weights=w, minlength=key_space)
        present = np.bincount(key, minlength=key_space) > 0
        cells = np.flatnonzero(present)
        return cells, sums[cells]
    cells, inverse = np.unique(key, return_inverse=True)
    return cells, np.bincount(inverse, weights=w, minlength=cells.size)


def interval_table(pieces: Pieces, intervals: Sequence[tuple[int, int]]) -> IntervalTable:
    """Aggregate pieces over sorted, disjoint half-open bin intervals ``[a, b)``."""
    starts = np.array([a for a, _ in intervals], dtype=np.int64)
    ends = np.array([b for _, b in intervals], dtype=np.int64)
    n_int, t = len(intervals), pieces.n_themes
    first = np.searchsorted(ends, pieces.b0, side="right")
    last = np.searchsorted(starts, pieces.b1, side="right") - 1
    span = np.maximum(last - first + 1, 0)
    rows = np.repeat(np.arange(span.size), span)
    offsets = np.arange(rows.size) - np.repeat(np.cumsum(span) - span, span)
    g = first[rows] + offsets
    overlap = np.minimum(pieces.b1[rows], ends[g] - 1) - np.maximum(pieces.b0[rows], starts[g]) + 1
    keep = overlap > 0
    rows, g = rows[keep], g[keep]
    w = overlap[keep] * pieces.w[rows]
    src, thm, cse = pieces.source[rows], pieces.theme[rows], pieces.case[rows]
    key = (g * pieces.n_sources + src) * t + thm
    cells, cell_w = _aggregate(key, w, n_int * pieces.n_sources * t)
    n_cases = int(cse.max(initial=-1)) + 2
    case_cells, case_w = _aggregate(g * n_cases + (cse + 1), w, n_int * n_cases)
    return IntervalTable(
        n_intervals=n_int,
        n_themes=t,
        g=cells // (pieces.n_sources * t),
        source=(cells // t) % pieces.n_sources,
        theme=cells % t,
        w=cell_w,
        case_g=case_cells // n_cases,
        case=case_cells % n_cases - 1,
        case_w=case_w,
    )


def indicator_series(
    indicators: Sequence[Indicator], grid: Grid
) -> list[tuple[str, str, list[float | None], int]]:
    """Per indicator name: the overlap-weighted mean value in each bin (levels, not sums)."""
    by_name: dict[str, list[Indicator]] = {}
    for item in indicators:
        by_name.setdefault(item.name, []).append(item)
    out = []
    for name in sorted(by_name):
        items = by_name[name]
        units = sorted({i.unit for i in items})
        total = np.zeros(grid.n)
        days = np.zeros(grid.n)
        for item in items:
            b0 = max(grid.bin_of(item.start), 0)
            b1 = min(grid.bin_of(item.end), grid.n - 1)
            for b in range(b0, b1 + 1):
                lo = max(item.start, grid.start(b))
                hi = min(item.end, grid.end(b))
                overlap = (hi - lo).days + 1
                if overlap > 0:
                    total[b] += overlap * item.value
                    days[b] += overlap
        values = [float(total[b] / days[b]) if days[b] > 0 else None for b in range(grid.n)]
        out.append((name, "/".join(units), values, len(items)))
    return out
