"""Tests of one frontier between two adjacent phases.

* **gain** — drop in cost from keeping the phases apart (= 2N · weighted JSD, multinomial);
  ``quasi_gain = gain / φ``; for researcher frontiers (fixed in advance) a quasi-likelihood
  ratio p-value ``P(χ²_df > gain/φ)`` with df = themes present - 1. No p-value is given for
  frontiers the search chose: it would ignore the search over positions.
* **JSD** (equal weights, bits) with a percentile CI over source-bootstrap replicates. The
  plug-in JSD is biased upwards in small samples; the CI is of the plug-in estimate.
* **profile** — the gain as the frontier slides between the outer ends of the two phases,
  with neighbours fixed. The likelihood-profile interval is the set of positions whose
  gain is within ``φ · χ²₁(level)`` of the best. Change-point locations are non-regular,
  so this is the conventional "chi-square-ish" interval, widened by φ because the gain is
  on the deviance scale that overdispersion inflates.
* **support** — share of bootstrap replicates whose automatic segmentation (at the same
  number of phases, and at the proposed default K) puts a frontier within the tolerance.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from workbench.bracketing.bootstrap import support
from workbench.bracketing.cost import Cumulative, cost_of_totals, jsd_bits, weighted_jsd
from workbench.bracketing.distributions import chi2_sf, normal_ppf
from workbench.bracketing.result import FrontierTestResult, ProfilePointResult

if TYPE_CHECKING:
    from collections.abc import Sequence

    from workbench.bracketing.binning import Grid

__all__ = ["frontier_test"]


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
    same_k_bounds: Sequence[tuple[int, ...] | None] | None,
    default_k_bounds: Sequence[tuple[int, ...] | None] | None,
    tolerance: int,
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
    p_value = chi2_sf(quasi, df) if fixed_in_advance else None

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

    jsd_ci = None
    if boot_totals is not None and boot_totals.shape[0] > 0:
        values = jsd_bits(boot_totals[:, 0, :], boot_totals[:, 1, :])
        low, high = np.quantile(values, [alpha / 2.0, 1.0 - alpha / 2.0])
        jsd_ci = (float(low), float(high))
    return FrontierTestResult(
        gain=gain,
        quasi_gain=quasi,
        df=df,
        p_value=p_value,
        weighted_jsd_nats=weighted_jsd(tot_l, tot_r),
        jsd_bits=float(jsd_bits(tot_l, tot_r)),
        jsd_ci=jsd_ci,
        best_date=grid.edge_date(best),
        best_bin=best,
        interval_start=grid.edge_date(int(inside[0])),
        interval_end=grid.edge_date(int(inside[-1])),
        interval_contiguous=contiguous,
        profile_threshold=threshold,
        profile=profile,
        profile_stride=stride,
        support_same_k=(
            None if same_k_bounds is None else support(frontier, same_k_bounds, tolerance)
        ),
        support_default_k=(
            None if default_k_bounds is None else support(frontier, default_k_bounds, tolerance)
        ),
    )
