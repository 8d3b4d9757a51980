from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import json
import random
from typing import TYPE_CHECKING

import pytest

from workbench.bracketing import (
    BracketParams,
    DatedEvent,
    Indicator,
    PhaseMapRules,
    PhaseSpec,
    UndatedEvent,
    bracket,
)
from workbench.bracketing.synthetic import SyntheticData, generate
from workbench.core.errors import InputError

if TYPE_CHECKING:
    from workbench.bracketing.result import BracketingResult, FrontierResult


@pytest.fixture(scope="module")
def data() -> SyntheticData:
    return generate("easy", 5)


@pytest.fixture(scope="module")
def full(data: SyntheticData) -> BracketingResult:
    indicators = [
        Indicator("staff", dt.date(2001, 1, 1), dt.date(2003, 12, 31), 12.0, "fte"),
        Indicator("staff", dt.date(2004, 1, 1), dt.date(2004, 1, 31), 20.0, "fte"),
    ]
    rules = PhaseMapRules(markers={data.truth.themes[0]: "A", data.truth.themes[1]: "B"})
    return bracket(
        data.events,
        phases=data.truth.phases,
        params=BracketParams(bootstrap=20, seed=7),
        undated=data.undated,
        indicators=indicators,
        rules=rules,
    )


def test_result_is_strict_json(full: BracketingResult) -> None:
    text = json.dumps(full.to_dict(), allow_nan=False)
    assert '"engine_version"' in text


def test_undated_events_are_listed(data: SyntheticData, full: BracketingResult) -> None:
    assert full.undated.count == len(data.undated) > 0
    assert set(full.undated.event_ids) == {u.event_id for u in data.undated}
    assert full.manifest.n_undated == len(data.undated)


def test_researcher_frontiers_are_tested(data: SyntheticData, full: BracketingResult) -> None:
    frontiers = full.researcher.frontiers
    assert len(frontiers) == len(data.truth.frontiers)
    for frontier, true in zip(frontiers, data.truth.frontiers, strict=True):
        test = frontier.test
        assert frontier.date == true
        assert test.p_value is not None
        # a resampling p-value is never below 1 / (replicates + 1): 20 here
        assert test.p_value == pytest.approx(1 / 21)
        assert test.verdict == "supported"
        assert test.stated_inside
        assert test.gain == pytest.approx(2 * _weight(full, frontier) * test.weighted_jsd_nats)
        assert test.jsd_ci is not None
        assert test.jsd_ci[0] <= test.jsd_bits <= test.jsd_ci[1]
        assert test.interval_start <= test.best_date <= test.interval_end
        assert test.interval_start < test.interval_end
        assert test.support_same_k is not None
        assert test.support_same_k >= 0.9
        assert len(test.profile) > 10
        assert frontier.continuity.n_carrier_sources > 0


def _weight(result: BracketingResult, frontier: FrontierResult) -> float:
    phases = result.researcher.phases
    return phases[frontier.index].weight + phases[frontier.index + 1].weight


def test_proposal_path_and_criteria(data: SyntheticData, full: BracketingResult) -> None:
    proposal = full.proposal
    assert [e.k for e in proposal.path] == list(range(1, 9))
    costs = [e.cost for e in proposal.path]
    assert all(a >= b - 1e-6 for a, b in itertools.pairwise(costs))
    names = {c.name for c in proposal.criteria}
    assert names == {"bic", "qbic", "bootstrap"}
    assert proposal.default_k == len(data.truth.phases)
    assert "bootstrap" in proposal.default_rule
    assert all(s >= 0.9 for s in proposal.path[proposal.default_k - 1].support)
    assert proposal.pelt_k == proposal.default_k


def test_phase_characterisation(full: BracketingResult) -> None:
    for phase in full.proposal.segmentation.phases:
        assert phase.n_events > 0
        assert phase.n_sources > 0
        assert phase.dominant_themes[0].share >= phase.dominant_themes[-1].share
        for quote in phase.exemplars:
            assert phase.start <= quote.start <= quote.end <= phase.end
            assert quote.text


