"""The K rule beside coders: a habit next to a real change, slivers of codings, nulls."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from workbench.bracketing import BracketParams, DatedEvent, bracket
from workbench.bracketing.coders import coder_explained, within_coder_power

FAST = BracketParams(bootstrap=60, seed=3)
CHANGE = dt.date(2007, 1, 1)
BEFORE = np.array([0.30, 0.25, 0.20, 0.15, 0.10])
AFTER = np.array([0.10, 0.15, 0.20, 0.25, 0.30])


def _corpus(
    seed: int, *, change: bool = True, habit: bool = True, sliver: bool = False
) -> list[DatedEvent]:
    """Two documents a month over 2000-2011, ~12 codings each, leaning mildly per document.

    ``habit``: from 2003 coder B codes about two documents in three and files most of
    theme a (and half of b) under a theme of their own; coder A keeps the rest. ``change``:
    the theme mix moves at 2007-01. ``sliver``: A codes everything before 2007 and B
    everything after, but for one document of four codings A codes in 2009.
    """
    rng = np.random.default_rng(seed)
    themes = ["a", "b", "c", "d", "e"]
    events: list[DatedEvent] = []

    def add(theme: str, source: str, day: dt.date, coder: str) -> None:
        events.append(
            DatedEvent(len(events), theme, source, None, day, day, "day", "own", coder=coder)
        )

    for m in range(144):
        day = dt.date(2000 + m // 12, m % 12 + 1, 15)
        mix = AFTER if change and day >= CHANGE else BEFORE
        for d in range(2):
            if sliver:
                coder = "B" if day >= CHANGE else "A"
            else:
                coder = "A" if m < 36 or rng.random() < 0.35 else "B"
            lean = mix * rng.dirichlet(8.0 * np.ones(5))
            for _ in range(rng.poisson(12)):
                t = int(rng.choice(5, p=lean / lean.sum()))
                own = habit and coder == "B" and rng.random() < (0.8, 0.5, 0, 0, 0)[t]
                add("habit" if own else themes[t], f"s{m}-{d}", day, coder)
    if sliver:
        for _ in range(4):
            t = int(rng.choice(5, p=AFTER if change else BEFORE))
            add(themes[t], "sliver", dt.date(2009, 6, 15), "A")
    return events


@pytest.mark.parametrize("seed", [0, 1])
def test_a_real_change_is_proposed_beside_a_coders_habit(seed: int) -> None:
    # the K path's first frontiers are the habit (2003) and the change (2007): before, the
    # habit made every K that held the change fail and the proposal was one phase
    result = bracket(_corpus(seed), params=FAST)
    found = [f.date for f in result.proposal.segmentation.frontiers]
    assert result.proposal.default_k == 2
    assert len(found) == 1
    assert abs((found[0] - CHANGE).days) <= 62
    assert any(d.kind == "coder-explained" for d in result.diagnostics)
    assert "coder-explained" in next(
        c.note for c in result.proposal.criteria if c.name == "bootstrap"
    )


@pytest.mark.parametrize("seed", [0, 1])
def test_a_coders_habit_alone_is_still_no_frontier(seed: int) -> None:
    result = bracket(_corpus(seed, change=False), params=FAST)
    assert result.proposal.default_k == 1
    assert any(d.kind == "coder-explained" for d in result.diagnostics)


def _sums(*blocks: tuple[int, int, list[float]]) -> np.ndarray:
    """Cumulative counts (41 bins + 1, 3 themes) with ``rows`` per bin over ``[a, b)``."""
    counts = np.zeros((40, 3))
    for a, b, row in blocks:
        counts[a:b] += row
    sums = np.zeros((41, 3))
    np.cumsum(counts, axis=0, out=sums[1:])
    return sums


def test_a_sliver_of_codings_does_not_put_a_coder_on_both_sides() -> None:
    # coder 1 codes the first phase and three codings of the second, coder 2 the second;
    # the mix changes. Three codings cannot show the change, so they prove no habit.
    first = _sums((0, 20, [30.0, 30.0, 10.0]), (30, 31, [1.0, 1.0, 1.0]))
    second = _sums((20, 40, [10.0, 30.0, 40.0]))
    assert coder_explained([first, second], (20,), 1.0, 0.05) == []
    # with a real share of the second phase, coder 1's unchanged mix does explain it
    first = _sums((0, 20, [30.0, 30.0, 10.0]), (20, 40, [6.0, 6.0, 2.0]))
    second = _sums((20, 40, [10.0, 30.0, 40.0]))
    assert coder_explained([first, second], (20,), 1.0, 0.05) == [0]


def test_codings_within_the_margin_of_a_frontier_do_not_count_for_a_side() -> None:
    # coder 1's only codings after the frontier are in its first bin (the frontier is
    # placed a bin early): within the margin they may belong to the first phase
    first = _sums((0, 21, [30.0, 30.0, 10.0]))
    second = _sums((21, 40, [10.0, 30.0, 40.0]))
    assert coder_explained([first, second], (20,), 1.0, 0.05) == [0]
    assert coder_explained([first, second], (20,), 1.0, 0.05, margin=2) == []


def test_within_coder_power_matches_the_noncentral_chi_square() -> None:
    # reference values from scipy.stats.ncx2 (0.441, 0.798, 0.977)
    assert within_coder_power(5.0, 3, 0.05) == pytest.approx(0.44, abs=0.02)
    assert within_coder_power(15.6, 9, 0.05) == pytest.approx(0.80, abs=0.01)
    assert within_coder_power(30.0, 12, 0.05) == pytest.approx(0.977, abs=0.01)
    assert within_coder_power(0.0, 4, 0.05) == pytest.approx(0.05)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_change_where_coders_hand_over_is_kept_despite_a_sliver(seed: int) -> None:
    result = bracket(_corpus(seed, habit=False, sliver=True), params=FAST)
    found = [f.date for f in result.proposal.segmentation.frontiers]
    assert len(found) == 1
    assert abs((found[0] - CHANGE).days) <= 62
    assert not any(d.kind == "coder-explained" for d in result.diagnostics)


@pytest.mark.parametrize("seed", [0, 1])
def test_a_coder_hand_over_with_a_sliver_and_no_change_is_no_frontier(seed: int) -> None:
    result = bracket(_corpus(seed, change=False, habit=False, sliver=True), params=FAST)
    assert result.proposal.default_k == 1


@pytest.mark.parametrize("seed", [3, 4])
def test_no_change_and_no_habit_is_one_phase(seed: int) -> None:
    result = bracket(_corpus(seed, change=False, habit=False), params=FAST)
    assert result.proposal.default_k == 1
    assert result.proposal.segmentation.frontiers == ()
