"""Where a proposed frontier sits: the resamples' consensus, not the one sample's optimum.

The K-phase search puts each frontier at the bin that best splits *this* sample. Where
the change is gradual (a transition of a year or two) the theme mix moves a little at
every bin of the window, and which bin wins depends on a handful of events: the single
optimum wanders across the window, often more than the six months a researcher would
call "the same date". The source resamples already relocate every frontier between its
neighbours (``BootstrapRun.relocate``, the likely interval); their positions are many
draws of the same estimator, and a central value of them is the bagged estimate
(Breiman's bagging applied to a change-point), steadier than any one draw.

Which central value: under strong source lean the relocations are not one hump. A few
long sources that lean on the themes of a change pull the frontier to where they sit,
and the positions form a main mode at the change and smaller ones elsewhere; the plain
median then falls between modes, where no resample put the frontier. So the estimate is
the median of the relocations near their main mode: the mode of the positions smoothed
over ± ``bandwidth`` bins (the matching tolerance), then the median of the positions
within twice that of it. For one hump this is the median; for several it is the main
hump's.

A moved frontier keeps its neighbours' spacing: if any two of them come closer than the
minimum phase length, the search's frontiers are kept as they are. And it keeps its
support: a move that would leave a frontier under the support threshold is not made.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from workbench.bracketing.bootstrap import BootstrapRun

__all__ = ["bagged_bounds", "main_mode_median"]


def main_mode_median(positions: np.ndarray, bandwidth: int) -> int:
    """Median of the positions within ``2 * bandwidth`` of their smoothed main mode."""
    positions = np.asarray(positions, dtype=np.int64)
    low = int(positions.min())
    hist = np.bincount(positions - low).astype(float)
    width = max(int(bandwidth), 0)
    smooth = np.convolve(hist, np.ones(2 * width + 1), mode="same")
    top = np.flatnonzero(smooth >= smooth.max() - 1e-9)
    mode = low + int(top[top.size // 2])
    near = positions[np.abs(positions - mode) <= 2 * width]
    return round(float(np.median(near)))


def bagged_bounds(
    boot: BootstrapRun,
    bounds: Sequence[int],
    n_bins: int,
    min_len: int,
    kind: str,
    bandwidth: int,
    *,
    support_of: Callable[[Sequence[int]], Sequence[float] | None] | None = None,
    threshold: float = 0.0,
) -> tuple[int, ...]:
    """Each frontier moved to the main-mode median of its relocations (neighbours fixed).

    With ``support_of`` (the support of a list of frontiers), a move that would leave a
    frontier under ``threshold`` and less supported than where the search put it is not
    made: the K rule chose the frontier on its support, and moving it must not turn a
    supported frontier into a weak one.
    """
    edges = [0, *bounds, n_bins]
    moved = []
    for i in range(1, len(edges) - 1):
        relocated = boot.relocate(edges[i - 1], edges[i + 1], min_len, kind)
        moved.append(main_mode_median(relocated, bandwidth) if relocated.size else edges[i])
    if support_of is not None and moved:
        before, after = support_of(bounds), support_of(moved)
        if before is not None and after is not None:
            moved = [
                b if a < threshold and a < s else m
                for b, m, s, a in zip(bounds, moved, before, after, strict=True)
            ]
    if all(b - a >= min_len for a, b in itertools.pairwise([0, *moved, n_bins])):
        return tuple(moved)
    return tuple(bounds)
