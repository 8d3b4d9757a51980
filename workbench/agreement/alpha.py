"""Krippendorff's alpha for any number of coders, missing values and four metrics.

alpha = 1 - Do / De with Do = sum o_ck d_ck / n and De = sum n_c n_k d_ck / (n (n - 1)),
following Krippendorff (2011) "Computing Krippendorff's Alpha-Reliability". Only units with
two or more values are pairable; units with one value are ignored, as the method requires.

When fewer than two distinct values are pairable, De = 0 and alpha is undefined (0 / 0):
the result then carries ``value=None`` and a reason instead of a number.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from workbench.agreement.coincidence import (
    CoincidenceMatrix,
    UnitValueCounts,
    coincidence_diagonal,
    coincidence_matrix,
    pairable,
    unit_value_counts,
)
from workbench.agreement.distance import (
    MeasurementLevel,
    expected_disagreement_sum,
    observed_disagreement_sum,
)
from workbench.agreement.errors import AgreementInputError
from workbench.agreement.ratings import EncodedRatings, encode_ratings
from workbench.agreement.result import AlphaResult

if TYPE_CHECKING:
    from collections.abc import Hashable, Sequence


@dataclass(frozen=True, eq=False)
class AlphaComponents:
    """What alpha and its bootstrap share: counts, marginals and the level's metric inputs."""

    encoded: EncodedRatings
    counts: UnitValueCounts
    level: MeasurementLevel
    marginals: np.ndarray
    numeric: np.ndarray | None
    n_pairable_units: int

    @property
    def n_pairable_values(self) -> float:
        return float(self.marginals.sum())

    def coincidences(self) -> CoincidenceMatrix:
        return coincidence_matrix(self.counts, self.encoded.n_categories)


def alpha_components(
    data: Any,
    level: MeasurementLevel | str = MeasurementLevel.NOMINAL,
    categories: Sequence[Hashable] | None = None,
) -> AlphaComponents:
    level = MeasurementLevel(level)
    encoded = encode_ratings(data, categories)
    if level is MeasurementLevel.ORDINAL and not encoded.ordered:
        raise AgreementInputError("ordinal alpha needs ordered values: pass categories=[...]")
    numeric = (
        encoded.numeric_labels()
        if level in (MeasurementLevel.INTERVAL, MeasurementLevel.RATIO)
        else None
    )
    counts = pairable(unit_value_counts(encoded.codes, encoded.n_categories))
    marginals = np.bincount(
        counts.value, weights=counts.count, minlength=encoded.n_categories
    ).astype(np.float64)
    n_pairable_units = int(np.count_nonzero(counts.raters >= 2))
    return AlphaComponents(encoded, counts, level, marginals, numeric, n_pairable_units)


def undefined_reason(components: AlphaComponents) -> str | None:
    """Why alpha cannot be computed here, or None when it can."""
    if components.n_pairable_units == 0:
        return "no unit was rated by two or more coders"
    used = np.flatnonzero(components.marginals)
    if len(used) < 2:
        label = plain_label(components.encoded.labels[used[0]])
        return f"every pairable value is {label}: expected disagreement is 0, so alpha is 0/0"
    return None


def plain_label(label: Any) -> str:
    """A value as a reader writes it: 1, not np.float64(1.0); 'tacit' in quotes."""
    if hasattr(label, "item"):
        label = label.item()
    if isinstance(label, float) and label.is_integer():
        return str(int(label))
    if isinstance(label, str):
        return repr(label)
    return str(label)


def krippendorff_alpha(
    data: Any,
    level: MeasurementLevel | str = MeasurementLevel.NOMINAL,
    *,
    categories: Sequence[Hashable] | None = None,
) -> AlphaResult:
    """Krippendorff's alpha of a units x coders matrix (NaN or None = missing).

    ``categories`` fixes the value set and, for ordinal data, its order (required for
    string labels at the ordinal level).
    """
    level = MeasurementLevel(level)
    if level is MeasurementLevel.NOMINAL and categories is None:
        fast = _nominal_dense(data)
        if fast is not None:
            return fast
    components = alpha_components(data, level, categories)
    return alpha_from_components(components)


# The dense path counts values per unit in a units x (values + 1) table; above this many
# cells (or with labels that are not small integers) the general sparse path is used.
_DENSE_TABLE_CELLS = 1 << 25
# Up to this many values, one comparison per value beats encoding and one bincount; past
# _DENSE_VALUES the dense table loses to the general path's sorting (measured).
_DENSE_VALUES = 16
_COMPARE_VALUES = 3


