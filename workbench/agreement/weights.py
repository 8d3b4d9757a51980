"""Agreement weights for the weighted coefficients (Cohen 1968; Gwet 2014, ch. 3).

A weight w_kl in [0, 1] says how much a rating k by one coder agrees with a rating l by
another: 1 on the diagonal, 0 for complete disagreement. Cohen (1968) introduced weighted
kappa with such weights; Gwet (2014) uses the same matrices for every coefficient of the
family (Fleiss, Conger, AC2, Brennan-Prediger, Scott). The named sets follow Gwet's
definitions (and his irrCAC package) with x_k the category's value when categories are
numbers, else its rank 1..q:

* ``identity``: 1 when k = l, else 0 (the unweighted coefficients);
* ``linear``: 1 - |x_k - x_l| / (x_max - x_min);
* ``quadratic``: 1 - (x_k - x_l)^2 / (x_max - x_min)^2;
* ``ordinal``: 1 - M_kl / max M with M_kl = C(|k - l| + 1, 2) on ranks;
* ``radical``: 1 - sqrt(|x_k - x_l|) / sqrt(x_max - x_min);
* ``ratio``: 1 - ((x_k - x_l) / (x_k + x_l))^2 / ((x_max - x_min) / (x_max + x_min))^2;
* ``circular``: 1 - sin^2(pi (x_k - x_l) / U) / max, U = x_max - x_min + 1;
* ``bipolar``: 1 - d_kl / max d with
  d_kl = (x_k - x_l)^2 / ((x_k + x_l - 2 x_min)(2 x_max - x_k - x_l)).

Linear and quadratic weights are the ones Cohen (1968) and most papers report; quadratic
weighted kappa approximates an intraclass correlation. A custom q x q matrix may be given
instead (rows: first coder's category, in the order of the category labels).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from workbench.agreement.errors import AgreementInputError

if TYPE_CHECKING:
    from collections.abc import Sequence

WEIGHTS = (
    "identity",
    "linear",
    "quadratic",
    "ordinal",
    "radical",
    "ratio",
    "circular",
    "bipolar",
)


def category_positions(labels: np.ndarray) -> np.ndarray:
    """The categories' values when they are numbers, else their ranks 1..q."""
    try:
        values = np.asarray(labels, dtype=np.float64)
    except (TypeError, ValueError):
        return np.arange(1, len(labels) + 1, dtype=np.float64)
    if values.ndim != 1 or not np.all(np.isfinite(values)):
        return np.arange(1, len(labels) + 1, dtype=np.float64)
    return values


def _scaled(distance: np.ndarray) -> np.ndarray:
    top = float(distance.max()) if distance.size else 0.0
    return np.ones_like(distance) if top == 0.0 else 1.0 - distance / top


def agreement_weights(
    kind: str | np.ndarray | Sequence[Sequence[float]], labels: np.ndarray
) -> np.ndarray:
    """The q x q weight matrix for ``kind`` over categories ``labels`` (in their order)."""
    q = len(labels)
    if not isinstance(kind, str):
        matrix = np.asarray(kind, dtype=np.float64)
        if matrix.shape != (q, q):
            raise AgreementInputError(
                f"a custom weight matrix must be {q} x {q} (one row and column per "
                f"category), got {' x '.join(str(d) for d in matrix.shape)}"
            )
        if not np.all(np.isfinite(matrix)) or matrix.min() < 0.0 or matrix.max() > 1.0:
            raise AgreementInputError("custom weights must lie between 0 and 1")
        if not np.allclose(np.diag(matrix), 1.0):
            raise AgreementInputError("custom weights must be 1 on the diagonal (k agrees with k)")
        return matrix
    if kind not in WEIGHTS:
        raise AgreementInputError(
            f"unknown weights {kind!r}: use one of {', '.join(WEIGHTS)} or a matrix"
        )
    if kind == "identity" or q < 2:
        return np.eye(q)
    x = category_positions(labels)
    low, high = float(x.min()), float(x.max())
    span = high - low
    diff = x[:, None] - x[None, :]
    if kind == "linear":
        return 1.0 - np.abs(diff) / span
    if kind == "quadratic":
        return 1.0 - (diff / span) ** 2
    if kind == "radical":
        return 1.0 - np.sqrt(np.abs(diff)) / np.sqrt(span)
    if kind == "ordinal":
        rank = np.arange(q, dtype=np.float64)
        steps = np.abs(rank[:, None] - rank[None, :]) + 1.0
        return _scaled(steps * (steps - 1.0) / 2.0)
    if kind == "ratio":
        if np.any(x == 0.0) or np.any(x[:, None] + x[None, :] == 0.0):
            raise AgreementInputError("ratio weights need non-zero category values")
        ratio = (diff / (x[:, None] + x[None, :])) ** 2
        return 1.0 - ratio / ((span / (high + low)) ** 2)
    if kind == "circular":
        turn = span + 1.0
        return _scaled(np.sin(np.pi * diff / turn) ** 2)
    # bipolar
    total = x[:, None] + x[None, :]
    denominator = (total - 2.0 * low) * (2.0 * high - total)
    distance = np.divide(diff * diff, denominator, out=np.zeros_like(diff), where=denominator != 0)
    np.fill_diagonal(distance, 0.0)
    return _scaled(distance)
