"""Per-unit value counts and Krippendorff's coincidence matrix, counted sparsely.

The textbook construction builds a units x values x values array, which is hopeless for a
codebook of 50+ codes over 200,000 units. Here each unit is reduced to its (value, count)
runs by sorting the unit's row, and the coincidence matrix

    o_ck = sum_u w_u * (n_uc * n_uk - [c == k] * n_uc),   w_u = 1 / (m_u - 1)

is accumulated only over value pairs that actually co-occur in a unit (at most min(m_u, V)^2
per unit), with ``np.bincount`` on a pair index. The unitized alpha reuses the same code with
w_u = length / (m - 1) for each elementary stretch of the continuum.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from workbench.agreement.ratings import MISSING

# Above this many cells the coincidence matrix is aggregated by sorting pair keys instead of
# allocating a dense V x V array.
_DENSE_CELLS = 1 << 22


@dataclass(frozen=True, eq=False)
class UnitValueCounts:
    """Run-length form of a reliability matrix: how many coders gave ``value`` to ``unit``.

    Rows are sorted by unit; ``raters[u]`` is m_u, the number of values unit ``u`` received.
    """

    unit: np.ndarray
    value: np.ndarray
    count: np.ndarray
    raters: np.ndarray

    @property
    def n_units(self) -> int:
        return len(self.raters)


@dataclass(frozen=True, eq=False)
class CoincidenceMatrix:
    """Sparse coincidence matrix: ``weight[i]`` coincidences of value ``row[i]`` with ``col[i]``.

    Cells are unique, symmetric (both (c, k) and (k, c) are present) and sorted row-major.
    """

    row: np.ndarray
    col: np.ndarray
    weight: np.ndarray
    n_values: int

    def marginals(self) -> np.ndarray:
        """n_c: how many pairable values are c (row sums of o)."""
        return np.bincount(self.row, weights=self.weight, minlength=self.n_values)

    def total(self) -> float:
        return float(self.weight.sum())

    def dense(self) -> np.ndarray:
        """The V x V matrix, for reports and small value sets."""
        matrix = np.zeros((self.n_values, self.n_values))
        matrix[self.row, self.col] = self.weight
        return matrix


def unit_value_counts(codes: np.ndarray, n_values: int | None = None) -> UnitValueCounts:
    """Collapse each unit's row of codes into (value, count) runs.

    With few values per coder slot a dense units x values count by ``np.bincount`` is
    cheapest; with many values each row is sorted instead, so memory never grows with V.
    """
    n_units, n_coders = codes.shape
    if n_units == 0 or n_coders == 0:
        empty = np.zeros(0, dtype=np.int64)
        return UnitValueCounts(empty, empty, empty, np.zeros(n_units, dtype=np.int64))
    if n_values is None:
        n_values = int(codes.max()) + 1
    if n_values + 1 <= 2 * n_coders:
        return _counts_by_bincount(codes, n_values)
    return _counts_by_sorting(codes)


def _counts_by_bincount(codes: np.ndarray, n_values: int) -> UnitValueCounts:
    n_units = codes.shape[0]
    width = n_values + 1  # column 0 collects MISSING
    key = codes + (np.arange(n_units, dtype=np.int64) * width + 1)[:, None]
    table = np.bincount(key.ravel(), minlength=n_units * width).reshape(n_units, width)[:, 1:]
    unit, value = np.nonzero(table)
    return UnitValueCounts(unit, value, table[unit, value], table.sum(axis=1))


def _counts_by_sorting(codes: np.ndarray) -> UnitValueCounts:
    n_units, n_coders = codes.shape
    ordered = np.sort(codes, axis=1)
    run_start = np.empty(ordered.shape, dtype=bool)
    run_start[:, 0] = True
    np.not_equal(ordered[:, 1:], ordered[:, :-1], out=run_start[:, 1:])
    starts = np.flatnonzero(run_start.ravel())
    lengths = np.diff(starts, append=ordered.size)
    values = ordered.ravel()[starts]
    keep = values != MISSING
    unit = starts[keep] // n_coders
    count = lengths[keep]
    raters = np.bincount(unit, weights=count, minlength=n_units).astype(np.int64)
    return UnitValueCounts(unit, values[keep], count, raters)


def pairable(counts: UnitValueCounts) -> UnitValueCounts:
    """Only units with two or more values can be paired; alpha ignores the rest."""
    keep = counts.raters[counts.unit] >= 2
    if keep.all():
        return counts
    return UnitValueCounts(counts.unit[keep], counts.value[keep], counts.count[keep], counts.raters)


def default_unit_weight(counts: UnitValueCounts) -> np.ndarray:
    """w_u = 1 / (m_u - 1) for pairable units, 0 for the others."""
    raters = counts.raters.astype(np.float64)
    return np.divide(1.0, raters - 1.0, out=np.zeros_like(raters), where=raters >= 2)


def coincidence_diagonal(
    counts: UnitValueCounts, n_values: int, unit_weight: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """(o_cc, n_c) without the off-diagonal cells: all that nominal alpha needs.

    Off-diagonal coincidences sum to n_c - o_cc, so nominal disagreement needs no pairs.
    """
    weight = default_unit_weight(counts) if unit_weight is None else unit_weight
    per_run = weight[counts.unit]
    count = counts.count.astype(np.float64)
    diagonal = np.bincount(counts.value, weights=per_run * count * (count - 1), minlength=n_values)
    marginal = np.bincount(
        counts.value, weights=per_run * count * (counts.raters[counts.unit] - 1), minlength=n_values
    )
    return diagonal, marginal


def unit_pairs(
    counts: UnitValueCounts, n_values: int, unit_weight: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each unit's coincidences before summing: (unit, cell c * V + k, weight).

    The coincidence matrix is their sum over units; the unit bootstrap resamples them.
    """
    weight = default_unit_weight(counts) if unit_weight is None else unit_weight
    active = weight[counts.unit] > 0
    unit = counts.unit[active]
    value = counts.value[active]
    count = counts.count[active].astype(np.float64)
    if unit.size == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0)
    # Runs are grouped by unit; pair every run with every run of its own unit.
    boundary = np.flatnonzero(np.diff(unit)) + 1
    group_start = np.concatenate(([0], boundary))
    group_size = np.diff(np.append(group_start, unit.size))
    run_group_size = np.repeat(group_size, group_size)
    run_group_start = np.repeat(group_start, group_size)
    first = np.repeat(np.arange(unit.size), run_group_size)
    offset = np.arange(first.size) - np.repeat(
        np.cumsum(run_group_size) - run_group_size, run_group_size
    )
    second = np.repeat(run_group_start, run_group_size) + offset
    pair_weight = weight[unit[first]] * count[first] * (count[second] - (first == second))
    key = value[first] * n_values + value[second]
    keep = pair_weight != 0
    return unit[first][keep], key[keep], pair_weight[keep]


def coincidence_matrix(
    counts: UnitValueCounts, n_values: int, unit_weight: np.ndarray | None = None
) -> CoincidenceMatrix:
    """The full (sparse) coincidence matrix, summing co-occurring value pairs per unit."""
    _, key, pair_weight = unit_pairs(counts, n_values, unit_weight)
    if key.size == 0:
        empty = np.zeros(0, dtype=np.int64)
        return CoincidenceMatrix(empty, empty, np.zeros(0), n_values)
    if n_values * n_values <= _DENSE_CELLS:
        cells = np.bincount(key, weights=pair_weight, minlength=n_values * n_values)
        key = np.flatnonzero(cells)
        cell_weight = cells[key]
    else:
        key, inverse = np.unique(key, return_inverse=True)
        cell_weight = np.bincount(inverse, weights=pair_weight)
    nonzero = cell_weight != 0
    key = key[nonzero]
    return CoincidenceMatrix(key // n_values, key % n_values, cell_weight[nonzero], n_values)
