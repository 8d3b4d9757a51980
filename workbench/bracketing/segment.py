"""Optimal segmentation of the bin sequence: exact DP over K, PELT, and coarse-to-fine.

* ``dp_path`` — exact optimum for every K = 1..k_max at once, O(K n² T) with cumulative
  sums, one numpy row per end position. Used up to ``dp_max_bins`` (5,000 by default).
* ``pelt`` — exact penalised optimum (min cost + β·K) with pruning. Its pruning needs
  ``cost(a,b) >= cost(a,f) + cost(f,b)`` (splitting never hurts), true for both costs.
  With a minimum segment length the classic pruning is *not* exact, so a pruned start is
  only dropped ``min_len`` steps after it became dominated (see ``pelt``).
  PELT is linear only when the number of frontiers grows with n; with a few long phases
  (the usual process-research case) it degrades to quadratic, so it is *not* the default
  for huge grids.
* ``search_path`` in ``auto`` mode beyond ``dp_max_bins``: DP on super-bins of ``f``
  bins (≤ dp_max_bins of them), then each frontier is refined at full resolution within
  ±f bins holding its neighbours fixed. Linear in n; the price is that frontiers are
  exact only given the coarse solution (recorded as ``coarsening_factor``). Searches that
  are repeated many times (bootstrap replicates, per-case views) use the same scheme
  with a lower ceiling (``BracketParams.secondary_max_bins``).

Ties: under the multinomial cost a frontier may slide through empty bins at no cost. The
DP takes the earliest position; ``centre_in_gaps`` then moves it to the middle of the
empty stretch, which is the honest point estimate (the profile interval shows the rest).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from workbench.bracketing.cost import Cumulative

__all__ = [
    "PathSearch",
    "centre_in_gaps",
    "dp_path",
    "pelt",
    "refine",
    "search_path",
    "search_penalised",
]

Boundaries = tuple[int, ...]


_MATRIX_CELLS = 4_500_000
_BLOCK_VALUES = 1_000_000


def _cost_matrix_t(cum: Cumulative, min_len: int) -> np.ndarray:
    """``M[j, i]`` = cost of ``[i, j)`` when ``j - i >= min_len``, else inf (small n only).

    Built theme by theme on 2-D blocks (contiguous, no reduction over a short last axis),
    about twice as fast as broadcasting over (start, end, theme).
    """
    n = cum.n
    sums = np.ascontiguousarray(cum.sums.T)
    matrix = np.full((n + 1, n + 1), np.inf)
    block = max(1, _BLOCK_VALUES // (n + 1))
    for j0 in range(min_len, n + 1, block):
        j1 = min(j0 + block, n + 1)
        ends = np.arange(j0, j1)
        width = j1 - min_len  # starts 0 .. j1 - min_len - 1
        total = np.zeros((ends.size, width))
        inner = np.zeros_like(total)
        for row in sums:
            seg = row[j0:j1, None] - row[None, :width]
            np.maximum(seg, 1e-300, out=seg)
            total += seg
            logs = np.log(seg)
            logs *= seg
            inner += logs
        np.maximum(total, 1e-300, out=total)
        if cum.kind == "poisson":
            length = ends[:, None] - np.arange(width)[None, :]
            values = -2.0 * (inner - total * np.log(np.maximum(length, 1)))
        else:
            values = -2.0 * (inner - total * np.log(total))
        values[ends[:, None] - np.arange(width)[None, :] < min_len] = np.inf
        matrix[j0:j1, :width] = values
    return matrix


def dp_path(cum: Cumulative, k_max: int, min_len: int) -> tuple[np.ndarray, list[Boundaries]]:
    """Exact optimal segmentations with K = 1..k_max segments of at least ``min_len`` bins.

    Returns the optimal cost for each K (``inf`` when infeasible) and the frontiers (first
    bin of every segment after the first).
    """
    n = cum.n
    if n < min_len:  # too short to honour the minimum: one segment, as it is
        return np.array([float(cum.cost(0, n))]), [()]
    k_max = max(1, min(k_max, n // min_len))
    best = np.full((k_max + 1, n + 1), np.inf)
    back = np.zeros((k_max + 1, n + 1), dtype=np.int64)
    best[0, 0] = 0.0
    if (n + 1) ** 2 <= _MATRIX_CELLS:
        matrix = _cost_matrix_t(cum, min_len)
        rows = np.arange(n + 1)
        for k in range(1, k_max + 1):
            total = matrix + best[k - 1][None, :]
            back[k] = np.argmin(total, axis=1)
            best[k] = total[rows, back[k]]
    else:
        for j in range(min_len, n + 1):
            last = j - min_len
            row = cum.cost(np.arange(last + 1), j)
            top = min(k_max, j // min_len)
            for k in range(1, top + 1):
                values = best[k - 1, : last + 1] + row
                i = int(np.argmin(values))
                best[k, j] = values[i]
                back[k, j] = i
    costs = best[1:, n].copy()
    paths: list[Boundaries] = []
    for k in range(1, k_max + 1):
        if not np.isfinite(best[k, n]):
            paths.append(())
            continue
        bounds = []
        j = n
        for kk in range(k, 1, -1):
            j = int(back[kk, j])
            bounds.append(j)
        paths.append(tuple(sorted(bounds)))
    return costs, paths


def pelt(cum: Cumulative, penalty: float, min_len: int) -> Boundaries:
    """Exact minimiser of ``cost + penalty · (number of segments)`` (PELT).

    Pruning with a minimum length: if ``F(τ) + C(τ,t) >= F(t)`` then for every
    ``T >= t + min_len`` the start τ is never better than starting at t, because the chain
    τ→t→T is allowed there; for ``t < T < t + min_len`` it is not, so τ stays a candidate
    until ``t + min_len``. Dropping it at once would make PELT inexact.
    """
    n = cum.n
    best = np.full(n + 1, np.inf)
    best[0] = 0.0
    last = np.zeros(n + 1, dtype=np.int64)
    cand = np.array([0], dtype=np.int64)
    expire = np.array([np.iinfo(np.int64).max], dtype=np.int64)
    for t in range(min_len, n + 1):
        alive = expire > t
        cand, expire = cand[alive], expire[alive]
        eligible = cand <= t - min_len
        taus = cand[eligible]
        if taus.size == 0:
            continue
        base = best[taus] + cum.cost(taus, t)
        i = int(np.argmin(base))
        best[t] = base[i] + penalty
        last[t] = taus[i]
        dominated = base > best[t] + 1e-9 * (1.0 + abs(best[t]))
        marked = np.flatnonzero(eligible)[dominated]
        fresh = marked[expire[marked] == np.iinfo(np.int64).max]
        expire[fresh] = t + min_len
        cand = np.append(cand, t)
        expire = np.append(expire, np.iinfo(np.int64).max)
    bounds = []
    j = n
    while j > 0:
        j = int(last[j])
        if j > 0:
            bounds.append(j)
    return tuple(sorted(bounds))


def centre_in_gaps(bounds: Boundaries, volume: np.ndarray, min_len: int) -> Boundaries:
    """Move each frontier to the middle of the empty stretch it sits in (cost unchanged)."""
    n = volume.size
    empty = volume <= 0
    out = list(bounds)
    for i, f in enumerate(out):
        lo = f
        while lo > 0 and empty[lo - 1]:
            lo -= 1
        hi = f
        while hi < n and empty[hi]:
            hi += 1
        if hi == lo:
            continue
        left = out[i - 1] if i > 0 else 0
        right = out[i + 1] if i + 1 < len(out) else n
        lo = max(lo, left + min_len)
        hi = min(hi, right - min_len)
        if lo <= hi:
            out[i] = (lo + hi) // 2 if lo <= f <= hi else f
    return tuple(out)


def refine(cum: Cumulative, bounds: Boundaries, radius: int, min_len: int) -> Boundaries:
    """Re-optimise each frontier within ±radius bins with its neighbours held fixed."""
    out = list(bounds)
    for i, f in enumerate(out):
        left = out[i - 1] if i > 0 else 0
        right = out[i + 1] if i + 1 < len(out) else cum.n
        lo = max(left + min_len, f - radius)
        hi = min(right - min_len, f + radius)
        if lo > hi:
            continue
        positions = np.arange(lo, hi + 1)
        gains = cum.gain(left, positions, right)
        out[i] = int(positions[int(np.argmax(gains))])
    return tuple(out)


@dataclass(frozen=True, slots=True)
class PathSearch:
    """Optimal cost and frontiers for each reachable K, at full resolution.

    ``any_k`` marks a penalised (PELT) search: it holds one segmentation whose frontiers
    are returned for whatever K is asked, because bootstrap support then compares against
    each replicate's own penalised optimum.
    """

    costs: dict[int, float]
    boundaries: dict[int, Boundaries]
    method: str
    factor: int
    any_k: bool = False

    def at(self, k: int) -> Boundaries | None:
        if self.any_k:
            return next(iter(self.boundaries.values()))
        return self.boundaries.get(k)


def _coarsen(counts: np.ndarray, factor: int) -> np.ndarray:
    n, t = counts.shape
    pad = (-n) % factor
    padded = np.vstack([counts, np.zeros((pad, t))]) if pad else counts
    return padded.reshape(-1, factor, t).sum(axis=1)


def search_path(
    counts: np.ndarray,
    k_max: int,
    min_len: int,
    kind: str,
    *,
    dp_max_bins: int = 5000,
) -> PathSearch:
    """The K path by exact DP, or coarse-to-fine DP when the grid is too long."""
    cum = Cumulative.of(counts, kind)
    volume = counts.sum(axis=1)
    n = counts.shape[0]
    factor = 1 if n <= dp_max_bins else math.ceil(n / dp_max_bins)
    if factor == 1:
        costs, paths = dp_path(cum, k_max, min_len)
        label = "dp"
    else:
        coarse = Cumulative.of(_coarsen(counts, factor), kind)
        _, coarse_paths = dp_path(coarse, k_max, max(1, math.ceil(min_len / factor)))
        paths = []
        for bounds in coarse_paths:
            fine = tuple(min(b * factor, n - min_len) for b in bounds)
            paths.append(refine(cum, fine, factor, min_len))
        costs = np.array([cum.segmentation_cost(b) for b in paths])
        label = f"dp-coarse-to-fine(x{factor})"
    if kind == "multinomial":
        paths = [centre_in_gaps(b, volume, min_len) for b in paths]
    cost_by_k: dict[int, float] = {}
    bounds_by_k: dict[int, Boundaries] = {}
    for k, (c, b) in enumerate(zip(costs, paths, strict=True), start=1):
        if np.isfinite(c):
            cost_by_k[k] = float(c)
            bounds_by_k[k] = b
    return PathSearch(costs=cost_by_k, boundaries=bounds_by_k, method=label, factor=factor)


def search_penalised(counts: np.ndarray, penalty: float, min_len: int, kind: str) -> PathSearch:
    """Exact penalised optimum by PELT at full resolution."""
    cum = Cumulative.of(counts, kind)
    bounds = pelt(cum, penalty, min_len)
    if kind == "multinomial":
        bounds = centre_in_gaps(bounds, counts.sum(axis=1), min_len)
    k = len(bounds) + 1
    return PathSearch(
        costs={k: cum.segmentation_cost(bounds)},
        boundaries={k: bounds},
        method="pelt",
        factor=1,
        any_k=True,
    )
