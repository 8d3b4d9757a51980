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


def synthetic_continuum(
    n_documents: int,
    n_coders: int = 2,
    *,
    length: int = 1200,
    detect: float = 0.8,
    jitter: int = 3,
    false_share: float = 0.15,
    seed: int = 0,
    code: str = "x",
) -> list[tuple[int, dict[str, list[tuple[int, int, str]]]]]:
    """Documents of one code on a character continuum, for the continuum alphas.

    Each document has true segments (10-60 characters, 20-200 apart). Each document has its
    own difficulty (a coder finds a segment with probability ``detect`` shifted by the
    document's difficulty), so documents, not segments, are the independent pieces, as in
    real projects. Found segments have their ends moved by up to ``jitter`` characters, and
    each coder adds spurious segments at a rate of ``false_share`` per true one.
    """
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n_documents):
        truth: list[tuple[int, int]] = []
        pos = int(rng.integers(0, 150))
        while True:
            size = int(rng.integers(10, 61))
            if pos + size >= length:
                break
            truth.append((pos, pos + size))
            pos += size + int(rng.integers(20, 201))
        difficulty = float(np.clip(rng.normal(0.0, 0.12), -0.4, 0.15))
        segments: dict[str, list[tuple[int, int, str]]] = {}
        for c in range(n_coders):
            found: list[tuple[int, int, str]] = []
            for start, end in truth:
                if rng.random() < detect + difficulty:
                    a = int(np.clip(start + rng.integers(-jitter, jitter + 1), 0, length - 1))
                    b = int(np.clip(end + rng.integers(-jitter, jitter + 1), a + 1, length))
                    found.append((a, b, code))
            for _ in range(int(rng.poisson(false_share * max(len(truth), 1)))):
                a = int(rng.integers(0, length - 20))
                found.append((a, a + int(rng.integers(5, 20)), code))
            segments[f"c{c + 1}"] = found
        out.append((length, segments))
    return out


def synthetic_sets(
    n_documents: int,
    units_per_document: int = 20,
    n_coders: int = 2,
    *,
    labels: tuple[str, ...] = ("a", "b", "c", "d"),
    keep: float = 0.8,
    extra: float = 0.15,
    seed: int = 0,
) -> tuple[list[list[frozenset[str] | None]], list[int]]:
    """Units x coders of sets of values (for multi-valued alpha) and each unit's document.

    A unit's true set has 0-2 values; a coder keeps each true value with probability
    ``keep`` (moved by the document's difficulty) and adds a random one with probability
    ``extra``.
    """
    rng = np.random.default_rng(seed)
    data: list[list[frozenset[str] | None]] = []
    documents: list[int] = []
    for d in range(n_documents):
        difficulty = float(np.clip(rng.normal(0.0, 0.1), -0.3, 0.15))
        for _ in range(units_per_document):
            size = int(rng.choice([0, 1, 1, 2]))
            true = set(rng.choice(labels, size=size, replace=False).tolist())
            row: list[frozenset[str] | None] = []
            for _ in range(n_coders):
                given = {v for v in sorted(true) if rng.random() < keep + difficulty}
                if rng.random() < extra:
                    given.add(str(rng.choice(labels)))
                row.append(frozenset(given))
            data.append(row)
            documents.append(d)
    return data, documents
