"""The K rule's test of a further change: permutations of sources' themes within phases."""

from __future__ import annotations

import datetime as dt
import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.bracketing import BracketParams, DatedEvent, bracket
from workbench.bracketing.binning import Pieces
from workbench.bracketing.further_change import (
    best_split_gain,
    further_change_p,
    permutations_for,
)
from workbench.bracketing.selection import counted_frontiers, k_by_further_change, unplaced_change

FAST = BracketParams(bootstrap=30, seed=2)


def _pieces(rows: list[tuple[int, int, int]], n_bins: int, n_themes: int) -> Pieces:
    """One coding per (source, theme, bin) row, dated to its bin."""
    source, theme, b = (np.array(col, dtype=np.int64) for col in zip(*rows, strict=True))
    return Pieces(
        source=source,
        theme=theme,
        case=np.full(source.size, -1),
        b0=b,
        b1=b.copy(),
        w=np.ones(source.size),
        n_bins=n_bins,
        n_themes=n_themes,
        n_sources=int(source.max()) + 1,
    )


def _sources(
    rng: np.random.Generator, mixes: list[np.ndarray], n_bins: int, per: int = 40
) -> list[tuple[int, int, int]]:
    """One document per mix, ``per`` codings on one date spread evenly over the bins."""
    rows = []
    for s, mix in enumerate(mixes):
        day = round(s * (n_bins - 1) / max(len(mixes) - 1, 1))
        rows += [(s, int(t), day) for t in rng.choice(mix.size, per, p=mix)]
    return rows


def _p(pieces: Pieces, n_bins: int, seed: int = 0) -> float:
    return further_change_p(
        pieces, [0, n_bins], min_len=2, kind="multinomial", permutations=200, seed=seed
    ).p_value


def test_a_change_every_source_shows_is_found() -> None:
    rng = np.random.default_rng(5)
    before, after = np.array([0.4, 0.4, 0.2]), np.array([0.2, 0.4, 0.4])
    rows = _sources(rng, [before] * 15 + [after] * 15, 30)
    assert _p(_pieces(rows, 30, 3), 30) == pytest.approx(1 / 201)


def test_leaning_sources_without_change_rarely_make_one() -> None:
    # 25 sources of 5 to 400 codings, each leaning hard on its own themes, at random dates,
    # no change: the test holds its 5% whatever the lean (a threshold on support did not)
    small = 0
    for seed in range(30):
        rng = np.random.default_rng(seed)
        rows = []
        for s in range(25):
            mix = rng.dirichlet(np.full(4, 0.5))
            size = int(np.clip(rng.lognormal(3.5, 1.0), 5, 400))
            day = int(rng.integers(0, 40))
            rows += [(s, int(t), day) for t in rng.choice(4, size, p=mix)]
        small += _p(_pieces(rows, 40, 4), 40, seed) < 0.05
    assert small <= 4


def test_a_source_that_changes_within_itself_is_a_change() -> None:
    # one retrospective interview over 30 months: the mix moves half way through
    rng = np.random.default_rng(2)
    rows = [
        (0, int(rng.choice(3, p=[0.7, 0.2, 0.1] if b < 15 else [0.1, 0.2, 0.7])), b)
        for b in range(30)
        for _ in range(8)
    ]
    assert _p(_pieces(rows, 30, 3), 30) < 0.05


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_the_statistic_is_the_best_added_split(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(8, 30))
    rows = [
        (int(rng.integers(0, 5)), int(rng.integers(0, 3)), int(rng.integers(0, n)))
        for _ in range(60)
    ]
    pieces = _pieces(rows, n, 3)
    result = further_change_p(
        pieces, [0, n], min_len=2, kind="multinomial", permutations=20, seed=seed
    )
    assert 1 / 21 <= result.p_value <= 1.0
    assert result.gain >= 0.0
    cum = np.zeros((n + 1, 3))
    np.add.at(cum, (np.array([r[2] for r in rows]) + 1, np.array([r[1] for r in rows])), 1.0)
    cum = np.cumsum(cum, axis=0)
    assert best_split_gain(cum, [0, n], 2, "multinomial") == pytest.approx(result.gain)
    # a segment too short to split has nothing to add
    assert best_split_gain(cum, [0, 3], 2, "multinomial") == 0.0


