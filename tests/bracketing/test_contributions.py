"""Naming the events behind a stretch of the timeline, by the engine's spreading rule."""

from __future__ import annotations

import datetime as dt

import pytest

from workbench.bracketing import DatedEvent, bracket
from workbench.bracketing.contributions import events_in_bins
from workbench.core.errors import InputError

D = dt.date


def ev(i, theme, start, end, weight=1.0):
    return DatedEvent(i, theme, f"s{i % 3}", None, start, end, "range", "own", weight, None)


EVENTS = [
    ev(1, "a", D(2001, 2, 1), D(2001, 2, 1)),
    ev(2, "a", D(2001, 1, 1), D(2001, 12, 31)),  # the whole year: a quarter in each quarter
    ev(3, "b", D(2001, 5, 1), D(2001, 5, 31)),
    ev(4, "b", D(2001, 3, 30), D(2001, 4, 2), weight=2.0),  # straddles Q1 and Q2
    ev(5, "a", D(2002, 8, 1), D(2002, 8, 1)),
]


def quarter_starts():
    return [D(y, m, 1) for y in (2001, 2002) for m in (1, 4, 7, 10)]


def test_a_cell_lists_its_events_with_their_part():
    found = events_in_bins(EVENTS, quarter_starts(), 0, 0, theme="a")
    assert [(c.event_id, c.bins_touched, c.bins_in) for c in found] == [(2, 4, 1), (1, 1, 1)]
    assert [c.weight_in for c in found] == [0.25, 1.0]


def test_a_span_of_bins_and_every_theme():
    found = events_in_bins(EVENTS, quarter_starts(), 0, 1)
    assert [c.event_id for c in found] == [2, 1, 4, 3]
    assert {c.event_id: c.weight_in for c in found} == {2: 0.5, 1: 1.0, 4: 2.0, 3: 1.0}


def test_parts_add_up_to_the_engines_counts():
    result = bracket(EVENTS, params=None)
    tl = result.timeline
    for b in range(len(tl.bin_starts)):
        for t, theme in enumerate(tl.themes):
            found = events_in_bins(EVENTS, tl.bin_starts, b, b, theme=theme)
            assert sum(c.weight_in for c in found) == pytest.approx(tl.counts[b][t])


def test_bins_off_the_axis_are_refused():
    with pytest.raises(InputError, match="not on a timeline"):
        events_in_bins(EVENTS, quarter_starts(), 3, 8)
