"""How finely the dates near a frontier let it be placed (likely interval, support).

Used by the engine for two figures that must not claim more precision than the dates
carry: the likely interval of a frontier is at least as wide as the date spans near it,
and a source resample that finds the frontier again within that precision counts as
support for it.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from collections.abc import Sequence

    from workbench.bracketing.events import EventTable

__all__ = ["PRECISION_QUANTILE", "FrontierPrecision", "weighted_quantile"]

PRECISION_QUANTILE = 0.9
"""The likely interval is at least as wide as this quantile of the date spans near the
frontier: date spreading pulls a frontier towards the coarse events' calendar units,
and a tenth of year-dated material is enough to move it by a couple of months."""


class FrontierPrecision:
    """Date precision near a frontier, and the support tolerance it implies (cached per bin).

    The precision is the ``PRECISION_QUANTILE`` of the date spans (days) of the events
    whose dates reach within the tolerance of the frontier bin; the same figure widens the
    likely interval. A frontier among year-dated events can only be placed at a calendar
    year edge, so source resamples put it at one edge or the next: both are the same change
    found again, and a support tolerance narrower than the dates' precision would count
    the second as a miss (a planted change in mid-year then gets about 50% support however
    strong it is). The support tolerance is therefore the larger of the stated tolerance
    and the precision in bins.
    """

    def __init__(
        self, table: EventTable, event_bins: tuple[np.ndarray, np.ndarray], tolerance: int
    ) -> None:
        self._spans = (table.end - table.start + 1).astype(float)
        self._weight = table.weight
        self._bins = event_bins
        self._reach = max(tolerance, 1)
        self._tolerance = tolerance
        self._cache: dict[int, float] = {}

    def days(self, edge: int) -> float:
        """Date precision (days) of the events whose dates reach near ``edge``."""
        if edge not in self._cache:
            near = (self._bins[1] >= edge - self._reach) & (self._bins[0] < edge + self._reach)
            self._cache[edge] = weighted_quantile(
                self._spans[near], self._weight[near], PRECISION_QUANTILE
            )
        return self._cache[edge]

    def tolerance(self, edge: int, bin_days: float) -> int:
        """Support tolerance in bins: the stated one, or the precision when coarser."""
        return max(self._tolerance, math.floor(self.days(edge) / bin_days + 0.5))

    def tolerances(self, edges: Sequence[int], bin_days: float) -> list[int]:
        return [self.tolerance(e, bin_days) for e in edges]


def weighted_quantile(values: np.ndarray, weights: np.ndarray, q: float) -> float:
    """The ``q`` quantile of ``values`` weighted by ``weights`` (0.0 when there is nothing)."""
    if values.size == 0 or float(weights.sum()) <= 0:
        return 0.0
    order = np.argsort(values)
    cum = np.cumsum(weights[order])
    return float(values[order][np.searchsorted(cum, q * cum[-1])])
