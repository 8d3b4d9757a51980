from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.bracketing.binning import (
    Grid,
    bin_counts,
    interval_table,
    length_in_bins,
    make_grid,
    make_pieces,
)
from workbench.bracketing.events import DatedEvent, EventTable

UNITS = ["day", "month", "quarter", "half", "year"]


@st.composite
def events_strategy(draw: st.DrawFn) -> list[DatedEvent]:
    n = draw(st.integers(1, 25))
    out = []
    for i in range(n):
        start = draw(st.dates(dt.date(1990, 1, 1), dt.date(2010, 12, 31)))
        span = draw(st.integers(0, 800))
        out.append(
            DatedEvent(
                event_id=i,
                theme=draw(st.sampled_from(["a", "b", "c"])),
                source=draw(st.sampled_from(["s1", "s2", "s3", "s4"])),
                case=draw(st.sampled_from([None, "x", "y"])),
                start=start,
                end=start + dt.timedelta(days=span),
                precision="range",
                date_source="own",
                weight=draw(st.floats(0.0, 50.0, allow_nan=False)),
            )
        )
    return out


def _grid_for(table: EventTable, unit: str) -> Grid:
    return make_grid(unit, int(table.start.min()), int(table.end.max()))


@settings(max_examples=60, deadline=None)
@given(events=events_strategy(), unit=st.sampled_from(UNITS))
def test_binning_conserves_weight(events: list[DatedEvent], unit: str) -> None:
    table = EventTable.from_events(events)
    grid = _grid_for(table, unit)
    counts = bin_counts(make_pieces(table, grid, "application"))
    assert counts.min() >= 0
    total = sum(e.weight for e in events)
    # bin_counts zeroes cells below 1e-12 of the total weight (cumulative-sum residues),
    # so a vanishingly light event may lose that much per cell, and no more
    slack = 1e-9 + counts.size * 1e-12 * total
    assert counts.sum() == pytest.approx(total, rel=1e-9, abs=slack)
    for t, theme in enumerate(table.themes):
        expected = sum(e.weight for e in events if e.theme == theme)
        assert counts[:, t].sum() == pytest.approx(expected, rel=1e-9, abs=slack)


@settings(max_examples=40, deadline=None)
@given(events=events_strategy(), unit=st.sampled_from(UNITS))
def test_interval_table_conserves_weight(events: list[DatedEvent], unit: str) -> None:
    table = EventTable.from_events(events)
    grid = _grid_for(table, unit)
    pieces = make_pieces(table, grid, "application")
    cut = grid.n // 2
    intervals = [(0, cut), (cut, grid.n)] if cut > 0 else [(0, grid.n)]
    itab = interval_table(pieces, intervals)
    assert itab.totals().sum() == pytest.approx(bin_counts(pieces).sum(), rel=1e-9, abs=1e-9)


def _event(i: int, start: dt.date, end: dt.date, source: str = "s", theme: str = "a") -> DatedEvent:
    return DatedEvent(i, theme, source, None, start, end, "x", "own")


def test_range_spreads_evenly_over_bins_touched() -> None:
    table = EventTable.from_events([_event(0, dt.date(2020, 1, 30), dt.date(2020, 3, 2))])
    grid = _grid_for(table, "month")
    counts = bin_counts(make_pieces(table, grid, "application"))
    assert counts[:, 0] == pytest.approx([1 / 3, 1 / 3, 1 / 3])


def test_presence_counts_a_source_once_per_theme_and_bin() -> None:
    day = dt.date(2020, 5, 5)
    events = [_event(i, day, day) for i in range(5)]
    events += [_event(9, day, day, source="other")]
    table = EventTable.from_events(events)
    grid = _grid_for(table, "month")
    assert bin_counts(make_pieces(table, grid, "application")).sum() == 6
    assert bin_counts(make_pieces(table, grid, "presence")).sum() == 2


def test_bins_and_lengths() -> None:
    table = EventTable.from_events(
        [
            _event(0, dt.date(1969, 12, 31), dt.date(1969, 12, 31)),
            _event(1, dt.date(1971, 4, 1), dt.date(1971, 4, 1)),
        ]
    )
    grid = _grid_for(table, "quarter")
    assert grid.n == 7
    assert grid.start(0) == dt.date(1969, 10, 1)
    assert grid.end(6) == dt.date(1971, 6, 30)
    assert length_in_bins(6, "month", "month") == 6
    assert length_in_bins(6, "month", "quarter") == 2
    assert length_in_bins(6, "month", "year") == 1
    assert length_in_bins(6, "month", "day") == 183
    assert grid.nearest_edge(dt.date(1970, 3, 10)) == 2
    assert grid.nearest_edge(dt.date(1970, 2, 10)) == 1
    assert grid.nearest_edge(dt.date(1970, 1, 5)) == 1


def test_interval_table_by_source() -> None:
    day = dt.date(2020, 1, 1)
    events = [
        _event(0, day, day, "s1"),
        _event(1, dt.date(2021, 1, 1), dt.date(2021, 1, 1), "s1"),
        _event(2, day, day, "s2", theme="b"),
    ]
    table = EventTable.from_events(events)
    grid = _grid_for(table, "month")
    itab = interval_table(make_pieces(table, grid, "application"), [(0, 6), (6, grid.n)])
    assert itab.source_weights(0) == {0: 1.0, 1: 1.0}
    assert itab.source_weights(1) == {0: 1.0}
    sources, (first, second) = itab.dense([0, 1])
    assert list(sources) == [0, 1]
    assert np.array_equal(first, [[1, 0], [0, 1]])
    assert np.array_equal(second, [[1, 0], [0, 0]])
