"""Choosing the number of phases K.

Codes cluster by source: an interview that dwells on one theme puts dozens of correlated
applications into a few bins. The pooled deviance then behaves like φ·χ² rather than χ²,
and plain BIC (which assumes independent applications) keeps adding frontiers. Hence:

* **BIC**:        ``D_K + p_K log N``
* **quasi-BIC**:  ``D_K / φ + p_K log N``  (QBIC; the BIC analogue of QAIC)

with ``D_K`` the optimal cost (deviance) at K, ``N`` the total weight,
``p_K = K (T - 1) + (K - 1)`` (compositions plus frontier dates; one more rate per segment
under the Poisson cost) and φ the *source-level* dispersion

    φ = X² / df,   X² = Σ_{segment g} Σ_{source s} Σ_t (c_gst - n_gs p_gt)² / (n_gs p_gt),
                   df = Σ_g (Σ_s min(n_gs, 1) - 1) (T_g - 1),

the Pearson statistic of each source's counts in each segment against the segment's
pooled composition. It is estimated on the BIC segmentation — the richest model
considered, as QAIC practice estimates ĉ on the global model — and floored at 1 (under-
dispersion is not credited). A source-segment cell holding less than one unit of weight
(a fraction of a date-spread event) counts for that fraction of a degree of freedom,
since its Pearson term scales with its weight. Under the Poisson cost φ is the larger of
this and the Pearson dispersion of bin volumes about the segment rate.

* **bootstrap** (the default rule, ``k_by_further_change``): first *whether* there is one
  more change, then *where*. Walking up the K path from K = 2, a permutation test over
  sources (``further_change``) asks whether the (K - 1)-phase solution leaves a further
  change inside its phases; the walk stops at the first K where it does not (p >= alpha).
  The test is calibrated on the corpus itself with the null imposed (within each phase,
  the themes of sources of similar size exchanged between their places in time, and each
  source's own themes shuffled over its dates), so its false rate on
  data without change is alpha however strongly the sources lean. Then, among the K up to
  there, the largest whose solution is located: every counted frontier found again
  (within the tolerance) in at least half of the source-bootstrap replicates at the same
  K (``MAJORITY``), no two frontiers within twice the tolerance of each other, no
  transition segment. A frontier found again in fewer than ``support_threshold`` of the
  replicates is still proposed when the test says the change exists, and is labelled
  weak in words next to it.

  Why not support alone, as earlier versions did (keep K while every frontier is found
  again in >= 70% of replicates, stop after three failing K): on strongly clustered data
  a real frontier of moderate strength is found again in 50-70% of replicates, as often
  as frontiers carved out of null data by leaning sources, so any threshold was wrong for
  one of them (boundary F1 0.66-0.84 against planted changes on an independent generator,
  BENCHMARKS.md). Support rises with K on null data (many frontiers per replicate land
  near any date), which is why the walk has to stop at the first K the test rejects
  rather than scan. A K whose solution has two frontiers within twice the tolerance of
  each other is not located: one replicate frontier then "supports" both (this is how a
  gradual or coarsely dated change turns into a spurious short transition phase). Nor is
  a K with a *transition* segment: an interior segment whose theme mix is a mixture of
  its neighbours' (``transition_segments``), the trace of a gradual change wider than
  the tolerance.

  A frontier that is *coder-explained* (``coder_explained``: the coders of the phase
  before and after differ, yet within each coder's own codings the two sides do not
  differ) is not counted: the K is judged on its other frontiers, and proposes only
  those (``counted_frontiers``). Neither resampling nor permuting sources can catch a
  coder's habit (both keep the coder mix that makes the habit look like a change), but a
  comparison within coders can, wherever a coder has enough material on both sides.

Default K: the bootstrap rule when the replicates exist (inference on, the default): it
is the only criterion computed from resamples of sources, so the only one that knows
which frontiers a few talkative sources could have produced. Without inference the
default falls back to the quasi-BIC choice, and the result says its frontiers' support
was not computed.
"""

from __future__ import annotations

import itertools
import math
from typing import TYPE_CHECKING

import numpy as np

from workbench.bracketing.distributions import chi2_sf

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    from workbench.bracketing.binning import IntervalTable

__all__ = [
    "bic_values",
    "composition_dispersion",
    "counted_frontiers",
    "default_k",
    "further_change_note",
    "k_by_further_change",
    "n_params",
    "segment_penalty",
    "transition_segments",
    "unplaced_change",
    "volume_dispersion",
]


