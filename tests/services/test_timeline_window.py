"""The timeline's window: the default leaves out dates far from the bulk, typed windows
are read as phase dates are, and a run counts the events it leaves out."""

from __future__ import annotations

import datetime as dt

import pytest

from workbench.bracketing.events import DatedEvent
from workbench.core.errors import InputError
from workbench.services.timeline import (
    Window,
    bracket_timeline,
    default_window,
    parse_window,
    split_window,
)


def event(i: int, start: dt.date, end: dt.date | None = None) -> DatedEvent:
    return DatedEvent(i, "t", f"s{i % 3}", None, start, end or start, "day", "own")


def bulk(n: int = 120) -> list[DatedEvent]:
    """``n`` events spread evenly over 1999-2018."""
    first = dt.date(1999, 1, 1).toordinal()
    span = dt.date(2018, 12, 31).toordinal() - first
    return [event(i, dt.date.fromordinal(first + span * i // (n - 1))) for i in range(n)]


def test_a_decade_dated_event_far_before_the_bulk_is_left_out():
    events = [*bulk(), event(999, dt.date(1960, 1, 1), dt.date(1969, 12, 31))]
    window = default_window(events)
    assert window.chosen == "auto"
    assert window.start is not None
    assert dt.date(1965, 1, 1) < window.start <= dt.date(1999, 1, 1)
    assert window.end is None  # nothing far after the bulk
    inside, outside = split_window(events, window)
    assert len(inside) == 120
    assert (outside.before, outside.after) == (1, 0)
    assert outside.latest_before == dt.date(1964, 12, 31)


def test_outliers_on_both_sides_and_a_few_at_once():
    early = [event(900 + i, dt.date(1950 + i, 6, 1)) for i in range(3)]
    late = [event(950, dt.date(2045, 1, 1))]
    window = default_window([*bulk(300), *early, *late])
    _, outside = split_window([*bulk(300), *early, *late], window)
    assert (outside.before, outside.after) == (3, 1)


def test_no_outliers_means_every_event():
    assert default_window(bulk()) == Window()
    # a slow start is not an outlier: the tails stay within a quarter of the span
    tail = [event(800, dt.date(1996, 3, 1)), event(801, dt.date(2021, 5, 1))]
    assert default_window([*bulk(), *tail]) == Window()


def test_a_handful_of_events_is_never_cut():
    few = [event(i, dt.date(1960 + 20 * i, 1, 1)) for i in range(5)]
    assert default_window(few) == Window()


def test_typed_windows_read_as_phase_dates():
    assert parse_window("1995", "2018") == Window(dt.date(1995, 1, 1), dt.date(2018, 12, 31), "set")
    assert parse_window("2001-07", "") == Window(dt.date(2001, 7, 1), None, "set")
    assert parse_window(" ", "") == Window()
    with pytest.raises(InputError, match="window from: cannot read the date 'soon'"):
        parse_window("soon", "2000")
    with pytest.raises(InputError, match="before the start"):
        parse_window("2010", "2001")


def test_a_run_brackets_inside_the_window_and_counts_the_rest(dated_project):
    from workbench.services.codings import add_coding

    project, _ = dated_project
    add_coding(
        project.uow(),
        document="Interview Alpha",
        code="tacit",
        coder="alice",
        quote="In Q1 2000 Alpha met its peers again.",
        event_date="1960s",
    )
    run = bracket_timeline(project, scheme="study", bootstrap=0)
    assert run.window.chosen == "auto"
    assert (run.outside.before, run.outside.after) == (1, 0)
    assert run.result.timeline.bin_starts[0] == dt.date(2000, 1, 1)
    assert run.result.timeline.n_events == 109
    every = bracket_timeline(project, scheme="study", bootstrap=0, window=Window())
    assert every.outside.total == 0
    assert every.result.timeline.bin_starts[0].year == 1960
    set_ = bracket_timeline(project, bootstrap=0, window=parse_window("2001", "2003"))
    tl = set_.result.timeline
    assert (tl.bin_starts[0], tl.bin_ends[-1]) == (dt.date(2001, 1, 1), dt.date(2003, 12, 31))
    assert set_.outside.before > 0
    assert set_.outside.after > 0
    # the scheme's phases are cut to the window: "late" (2004-2005) goes, so one frontier
    cut = bracket_timeline(
        project, scheme="study", bootstrap=0, window=parse_window("2001", "2003")
    )
    assert cut.result.timeline.bin_starts[0] == dt.date(2001, 1, 1)
    assert [p.label for p in cut.result.researcher.phases] == ["early", "middle"]
    assert [f.date for f in cut.result.researcher.frontiers] == [dt.date(2002, 1, 1)]
    with pytest.raises(InputError, match="no dated codings inside the window"):
        bracket_timeline(project, bootstrap=0, window=parse_window("1980", "1985"))


def test_each_coders_window_is_kept_in_the_project_folder(dated_project):
    from workbench.services.timeline import load_window, save_window

    project, _ = dated_project
    assert load_window(project, coder="alice") is None
    assert save_window(project, coder="alice", window=parse_window("2001", "2003"))
    assert save_window(project, coder="bob", window=Window())
    assert load_window(project, coder="alice") == parse_window("2001", "2003")
    assert load_window(project, coder="bob") == Window()
    assert save_window(project, coder="alice", window=None)
    assert load_window(project, coder="alice") is None
    (project.root / "timeline.json").write_text("{not json", encoding="utf-8")
    assert load_window(project, coder="bob") is None


def test_runs_are_kept_until_the_data_change(dated_project):
    from workbench.services.codings import add_coding
    from workbench.services.timeline import bracket_timeline_cached

    project, _ = dated_project
    first = bracket_timeline_cached(project, scheme="study", bootstrap=0)
    assert bracket_timeline_cached(project, scheme="study", bootstrap=0) is first
    assert bracket_timeline_cached(project, scheme="study", bootstrap=0, freq="year") is not first
    added = add_coding(
        project.uow(),
        document="Interview Beta",
        code="tacit",
        coder="alice",
        quote="In Q1 2001 Beta met its peers again.",
        event_date="2001",
    )
    assert added.id
    again = bracket_timeline_cached(project, scheme="study", bootstrap=0)
    assert again is not first
    assert again.result.timeline.n_events == first.result.timeline.n_events + 1
