"""Is there a further change inside the phases? A permutation test that respects sources.

The K rule has to say how many frontiers the data hold, on data where a few long, leaning
sources can make a "change" on their own. Support (is the frontier found again in source
resamples?) answers where, not whether: on strongly clustered data a real frontier of
moderate strength is found again in 50-70% of resamples, as often as the frontiers the
search carves out of null data with leaning sources (measured on an independent
generator, BENCHMARKS.md). A threshold on support can therefore be right for one corpus
and wrong for the next. What can tell them apart is a test calibrated on the corpus
itself, with the null imposed.

The null of step K: the K - 1 phases already found hold no further change. Under it,
within a phase, which source said what does not depend on when, and within a source
which coding said what does not depend on its date. So each *unit* (one source's codings
within one phase) keeps its codings' dates and weights and takes, in random order, the
themes of the codings of a unit it is paired with: itself (its own themes shuffled over
its own dates: the null within a source) or another unit of the same phase and of
similar size (within a factor of two: that unit's lean moved to this one's place in
time: the null between sources). The statistic is the largest cost gain of one more
frontier inside any phase (the best single frontier to add); the p-value is the share of
permuted corpora whose best added frontier gains at least as much. Pairing only units of
similar size matters: a small document's lumpy mix put on a three-hundred-coding
interview would make the null far noisier than the data (measured: null p-values all
near 1 and most real changes missed). The test is exact for that exchangeability,
whatever the lean, so the rate of false frontiers on data without change is the stated
alpha, not the tolerance of a support threshold: p < 0.05 in 4 of 100 corpora of strongly
leaning sources without change (the tests' design), and a false frontier in 2 of 160 null
corpora of the independent generator (BENCHMARKS.md).

Written here rather than taken from a library: the unit (source within phase), the
statistic (the segmentation cost the search itself uses) and the pairing are the product.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from workbench.bracketing.binning import bin_counts
from workbench.bracketing.bootstrap import cumulative_counts
from workbench.bracketing.cost import cost_of_totals

if TYPE_CHECKING:
    from collections.abc import Sequence

    from workbench.bracketing.binning import Pieces


__all__ = ["FurtherChange", "best_split_gain", "further_change_p", "permutations_for"]

CODING_PERMUTATIONS = 4_000_000
"""Work per step of the walk (codings x permutations) beyond which fewer permutations run."""

_STREAM = 0x9E12
"""Salt of the permutations' random stream (apart from the source resamples)."""


@dataclass(frozen=True, slots=True)
class FurtherChange:
    """The test of step K: ``p_value`` of "no further change in the K - 1 phases"."""

    p_value: float
    gain: float
    permutations: int


