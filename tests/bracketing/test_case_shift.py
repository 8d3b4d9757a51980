"""Per-case timing on planted multi-case corpora: late, early, on-time and stuck cases."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from workbench.bracketing import BracketParams, bracket
from workbench.bracketing.case_shift import _path, case_timing
from workbench.bracketing.synthetic_cases import generate_cases

ON_TIME, LATE, EARLY, STUCK = (0, 0), (18, 18), (-12, -12), (None, None)


@pytest.fixture(scope="module")
def planted():
    shifts = [ON_TIME] * 12 + [LATE] * 3 + [EARLY] * 2 + [STUCK]
    data = generate_cases(shifts=shifts, events_per_case=300, difficulty="easy", seed=3)
    pooled = bracket(list(data.events), params=BracketParams(bootstrap=0, seed=1))
    timing = case_timing(list(data.events), pooled, replicates=100, seed=2)
    return data, pooled, timing


def _by_kind(data, timing):
    kinds = {ON_TIME: "on time", LATE: "late", EARLY: "early", STUCK: "stuck"}
    out: dict[str, list] = {k: [] for k in kinds.values()}
    for truth, case in zip(data.truth, timing.cases, strict=True):
        assert truth.case == case.case
        shifts = tuple(None if s is None else round(s / 30.44) for s in truth.shifts_days)
        out[kinds[shifts]].append(case)
    return out


def test_late_and_early_cases_are_flagged_and_on_time_ones_are_not(planted):
    data, _, timing = planted
    kinds = _by_kind(data, timing)
    assert all(c.flagged for c in kinds["late"])
    assert all(c.flagged for c in kinds["early"])
    assert sum(c.flagged for c in kinds["on time"]) <= 1
    assert timing.n_flagged == sum(c.flagged for c in timing.cases)


def test_the_shift_is_signed_against_the_frontier_it_belongs_to(planted):
    """18 months late reads as about +548 days at *that* frontier, not as 'earlier'
    than the next one; 12 months early as about -365."""
    data, pooled, timing = planted
    kinds = _by_kind(data, timing)
    typical = timing.typical_shift_days
    for case in kinds["late"]:
        first = case.frontiers[0]
        assert first.status == "found"
        assert first.timing == "late"
        assert abs(first.shift_days - (typical[0] or 0) - 548) <= 120
        lo, hi = first.interval_days
        assert lo is not None
        assert lo <= first.shift_days
        assert hi is None or first.shift_days <= hi
        assert lo - (typical[0] or 0) > 0
    for case in kinds["early"]:
        first = case.frontiers[0]
        assert first.timing == "early"
        assert abs(first.shift_days - (typical[0] or 0) + 365) <= 120
    # the crossing is a real date in the case's span, and the pooled date is the reference
    late = kinds["late"][0].frontiers[0]
    assert late.pooled_date == pooled.proposal.segmentation.frontiers[0].date
    assert late.date == late.pooled_date + dt.timedelta(days=late.shift_days)


def test_a_case_that_never_leaves_the_first_phase_is_not_crossed_and_flagged(planted):
    data, _, timing = planted
    (stuck,) = _by_kind(data, timing)["stuck"]
    assert stuck.flagged
    first = stuck.frontiers[0]
    assert first.status == "not crossed"
    assert first.timing == "not crossed"
    assert "dated after the frontier" in first.note


def test_moving_a_case_moves_its_crossing_by_as_much():
    """An independent check of the estimate: the same codings a year later cross a year
    later (to within a bin), whatever the case's composition."""
    data = generate_cases(
        shifts=[(0,)] * 8, events_per_case=300, difficulty="easy", seed=5, phase_months=(48, 48)
    )
    pooled = bracket(list(data.events), params=BracketParams(bootstrap=0))
    moved = [
        dataclasses.replace(
            e,
            case="moved",
            source="moved/" + e.source,
            start=e.start + dt.timedelta(days=365),
            end=e.end + dt.timedelta(days=365),
        )
        for e in data.events
        if e.case == "case-01" and e.end + dt.timedelta(days=365) < dt.date(2008, 1, 1)
    ]
    timing = case_timing([*data.events, *moved], pooled, replicates=0)
    by = {c.case: c for c in timing.cases}
    before = by["case-01"].frontiers[0].shift_days
    after = by["moved"].frontiers[0].shift_days
    assert abs(after - before - 365) <= 31
    # inference off: no interval, so no flag
    assert not any(c.flagged for c in timing.cases)
    assert by["moved"].frontiers[0].timing == "undetermined"


def test_a_small_case_says_it_cannot_tell():
    """40 codings over two planted frontiers: no narrow claim, and alone K=1 is not
    presented as a flat case."""
    sizes = [400] * 6 + [40]
    data = generate_cases(shifts=[ON_TIME] * 7, events_per_case=sizes, difficulty="medium", seed=4)
    pooled = bracket(list(data.events), params=BracketParams(bootstrap=0))
    timing = case_timing(list(data.events), pooled, replicates=100, min_case_events=30)
    small = next(c for c in timing.cases if c.n_events == 40)
    assert small.status == "analysed"
    assert not small.flagged
    # the frontiers are placed (best guesses and intervals given) but not claimed
    assert [f.status for f in small.frontiers] == ["too few events to tell"] * 2
    assert all(f.note for f in small.frontiers)  # each says why
    if small.own_k == 1:
        assert "too few events to tell" in small.own_note


