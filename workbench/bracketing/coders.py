"""A change of coders that looks like a change of phase.

A coder who codes the later sources and adds a theme of their own moves the pooled theme
mix exactly where their share of the codings rises: the search finds a frontier there and
source resamples support it, since every resample keeps the coder mix that produces it.
Resampling within coders would not help for the same reason. What the data can say, when
a coder has codings on both sides of the frontier, is whether the mix changes *within*
each coder's codings: a habit does not, a change in the process does. That comparison is
``coder_explained``; the K rule (``selection.k_by_further_change``) does not propose a frontier it
explains (it proposes the other frontiers of that K), and ``explained_note`` says so with
the result. A coder counts as on both sides only with enough codings there, away from the
frontier, to show the pooled change (``within_coder_power``): a few codings that show
nothing are no evidence of a habit. Where coders and time are fully
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

__all__ = [
    "CODER_CHANGE",
    "WITHIN_CODER_POWER",
    "coder_explained",
    "coder_sums",
    "explained_note",
    "within_coder_power",
]

CODER_CHANGE = 0.5
"""Coder mixes before and after a frontier this far apart (total variation) make the
within-coder check apply (the same threshold as the coder-change diagnostic)."""


def coder_explained(
    coder_sums: Sequence[np.ndarray],
    bounds: Sequence[int],
    phi: float,
    alpha: float,
    margin: int = 0,
) -> list[int]:
    """Frontiers (indices into ``bounds``) that a change of coders explains.

    ``coder_sums`` holds one cumulative count table (bins + 1, themes) per coder. A
    frontier is coder-explained when (1) the coder mixes of the phases before and after
    differ by at least ``CODER_CHANGE``, (2) at least one coder is *on both sides*: has
    enough codings before and after that its own comparison would find the pooled change
    (``within_coder_power``), and (3) the within-coder gain (the sum over those coders of
    the gain of keeping the two phases apart in that coder's codings alone), divided by
    the source dispersion φ, is not significant on its degrees of freedom. A coder's habit
    (one theme added to the sources they code) moves the pooled mix where that coder's
    share rises, but not the mix within that coder's codings; a change in the process
    moves both. Where no coder is on both sides, coders and time are confounded and
    nothing in the data can tell a habit from a change: the frontier is kept (the
    coder-change diagnostic names it).

    The within-coder comparison leaves out the ``margin`` bins (the support tolerance) on
    each side of the frontier: the frontier is placed only to within them, so a coder's
    codings there may belong to either phase. Counting them let a frontier set a month
    before the change look coder-explained: the one coder on both sides had, after it,
    only the month before the change.
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
        f_l, f_r = max(a, f - margin), min(b, f + margin)
        far_l = np.array([c[f_l] - c[a] for c in coder_sums])
        far_r = np.array([c[b] - c[f_r] for c in coder_sums])
        mix_l, mix_r = left.sum(axis=1), right.sum(axis=1)
        if mix_l.sum() <= 0 or mix_r.sum() <= 0:
            continue
        distance = 0.5 * float(np.abs(mix_l / mix_l.sum() - mix_r / mix_r.sum()).sum())
        if distance < CODER_CHANGE:
            continue
        if far_l.sum() <= 0 or far_r.sum() <= 0:
            continue
        pooled_l = far_l.sum(axis=0) / far_l.sum()
        pooled_r = far_r.sum(axis=0) / far_r.sum()
        gain = df = 0.0
        informative = False
        for lt, rt in zip(far_l, far_r, strict=True):
            if lt.sum() <= 0 or rt.sum() <= 0:
                continue
            df_c = max(int(((lt + rt) > 0).sum()) - 1, 1)
            expected = _split_gain(lt.sum() * pooled_l, rt.sum() * pooled_r)
            if within_coder_power(expected / phi, df_c, alpha) < WITHIN_CODER_POWER:
                continue
            informative = True
            gain += _split_gain(lt, rt)
            df += df_c
        if informative and chi2_sf(max(gain, 0.0) / phi, int(df)) >= alpha:
            out.append(i)
    return out


WITHIN_CODER_POWER = 0.8
"""A coder counts as on both sides of a frontier only when its own codings would show the
pooled change with this power (the usual 80%). A coder with a sliver of codings on one side
cannot show any change, so the absence of one in their codings says nothing: counting them
made a real frontier look like a habit wherever one coder strayed a little across it."""


def _split_gain(left: np.ndarray, right: np.ndarray) -> float:
    """Drop in multinomial cost from keeping ``left`` and ``right`` apart (2N · JSD)."""
    return float(
        cost_of_totals(left + right, 1, "multinomial")
        - cost_of_totals(left, 1, "multinomial")
        - cost_of_totals(right, 1, "multinomial")
    )


def _chi2_isf(alpha: float, df: float) -> float:
    """The chi-square critical value with upper tail ``alpha`` (bisection on ``chi2_sf``)."""
    lo, hi = 0.0, max(1.0, df)
    while chi2_sf(hi, df) > alpha:
        hi *= 2.0
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if chi2_sf(mid, df) > alpha else (lo, mid)
    return 0.5 * (lo + hi)


def within_coder_power(noncentrality: float, df: float, alpha: float) -> float:
    """Power of a chi-square test at ``alpha`` against the given non-centrality.

    The non-centrality is the gain the coder's own codings would show, divided by φ, if
    they moved as the pooled mix moves; the non-central chi-square tail uses Patnaik's
    two-moment approximation (a scaled central chi-square), plenty for a yes/no rule.
    """
    if noncentrality <= 0:
        return alpha
    scale = (df + 2.0 * noncentrality) / (df + noncentrality)
    shape = (df + noncentrality) ** 2 / (df + 2.0 * noncentrality)
    return chi2_sf(_chi2_isf(alpha, df) / scale, shape)


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