def test_cases_indicators_rule_map(full: BracketingResult) -> None:
    assert {c.case for c in full.cases} == {"case-A", "case-B", "case-C", "case-D"}
    for case in full.cases:
        assert case.skipped is None
        assert len(case.distance_days) == len(case.frontiers)
    staff = full.indicators[0]
    assert staff.name == "staff"
    assert staff.n_observations == 2
    starts = full.timeline.bin_starts
    assert staff.values[starts.index(dt.date(2002, 6, 1))] == 12.0
    assert staff.values[starts.index(dt.date(2004, 1, 1))] == 20.0
    assert staff.values[starts.index(dt.date(2010, 1, 1))] is None
    assert full.rule_map is not None
    assert len(full.rule_map.bin_labels) == len(starts)


def test_manifest_hash_ignores_order_and_sees_changes(data: SyntheticData) -> None:
    events = list(data.events[:800])
    params = BracketParams(k_max=3)
    base = bracket(events, params=params).manifest
    shuffled = events[:]
    random.Random(1).shuffle(shuffled)
    assert bracket(shuffled, params=params).manifest.events_sha256 == base.events_sha256
    changed = [dataclasses.replace(events[0], weight=2.0), *events[1:]]
    assert bracket(changed, params=params).manifest.events_sha256 != base.events_sha256
    assert base.parameters["k_max"] == 3
    assert base.seed == 0


def test_undated_in_the_event_list_and_rounding_warning(data: SyntheticData) -> None:
    events = [*data.events[:600], UndatedEvent("u1", "T01", "doc-0000", reason="no date")]
    phases = [
        PhaseSpec("early", dt.date(2000, 1, 1), dt.date(2009, 12, 19), "policy A"),
        PhaseSpec("late", dt.date(2009, 12, 20), dt.date(2019, 12, 31), "policy B"),
    ]
    result = bracket(events, phases=phases, params=BracketParams(k_max=3))
    assert result.undated.event_ids == ("u1",)
    assert any("rounded" in w for w in result.warnings)
    assert result.researcher.frontiers[0].date == dt.date(2010, 1, 1)
    assert result.researcher.frontiers[0].stated_date == dt.date(2009, 12, 20)


def test_overlapping_phases_and_bad_events_are_rejected(data: SyntheticData) -> None:
    phases = [
        PhaseSpec("a", dt.date(2000, 1, 1), dt.date(2010, 6, 30)),
        PhaseSpec("b", dt.date(2010, 1, 1), dt.date(2019, 12, 31)),
    ]
    with pytest.raises(InputError):
        bracket(data.events[:300], phases=phases)
    with pytest.raises(InputError):
        DatedEvent(1, "t", "s", None, dt.date(2001, 1, 2), dt.date(2001, 1, 1), "day", "own")
    with pytest.raises(InputError):
        DatedEvent(1, "t", "s", None, dt.date(2001, 1, 1), dt.date(2001, 1, 1), "day", "guess")
    with pytest.raises(InputError):
        bracket([])


@pytest.mark.parametrize(
    "params",
    [
        BracketParams(count_unit="presence"),
        BracketParams(bin_unit="quarter", min_phase_length=1, min_phase_unit="year"),
    ],
)
def test_options_find_the_planted_frontiers(data: SyntheticData, params: BracketParams) -> None:
    result = bracket(data.events, params=params)
    found = [f.date for f in result.proposal.segmentation.frontiers]
    assert len(found) == len(data.truth.frontiers)
    for true in data.truth.frontiers:
        assert min(abs((f - true).days) for f in found) <= 183


def test_poisson_cost_is_conservative_but_right(data: SyntheticData) -> None:
    """Document bursts make volume very overdispersed; phi is then large (the larger of the
    composition and volume dispersions), so Poisson proposes fewer frontiers — only true ones."""
    result = bracket(data.events, params=BracketParams(cost="poisson"))
    assert result.proposal.dispersion > 2
    found = [f.date for f in result.proposal.segmentation.frontiers]
    assert found
    for f in found:
        assert min(abs((f - true).days) for true in data.truth.frontiers) <= 183


def test_daily_stress_switches_to_coarse_to_fine(data: SyntheticData) -> None:
    params = BracketParams(bin_unit="day", dp_max_bins=1500, k_max=5)
    result = bracket(data.events, params=params)
    assert result.proposal.coarsening_factor > 1
    assert any("coarse-to-fine" in w for w in result.warnings)
    assert len(result.timeline.bin_starts) > 7000
    for true in data.truth.frontiers:
        found = [f.date for f in result.proposal.segmentation.frontiers]
        assert min(abs((f - true).days) for f in found) <= 183
