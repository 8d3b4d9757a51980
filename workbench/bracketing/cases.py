"""Per-case bracketing: does each case go through the same frontiers as the pooled data?

Each case is segmented on its own span (first to last bin with material) with the same
cost, minimum phase length and K range; its K is chosen by quasi-BIC using the *pooled*
dispersion φ (a single case rarely has enough sources to estimate its own). Each case
frontier is then reported with its signed distance in days to the nearest pooled frontier
(negative: the case turns earlier). Small cases are listed as skipped, not dropped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from workbench.bracketing.binning import Grid, Pieces, bin_counts
from workbench.bracketing.cost import Cumulative
from workbench.bracketing.result import CaseResult
from workbench.bracketing.segment import search_path
from workbench.bracketing.selection import bic_values

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["case_view"]


def case_view(
    pieces: Pieces,
    case_names: Sequence[str],
    case_events: np.ndarray,
    grid: Grid,
    pooled_bounds: Sequence[int],
    *,
    k_max: int,
    min_len: int,
    kind: str,
    phi: float,
    dp_max_bins: int,
    min_events: int,
    max_cases: int,
) -> tuple[CaseResult, ...]:
    if not case_names:
        return ()
    order = np.argsort(pieces.case, kind="stable")
    sorted_case = pieces.case[order]
    weights = np.bincount(
        pieces.case[pieces.case >= 0],
        weights=pieces.w[pieces.case >= 0] * (pieces.b1 - pieces.b0 + 1)[pieces.case >= 0],
        minlength=len(case_names),
    )
    ranking = sorted(range(len(case_names)), key=lambda c: (-case_events[c], case_names[c]))
    pooled_days = [grid.edge_date(b).toordinal() for b in pooled_bounds]
    out = []
    for rank, c in enumerate(ranking):
        common = {
            "case": case_names[c],
            "n_events": int(case_events[c]),
            "weight": float(weights[c]),
        }
        skipped = None
        if case_events[c] < min_events:
            skipped = f"fewer than {min_events} events"
        elif rank >= max_cases:
            skipped = f"beyond the {max_cases} largest cases"
        if skipped is not None:
            out.append(
                CaseResult(
                    **common,
                    k=0,
                    frontiers=(),
                    distance_days=(),
                    mean_abs_distance_days=None,
                    skipped=skipped,
                )
            )
            continue
        lo, hi = np.searchsorted(sorted_case, [c, c + 1])
        sub = pieces.select(order[lo:hi])
        counts = bin_counts(sub)
        filled = np.flatnonzero(counts.sum(axis=1) > 0)
        if filled.size == 0:
            out.append(
                CaseResult(
                    **common,
                    k=0,
                    frontiers=(),
                    distance_days=(),
                    mean_abs_distance_days=None,
                    skipped="no weight",
                )
            )
            continue
        first, last = int(filled[0]), int(filled[-1]) + 1
        counts = counts[first:last]
        path = search_path(counts, k_max, min_len, kind, dp_max_bins=dp_max_bins)
        used = Cumulative.of(counts, kind).n_themes
        ks = sorted(path.costs)
        path_costs = [path.costs[k] for k in ks]
        _, _, qbic = bic_values(ks, path_costs, used, float(counts.sum()), phi, kind)
        k = ks[int(np.argmin(qbic))]
        bounds = [b + first for b in path.boundaries[k]]
        days = [grid.edge_date(b).toordinal() for b in bounds]
        distances = (
            tuple(min((d - p for p in pooled_days), key=abs) for d in days) if pooled_days else ()
        )
        out.append(
            CaseResult(
                **common,
                k=k,
                frontiers=tuple(grid.edge_date(b) for b in bounds),
                distance_days=distances,
                mean_abs_distance_days=(float(np.mean(np.abs(distances))) if distances else None),
                skipped=None,
            )
        )
    return tuple(out)
