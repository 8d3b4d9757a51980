from __future__ import annotations

import itertools

import numpy as np
import pytest

from workbench.bracketing import segment
from workbench.bracketing.cost import Cumulative
from workbench.bracketing.segment import centre_in_gaps, dp_path, pelt, search_path


def brute_force(cum: Cumulative, k: int, min_len: int) -> float:
    best = np.inf
    for cut in itertools.combinations(range(1, cum.n), k - 1):
        edges = (0, *cut, cum.n)
        if min(b - a for a, b in itertools.pairwise(edges)) < min_len:
            continue
        best = min(best, cum.segmentation_cost(cut))
    return best


def random_counts(seed: int, n: int, themes: int = 4) -> np.ndarray:
    rng = np.random.default_rng(seed)
    counts = rng.poisson(rng.uniform(0.3, 4, size=themes), size=(n, themes)).astype(float)
    counts[rng.random(n) < 0.15] = 0.0  # empty bins, as in real data
    return counts


@pytest.mark.parametrize("kind", ["multinomial", "poisson"])
@pytest.mark.parametrize(("seed", "min_len"), [(0, 1), (1, 2), (2, 3), (3, 1), (4, 2)])
def test_dp_equals_brute_force(kind: str, seed: int, min_len: int) -> None:
    cum = Cumulative.of(random_counts(seed, 13), kind)
    costs, paths = dp_path(cum, 4, min_len)
    for k in range(1, 5):
        expected = brute_force(cum, k, min_len)
        if not np.isfinite(expected):
            assert not np.isfinite(costs[k - 1]) or k > len(costs)
            continue
        assert costs[k - 1] == pytest.approx(expected, rel=1e-12, abs=1e-9)
        assert cum.segmentation_cost(paths[k - 1]) == pytest.approx(expected, rel=1e-12, abs=1e-9)


def test_row_wise_and_matrix_dp_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    cum = Cumulative.of(random_counts(7, 90, 6))
    costs, paths = dp_path(cum, 6, 4)
    monkeypatch.setattr(segment, "_MATRIX_CELLS", 0)
    costs_rows, paths_rows = dp_path(cum, 6, 4)
    assert np.allclose(costs, costs_rows)
    assert paths == paths_rows


@pytest.mark.parametrize("kind", ["multinomial", "poisson"])
@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("min_len", [1, 3, 5])
def test_pelt_equals_penalised_dp(kind: str, seed: int, min_len: int) -> None:
    counts = random_counts(seed, 60, 5)
    counts[30:] = np.roll(counts[30:], 1, axis=1)  # a real change
    cum = Cumulative.of(counts, kind)
    costs, _ = dp_path(cum, 60 // min_len, min_len)
    for penalty in (2.0, 10.0, 40.0):
        bounds = pelt(cum, penalty, min_len)
        k = len(bounds) + 1
        assert min(b - a for a, b in itertools.pairwise((0, *bounds, 60))) >= min_len
        penalised = costs + penalty * np.arange(1, costs.size + 1)
        got = cum.segmentation_cost(bounds) + penalty * k
        assert got == pytest.approx(float(np.min(penalised[np.isfinite(penalised)])), rel=1e-10)


def test_centre_in_gaps_moves_frontier_to_middle_of_empty_stretch() -> None:
    volume = np.array([1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 1], dtype=float)
    assert centre_in_gaps((3,), volume, 1) == (5,)
    assert centre_in_gaps((3,), volume, 3) == (5,)
    assert centre_in_gaps((2,), volume, 1) == (2,)


def test_coarse_to_fine_is_used_beyond_dp_max_bins_and_finds_the_change() -> None:
    rng = np.random.default_rng(0)
    n = 30_000
    before = rng.poisson([3, 1, 1], size=(n // 2, 3))
    after = rng.poisson([1, 1, 3], size=(n - n // 2, 3))
    counts = np.vstack([before, after]).astype(float)
    path = search_path(counts, 3, 100, "multinomial", dp_max_bins=2000)
    assert path.factor == 15
    assert abs(path.boundaries[2][0] - n // 2) <= 2
