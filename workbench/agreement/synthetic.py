"""Synthetic reliability data with a known truth, for tests and benchmarks."""

from __future__ import annotations

import numpy as np


def synthetic_ratings(
    n_units: int,
    n_coders: int,
    n_values: int,
    *,
    missing_share: float = 0.1,
    accuracy: float = 0.7,
    seed: int = 0,
) -> np.ndarray:
    """Units x coders floats: each coder reports the unit's true value with probability
    ``accuracy`` (else a random value), and a ``missing_share`` of ratings is NaN."""
    rng = np.random.default_rng(seed)
    truth = rng.integers(0, n_values, n_units)
    noise = rng.integers(0, n_values, (n_units, n_coders))
    ratings = np.where(rng.random((n_units, n_coders)) < accuracy, truth[:, None], noise)
    ratings = ratings.astype(np.float64)
    ratings[rng.random((n_units, n_coders)) < missing_share] = np.nan
    return ratings
