from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from workbench.bracketing import BracketParams, bracket
from workbench.bracketing.binning import Pieces, interval_table
from workbench.bracketing.selection import (
    composition_dispersion,
    default_k,
    n_params,
)
from workbench.bracketing.synthetic import DIFFICULTIES, generate


def _pieces(source: np.ndarray, theme: np.ndarray, b: np.ndarray, n_bins: int, t: int) -> Pieces:
    return Pieces(
        source,
        theme,
        np.full(source.size, -1),
        b,
        b.copy(),
        np.ones(source.size),
        n_bins,
        t,
        int(source.max()) + 1,
    )


def test_dispersion_is_about_one_without_clustering_and_large_with_it() -> None:
    rng = np.random.default_rng(0)
    n_src, per, t = 300, 40, 6
    source = np.repeat(np.arange(n_src), per)
    b = np.repeat(rng.integers(0, 50, n_src), per)
    base = np.full(t, 1 / t)
    free = rng.choice(t, source.size, p=base)
    tilts = rng.dirichlet(np.ones(t), n_src)
    clustered = (rng.random((source.size, 1)) > np.cumsum(tilts[source], axis=1)).sum(axis=1)
    for theme, low, high in ((free, 0.85, 1.15), (np.minimum(clustered, t - 1), 5.0, 40.0)):
        itab = interval_table(_pieces(source, theme, b, 50, t), [(0, 50)])
        phi, _, df = composition_dispersion(itab)
        assert df == (n_src - 1) * (t - 1)
        assert low <= phi <= high


def test_quasi_bic_resists_source_clustering_where_bic_overfits() -> None:
    level = dataclasses.replace(
        DIFFICULTIES["medium"],
        name="clustered-null",
        concentration=1.0,
        document_events=300.0,
        n_documents=60,
        interviewees_per_wave=2,
    )
    data = generate(level, 0, n_phases=1)
    result = bracket(data.events, params=BracketParams(k_max=5))
    chosen = {c.name: c.k for c in result.proposal.criteria}
    assert result.proposal.dispersion > 3
    assert chosen["bic"] > 1
    assert chosen["qbic"] == 1
    assert result.proposal.default_k == 1


def test_criteria_helpers() -> None:
    assert n_params(1, 10, "multinomial") == 9
    assert n_params(3, 10, "multinomial") == 29
    assert n_params(3, 10, "poisson") == 32
    assert default_k([4, 2]) == 2
    assert default_k([2, 5, 3]) == 3


@pytest.mark.parametrize("search", ["auto", "pelt"])
def test_search_modes_agree_on_clear_data(search: str) -> None:
    data = generate("easy", 3)
    result = bracket(data.events, params=BracketParams(search=search))
    frontiers = [f.date for f in result.proposal.segmentation.frontiers]
    assert len(frontiers) == len(data.truth.frontiers)
    for found, true in zip(frontiers, data.truth.frontiers, strict=True):
        assert abs((found - true).days) <= 183
