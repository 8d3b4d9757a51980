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
    components = alpha_components(data, level, categories)
    return alpha_from_components(components)


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
