"""From coded character spans to a units x coders presence matrix for one code.

Coders mark arbitrary spans; agreement statistics need every coder's verdict on the same
units. A unit (a sentence, turn, paragraph supplied by the caller, or a single character)
counts as coded by a coder when that coder's spans for the code cover at least ``min_share``
of it. Spans are merged per coder first, so overlapping spans are never counted twice.

Coverage is computed without touching characters: merged spans give a piecewise-linear
cumulative coverage C(x), evaluated at unit boundaries with ``np.searchsorted``; the covered
length of [s, e) is C(e) - C(s).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np

from workbench.agreement.errors import AgreementInputError

if TYPE_CHECKING:
    from collections.abc import Sequence

CHARACTER_UNITS = "character"


@dataclass(frozen=True, eq=False)
class AlignedUnitsResult:
    """``matrix[u, c]`` is 1 when coder c coded unit ``unit_index[u]``; ``share`` is the cover.

    ``unit_index`` maps rows back to the caller's unit list (rows are dropped when uncoded
    units are excluded).
    """

    matrix: np.ndarray
    share: np.ndarray
    unit_index: np.ndarray
    n_units_total: int


def unit_bounds(
    length: int, units: Sequence[tuple[int, int]] | np.ndarray | Literal["character"]
) -> tuple[np.ndarray, np.ndarray]:
    """Unit starts and ends as arrays; ``"character"`` makes every character a unit."""
    if length < 0:
        raise AgreementInputError(f"document length must be >= 0, got {length}")
    if isinstance(units, str):
        if units != CHARACTER_UNITS:
            raise AgreementInputError(f"units must be spans or 'character', got {units!r}")
        starts = np.arange(length, dtype=np.int64)
        return starts, starts + 1
    spans = np.asarray(units, dtype=np.int64).reshape(-1, 2)
    starts, ends = spans[:, 0], spans[:, 1]
    bad = (starts < 0) | (ends > length) | (starts >= ends)
    if bad.any():
        first = int(np.flatnonzero(bad)[0])
        raise AgreementInputError(
            f"unit {first} [{starts[first]}, {ends[first]}) is empty or outside [0, {length})"
        )
    return starts, ends


def merge_spans(
    spans: Sequence[tuple[int, int]] | np.ndarray, length: int, *, merge_touching: bool = True
) -> tuple[np.ndarray, np.ndarray]:
    """Union of half-open spans as sorted, disjoint (start, end) arrays; empty spans vanish.

    ``merge_touching=False`` keeps [a, b) and [b, c) apart: the unitized alphas treat them
    as two units a coder identified, while coverage does not care.
    """
    array = np.asarray(spans, dtype=np.int64).reshape(-1, 2)
    starts, ends = array[:, 0], array[:, 1]
    bad = (starts < 0) | (ends > length) | (starts > ends)
    if bad.any():
        first = int(np.flatnonzero(bad)[0])
        raise AgreementInputError(
            f"span [{starts[first]}, {ends[first]}) is reversed or outside [0, {length})"
        )
    keep = starts < ends
    starts, ends = starts[keep], ends[keep]
    if starts.size == 0:
        return starts, ends
    order = np.argsort(starts, kind="stable")
    starts, ends = starts[order], ends[order]
    reach = np.maximum.accumulate(ends)
    new_group = np.ones(starts.size, dtype=bool)
    if merge_touching:
        new_group[1:] = starts[1:] > reach[:-1]
    else:
        new_group[1:] = starts[1:] >= reach[:-1]
    first_of_group = np.flatnonzero(new_group)
    return starts[first_of_group], np.maximum.reduceat(ends, first_of_group)


def covered_length(
    merged_starts: np.ndarray, merged_ends: np.ndarray, starts: np.ndarray, ends: np.ndarray
) -> np.ndarray:
    """Length of [starts, ends) covered by the merged (disjoint, sorted) spans."""
    if merged_starts.size == 0:
        return np.zeros(starts.shape, dtype=np.int64)
    cumulative = np.cumsum(merged_ends - merged_starts)

    def coverage_before(x: np.ndarray) -> np.ndarray:
        k = np.searchsorted(merged_starts, x, side="right")
        last = np.maximum(k - 1, 0)
        inside = np.clip(merged_ends[last] - x, 0, None)
        return np.where(k > 0, cumulative[last] - inside, 0)

    return coverage_before(ends) - coverage_before(starts)


def align_units(
    length: int,
    units: Sequence[tuple[int, int]] | np.ndarray | Literal["character"],
    coder_spans: Sequence[Sequence[tuple[int, int]] | np.ndarray],
    *,
    min_share: float | None = None,
    exclude_uncoded: bool = False,
) -> AlignedUnitsResult:
    """Units x coders 0/1 matrix for one code.

    ``coder_spans[c]`` holds coder c's spans for the code. With ``min_share=None`` any
    overlap counts; with e.g. 0.5 a coder must cover at least half the unit. With
    ``exclude_uncoded`` units that no coder coded are dropped (they otherwise inflate
    agreement on rare codes).
    """
    if min_share is not None and not 0.0 < min_share <= 1.0:
        raise AgreementInputError(f"min_share must be in (0, 1], got {min_share}")
    starts, ends = unit_bounds(length, units)
    unit_length = (ends - starts).astype(np.float64)
    share = np.zeros((starts.size, len(coder_spans)))
    for coder, spans in enumerate(coder_spans):
        merged_starts, merged_ends = merge_spans(spans, length)
        share[:, coder] = covered_length(merged_starts, merged_ends, starts, ends) / unit_length
    matrix = (share > 0.0) if min_share is None else (share >= min_share - 1e-12)
    matrix = matrix.astype(np.int8)
    unit_index = np.arange(starts.size)
    if exclude_uncoded:
        coded = matrix.any(axis=1)
        matrix, share, unit_index = matrix[coded], share[coded], unit_index[coded]
    return AlignedUnitsResult(matrix, share, unit_index, int(starts.size))
