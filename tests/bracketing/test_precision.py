"""Likely intervals as wide as the dates that place a frontier, and no wider."""

from __future__ import annotations

import datetime as dt
import random

import numpy as np
import pytest

from workbench.bracketing import BracketParams, DatedEvent, PhaseSpec, bracket
from workbench.bracketing.binning import make_grid, make_pieces
from workbench.bracketing.bootstrap import DateRedraw, _compress_counting
from workbench.bracketing.events import EventTable
from workbench.bracketing.precision import FrontierPrecision, placing_precision

FAST = BracketParams(bootstrap=100, seed=4)
START, END = dt.date(2000, 1, 1), dt.date(2005, 12, 31)
CHANGE = dt.date(2002, 10, 1)
BEFORE = (0.5, 0.3, 0.2)
AFTER = (0.2, 0.3, 0.5)


def _corpus(year_share: float, seed: int = 0) -> list[DatedEvent]:
    """60 sources of 50 events, a sharp change on ``CHANGE``; ``year_share`` of the events
    dated only to their year, the others to the day."""
    rng = random.Random(seed)
    days = (END - START).days
    events = []
    for s in range(60):
        for _ in range(50):
            day = START + dt.timedelta(days=rng.randrange(days))
            shares = BEFORE if day < CHANGE else AFTER
            theme = rng.choices(("t0", "t1", "t2"), weights=shares)[0]
            if rng.random() < year_share:
                lo, hi, precision = dt.date(day.year, 1, 1), dt.date(day.year, 12, 31), "year"
            else:
                lo, hi, precision = day, day, "day"
            events.append(
                DatedEvent(len(events), theme, f"s{s:02d}", None, lo, hi, precision, "own")
            )
    return events


def _stated(result):
    assert result.researcher is not None
    (frontier,) = result.researcher.frontiers
    return frontier.test


PHASES = [
    PhaseSpec("before", START, CHANGE - dt.timedelta(days=1)),
    PhaseSpec("after", CHANGE, END),
]


def test_a_few_year_dates_among_day_dates_do_not_widen_the_interval() -> None:
    # 8% of the events dated to the year: the window of +-6 months around the change
    # touches two calendar years, so counting every event whose span touches it put a
    # seventh of year-dated events there and made the interval a year wide (365 days)
    test = _stated(bracket(_corpus(0.08), phases=PHASES, params=FAST))
    width = (test.interval_end - test.interval_start).days + 1
    assert width <= 130
    assert test.interval_start <= CHANGE <= test.interval_end
    assert test.verdict == "supported"
    assert test.precision_days < 45


def test_a_frontier_placed_by_year_dates_alone_is_at_least_a_year_wide() -> None:
    test = _stated(bracket(_corpus(1.0), phases=PHASES, params=FAST))
    width = (test.interval_end - test.interval_start).days + 1
    assert width >= 365
    assert test.precision_days == pytest.approx(365.0, abs=1.0)
    assert test.interval_start <= CHANGE <= test.interval_end
    assert "precision of the dates placing it" in test.interval_method
    assert "imprecise dates redrawn" in test.interval_method


def test_the_precision_weighs_events_by_what_they_put_next_to_the_frontier() -> None:
    # twelve monthly bins: 95 month-dated events, 5 year-dated over the same twelve bins
    b0 = np.array([i % 12 for i in range(95)] + [0] * 5)
    b1 = np.array([i % 12 for i in range(95)] + [11] * 5)
    spans = np.array([30.44] * 95 + [365.0] * 5)
    weight = np.ones(100)
    mixed = placing_precision(spans, weight, (b0, b1), 0, 12)
    assert 30.44 < mixed < 32.0
    only_years = placing_precision(spans[95:], weight[95:], (b0[95:], b1[95:]), 0, 12)
    assert only_years == pytest.approx(365.0)
    # a year-dated event that reaches the window with one month of twelve counts a twelfth
    one = placing_precision(
        np.array([30.44, 365.0]), np.ones(2), (np.array([0, 0]), np.array([0, 11])), 0, 1
    )
    assert one == pytest.approx((1 + 1 / 12) / (1 / 30.44 + 1 / 12 / 365.0))
    assert placing_precision(spans, weight, (b0, b1), 20, 30) == 0.0


def test_redrawn_dates_keep_each_events_weight_inside_its_span() -> None:
    events = _corpus(0.3, seed=1)[:600]
    table = EventTable.from_events(events)
    grid = make_grid("month", int(table.start.min()), int(table.end.max()))
    pieces, merged = _compress_counting(make_pieces(table, grid, "application"))
    redraw = DateRedraw.of(pieces, merged, seed=5)
    assert redraw is not None
    ones = np.ones(pieces.n_sources)
    counts = redraw.counts(ones, 0)
    assert counts.sum() == pytest.approx(table.weight.sum())
    assert np.array_equal(counts, redraw.counts(ones, 0))  # one stream per replicate
    assert not np.array_equal(counts, redraw.counts(ones, 1))
    # each year-dated event lands in one bin of its own year: totals per year are kept
    years = np.array([grid.start(b).year for b in range(grid.n)])
    spread = np.zeros_like(counts)
    for e in events:
        bins = range(grid.bin_of(e.start), grid.bin_of(e.end) + 1)
        for b in bins:
            spread[b, table.themes.index(e.theme)] += 1 / len(bins)
    for year in np.unique(years):
        assert counts[years == year].sum() == pytest.approx(spread[years == year].sum())


@pytest.mark.parametrize(("year_share", "floor", "tolerance"), [(0.08, 45, 12), (1.0, 365, 12)])
def test_floor_and_support_tolerance_follow_the_dates_next_to_the_frontier(
    year_share: float, floor: float, tolerance: int
) -> None:
    table = EventTable.from_events(_corpus(year_share))
    grid = make_grid("month", int(table.start.min()), int(table.end.max()))
    bins = (grid.bins_of(table.start), grid.bins_of(table.end))
    precision = FrontierPrecision(table, bins, 6, bin_days=30.44)
    edge = grid.nearest_edge(CHANGE)
    # the interval's floor follows the dates that place the change; the support tolerance
    # (what counts as found again) follows any coarse date that reaches near it
    assert precision.days(edge) <= floor + 1
    assert precision.days(edge) >= min(floor, 30.44)
    assert precision.tolerance(edge, 30.44) == tolerance
