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

* **bootstrap** (the default rule): walk up the K path from K = 2 and keep K while every
  frontier of the K-phase solution is found again (within the tolerance) in at least
  ``support_threshold`` of the source-bootstrap replicates *at the same K*; stop at the
  first K that fails unless one of the next two K passes (look-ahead: with frontiers
  of similar strength the two- or three-phase solution flips between them from resample
  to resample, which is instability of the choice, not absence of change). Scanning every
  K up to k_max instead, as an earlier version did, chose K = 8 on data with no change:
  with many frontiers per replicate some always land near any given date, so support
  rises with K on null data. Stopping early is what makes the rule conservative. A K
  whose solution has two frontiers within twice the tolerance of each other fails too:
  one replicate frontier then "supports" both, so support cannot tell them apart (this
  is how a gradual or coarsely dated change turns into a spurious short transition phase).
  So does a K with a *transition* segment: an interior segment whose theme mix is a
  mixture of its neighbours' (``transition_segments``), the trace of a gradual change
  wider than the tolerance.

  A frontier that is *coder-explained* (``coder_explained``: the coders of the phase
  before and after differ, yet within each coder's own codings the two sides do not
  differ) is not counted: the K is judged on its other frontiers, and proposes only
  those (``counted_frontiers``). Resampling cannot catch a coder's habit (every resample
  keeps the coder mix that makes the habit look like a change), but a comparison within
  coders can, wherever a coder has enough material on both sides of the frontier. An
  earlier version failed the whole K instead, so a habit frontier in the K-phase solution
  hid the real frontiers found with it.

  Being found again is not being a change: a frontier where a few long, leaning sources
  change the mix can sit at the same date in most resamples while its two sides differ
  no more than the sources do among themselves. So each counted frontier must also pass
  the source-bootstrap shift test of "no change" (``change_p_values``), at ``alpha`` with
  Holm's correction over the K's counted frontiers. The test ignores that the search chose
  the frontier, so on its own it would be too lenient; as a second condition beside
  support it can only make a K fail, so it cannot add frontiers to data without change.
  It is deliberately the conservative shift test, not the calibrated test with the null
  imposed that a researcher's frontier gets (``frontier.null_jsd``): a frontier the
  search chose needs the stricter one.

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

from workbench.bracketing.cost import jsd_bits
from workbench.bracketing.distributions import chi2_sf, holm

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    from workbench.bracketing.binning import IntervalTable