def _nominal_dense(data: Any) -> AlphaResult | None:
    """Nominal alpha of a float matrix of small integer values, straight from a dense table.

    The general path encodes labels and builds (unit, value, count) runs, which it needs for
    other levels and many values. Nominal alpha needs only each unit's number of values m_u,
    its agreeing pairs sum_c n_uc (n_uc - 1) and the value totals n_c (Krippendorff 2011):
    Do_sum = sum_u (m_u (m_u - 1) - agreeing_u) / (m_u - 1) and De_sum = n^2 - sum_c n_c^2.
    """
    if not isinstance(data, np.ndarray) or data.ndim != 2 or data.dtype.kind != "f":
        return None
    n_units, n_coders = data.shape
    if n_units == 0 or n_coders == 0:
        return None
    low = float(np.fmin.reduce(data, axis=None))
    high = float(np.fmax.reduce(data, axis=None))
    if not (np.isfinite(low) and np.isfinite(high)):
        return None  # all missing, or infinities: the general path says why
    span = int(high - low) + 1
    if high - low > _DENSE_VALUES or n_units * (span + 1) > _DENSE_TABLE_CELLS:
        return None
    missing_per_unit = np.count_nonzero(np.isnan(data), axis=1)
    if span <= _COMPARE_VALUES:
        # A comparison per value: no encoding pass at all. The counts add up to the cells
        # only if every rating is one of low, low + 1, ..., high (integrality for free).
        counts = np.empty((n_units, span), dtype=np.int64)
        for k in range(span):
            counts[:, k] = np.count_nonzero(data == low + k, axis=1)
    else:
        counts = _counts_by_table(data, low, span)
        if counts is None:
            return None
    if int(counts.sum()) + int(missing_per_unit.sum()) != data.size:
        return None  # a value that is not an integer step from the smallest
    raters = n_coders - missing_per_unit
    pairable = raters >= 2
    n_units_pairable = int(np.count_nonzero(pairable))
    every = n_units_pairable == n_units
    used = counts if every else counts[pairable]
    totals = used.sum(axis=0).astype(np.float64)
    present = np.flatnonzero(totals)
    base = {
        "level": MeasurementLevel.NOMINAL,
        "n_units": n_units_pairable,
        "n_pairable_values": int(totals.sum()),
        "n_coders": n_coders,
        "n_values": int(present.size),
    }
    if n_units_pairable == 0 or present.size < 2:
        return None  # undefined: the general path gives the reason in the usual words
    m = (raters if every else raters[pairable]).astype(np.float64)
    agreeing = (used * (used - 1)).sum(axis=1)
    observed_sum = float(np.sum(m - agreeing / (m - 1.0)))
    n = float(totals.sum())
    expected_sum = n * n - float(np.dot(totals, totals))
    observed = observed_sum / n
    expected = expected_sum / (n * (n - 1.0))
    return AlphaResult(
        value=1.0 - observed / expected,
        observed_disagreement=observed,
        expected_disagreement=expected,
        **base,  # type: ignore[arg-type]
    )


def _counts_by_table(data: np.ndarray, low: float, span: int) -> np.ndarray | None:
    """Units x values counts through one bincount, for a handful of integer values."""
    n_units = data.shape[0]
    width = span + 1  # column 0 collects missing ratings
    missing = np.isnan(data)
    shifted = data - (low - 1.0)
    with np.errstate(invalid="ignore"):
        codes = shifted.astype(np.int64)
        if np.count_nonzero(codes != shifted) != np.count_nonzero(missing):
            return None
    codes[missing] = 0
    codes += (np.arange(n_units, dtype=np.int64) * width)[:, None]
    table = np.bincount(codes.ravel(), minlength=n_units * width).reshape(n_units, width)
    return np.ascontiguousarray(table[:, 1:])


def alpha_from_components(components: AlphaComponents) -> AlphaResult:
    encoded = components.encoded
    n = components.n_pairable_values
    reason = undefined_reason(components)
    base = {
        "level": components.level,
        "n_units": components.n_pairable_units,
        "n_pairable_values": int(n),
        "n_coders": encoded.n_coders,
        "n_values": int(np.count_nonzero(components.marginals)),
    }
    if reason is not None:
        return AlphaResult(
            value=None,
            observed_disagreement=None,
            expected_disagreement=None,
            undefined_reason=reason,
            **base,
        )
    observed_sum = observed_sum_for(components)
    expected_sum = expected_disagreement_sum(
        components.level, components.numeric, components.marginals
    )
    observed = observed_sum / n
    expected = expected_sum / (n * (n - 1.0))
    return AlphaResult(
        value=1.0 - observed / expected,
        observed_disagreement=observed,
        expected_disagreement=expected,
        **base,
    )


def observed_sum_for(components: AlphaComponents) -> float:
    """sum o_ck d_ck; nominal needs only the diagonal (off-diagonal total = n - sum o_cc)."""
    if components.level is MeasurementLevel.NOMINAL:
        diagonal, _ = coincidence_diagonal(components.counts, components.encoded.n_categories)
        return components.n_pairable_values - float(diagonal.sum())
    return observed_disagreement_sum(
        components.level, components.coincidences(), components.numeric, components.marginals
    )
