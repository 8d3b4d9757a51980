"""Tests of one frontier between two adjacent phases.

* **gain** — drop in cost from keeping the phases apart (= 2N · weighted JSD, multinomial);
  ``quasi_gain = gain / φ``.
* **JSD** (equal weights, bits) with a *basic* source-bootstrap interval
  ``[2θ̂ - q_hi, 2θ̂ - q_lo]``, floored at 0 and stretched to contain θ̂. The plug-in JSD
  is biased upwards (noise always looks like difference), and a percentile interval of
  the replicates inherits that bias twice: on null frontiers it lay entirely above its
  own estimate. The basic interval subtracts the bias the replicates show, so it can
  reach 0, which is what "no difference" looks like.
* **p-value** ("do the two phases differ?"), for frontiers fixed in advance only: a
  bootstrap test with the null imposed (Hall & Wilson 1991). Each source resample's two
  sides are moved to the pooled theme mix (``null_jsd``: each side's counts shifted by its
  resampled size times the pooled minus its own observed shares), so the resamples show
  how far apart two phases *of one composition* look with these sources, this clustering
  and these sizes; p is the share whose JSD reaches the estimate, ``(1 + hits) / (R + 1)``.
  It cannot be smaller than ``1 / (R + 1)``: with 59 sources there are not thousands of
  independent observations. An earlier version used the shift test (resampled JSD above
  the estimate by at least the estimate), which compares the estimate with the JSD's
  spread *at the estimate*, wider than at no difference: it rejected almost no null
  frontier at 5% and missed real changes under strong clustering. No p-value is given for
  frontiers the search chose (it would ignore the search).
* **likely interval** ("where is the change?") — each source resample, with every
  imprecise date redrawn within its span, relocates the frontier between its fixed
  neighbours; the interval is the *shortest* range of positions holding 1 - α of them
  (``shortest_range``), stretched to contain the estimate, widened by half a bin each
  side (a bin edge stands for the bin around it) and to at least the precision of the
  dates that place it
  (``precision``: a frontier placed by year-dated events alone cannot be dated to the
  month, but a few year-dated events among many month-dated ones do not widen it).
  Shortest rather than equal-tailed: the relocations are skewed (most resamples find the
  change where the sample does, a few drift far towards one neighbour when they lose the
  sources that carry it), and cutting α/2 from each tail keeps most of the long one and
  cuts into the short one's core. Both hold 1 - α of the resamples; on the benchmarks'
  planted frontiers the shortest range covers the true date about as often and is
  narrower, which is what lets a stated date a year or two off be called displaced
  (BENCHMARKS, fifth round).
* **verdict** for a researcher's frontier: *not supported* when the p-value is not below
  α, else *supported* when the stated date lies in the likely interval, else *displaced*.
* **profile** — the gain as the frontier slides between the outer ends of the two phases,
  with neighbours fixed (drawn in the timeline; no longer the interval).
* **support** — share of bootstrap replicates whose automatic segmentation (at the same
  number of phases, and at the proposed default K) finds the frontier again: within the
  tolerance, or within the span of the coarse dates next to the frontier when that is
  wider (``precision.FrontierPrecision.tolerance``), matched one-to-one
  (``bootstrap.support``; computed by the engine, passed in here).
* **best date** of a proposed frontier (inference on) is where the frontier sits: the
  resamples' consensus position (``placement``), not the one sample's optimum.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import numpy as np

from workbench.bracketing.cost import Cumulative, cost_of_totals, jsd_bits, weighted_jsd
from workbench.bracketing.distributions import normal_ppf
from workbench.bracketing.result import FrontierTestResult, ProfilePointResult

if TYPE_CHECKING:
    from workbench.bracketing.binning import Grid

__all__ = ["frontier_test", "null_jsd", "shortest_range"]


def shortest_range(positions: np.ndarray, level: float) -> tuple[int, int]:
    """The narrowest ``[low, high]`` holding ``ceil(level * n)`` of the integer positions.

    Among equally narrow ranges the one whose middle is nearest the positions' median
    (so a flat stretch of relocations does not favour its left end).
    """
    ordered = np.sort(np.asarray(positions))
    n = ordered.size
    hold = min(n, max(1, int(np.ceil(level * n - 1e-9))))
    widths = ordered[hold - 1 :] - ordered[: n - hold + 1]
    candidates = np.flatnonzero(widths == widths.min())
    middles = (ordered[candidates] + ordered[candidates + hold - 1]) / 2.0
    pick = int(candidates[np.argmin(np.abs(middles - float(np.median(ordered))))])
    return int(ordered[pick]), int(ordered[pick + hold - 1])


def null_jsd(
    left: np.ndarray, right: np.ndarray, total_left: np.ndarray, total_right: np.ndarray
) -> np.ndarray:
    """JSD (bits) of resampled sides moved to the pooled composition (the null imposed).

    ``left`` and ``right`` are the resampled theme totals (replicates, themes),
    ``total_*`` the observed ones. Each side keeps its resampled size and its resampled
    departures from its own observed mix, and takes the pooled mix as its centre
    (``x* + n*(p0 - p_side)``, as a two-sample bootstrap test of equal means translates
    both samples to the common mean); a count pushed below zero is clipped to zero.
    """
    pooled = total_left + total_right
    p_0 = pooled / max(float(pooled.sum()), 1e-300)
    out = []
    for resampled, total in ((left, total_left), (right, total_right)):
        p_side = total / max(float(total.sum()), 1e-300)
        size = resampled.sum(axis=1, keepdims=True)
        out.append(np.clip(resampled + size * (p_0 - p_side), 0.0, None))
    return np.asarray(jsd_bits(out[0], out[1]))


def _profile_threshold(level: float, phi: float) -> float:
    return phi * normal_ppf(0.5 + level / 2.0) ** 2


def frontier_test(
    cum: Cumulative,
    grid: Grid,
    left: tuple[int, int],
    right: tuple[int, int],
    *,
    min_len: int,
    phi: float,
    fixed_in_advance: bool,
    profile_level: float,
    alpha: float,
    max_profile_points: int,
    boot_totals: np.ndarray | None,
    support_same_k: float | None,
    support_default_k: float | None,
    relocated: np.ndarray | None = None,
    precision_days: float = 0.0,
    bin_days: float = 0.0,
    stated_bin: int | None = None,
    support_threshold: float = 0.7,
    centre: int | None = None,
    few_units: int | None = None,
) -> FrontierTestResult:
    a, e = left
    s, b = right
    tot_l = cum.sums[e] - cum.sums[a]
    tot_r = cum.sums[b] - cum.sums[s]
    kind = cum.kind
    gain = float(
        cost_of_totals(tot_l + tot_r, (e - a) + (b - s), kind)
        - cost_of_totals(tot_l, e - a, kind)
        - cost_of_totals(tot_r, b - s, kind)
    )
    gain = max(gain, 0.0)
    present = int(((tot_l + tot_r) > 0).sum())
    df = max(present - 1 + (1 if kind == "poisson" else 0), 1)
    quasi = gain / phi

    frontier = (e + s) // 2
    positions = np.arange(a + min_len, b - min_len + 1)
    if positions.size == 0:
        positions = np.array([frontier])
    gains = np.asarray(cum.gain(a, positions, b), dtype=float)
    top = float(gains.max())
    tie = np.flatnonzero(gains >= top - 1e-9 * (1.0 + abs(top)))
    # centre of the plateau that holds the first maximum
    run = 0
    while run + 1 < tie.size and tie[run + 1] == tie[run] + 1:
        run += 1
    best = int(positions[(tie[0] + tie[run]) // 2])
    if centre is not None:
        # a proposed frontier already sits at the resamples' consensus (``placement``)
        best = centre
    threshold = _profile_threshold(profile_level, phi)
    inside = positions[gains >= top - threshold]
    contiguous = bool(inside.size == inside[-1] - inside[0] + 1)
    stride = max(1, -(-positions.size // max_profile_points))
    keep = np.arange(0, positions.size, stride)
    profile = tuple(
        ProfilePointResult(
            date=grid.edge_date(int(positions[i])), bin=int(positions[i]), gain=float(gains[i])
        )
        for i in keep
    )

    estimate = float(jsd_bits(tot_l, tot_r))
    jsd_ci = None
    p_value = None
    p_method = "not computed (inference off)"
    if boot_totals is not None and boot_totals.shape[0] > 0:
        values = np.asarray(jsd_bits(boot_totals[:, 0, :], boot_totals[:, 1, :]))
        low, high = np.quantile(values, [alpha / 2.0, 1.0 - alpha / 2.0])
        jsd_ci = (
            max(0.0, min(estimate, 2.0 * estimate - float(high))),
            max(estimate, 2.0 * estimate - float(low)),
        )
        if fixed_in_advance:
            null_values = null_jsd(boot_totals[:, 0, :], boot_totals[:, 1, :], tot_l, tot_r)
            hits = int(np.count_nonzero(null_values >= estimate))
            p_value = (1 + hits) / (values.size + 1)
            p_method = f"source bootstrap with the null imposed, {values.size} resamples"
        else:
            p_method = "none for a frontier the search chose (see support)"

    start_date = end_date = grid.edge_date(best)
    method = "not computed (inference off)"
    half_bin = dt.timedelta(days=round(bin_days / 2))
    half_prec = dt.timedelta(days=round(precision_days / 2))
    if relocated is not None and relocated.size:
        q_lo, q_hi = shortest_range(relocated, 1.0 - alpha)
        lo = min(q_lo, best)
        hi = max(q_hi, best)
        best_day = grid.edge_date(best)
        start_date = min(grid.edge_date(lo) - half_bin, best_day - half_prec)
        end_date = max(grid.edge_date(hi) + half_bin, best_day + half_prec)
        start_date = max(start_date, grid.edge_date(a))
        end_date = min(end_date, grid.edge_date(b))
        method = (
            f"shortest range holding {1 - alpha:.0%} of {relocated.size} source resamples "
            "relocating the frontier "
            f"(imprecise dates redrawn within their spans), +-half a bin"
            + (
                f", at least +-{precision_days / 2:.0f} days (precision of the dates placing it)"
                if precision_days
                else ""
            )
        )

    stated_inside = verdict = None
    verdict_note = ""
    if stated_bin is not None and relocated is not None:
        stated_day = grid.edge_date(stated_bin)
        stated_inside = start_date <= stated_day <= end_date
        if p_value is None or p_value >= alpha:
            verdict = "not supported"
            verdict_note = "the two phases are not shown to differ"
        elif stated_inside:
            verdict = "supported"
            verdict_note = "the phases differ and the stated date lies in the likely interval"
        else:
            verdict = "displaced"
            verdict_note = (
                f"the phases differ, but the data place the change at {grid.edge_date(best)} "
                f"(likely {start_date} to {end_date})"
            )
    elif stated_bin is not None:
        verdict_note = "not computed (inference off)"

    support_same = support_same_k
    support_note = ""
    if support_same is not None and support_same < support_threshold:
        support_note = (
            f"weak: found again in only {support_same:.0%} of source resamples "
            f"(threshold {support_threshold:.0%})"
        )
    elif support_same is not None and few_units is not None:
        # ``diagnostics.few_sources``: with so few units the support itself is optimistic
        support_note = (
            f"weak: resampled from only {few_units} units, too few to tell a change from "
            "their own material (an indication, not a finding)"
        )
    return FrontierTestResult(
        gain=gain,
        quasi_gain=quasi,
        df=df,
        p_value=p_value,
        weighted_jsd_nats=weighted_jsd(tot_l, tot_r),
        jsd_bits=estimate,
        jsd_ci=jsd_ci,
        best_date=grid.edge_date(best),
        best_bin=best,
        interval_start=start_date,
        interval_end=end_date,
        interval_contiguous=contiguous,
        profile_threshold=threshold,
        profile=profile,
        profile_stride=stride,
        support_same_k=support_same,
        support_default_k=support_default_k,
        interval_method=method,
        precision_days=precision_days,
        p_method=p_method,
        stated_bin=stated_bin,
        stated_inside=stated_inside,
        verdict=verdict,
        verdict_note=verdict_note,
        support_note=support_note,
    )