__all__ = [
    "bic_values",
    "bootstrap_k",
    "bootstrap_note",
    "change_p_by_k",
    "change_p_values",
    "composition_dispersion",
    "counted_frontiers",
    "default_k",
    "n_params",
    "segment_penalty",
    "transition_segments",
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


LOOK_AHEAD = 2


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


def change_p_values(totals: np.ndarray, replicate_totals: np.ndarray) -> list[float]:
    """Source-bootstrap p-value of "no change" at each frontier between adjacent segments.

    ``totals`` holds the theme totals of the K segments (K, themes), ``replicate_totals``
    the same per source resample (replicates, K, themes). The test: the JSD between the two
    sides, and the share of resamples whose JSD exceeds the estimate by at least the
    estimate (the bootstrap shift test of θ = 0; conservative, which a frontier the search
    chose needs; a researcher's frontier gets a calibrated test instead). Resampling whole
    sources is what makes it a test under clustering: a frontier that a few long, leaning
    sources produce moves with them from resample to resample, and its JSD spreads as
    widely as it is large.

    The p-value is the resampled share itself, ``hits / R``, not the ``(1 + hits) / (R + 1)``
    reported for a researcher's frontier: under Holm's correction over m frontiers the
    latter cannot go below α / m unless R + 1 > m / α, so with 20 resamples no K above 2
    could pass, and the number of resamples, not the data, would cap K.
    """
    out = []
    for g in range(totals.shape[0] - 1):
        estimate = float(jsd_bits(totals[g], totals[g + 1]))
        values = np.asarray(jsd_bits(replicate_totals[:, g, :], replicate_totals[:, g + 1, :]))
        hits = int(np.count_nonzero(values - estimate >= estimate))
        out.append(hits / max(values.size, 1))
    return out


def change_p_by_k(
    counts: np.ndarray,
    boundaries: Mapping[int, Sequence[int]],
    interval_totals: Callable[[Sequence[tuple[int, int]]], np.ndarray],
) -> dict[int, list[float]]:
    """``change_p_values`` for every K >= 2 of the path, in one pass over the resamples.

    ``interval_totals`` gives the theme totals per resample of a list of bin intervals
    (``BootstrapRun.interval_totals``); every segment of every K is asked for at once.
    """
    n = counts.shape[0]
    segments = {
        k: list(itertools.pairwise([0, *bounds, n])) for k, bounds in boundaries.items() if k >= 2
    }
    flat = sorted({seg for intervals in segments.values() for seg in intervals})
    if not flat:
        return {}
    where = {seg: i for i, seg in enumerate(flat)}
    cum = np.zeros((n + 1, counts.shape[1]))
    np.cumsum(counts, axis=0, out=cum[1:])
    starts = np.array([a for a, _ in flat])
    ends = np.array([b for _, b in flat])
    totals = cum[ends] - cum[starts]
    replicate = interval_totals(flat)
    out = {}
    for k, intervals in segments.items():
        rows = [where[seg] for seg in intervals]
        out[k] = change_p_values(totals[rows], replicate[:, rows, :])
    return out


def bootstrap_k(
    supports: Mapping[int, Sequence[float] | None],
    threshold: float,
    bounds: Mapping[int, Sequence[int]] | None = None,
    tolerance: int = 0,
    transitions: Mapping[int, Sequence[int]] | None = None,
    explained: Mapping[int, Sequence[int]] | None = None,
    changes: Mapping[int, Sequence[float]] | None = None,
    alpha: float = 0.05,
) -> int:
    """Walking up from K = 2, the last K that passes before three failures in a row.

    K = 1 always passes. ``supports[k]`` holds the support of each frontier of the
    K-phase solution; a K without supports (unreachable) fails, and so does a K whose
    ``bounds[k]`` has two frontiers within ``2 * tolerance`` bins or a transition segment
    (``transitions[k]``). Coder-explained frontiers (``explained[k]``, indices into the
    K's frontiers) are not counted: the K is judged on its other frontiers, and fails
    only when none is left (``counted_frontiers`` gives what the chosen K proposes).
    With ``changes[k]`` (``change_p_values`` of the K's frontiers) a K fails as well when
    one of its counted frontiers is not a change at ``alpha`` under Holm's correction
    over the counted frontiers of that K.
    """

    def passes(k: int) -> bool:
        drop = set(explained.get(k, ())) if explained is not None else set()
        kept = [i for i in range(len(supports.get(k) or ())) if i not in drop]
        support = supports.get(k)
        if support is None or not kept or min(support[i] for i in kept) < threshold:
            return False
        if transitions is not None and transitions.get(k):
            return False
        p_values = changes.get(k) if changes is not None else None
        if p_values is not None and max(holm([p_values[i] for i in kept])) >= alpha:
            return False
        # all frontiers, the explained ones too: two frontiers this close split one change
        b = list(bounds.get(k, ())) if bounds is not None else []
        return all(y - x > 2 * tolerance for x, y in itertools.pairwise(b))

    chosen = 1
    failures = 0
    for k in range(2, max(supports, default=1) + 1):
        if passes(k):
            chosen, failures = k, 0
        else:
            failures += 1
            if failures > LOOK_AHEAD:
                break
    return chosen


def bootstrap_note(
    threshold: float, replicates: int, tolerance: int, k_path: int | None, dropped: Sequence[int]
) -> str:
    """How the bootstrap rule chose, in words (the criterion's note in the result)."""
    note = (
        f"walking up from K=2, every frontier found again in >= {threshold:.0%} of "
        f"{replicates} source resamples (+-{tolerance} bins, or the dates' precision near it "
        "when coarser) and a change in a source-bootstrap test (Holm over the K's "
        "frontiers); stops after three failing K in a row"
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
