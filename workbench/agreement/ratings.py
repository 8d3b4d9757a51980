"""Turn a units x coders reliability matrix into small integer codes.

Every statistic here counts with ``np.bincount`` on integer codes instead of comparing the
caller's labels, so ints, floats and strings behave identically and 50+ categories cost no
more than two. Missing ratings (NaN or None) become ``MISSING``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from numbers import Real
from typing import TYPE_CHECKING, Any

import numpy as np

from workbench.agreement.errors import AgreementInputError

if TYPE_CHECKING:
    from collections.abc import Hashable, Sequence

MISSING = -1

# Integral float data spanning fewer values than this is coded by offset, not by sorting.
_DIRECT_CODE_SPAN = 1 << 22


@dataclass(frozen=True, eq=False)
class EncodedRatings:
    """Codes (units x coders, ``MISSING`` where absent) and the label each code stands for.

    Codes follow the order of ``labels``, which is sorted when the labels can be sorted, or
    the caller's ``categories`` order; ordinal alpha relies on that order being the ranking.
    """

    codes: np.ndarray
    labels: np.ndarray
    ordered: bool

    @property
    def n_units(self) -> int:
        return int(self.codes.shape[0])

    @property
    def n_coders(self) -> int:
        return int(self.codes.shape[1])

    @property
    def n_categories(self) -> int:
        return len(self.labels)

    def numeric_labels(self) -> np.ndarray:
        """Labels as floats, for the interval and ratio metrics."""
        try:
            return np.asarray(self.labels, dtype=np.float64)
        except (TypeError, ValueError) as error:
            raise AgreementInputError(
                "interval and ratio alpha need numeric values; got non-numeric labels"
            ) from error


def is_missing(value: Any) -> bool:
    """None and NaN mean "this coder did not rate this unit"."""
    if value is None:
        return True
    return isinstance(value, float | np.floating) and math.isnan(value)


def encode_ratings(data: Any, categories: Sequence[Hashable] | None = None) -> EncodedRatings:
    """Encode a units x coders matrix; ``categories`` fixes the category set and its order.

    Passing ``categories`` matters beyond ordering: Brennan-Prediger and Gwet's AC1 depend on
    the number of *possible* categories, which unobserved categories change.
    """
    if isinstance(data, EncodedRatings):
        return data if categories is None else _recode(data, categories)
    array = np.asarray(data)
    if array.ndim != 2:
        raise AgreementInputError(
            f"reliability data must be a 2-D units x coders matrix, got {array.ndim} dimensions"
        )
    kind = array.dtype.kind
    if kind in "biuf":
        encoded = _encode_numeric(array.astype(np.float64, copy=False))
    elif kind in "US":
        labels, inverse = np.unique(array.ravel(), return_inverse=True)
        encoded = EncodedRatings(
            inverse.reshape(array.shape).astype(np.int64), labels.astype(object), True
        )
    else:
        encoded = _encode_objects(array)
    return encoded if categories is None else _recode(encoded, categories)


def _encode_numeric(array: np.ndarray) -> EncodedRatings:
    missing = np.isnan(array)
    if missing.all():
        return EncodedRatings(
            np.full(array.shape, MISSING, dtype=np.int64), np.empty(0, dtype=np.float64), True
        )
    # fmin/fmax skip NaN in one pass (np.min(where=...) is an order of magnitude slower).
    low = float(np.fmin.reduce(array, axis=None))
    high = float(np.fmax.reduce(array, axis=None))
    if math.isfinite(low) and math.isfinite(high) and high - low < _DIRECT_CODE_SPAN:
        # Integral labels in a modest range: code by offset (missing lands on -1), no sort.
        shifted = array - low
        np.copyto(shifted, -1.0, where=missing)
        codes = shifted.astype(np.int64)
        if np.array_equal(codes, shifted):
            used = np.bincount(codes.ravel() + 1)[1:] > 0
            if not used.all():
                compact = np.cumsum(used) - 1
                codes = np.where(codes >= 0, compact[np.maximum(codes, 0)], MISSING)
            labels = np.flatnonzero(used).astype(np.float64) + low
            return EncodedRatings(codes, labels, True)
    codes = np.full(array.shape, MISSING, dtype=np.int64)
    labels, inverse = np.unique(array[~missing], return_inverse=True)
    codes[~missing] = inverse
    return EncodedRatings(codes, labels, True)


def _encode_objects(array: np.ndarray) -> EncodedRatings:
    index: dict[Hashable, int] = {}
    flat = array.ravel()
    first_seen = np.fromiter(
        (MISSING if is_missing(value) else index.setdefault(value, len(index)) for value in flat),
        dtype=np.int64,
        count=flat.size,
    )
    seen = list(index)
    try:
        order = sorted(range(len(seen)), key=lambda i: seen[i])
        ordered = True
    except TypeError:
        order = list(range(len(seen)))
        ordered = False
    rank = np.empty(len(seen) + 1, dtype=np.int64)
    rank[order] = np.arange(len(seen))
    rank[-1] = MISSING  # first_seen == MISSING (-1) picks the last slot
    codes = rank[first_seen]
    labels = label_array([seen[i] for i in order])
    return EncodedRatings(codes.reshape(array.shape), labels, ordered)


def _recode(encoded: EncodedRatings, categories: Sequence[Hashable]) -> EncodedRatings:
    categories = list(categories)
    position: dict[Hashable, int] = {}
    for i, category in enumerate(categories):
        position.setdefault(category, i)
    if len(position) != len(categories):
        raise AgreementInputError("categories contain duplicates")
    lookup = np.empty(len(encoded.labels), dtype=np.int64)
    for code, label in enumerate(encoded.labels.tolist()):
        if label not in position:
            raise AgreementInputError(f"value {label!r} is not among the given categories")
        lookup[code] = position[label]
    codes = encoded.codes
    recoded = np.where(codes >= 0, lookup[np.maximum(codes, 0)], MISSING)
    return EncodedRatings(recoded, label_array(categories), True)


def label_array(values: Sequence[Hashable]) -> np.ndarray:
    """Numbers stay a float array (so metrics can use them); anything else is kept as objects."""
    if all(isinstance(v, Real) and not isinstance(v, bool) for v in values):
        return np.asarray(values, dtype=np.float64)
    labels = np.empty(len(values), dtype=object)
    labels[:] = list(values)
    return labels
