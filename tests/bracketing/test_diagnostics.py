"""Each diagnostic is said, in words, when its condition holds (and not otherwise)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

import numpy as np
import pytest

from workbench.bracketing import BracketParams, DatedEvent, PhaseSpec, bracket
from workbench.bracketing.synthetic import DIFFICULTIES, NOISE_FAMILIES, generate

FAST = BracketParams(bootstrap=30, seed=2)


def _kinds(result) -> set[str]:
    return {d.kind for d in result.diagnostics}


def _event(i: int, day: dt.date, theme: str, source: str, coder: str | None = None) -> DatedEvent:
    return DatedEvent(i, theme, source, None, day, day, "day", "own", coder=coder)


def test_a_clean_corpus_has_no_diagnostics() -> None:
    result = bracket(generate("easy", 0).events, params=FAST)
    assert _kinds(result) == set()


def test_a_frontier_made_by_a_coders_habit_is_named() -> None:
    # no change in the process; a second coder codes the later sources and adds a theme,
    # and the first coder also codes some later sources: within each coder nothing moves
    data = generate(NOISE_FAMILIES["coder_habit"], 7, n_phases=1)
    result = bracket(data.events, params=FAST)
    assert result.proposal.default_k == 1  # the habit is not proposed as a frontier ...
    explained = [d for d in result.diagnostics if d.kind == "coder-explained"]
    assert explained  # ... and the result says which frontier a coder's habit explains
    assert "not proposed" in explained[0].message
    assert "habit" in explained[0].message


def test_double_coding_is_averaged_and_said() -> None:
    data = generate(NOISE_FAMILIES["double_coding"], 1)
    averaged = bracket(data.events, params=BracketParams(bootstrap=0))
    counted = bracket(data.events, params=BracketParams(bootstrap=0, double_coding="all"))
    assert "double-coding" in _kinds(averaged)
    assert "double-coding" in _kinds(counted)
    assert counted.timeline.total_weight == pytest.approx(len(data.events))
    assert averaged.timeline.total_weight < 0.9 * len(data.events)
    message = next(d.message for d in averaged.diagnostics if d.kind == "double-coding")
    assert "counts once" in message


def test_dates_coarser_than_the_bins_are_said_and_widen_the_interval() -> None:
    data = generate(NOISE_FAMILIES["year_dates"], 1)
    result = bracket(data.events, phases=data.truth.phases, params=FAST)
    assert "coarse-dates" in _kinds(result)
    assert result.researcher is not None
    for f in result.researcher.frontiers:
        # a year-precision corpus is never dated to one day
        assert (f.test.interval_end - f.test.interval_start).days >= 360
        assert f.test.interval_start <= f.date <= f.test.interval_end


def test_a_corpus_on_one_date_has_nothing_to_bracket() -> None:
    day = dt.date(2003, 5, 1)
    events = [_event(i, day, f"t{i % 4}", f"s{i % 12}") for i in range(400)]
    result = bracket(events, params=FAST)
    assert result.proposal.default_k == 1
    assert "nothing-to-bracket" in _kinds(result)
    assert not any("k_max" in w for w in result.warnings)


def test_a_tiny_corpus_is_called_small() -> None:
    # themes drawn at random: with ``t{i % 3}`` the theme would follow the year exactly
    # (2000 + i % 6), a change every year that a test of change rightly finds
    rng = random.Random(5)
    events = [
        _event(i, dt.date(2000 + i % 6, 1 + i % 12, 1), f"t{rng.randrange(3)}", f"s{i % 4}")
        for i in range(30)
    ]
    result = bracket(events, params=FAST)
    assert "small-sample" in _kinds(result)
    assert result.proposal.default_k == 1


def test_a_phase_carried_by_one_source_is_said() -> None:
    level = dataclasses.replace(DIFFICULTIES["easy"], name="one-voice")
    data = generate(level, 2, n_phases=1)
    # one long source fills the last two years almost alone
    extra = [
        _event(10**6 + i, dt.date(2021, 1 + i % 12, 1), "T01", "the-memoir") for i in range(3000)
    ]
    events = [e for e in data.events if e.start.year < 2019] + extra
    phases = [
        PhaseSpec("before", dt.date(2000, 1, 1), dt.date(2018, 12, 31)),
        PhaseSpec("memoir years", dt.date(2019, 1, 1), dt.date(2021, 12, 31)),
    ]
    result = bracket(events, phases=phases, params=FAST)
    dominant = [d for d in result.diagnostics if d.kind == "dominant-source"]
    assert [d.phase for d in dominant] == ["memoir years"]
    assert "the-memoir" in dominant[0].message
    # resampling sources, the memoir is missing from about a third of the resamples, so
    # the data do not propose its "phase" on their own
    assert result.proposal.default_k == 1


def _two_phases(n_sources: int, seed: int = 0) -> list[DatedEvent]:
    """Sources spanning 2000-2007, each coding ~400 passages; the mix moves at 2004-01."""
    rng = np.random.default_rng(seed)
    events = []
    for i in range(n_sources * 400):
        day = dt.date(2000, 1, 1) + dt.timedelta(days=int(rng.integers(0, 8 * 365)))
        late = day >= dt.date(2004, 1, 1)
        theme = f"t{rng.choice(3, p=(0.2, 0.3, 0.5) if late else (0.5, 0.3, 0.2))}"
        events.append(_event(i, day, theme, f"s{i % n_sources}"))
    return events


def test_frontiers_from_few_sources_are_proposed_as_indications() -> None:
    # three long interviews: a real change is still proposed, but marked weak in words
    # and said once for the whole corpus; resampling three sources measures little
    result = bracket(_two_phases(3), params=FAST)
    assert "few-sources" in _kinds(result)
    (f,) = result.proposal.segmentation.frontiers
    assert abs((f.date - dt.date(2004, 1, 1)).days) <= 92
    assert "only 3 units" in f.test.support_note
    assert any(d.kind == "weak-frontier" for d in result.diagnostics)


def test_ten_sources_are_enough_to_resample() -> None:
    result = bracket(_two_phases(10), params=FAST)
    assert "few-sources" not in _kinds(result)
    (f,) = result.proposal.segmentation.frontiers
    assert f.test.support_note == ""
