"""Krippendorff's difference functions and the disagreements built from them.

Observed disagreement is summed over the coincidence cells that exist. Expected disagreement
sum_c sum_k n_c n_k d_ck is computed in O(V) for nominal, interval and ordinal (ordinal is
interval on mid-ranks: d_ck = (z_k - z_c)^2 with z_c = sum_{g<=c} n_g - n_c / 2), and only
ratio pays O(V^2), in blocks so memory stays bounded.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from workbench.agreement.coincidence import CoincidenceMatrix

_RATIO_BLOCK = 1024


class MeasurementLevel(StrEnum):
    """Stevens' levels, each with Krippendorff's squared difference function."""

    NOMINAL = "nominal"
    ORDINAL = "ordinal"
    INTERVAL = "interval"
    RATIO = "ratio"


def positions(
    level: MeasurementLevel, numeric: np.ndarray | None, marginals: np.ndarray
) -> np.ndarray | None:
    """Coordinates whose squared differences are d_ck (interval: values; ordinal: mid-ranks)."""
    if level is MeasurementLevel.INTERVAL:
        return numeric
    if level is MeasurementLevel.ORDINAL:
        return np.cumsum(marginals) - marginals / 2.0
    return None


def pair_difference(
    level: MeasurementLevel,
    first: np.ndarray,
    second: np.ndarray,
    numeric: np.ndarray | None,
    marginals: np.ndarray,
) -> np.ndarray:
    """d_ck for arrays of value codes ``first`` and ``second``."""
    if level is MeasurementLevel.NOMINAL:
        return (first != second).astype(np.float64)
    if level is MeasurementLevel.RATIO:
        assert numeric is not None
        a = numeric[first]
        b = numeric[second]
        total = a + b
        ratio = np.divide(a - b, total, out=np.zeros_like(total), where=total != 0)
        return ratio * ratio
    coordinate = positions(level, numeric, marginals)
    assert coordinate is not None
    difference = coordinate[first] - coordinate[second]
    return difference * difference


def observed_disagreement_sum(
    level: MeasurementLevel,
    coincidences: CoincidenceMatrix,
    numeric: np.ndarray | None,
    marginals: np.ndarray,
) -> float:
    """sum_c sum_k o_ck d_ck."""
    difference = pair_difference(level, coincidences.row, coincidences.col, numeric, marginals)
    return float(np.dot(coincidences.weight, difference))


def expected_disagreement_sum(
    level: MeasurementLevel, numeric: np.ndarray | None, marginals: np.ndarray
) -> float:
    """sum_c sum_k n_c n_k d_ck (the unnormalised expected disagreement)."""
    total = float(marginals.sum())
    if level is MeasurementLevel.NOMINAL:
        return total * total - float(np.dot(marginals, marginals))
    if level is MeasurementLevel.RATIO:
        assert numeric is not None
        used = np.flatnonzero(marginals)
        values = numeric[used]
        weights = marginals[used]
        result = 0.0
        for start in range(0, len(used), _RATIO_BLOCK):
            block = values[start : start + _RATIO_BLOCK, None]
            total_pair = block + values[None, :]
            ratio = np.divide(
                block - values[None, :],
                total_pair,
                out=np.zeros(total_pair.shape),
                where=total_pair != 0,
            )
            result += float(weights[start : start + _RATIO_BLOCK] @ (ratio * ratio) @ weights)
        return result
    coordinate = positions(level, numeric, marginals)
    assert coordinate is not None
    used = marginals > 0
    centred = coordinate[used] - np.dot(marginals[used], coordinate[used]) / total
    # sum_ck n_c n_k (x_c - x_k)^2 = 2 n sum_c n_c (x_c - mean)^2, centred to avoid cancellation.
    return 2.0 * total * float(np.dot(marginals[used], centred * centred))