def n_params(k: int, n_themes: int, kind: str) -> int:
    per_segment = n_themes - 1 + (1 if kind == "poisson" else 0)
    return k * per_segment + (k - 1)


def segment_penalty(n_themes: int, total: float, kind: str) -> float:
    """BIC penalty per extra segment, the PELT penalty that reproduces the BIC choice."""
    return (n_params(2, n_themes, kind) - n_params(1, n_themes, kind)) * math.log(max(total, 2.0))


def bic_values(
    ks: Sequence[int], costs: Sequence[float], n_themes: int, total: float, phi: float, kind: str
) -> tuple[list[int], list[float], list[float]]:
    """Parameter counts, BIC and quasi-BIC for the given K values and their optimal costs."""
    log_n = math.log(max(total, 2.0))
    params = [n_params(k, n_themes, kind) for k in ks]
    bic = [c + p * log_n for c, p in zip(costs, params, strict=True)]
    qbic = [c / phi + p * log_n for c, p in zip(costs, params, strict=True)]
    return params, bic, qbic


def composition_dispersion(table: IntervalTable) -> tuple[float, float, int]:
    """Source-level Pearson dispersion (φ, X², df) of compositions within segments."""
    totals = table.totals()
    seg_n = totals.sum(axis=1)
    p = np.divide(totals, seg_n[:, None], out=np.zeros_like(totals), where=seg_n[:, None] > 0)
    n_sources = int(table.source.max(initial=0)) + 1
    cell = table.g * n_sources + table.source
    cells, inverse = np.unique(cell, return_inverse=True)
    n_gs = np.bincount(inverse, weights=table.w, minlength=cells.size)
    expected = n_gs[inverse] * p[table.g, table.theme]
    valid = expected > 0
    x2 = float((table.w[valid] ** 2 / expected[valid]).sum() - n_gs.sum())
    x2 = max(x2, 0.0)
    themes_g = (totals > 0).sum(axis=1)
    eff_cells = np.bincount(
        cells // n_sources, weights=np.minimum(n_gs, 1.0), minlength=table.n_intervals
    )
    df_float = float(((eff_cells - 1.0).clip(min=0.0) * (themes_g - 1).clip(min=0)).sum())
    df = round(df_float)
    phi = max(1.0, x2 / df_float) if df_float >= 1.0 else 1.0
    return phi, x2, df


def volume_dispersion(volume: np.ndarray, bounds: Sequence[int]) -> float:
    """Pearson dispersion of bin volumes about each segment's mean rate (Poisson cost)."""
    edges = [0, *bounds, volume.size]
    x2 = 0.0
    for a, b in itertools.pairwise(edges):
        mean = float(volume[a:b].mean())
        if mean > 0:
            x2 += float(((volume[a:b] - mean) ** 2).sum() / mean)
    df = volume.size - len(edges) + 1
    return max(1.0, x2 / df) if df > 0 else 1.0


def transition_segments(
    sums: np.ndarray, bounds: Sequence[int], phi: float, alpha: float
) -> list[int]:
    """Interior segments whose composition is a mixture of their two neighbours'.

    A gradual change (or dates coarser than the bins) leaves a stretch where material of
    the phase before and after mix; the search then isolates it as a short "phase" with a
    frontier at each end, both well supported. Such a segment is a transition, not a
    phase: its counts are fitted by ``λ p_left + (1 - λ) p_right`` (λ on a grid) and the
    deviance, divided by the dispersion φ, is not significant on T - 2 degrees of freedom.
    ``sums`` is the cumulative count table (bins + 1, themes).
    """
    edges = [0, *bounds, sums.shape[0] - 1]
    totals = [sums[b] - sums[a] for a, b in itertools.pairwise(edges)]
    lam = np.linspace(0.0, 1.0, 101)[:, None]
    out = []
    for g in range(1, len(totals) - 1):
        left, mid, right = totals[g - 1], totals[g], totals[g + 1]
        if left.sum() <= 0 or right.sum() <= 0 or mid.sum() <= 0:
            continue
        mix = lam * (left / left.sum()) + (1.0 - lam) * (right / right.sum())
        used = mid > 0
        expected = np.maximum(mix[:, used] * mid.sum(), 1e-300)
        deviance = 2.0 * (mid[used] * np.log(mid[used] / expected)).sum(axis=1).min()
        df = max(int(((left + mid + right) > 0).sum()) - 2, 1)
        if chi2_sf(float(deviance) / phi, df) >= alpha:
            out.append(g)
    return out


