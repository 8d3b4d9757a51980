"""Event time against narration time, on pairs worked by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from workbench.bracketing.time_basis import DatedPair, compare_time_bases

D = dt.date
PHASES = [("A", D(2000, 1, 1), D(2001, 12, 31)), ("B", D(2002, 1, 1), D(2004, 12, 31))]


def _pairs():
    # four interview codings about spring 2000 and 2001, told in mid-2003 (phase B); two
    # document codings written the day things happened.
    told = (D(2003, 6, 1), D(2003, 6, 30))
    return [
        DatedPair(1, "interview", D(2000, 4, 1), D(2000, 4, 30), *told),
        DatedPair(2, "interview", D(2000, 5, 1), D(2000, 5, 31), *told),
        DatedPair(3, "interview", D(2001, 4, 1), D(2001, 4, 30), *told),
        DatedPair(4, "interview", D(2003, 5, 1), D(2003, 5, 31), *told),
        DatedPair(5, "document", D(2000, 3, 1), D(2000, 3, 1), D(2000, 3, 1), D(2000, 3, 1)),
        DatedPair(6, "document", D(2002, 3, 1), D(2002, 3, 1), D(2002, 3, 1), D(2002, 3, 1)),
    ]


def test_lags_and_phase_moves_per_source_kind():
    result = compare_time_bases(
        _pairs(),
        phases=PHASES,
        phases_from="scheme 'study'",
        event_frontiers=[D(2002, 1, 1)],
        narration_frontiers=[D(2002, 1, 1)],
    )
    by_kind = {lag.source_kind: lag for lag in result.lags}
    interview = by_kind["interview"]
    assert interview.n == 4
    # lags (midpoint to midpoint): 1156, 1125.5, 791 and 30.5 days; the median is the mean
    # of the middle two.
    assert interview.median_days == pytest.approx((1125.5 + 791) / 2)
    assert interview.share_over_a_year == 0.75
    assert interview.share_in_other_phase == 0.75  # three told in B happened in A
    assert by_kind["document"].median_days == 0
    assert by_kind["document"].share_in_other_phase == 0
    assert by_kind["all"].n == 6
    assert result.share_in_other_phase == pytest.approx(3 / 6)
    assert result.moves == (("A", "B", 3),)
    assert result.frontier_shifts_days == (0,)
    assert result.conclusions[0] == "the proposed frontiers stay within a quarter of each other"
    assert "50% of the codings are told in another phase" in result.conclusions[1]


def test_what_changes_is_said_first():
    result = compare_time_bases(
        _pairs(),
        phases=PHASES,
        phases_from="scheme 'study'",
        event_frontiers=[D(2002, 1, 1), D(2004, 1, 1)],
        narration_frontiers=[D(2003, 1, 1)],
        event_classes={"A | B": {"imitation": "disappearing", "peer": "continuous"}},
        narration_classes={"A | B": {"imitation": "attenuated", "peer": "continuous"}},
    )
    assert result.conclusions[0] == (
        "the number of phases changes: 3 on event time, 2 on narration time"
    )
    assert result.frontier_shifts_days == ()
    assert [(c.theme, c.event_class, c.narration_class) for c in result.class_changes] == [
        ("imitation", "disappearing", "attenuated")
    ]
    assert "1 theme classed differently at the frontiers: imitation" in result.conclusions


def test_a_frontier_moving_more_than_a_quarter_is_named():
    result = compare_time_bases(
        [],
        phases=PHASES,
        phases_from="x",
        event_frontiers=[D(2002, 1, 1)],
        narration_frontiers=[D(2002, 7, 1)],
    )
    assert result.frontier_shifts_days == (181,)
    assert result.conclusions[0] == (
        "frontiers move by more than a quarter on narration time: 2002-01-01 -> 2002-07-01"
    )
    assert result.share_in_other_phase is None
