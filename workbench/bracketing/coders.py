"""A change of coders that looks like a change of phase.

A coder who codes the later sources and adds a theme of their own moves the pooled theme
mix exactly where their share of the codings rises: the search finds a frontier there and
source resamples support it, since every resample keeps the coder mix that produces it.
Resampling within coders would not help for the same reason. What the data can say, when
a coder has codings on both sides of the frontier, is whether the mix changes *within*
each coder's codings: a habit does not, a change in the process does. That comparison is
``coder_explained``; the K rule (``selection.bootstrap_k``) does not propose a frontier it
explains, and ``explained_note`` says so with the result. Where coders and time are fully
confounded (no coder on both sides) nothing can tell a habit from a change: the frontier
stays, and the coder-change diagnostic names it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from workbench.bracketing.binning import bin_counts, make_pieces
from workbench.bracketing.cost import cost_of_totals
from workbench.bracketing.distributions import chi2_sf
from workbench.bracketing.result import DiagnosticResult

if TYPE_CHECKING:
    from collections.abc import Sequence

    from workbench.bracketing.binning import Grid
    from workbench.bracketing.events import EventTable

__all__ = ["CODER_CHANGE", "coder_explained", "coder_sums", "explained_note"]

CODER_CHANGE = 0.5
"""Coder mixes before and after a frontier this far apart (total variation) make the
within-coder check apply (the same threshold as the coder-change diagnostic)."""


def coder_explained(
    coder_sums: Sequence[np.ndarray], bounds: Sequence[int], phi: float, alpha: float
) -> list[int]:
    """Frontiers (indices into ``bounds``) that a change of coders explains.

    ``coder_sums`` holds one cumulative count table (bins + 1, themes) per coder. A
    frontier is coder-explained when (1) the coder mixes of the phases before and after
    differ by at least ``CODER_CHANGE``, (2) at least one coder has codings on both sides,
    and (3) the within-coder gain (the sum over those coders of the gain of keeping the
    two phases apart in that coder's codings alone), divided by the source dispersion φ,
    is not significant on its degrees of freedom. A coder's habit (one theme added to the
    sources they code) moves the pooled mix where that coder's share rises, but not the
    mix within that coder's codings; a change in the process moves both. Where no coder
    is on both sides, coders and time are confounded and nothing in the data can tell a
    habit from a change: the frontier is kept (the coder-change diagnostic names it).
    """
    if len(coder_sums) < 2:
        return []
    n = coder_sums[0].shape[0] - 1
    edges = [0, *bounds, n]
    out = []
    for i in range(len(bounds)):
        a, f, b = edges[i], edges[i + 1], edges[i + 2]
        left = np.array([c[f] - c[a] for c in coder_sums])
        right = np.array([c[b] - c[f] for c in coder_sums])
        mix_l, mix_r = left.sum(axis=1), right.sum(axis=1)
        if mix_l.sum() <= 0 or mix_r.sum() <= 0:
            continue
        distance = 0.5 * float(np.abs(mix_l / mix_l.sum() - mix_r / mix_r.sum()).sum())
        both = (mix_l > 0) & (mix_r > 0)
        if distance < CODER_CHANGE or not both.any():
            continue
        gain = df = 0.0
        for lt, rt in zip(left[both], right[both], strict=True):
            gain += float(
                cost_of_totals(lt + rt, 1, "multinomial")
                - cost_of_totals(lt, 1, "multinomial")
                - cost_of_totals(rt, 1, "multinomial")
            )
            df += max(int(((lt + rt) > 0).sum()) - 1, 1)
        if chi2_sf(max(gain, 0.0) / phi, int(df)) >= alpha:
            out.append(i)
    return out


def coder_sums(table: EventTable, grid: Grid, count_unit: str) -> list[np.ndarray]:
    """One cumulative count table per coder (empty when fewer than two coders)."""
    if table.coder is None or len(table.coders) < 2:
        return []
    out = []
    for c in range(len(table.coders)):
        own = table.with_weight(np.where(table.coder == c, table.weight, 0.0))
        counts = bin_counts(make_pieces(own, grid, count_unit))
        sums = np.zeros((counts.shape[0] + 1, counts.shape[1]))
        np.cumsum(counts, axis=0, out=sums[1:])
        out.append(sums)
    return out


def explained_note(
    explained: dict[int, list[int]],
    bounds: dict[int, tuple[int, ...]],
    k_chosen: int,
    grid: Grid,
) -> list[DiagnosticResult]:
    """Say which frontiers the K rule set aside as a change of coders, not of the process."""
    dates = sorted(
        {
            grid.edge_date(bounds[k][i])
            for k, idx in explained.items()
            if k <= k_chosen + 1
            for i in idx
        }
    )
    if not dates:
        return []
    return [
        DiagnosticResult(
            "coder-explained",
            "not proposed as frontiers: "
            + ", ".join(str(d) for d in dates)
            + " — the coders before and after differ, and within each coder's own codings "
            "the two sides do not differ (a coder's habit, not a change in the process)",
        )
    ]