MAJORITY = 0.5
"""Least support of a frontier the tested K rule proposes: found again in half the resamples."""


def k_by_further_change(
    supports: Mapping[int, Sequence[float] | None],
    further_p: Callable[[int], float],
    alpha: float,
    bounds: Mapping[int, Sequence[int]] | None = None,
    tolerance: int = 0,
    transitions: Mapping[int, Sequence[int]] | None = None,
    explained: Mapping[int, Sequence[int]] | None = None,
) -> tuple[int, dict[int, float]]:
    """The K rule with inference on: how many changes a test finds, then where they are.

    First the number of changes: walking up from K = 2, ``further_p(k)`` is the p-value
    of "the (K - 1)-phase solution leaves no further change" (``further_change``); the
    walk stops at the first K where it is not below ``alpha``. Testing in this fixed
    order, each step at ``alpha``, keeps the chance of proposing any frontier on data
    without change at ``alpha``. Then the K: the largest K up to there whose solution
    has no two frontiers within ``2 * tolerance`` bins, no transition segment
    (``transitions[k]``) and every counted frontier (all but the coder-explained,
    ``explained[k]``) found again in at least half of the source resamples (``MAJORITY``):
    the test says that there are changes, support says whether the K-phase search puts
    them where the resamples do. Returns the K and the p-values computed.
    """
    p_values: dict[int, float] = {}
    k_tested = 1
    for k in range(2, max(supports, default=1) + 1):
        p_values[k] = further_p(k)
        if p_values[k] >= alpha:
            break
        k_tested = k

    def located(k: int) -> bool:
        drop = set(explained.get(k, ())) if explained is not None else set()
        support = supports.get(k)
        kept = [i for i in range(len(support or ())) if i not in drop]
        if support is None or not kept or min(support[i] for i in kept) < MAJORITY:
            return False
        if transitions is not None and transitions.get(k):
            return False
        b = list(bounds.get(k, ())) if bounds is not None else []
        return all(y - x > 2 * tolerance for x, y in itertools.pairwise(b))

    chosen = max((k for k in range(2, k_tested + 1) if located(k)), default=1)
    return chosen, p_values


def unplaced_change(p_values: Mapping[int, float], alpha: float, chosen: int) -> str | None:
    """In words, when the test found more change than the chosen K places (else None).

    The test can find change inside the phases that no K-phase solution locates: a theme
    mix that drifts across a phase, or changes too weak to date. The proposal keeps the
    K it can place, and the researcher should hear that there is more.
    """
    # the walk stops at its first non-significant step, so the significant ones run 2..k
    k_tested = max((k for k, p in p_values.items() if p < alpha), default=1)
    if k_tested <= chosen:
        return None
    return (
        f"the test of a further change finds change inside the phases up to K={k_tested}, "
        f"but only K={chosen} phases have frontiers the source resamples place (each found "
        "again in at least half of them): the rest is drift within phases or changes too "
        "weak to date; the K path lists the larger solutions"
    )


def further_change_note(
    alpha: float,
    permutations: int,
    p_values: Mapping[int, float],
    k_path: int | None,
    dropped: Sequence[int],
) -> str:
    """How the tested K rule chose, in words (the criterion's note in the result)."""
    steps = ", ".join(f"K={k}: p={p:.2g}" for k, p in sorted(p_values.items()))
    note = (
        "walking up from K=2 while a permutation test over sources finds a further change "
        f"inside the phases (p < {alpha:g}, {permutations} permutations; {steps}), then the "
        "largest such K whose frontiers are each found again in at least half of the "
        "source resamples"
    )
    if dropped:
        note += f"; K={k_path} less its {len(dropped)} coder-explained frontier(s)"
    return note


def counted_frontiers(bounds: Sequence[int], explained: Sequence[int] | None) -> tuple[int, ...]:
    """The frontiers of a K-phase solution that are proposed: all but the coder-explained.

    Dropping a frontier leaves the phases on either side merged, with the other frontiers
    where the K-phase search put them. Re-running the search at K - 1 instead would let the
    habit frontier back in wherever it is the strongest single change.
    """
    drop = set(explained or ())
    return tuple(b for i, b in enumerate(bounds) if i not in drop)


def default_k(choices: Sequence[int]) -> int:
    """Median of the criteria's choices, lower middle value for an even count."""
    ordered = sorted(choices)
    return ordered[(len(ordered) - 1) // 2]
