"""Source-level bootstrap.

The unit of resampling is the *source*, not the event: applications within an interview
or a document are not independent, and resampling events would understate every
uncertainty by roughly √φ. A replicate draws S sources with replacement (multinomial
counts ``m_s``) and multiplies each source's pieces by ``m_s``; counts per bin are then one
weighted difference-array pass, so a replicate costs one pass over the pieces plus the
segmentation search. Pieces that share source, theme and bins are merged first (a long
interview's hundred codes of one theme in one month become one row), so a replicate of a
million-event corpus costs a pass over the distinct cells, not over the events.

Beyond the K path, the replicates *relocate* each frontier: holding its neighbours fixed,
each replicate's best position for it. The spread of those positions is the frontier's
likely interval, computed from the same source resamples as every other figure. For the
relocation, each replicate also redraws the date of every event known only to a range of
bins (a year, a quarter) uniformly within that range, one draw per event: spreading puts
such an event's expected weight in each bin, which says nothing of how far its unknown
true date may move a frontier. With the redraws the interval widens exactly as much as
the imprecise dates move the frontier, and no more: a few year-dated events among many
month-dated ones hardly move it, a frontier placed by year-dated events alone moves
across the year. The K path and the support keep the spread counts (the redraws have a
stream of their own, so the source draws are the same with or without them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from workbench.bracketing.binning import Pieces, bin_counts
from workbench.bracketing.cost import cost_of_totals
from workbench.bracketing.segment import PathSearch, search_path, search_penalised

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "BootstrapRun",
    "DateRedraw",
    "compress_pieces",
    "cumulative_counts",
    "run_bootstrap",
    "support",
]

_KEEP_CUMULATIVE_FLOATS = 20_000_000
_GAIN_BLOCK = 4_000_000
_REDRAW_STREAM = 0x6A17
"""Salt of the random stream that redraws imprecise dates (apart from the source draws)."""


@dataclass(frozen=True, slots=True, eq=False)
class DateRedraw:
    """Events known only to a range of bins, one row per event, and the pieces that are not.

    ``weight`` is each event's whole weight (its spread weight per bin times its span),
    which a replicate puts in one bin drawn uniformly from ``b0 .. b0 + span - 1``.
    """

    fixed: Pieces
    source: np.ndarray
    theme: np.ndarray
    b0: np.ndarray
    span: np.ndarray
    weight: np.ndarray
    seed: int

    @classmethod
    def of(cls, pieces: Pieces, events: np.ndarray, seed: int) -> DateRedraw | None:
        """From compressed pieces and the number of events merged in each (None if none spans
        more than one bin)."""
        wide = pieces.b1 > pieces.b0
        if not wide.any():
            return None
        rows = np.repeat(np.flatnonzero(wide), events[wide])
        span = pieces.b1[rows] - pieces.b0[rows] + 1
        return cls(
            fixed=pieces.select(~wide),
            source=pieces.source[rows],
            theme=pieces.theme[rows],
            b0=pieces.b0[rows],
            span=span,
            weight=pieces.w[rows] * span / events[rows],
            seed=seed,
        )

    def counts(self, source_weights: np.ndarray, replicate: int) -> np.ndarray:
        """Counts per (bin, theme) of one replicate with the imprecise dates redrawn."""
        n, t = self.fixed.n_bins, self.fixed.n_themes
        rng = np.random.default_rng([self.seed, _REDRAW_STREAM, replicate])
        drawn_source = source_weights[self.source] > 0
        span = self.span[drawn_source]
        bins = self.b0[drawn_source] + np.floor(rng.random(span.size) * span).astype(np.int64)
        w = self.weight[drawn_source] * source_weights[self.source[drawn_source]]
        key = bins * t + self.theme[drawn_source]
        drawn = np.bincount(key, weights=w, minlength=n * t).reshape(n, t)
        return bin_counts(self.fixed, source_weights) + drawn


@dataclass(frozen=True, slots=True, eq=False)
class BootstrapRun:
    """Replicate weights, the replicate K paths and (when small) replicate cumulative counts."""

    draws: np.ndarray
    paths: tuple[PathSearch, ...]
    pieces: Pieces
    cumulative: np.ndarray | None
    redraw: DateRedraw | None = None
    redrawn: np.ndarray | None = None
    """Replicate cumulative counts with imprecise dates redrawn (when small and any)."""
    relocated: dict[tuple[int, int, int, str], np.ndarray] = field(default_factory=dict)
    """``relocate``'s answers by (a, b, min_len, kind): the placement of the proposed
    frontiers and their likely intervals ask for the same ones."""

    @property
    def replicates(self) -> int:
        return int(self.draws.shape[0])

    def interval_totals(self, intervals: Sequence[tuple[int, int]]) -> np.ndarray:
        """Weight per (replicate, interval, theme)."""
        starts = np.array([a for a, _ in intervals], dtype=np.int64)
        ends = np.array([b for _, b in intervals], dtype=np.int64)
        if self.cumulative is not None:
            return self.cumulative[:, ends] - self.cumulative[:, starts]
        out = np.empty((self.replicates, len(intervals), self.pieces.n_themes))
        for r in range(self.replicates):
            cum = cumulative_counts(bin_counts(self.pieces, self.draws[r]))
            out[r] = cum[ends] - cum[starts]
        return out

    def boundaries(self, k: int) -> list[tuple[int, ...] | None]:
        """Each replicate's optimal frontiers at K (None when K was not reachable)."""
        return [p.at(k) for p in self.paths]

    def replicatecumulative_counts(self, r: int) -> np.ndarray:
        if self.cumulative is not None:
            return self.cumulative[r]
        return cumulative_counts(bin_counts(self.pieces, self.draws[r]))

    def placingcumulative_counts(self, r0: int, r1: int) -> np.ndarray:
        """Cumulative counts of replicates ``r0 .. r1 - 1`` with imprecise dates redrawn."""
        if self.redraw is None:
            if self.cumulative is not None:
                return self.cumulative[r0:r1]
            return np.stack([self.replicatecumulative_counts(r) for r in range(r0, r1)])
        if self.redrawn is not None:
            return self.redrawn[r0:r1]
        return np.stack(
            [cumulative_counts(self.redraw.counts(self.draws[r], r)) for r in range(r0, r1)]
        )

    def relocate(self, a: int, b: int, min_len: int, kind: str) -> np.ndarray:
        """Each replicate's best frontier position in ``[a + min_len, b - min_len]``.

        The neighbours ``a`` and ``b`` stay fixed; among tied positions (a frontier sliding
        through empty bins) the middle one is taken, as for the pooled estimate. Imprecise
        dates are redrawn within their spans (``DateRedraw``), so the positions spread as
        far as those dates can move the frontier.
        """
        key = (a, b, min_len, kind)
        if key not in self.relocated:
            self.relocated[key] = self._relocate(a, b, min_len, kind)
        return self.relocated[key]

    def _relocate(self, a: int, b: int, min_len: int, kind: str) -> np.ndarray:
        positions = np.arange(a + min_len, b - min_len + 1)
        if positions.size <= 1:
            return np.full(self.replicates, (a + b) // 2 if positions.size == 0 else positions[0])
        out = np.empty(self.replicates, dtype=np.int64)
        per = positions.size * self.pieces.n_themes
        block = max(1, _GAIN_BLOCK // per)
        for r0 in range(0, self.replicates, block):
            r1 = min(r0 + block, self.replicates)
            cum = self.placingcumulative_counts(r0, r1)
            left = cum[:, positions, :] - cum[:, a, None, :]
            right = cum[:, b, None, :] - cum[:, positions, :]
            gains = -cost_of_totals(left, positions - a, kind) - cost_of_totals(
                right, b - positions, kind
            )
            top = gains.max(axis=1, keepdims=True)
            tied = gains >= top - 1e-9 * (1.0 + np.abs(top))
            first = np.argmax(tied, axis=1)
            last = positions.size - 1 - np.argmax(tied[:, ::-1], axis=1)
            out[r0:r1] = positions[(first + last) // 2]
        return out


def cumulative_counts(counts: np.ndarray) -> np.ndarray:
    """Counts per (bin, theme) summed over the bins before: row j holds bins 0 .. j - 1."""
    cum = np.zeros((counts.shape[0] + 1, counts.shape[1]))
    np.cumsum(counts, axis=0, out=cum[1:])
    return cum


def run_bootstrap(
    pieces: Pieces,
    *,
    replicates: int,
    seed: int,
    k_max: int,
    min_len: int,
    kind: str,
    dp_max_bins: int,
    penalty: float | None = None,
    groups: np.ndarray | None = None,
) -> BootstrapRun:
    """Replicates over sources; ``penalty`` switches each replicate to PELT at that penalty.

    ``groups`` (one index per source) resamples groups of sources instead — the cases,
    when sources are nested in cases and the cases, not the sources, are the independent
    units: each source then weighs as many times as its case was drawn.
    """
    pieces, events = _compress_counting(pieces)
    redraw = DateRedraw.of(pieces, events, seed)
    rng = np.random.default_rng(seed)
    s = pieces.n_sources
    if groups is None:
        draws = rng.multinomial(s, np.full(s, 1.0 / s), size=replicates).astype(np.float64)
    else:
        g = int(groups.max(initial=-1)) + 1
        picked = rng.multinomial(g, np.full(g, 1.0 / g), size=replicates).astype(np.float64)
        draws = picked[:, groups]
    keep = replicates * (pieces.n_bins + 1) * pieces.n_themes <= _KEEP_CUMULATIVE_FLOATS
    cumulative = np.empty((replicates, pieces.n_bins + 1, pieces.n_themes)) if keep else None
    redrawn = None if redraw is None or cumulative is None else np.empty_like(cumulative)
    paths = []
    for r in range(replicates):
        counts = bin_counts(pieces, draws[r])
        if cumulative is not None:
            cumulative[r] = cumulative_counts(counts)
        if redraw is not None and redrawn is not None:
            redrawn[r] = cumulative_counts(redraw.counts(draws[r], r))
        if penalty is None:
            paths.append(search_path(counts, k_max, min_len, kind, dp_max_bins=dp_max_bins))
        else:
            paths.append(search_penalised(counts, penalty, min_len, kind))
    return BootstrapRun(
        draws=draws,
        paths=tuple(paths),
        pieces=pieces,
        cumulative=cumulative,
        redraw=redraw,
        redrawn=redrawn,
    )


def compress_pieces(pieces: Pieces) -> Pieces:
    """Merge pieces with the same source, theme and bin span (weights add up)."""
    return _compress_counting(pieces)[0]


def _compress_counting(pieces: Pieces) -> tuple[Pieces, np.ndarray]:
    """``compress_pieces`` and the number of pieces merged into each."""
    ones = np.ones(pieces.source.size, dtype=np.int64)
    if pieces.source.size == 0:
        return pieces, ones
    n, t = pieces.n_bins, pieces.n_themes
    key = ((pieces.source * t + pieces.theme) * n + pieces.b0) * n + pieces.b1
    cells, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    if cells.size == key.size:
        return pieces, ones
    merged = Pieces(
        source=pieces.source[first],
        theme=pieces.theme[first],
        case=pieces.case[first],
        b0=pieces.b0[first],
        b1=pieces.b1[first],
        w=np.bincount(inverse, weights=pieces.w, minlength=cells.size),
        n_bins=n,
        n_themes=t,
        n_sources=pieces.n_sources,
    )
    return merged, np.bincount(inverse, minlength=cells.size)


def support(
    frontiers: Sequence[int],
    replicate_bounds: Sequence[tuple[int, ...] | None],
    tolerances: Sequence[int],
) -> tuple[float, ...] | None:
    """Share of replicates that find each frontier again, within its own tolerance.

    Each replicate's frontiers are matched one-to-one to ``frontiers`` (closest pairs
    first, a pair only within the proposed frontier's tolerance), so one replicate
    frontier never counts for two proposed ones. ``tolerances`` are per frontier because
    a frontier cannot be placed more finely than the dates around it: where the events
    near it are dated to the year, replicates choose between calendar years, and a
    replicate frontier a year away is the same change found again, not another one.
    None when no replicate reached the number of phases.
    """
    usable = [b for b in replicate_bounds if b is not None]
    if not usable:
        return None
    hits = np.zeros(len(frontiers))
    for bounds in usable:
        pairs = sorted(
            (abs(x - f), i, j)
            for i, (f, tol) in enumerate(zip(frontiers, tolerances, strict=True))
            for j, x in enumerate(bounds)
            if abs(x - f) <= tol
        )
        used_i: set[int] = set()
        used_j: set[int] = set()
        for _, i, j in pairs:
            if i not in used_i and j not in used_j:
                used_i.add(i)
                used_j.add(j)
                hits[i] += 1
    return tuple(float(h) / len(usable) for h in hits)