def test_tiny_null_corpora_rarely_get_a_frontier() -> None:
    # 30 codings from 4 sources over six years, themes at random: a tiny null corpus. The
    # test is calibrated at 5%, so a few of 40 may get one; measured 0 of 40
    proposed = 0
    for seed in range(40):
        rng = random.Random(seed)
        events = [
            DatedEvent(
                i,
                f"t{rng.randrange(3)}",
                f"s{i % 4}",
                None,
                dt.date(2000 + i % 6, 1 + i % 12, 1),
                dt.date(2000 + i % 6, 1 + i % 12, 1),
                "day",
                "own",
            )
            for i in range(30)
        ]
        proposed += bracket(events, params=FAST).proposal.default_k > 1
    assert proposed <= 4


def test_the_walk_stops_at_the_first_k_without_a_further_change() -> None:
    # support rises with K on null data; the test stops the walk, not the support
    supports = {1: (), 2: (0.9,), 3: (0.9, 0.8), 4: (0.9, 0.8, 0.8), 5: (0.9,) * 4}
    asked: list[int] = []

    def further(k: int) -> float:
        asked.append(k)
        return {2: 0.005, 3: 0.01, 4: 0.3, 5: 0.001}[k]

    k, p_values = k_by_further_change(supports, further, 0.05)
    assert k == 3
    assert asked == [2, 3, 4]
    assert p_values == {2: 0.005, 3: 0.01, 4: 0.3}
    assert k_by_further_change(supports, lambda k: 0.2, 0.05)[0] == 1


def test_an_unstable_two_phase_solution_gives_way_to_the_located_k() -> None:
    # three changes found by the test; at K=2 the single frontier takes them in turn
    supports = {1: (), 2: (0.46,), 3: (0.55, 0.9), 4: (0.99, 0.6, 0.98), 5: (1.0, 0.2, 1, 1)}
    p_values = {2: 0.005, 3: 0.005, 4: 0.005, 5: 0.4}
    assert k_by_further_change(supports, p_values.__getitem__, 0.05)[0] == 4
    # a frontier found again in fewer than half the resamples is not located
    supports[4] = (0.99, 0.45, 0.98)
    assert k_by_further_change(supports, p_values.__getitem__, 0.05)[0] == 3


def test_close_frontiers_transitions_and_coder_habits_are_not_phases() -> None:
    supports = {1: (), 2: (1.0,), 3: (1.0, 1.0)}
    bounds = {1: (), 2: (40,), 3: (36, 44)}
    sig = {2: 0.005, 3: 0.005, 4: 0.5}.__getitem__
    assert k_by_further_change(supports, sig, 0.05, bounds, 6)[0] == 2
    assert k_by_further_change(supports, sig, 0.05, bounds, 3)[0] == 3
    assert k_by_further_change(supports, sig, 0.05, bounds, 3, transitions={3: [1]})[0] == 2
    # K=2 is the habit alone; K=3 the habit and a real change: K=3 less the habit
    supports = {1: (), 2: (0.95,), 3: (0.97, 1.0), 4: (0.9, 0.4, 1.0)}
    bounds = {1: (), 2: (36,), 3: (36, 84), 4: (36, 60, 84)}
    explained = {2: [0], 3: [0], 4: [0]}
    k, _ = k_by_further_change(supports, sig, 0.05, bounds, 6, explained=explained)
    assert k == 3
    assert counted_frontiers(bounds[k], explained[k]) == (84,)
    # a K made only of coder-explained frontiers proposes nothing
    only = k_by_further_change({1: (), 2: (0.95,)}, sig, 0.05, {2: (36,)}, 6, explained={2: [0]})
    assert only[0] == 1


def test_large_corpora_run_fewer_permutations_but_enough_to_reach_alpha() -> None:
    assert permutations_for(200, 2_000, 0.05) == 200
    assert permutations_for(200, 1_000_000, 0.05) == 40
    assert permutations_for(10, 2_000, 0.05) == 40
    assert permutations_for(200, 1_000_000, 0.01) == 200


def test_change_the_resamples_cannot_place_is_said() -> None:
    p_values = {2: 0.005, 3: 0.005, 4: 0.01, 5: 0.3}
    note = unplaced_change(p_values, 0.05, 2)
    assert note is not None
    assert "up to K=4" in note
    assert "only K=2" in note
    assert unplaced_change(p_values, 0.05, 4) is None
    assert unplaced_change({2: 0.4}, 0.05, 1) is None