def permutations_for(requested: int, n_codings: int, alpha: float) -> int:
    """Permutations per step: ``requested``, fewer for very large corpora.

    A permutation costs a pass over every coding, so a million codings at 200 permutations
    per step would take minutes. Large corpora get ``CODING_PERMUTATIONS / n_codings`` of
    them; never fewer than ``2 / alpha``, whatever was requested, so that the p-value can
    reach alpha / 2 (with fewer, no change could ever be found). The rule's note says how
    many were run.
    """
    floor = math.ceil(2.0 / alpha)
    return max(floor, min(requested, CODING_PERMUTATIONS // max(n_codings, 1)))


def best_split_gain(cum: np.ndarray, edges: Sequence[int], min_len: int, kind: str) -> float:
    """The largest cost gain of one more frontier inside any of the segments ``edges``.

    ``cum`` is the cumulative count table (bins + 1, themes). A frontier leaves at least
    ``min_len`` bins on either side within its segment.
    """
    best = 0.0
    for a, b in itertools.pairwise(edges):
        pos = np.arange(a + min_len, b - min_len + 1)
        if pos.size == 0:
            continue
        whole = float(cost_of_totals((cum[b] - cum[a])[None, :], b - a, kind)[0])
        left = cost_of_totals(cum[pos] - cum[a], pos - a, kind)
        right = cost_of_totals(cum[b] - cum[pos], b - pos, kind)
        best = max(best, float((whole - left - right).max()))
    return best


@dataclass(frozen=True, slots=True)
class _Units:
    """The codings grouped into units (one source within one segment), sorted by unit."""

    pieces: Pieces
    unit: np.ndarray
    start: np.ndarray
    count: np.ndarray
    blocks: tuple[np.ndarray, ...]


def _units(pieces: Pieces, edges: Sequence[int], groups: np.ndarray | None) -> _Units:
    """A coding belongs to the segment of the middle of its span (spans across a frontier
    are rare: a frontier is placed where the dates allow it)."""
    middle = (pieces.b0 + pieces.b1) // 2
    seg = np.searchsorted(np.asarray(edges[1:-1]), middle, side="right")
    n_seg = len(edges) - 1
    owner = pieces.source if groups is None else groups[pieces.source]
    _, unit = np.unique(owner * n_seg + seg, return_inverse=True)
    order = np.argsort(unit, kind="stable")
    unit = unit[order]
    n_units = int(unit.max(initial=-1)) + 1
    count = np.bincount(unit, minlength=n_units)
    start = np.cumsum(count) - count
    w = pieces.w[order]
    span = pieces.b1[order] - pieces.b0[order] + 1
    size = np.bincount(unit, weights=w * span, minlength=n_units)
    unit_seg = seg[order][start]
    size_class = np.floor(np.log2(np.maximum(size, 1e-9))).astype(np.int64)
    # a block: the units of one segment in one size class (weights within a factor of two)
    _, block = np.unique(np.stack([unit_seg, size_class]), axis=1, return_inverse=True)
    block = block.ravel()
    blocks = [np.flatnonzero(block == b) for b in range(int(block.max(initial=-1)) + 1)]
    return _Units(
        pieces=pieces.select(order),
        unit=unit,
        start=start,
        count=count,
        blocks=tuple(b for b in blocks if b.size > 1),
    )


def further_change_p(
    pieces: Pieces,
    edges: Sequence[int],
    *,
    min_len: int,
    kind: str,
    permutations: int,
    seed: int,
    groups: np.ndarray | None = None,
) -> FurtherChange:
    """Permutation p-value of "no further change inside the segments ``edges``".

    ``edges`` are the segment limits in bins (0, the K - 1 phases' frontiers, n_bins);
    ``pieces`` one row per coding (not merged: a coding is what is shuffled). The
    p-value is ``(1 + hits) / (permutations + 1)``: a permuted corpus counts as a hit
    when its best added frontier gains at least as much as the data's. In a permuted
    corpus each unit keeps its codings' dates and weights and takes, in random order,
    the themes of the codings of the unit it was paired with (cycling through them when
    that unit has fewer): so a unit paired with itself has its own themes shuffled over
    its own dates, the null within a source, and a unit paired with another carries that
    one's lean, the null between sources. Drawing the themes afresh from the partner's
    mix instead would add the noise of a second sample on top of the first (the null was
    then twice as noisy as the data and the test lost most of its power); spreading the
    mix evenly over the dates would leave none of the coding-to-coding noise (a tiny
    corpus of 30 codings got a false frontier in one case out of five).
    ``groups`` (one index per source) makes a unit a group of sources within a phase
    (the cases, when the cases are the resampled units).
    """
    units = _units(pieces, edges, groups)
    observed = best_split_gain(cumulative_counts(bin_counts(pieces)), edges, min_len, kind)
    rng = np.random.default_rng([seed, _STREAM, len(edges)])
    identity = np.arange(units.count.size)
    # each unit's codings in one random order, and per permutation a random rotation of
    # that order: the rotations (conjugated by the fixed order) form a group holding the
    # identity, which is what a randomization test needs, at one pass per permutation
    # instead of a sort
    order = np.argsort(units.unit + rng.random(units.unit.size))
    place = np.empty(order.size, dtype=np.int64)
    place[order] = np.arange(order.size)
    rank = place - units.start[units.unit]
    hits = 0
    for _ in range(permutations):
        partner = identity.copy()
        for block in units.blocks:
            partner[block] = rng.permutation(block)
        shift = np.floor(rng.random(units.count.size) * units.count).astype(np.int64)
        mate = partner[units.unit]
        token = order[units.start[mate] + (rank + shift[mate]) % units.count[mate]]
        permuted = dataclasses.replace(units.pieces, theme=units.pieces.theme[token])
        gain = best_split_gain(cumulative_counts(bin_counts(permuted)), edges, min_len, kind)
        hits += gain >= observed * (1.0 - 1e-9)
    return FurtherChange(
        p_value=(1 + hits) / (permutations + 1), gain=observed, permutations=permutations
    )