def test_cases_below_the_minimum_are_listed_as_skipped(planted):
    data, pooled, _ = planted
    timing = case_timing(list(data.events), pooled, replicates=0, min_case_events=301)
    assert {c.status for c in timing.cases} == {"skipped: fewer than 301 events"}
    assert all(c.frontiers == () for c in timing.cases)


def test_a_flat_pooled_result_has_nothing_to_place():
    data = generate_cases(shifts=[()] * 4, events_per_case=100, phase_months=(60,), seed=1)
    pooled = bracket(list(data.events), params=BracketParams(bootstrap=0))
    assert pooled.proposal.default_k == 1
    timing = case_timing(list(data.events), pooled)
    assert timing.cases == ()
    assert "no frontier" in timing.note


def test_the_path_is_the_best_ordered_reading_worked_by_hand():
    """Three bins, two phases. Log-likelihoods (A, B): (-2, 0), (0, -3), (-4, 0). The best
    unordered reading B, A, B (total 0) goes back in time and is not allowed; of the
    ordered ones AAA = -6, AAB = -2, ABB = -5, BBB = -3, the path must be A, A, B."""
    scores = np.array([[[-2.0, 0.0], [0.0, -3.0], [-4.0, 0.0]]])
    assert _path(scores).tolist() == [[0, 0, 1]]
    # a case may start in a later phase, and jump a phase it has no material for
    scores = np.array([[[-5.0, 0.0, -5.0], [-5.0, -5.0, 0.0]]])
    assert _path(scores).tolist() == [[1, 2]]
    scores = np.array([[[0.0, -5.0, -5.0], [-5.0, -5.0, 0.0]]])
    assert _path(scores).tolist() == [[0, 2]]


def test_a_lag_at_one_frontier_is_flagged_at_that_frontier_only():
    """Late at the second frontier only: in step at the first, late at the second; late at
    the first only: the other way round. Each shift is read against its own frontier."""
    shifts = [ON_TIME] * 10 + [(0, 18)] * 3 + [(12, 0)] * 3
    data = generate_cases(shifts=shifts, events_per_case=400, difficulty="easy", seed=11)
    pooled = bracket(list(data.events), params=BracketParams(bin_unit="quarter", bootstrap=100))
    assert pooled.proposal.default_k == 3
    timing = case_timing(list(data.events), pooled, replicates=100, seed=1)
    timings = [tuple(f.timing for f in c.frontiers) for c in timing.cases]
    assert timings[10:13] == [("in step", "late")] * 3
    assert timings[13:16] == [("late", "in step")] * 3
    assert all(t == ("in step", "in step") for t in timings[:10])
    late_second = timing.cases[10].frontiers[1]
    assert 365 <= late_second.shift_days - (timing.typical_shift_days[1] or 0) <= 730


def test_a_transition_phase_made_by_late_cases_is_named():
    """Late cases make the pooled data show a stretch whose mix blends the phases either
    side; it is named as such, and planted phases are not."""
    shifts = [ON_TIME] * 24 + [(12, 12)] * 6 + [LATE] * 6
    data = generate_cases(shifts=shifts, events_per_case=500, difficulty="medium", seed=0)
    pooled = bracket(list(data.events), params=BracketParams(bin_unit="quarter", bootstrap=0))
    timing = case_timing(list(data.events), pooled, replicates=0)
    labels = [p.label for p in pooled.proposal.segmentation.phases]
    assert len(labels) > 3  # the transition stretches the late cases make
    assert timing.transition_notes
    for note in timing.transition_notes:
        assert "reads as a blend of" in note
        assert "transition stretch" in note
    on_time = generate_cases(shifts=[ON_TIME] * 12, events_per_case=300, difficulty="easy", seed=3)
    flat = bracket(list(on_time.events), params=BracketParams(bin_unit="quarter", bootstrap=50))
    assert flat.proposal.default_k == 3
    assert case_timing(list(on_time.events), flat, replicates=0).transition_notes == ()


def test_a_case_shown_alone_has_the_figures_it_has_among_the_others(planted):
    data, pooled, timing = planted
    full = {c.case: c for c in timing.cases}
    for name in ("case-14", "case-03"):
        (alone,) = case_timing(
            list(data.events), pooled, cases=[name], replicates=100, seed=2
        ).cases
        assert alone == full[name]
    both = case_timing(
        list(data.events), pooled, cases=["case-14", "case-03"], replicates=100, seed=2
    )
    assert [c.case for c in both.cases] == ["case-14", "case-03"]
    assert both.typical_shift_days == timing.typical_shift_days


@settings(max_examples=60, deadline=None)
@given(
    arrays(
        np.float64,
        st.tuples(st.integers(1, 6), st.integers(1, 4)),
        elements=st.floats(-20, 0, allow_nan=False),
    )
)
def test_the_path_is_the_best_non_decreasing_reading_by_brute_force(scores):
    """Against every non-decreasing sequence of phases, enumerated: the path's total is
    the best one (ties may pick another path of the same total)."""
    n, k = scores.shape
    best = max(
        sum(scores[i, s] for i, s in enumerate(seq))
        for seq in itertools.combinations_with_replacement(range(k), n)
    )
    (path,) = _path(scores[None]).tolist()
    assert path == sorted(path)
    assert sum(scores[i, s] for i, s in enumerate(path)) == pytest.approx(best)
