"""Source-level bootstrap.

The unit of resampling is the *source*, not the event: applications within an interview
or a document are not independent, and resampling events would understate every
uncertainty by roughly √φ. A replicate draws S sources with replacement (multinomial
counts ``m_s``) and multiplies each source's pieces by ``m_s``; counts per bin are then one
weighted difference-array pass, so a replicate costs one pass over the pieces plus the
segmentation search.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from workbench.bracketing.binning import Pieces, bin_counts
from workbench.bracketing.segment import PathSearch, search_path, search_penalised

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["BootstrapRun", "run_bootstrap", "support"]

_KEEP_CUMULATIVE_FLOATS = 20_000_000


@dataclass(frozen=True, slots=True, eq=False)
class BootstrapRun:
    """Replicate weights, the replicate K paths and (when small) replicate cumulative counts."""

    draws: np.ndarray
    paths: tuple[PathSearch, ...]
    pieces: Pieces
    cumulative: np.ndarray | None

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
            cum = _cumulative(bin_counts(self.pieces, self.draws[r]))
            out[r] = cum[ends] - cum[starts]
        return out

    def boundaries(self, k: int) -> list[tuple[int, ...] | None]:
        """Each replicate's optimal frontiers at K (None when K was not reachable)."""
        return [p.at(k) for p in self.paths]


def _cumulative(counts: np.ndarray) -> np.ndarray:
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
) -> BootstrapRun:
    """Replicates over sources; ``penalty`` switches each replicate to PELT at that penalty."""
    rng = np.random.default_rng(seed)
    s = pieces.n_sources
    draws = rng.multinomial(s, np.full(s, 1.0 / s), size=replicates).astype(np.float64)
    keep = replicates * (pieces.n_bins + 1) * pieces.n_themes <= _KEEP_CUMULATIVE_FLOATS
    cumulative = np.empty((replicates, pieces.n_bins + 1, pieces.n_themes)) if keep else None
    paths = []
    for r in range(replicates):
        counts = bin_counts(pieces, draws[r])
        if cumulative is not None:
            cumulative[r] = _cumulative(counts)
        if penalty is None:
            paths.append(search_path(counts, k_max, min_len, kind, dp_max_bins=dp_max_bins))
        else:
            paths.append(search_penalised(counts, penalty, min_len, kind))
    return BootstrapRun(draws=draws, paths=tuple(paths), pieces=pieces, cumulative=cumulative)


def support(
    frontier: int, replicate_bounds: Sequence[tuple[int, ...] | None], tolerance: int
) -> float | None:
    """Share of replicates with a frontier within ``tolerance`` bins of ``frontier``."""
    usable = [b for b in replicate_bounds if b is not None]
    if not usable:
        return None
    hits = sum(1 for b in usable if any(abs(x - frontier) <= tolerance for x in b))
    return hits / len(usable)
