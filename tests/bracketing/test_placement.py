"""A proposed frontier sits at the resamples' consensus, not at the one sample's optimum."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from workbench.bracketing import BracketParams, DatedEvent, bracket
from workbench.bracketing.placement import main_mode_median

FAST = BracketParams(bootstrap=100, seed=5)
START = dt.date(2000, 1, 1)
MIDDLE = dt.date(2005, 1, 1)
BEFORE = np.array([0.30, 0.25, 0.20, 0.15, 0.10])
AFTER = np.array([0.10, 0.15, 0.20, 0.25, 0.30])


def test_one_hump_gives_its_median_stragglers_aside() -> None:
    assert main_mode_median(np.array([10, 11, 12, 12, 13, 14, 15]), 3) == 12
    # a straggler more than twice the bandwidth from the mode does not pull it
    assert main_mode_median(np.array([10, 11, 12, 12, 13, 14, 15, 40, 41]), 3) == 12


def test_several_humps_give_the_main_humps_median() -> None:
    # 55 resamples at bins 28-32, 45 at bins 8-12: the plain median sits at the main
    # hump's lower edge, pulled by the other hump; the estimate is the main hump's middle
    rng = np.random.default_rng(0)
    main = rng.integers(28, 33, size=55)
    positions = np.concatenate([main, rng.integers(8, 13, size=45)])
    assert abs(main_mode_median(positions, 3) - float(np.median(main))) <= 0.5
    assert float(np.median(main)) - float(np.median(positions)) >= 2


def _gradual(seed: int) -> list[DatedEvent]:
    """Two documents a month over 2000-2009, ~12 codings each, leaning mildly; the theme
    mix moves linearly across the year from 2004-07 to 2005-06, whose middle is ``MIDDLE``."""
    rng = np.random.default_rng(seed)
    themes = ["a", "b", "c", "d", "e"]
    events: list[DatedEvent] = []
    for m in range(120):
        day = dt.date(2000 + m // 12, m % 12 + 1, 15)
        share = min(max((m - 54 + 0.5) / 12, 0.0), 1.0)
        mix = (1 - share) * BEFORE + share * AFTER
        for d in range(2):
            lean = mix * rng.dirichlet(10.0 * np.ones(5))
            for _ in range(rng.poisson(12)):
                t = themes[int(rng.choice(5, p=lean / lean.sum()))]
                events.append(DatedEvent(len(events), t, f"s{m}-{d}", None, day, day, "day", "own"))
    return events


@pytest.mark.parametrize("seed", range(4))
def test_a_proposed_frontier_is_where_its_test_says(seed: int) -> None:
    result = bracket(_gradual(seed), params=FAST)
    for f in result.proposal.segmentation.frontiers:
        assert f.test.best_date == f.date
        assert f.test.interval_start <= f.date <= f.test.interval_end


def test_a_gradual_change_is_placed_nearer_its_middle_than_the_one_sample_optimum() -> None:
    # the optimum of one sample wanders across a year-long transition; the resamples'
    # consensus wanders less (measured over seeds: the mean distance, not one corpus)
    placed, optimum = [], []
    for seed in range(8):
        result = bracket(_gradual(seed), params=FAST)
        assert result.proposal.default_k == 2
        (f,) = result.proposal.segmentation.frontiers
        (search,) = next(e for e in result.proposal.path if e.k == 2).boundaries
        placed.append(abs((f.date - MIDDLE).days))
        optimum.append(abs((search - MIDDLE).days))
    assert np.mean(placed) < np.mean(optimum)
