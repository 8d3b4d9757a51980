"""The default K rule on small planted and null corpora, clustered by source."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from workbench.bracketing import BracketParams, bracket
from workbench.bracketing.bootstrap import support
from workbench.bracketing.coders import coder_explained
from workbench.bracketing.synthetic import NOISE_FAMILIES, generate

FAST = BracketParams(bootstrap=60, seed=3)
SMALL_CLUSTERED = dataclasses.replace(
    NOISE_FAMILIES["clustered"], n_documents=40, document_events=60.0, interview_events=100.0
)


YEAR_DATED = dataclasses.replace(NOISE_FAMILIES["year_dates"], n_documents=150)


def test_one_replicate_frontier_supports_one_proposed_frontier() -> None:
    # every replicate has one frontier between two proposed ones: it is found again once
    replicates = [(45,)] * 10
    found = support((40, 50), replicates, (6, 6))
    assert found is not None
    assert sorted(found) == [0.0, 1.0]


def test_a_frontier_found_at_the_next_calendar_year_is_found_again() -> None:
    # year-dated events: resamples put the change at one year edge or the next
    replicates = [(48,)] * 6 + [(60,)] * 4
    assert support((48,), replicates, (6,)) == (0.6,)
    assert support((48,), replicates, (12,)) == (1.0,)
    assert support((48,), [None, None], (12,)) is None


def test_year_dated_planted_frontiers_are_all_proposed() -> None:
    # every date a year: the middle frontier (planted in May) was found again in only 57%
    # of resamples when a resample's frontier at the next year edge counted as a miss
    data = generate(YEAR_DATED, 408, n_phases=3)
    result = bracket(data.events, params=FAST)
    found = result.proposal.segmentation.frontiers
    assert len(found) == len(data.truth.frontiers)
    for f, true in zip(found, data.truth.frontiers, strict=True):
        assert abs((f.date - true).days) <= 183
        assert f.test.support_same_k is not None
        assert f.test.support_same_k >= FAST.support_threshold


@pytest.mark.parametrize("seed", [500, 503, 504])
def test_year_dated_null_corpora_get_no_frontier(seed: int) -> None:
    data = generate(YEAR_DATED, seed, n_phases=1)
    result = bracket(data.events, params=FAST)
    assert result.proposal.default_k == 1


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_clustered_null_corpora_get_no_frontier(seed: int) -> None:
    data = generate(SMALL_CLUSTERED, 200 + seed, n_phases=1)
    result = bracket(data.events, params=FAST)
    assert result.proposal.dispersion > 2
    assert result.proposal.default_k == 1
    assert result.proposal.segmentation.frontiers == ()


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_clustered_planted_corpora_get_only_true_frontiers(seed: int) -> None:
    # about 3,400 codings from 52 sources: some true frontiers may be missed, no false one
    # is proposed
    data = generate(SMALL_CLUSTERED, 300 + seed, n_phases=3)
    result = bracket(data.events, params=FAST)
    found = [f.date for f in result.proposal.segmentation.frontiers]
    assert 1 <= len(found) <= 2
    for f in found:
        assert min(abs((f - true).days) for true in data.truth.frontiers) <= 183
    for f in result.proposal.segmentation.frontiers:
        # the test of a further change decides that a frontier exists; one whose date the
        # resamples find less often than the threshold is proposed and said to be weak
        assert f.test.support_same_k is not None
        assert f.test.support_same_k >= 0.5
        assert (f.test.support_note == "") == (f.test.support_same_k >= FAST.support_threshold)


def test_inference_off_says_not_computed() -> None:
    data = generate("easy", 1)
    result = bracket(data.events, phases=data.truth.phases, params=BracketParams(bootstrap=0))
    assert "inference off" in result.proposal.default_rule
    assert any(d.kind == "inference-off" for d in result.diagnostics)
    for f in result.researcher.frontiers:
        assert f.test.p_value is None
        assert f.test.jsd_ci is None
        assert f.test.verdict is None
        assert "not computed" in f.test.interval_method
        assert "not computed" in f.test.verdict_note


def test_a_weak_frontier_is_said_to_be_weak() -> None:
    # force a K the data do not support by asking for one frontier in a null corpus
    data = generate(SMALL_CLUSTERED, 210, n_phases=1)
    mid = data.truth.phases[0]
    from workbench.bracketing.events import PhaseSpec

    half = mid.start + (mid.end - mid.start) / 2
    phases = [
        PhaseSpec("a", mid.start, half),
        PhaseSpec("b", half + (mid.end - half) / 365, mid.end),
    ]
    result = bracket(data.events, phases=phases, params=FAST)
    (frontier,) = result.researcher.frontiers
    assert frontier.test.verdict in {"not supported", "displaced"}


def test_a_mixed_stretch_between_two_phases_is_a_transition_not_a_phase() -> None:
    import numpy as np

    from workbench.bracketing.selection import transition_segments

    a = np.array([60.0, 30.0, 10.0, 0.0])
    b = np.array([0.0, 10.0, 30.0, 60.0])
    c = np.array([30.0, 0.0, 0.0, 70.0])
    counts = np.vstack([np.tile(a, (10, 1)), np.tile((a + b) / 2, (4, 1)), np.tile(b, (10, 1))])
    sums = np.vstack([np.zeros(4), np.cumsum(counts, axis=0)])
    assert transition_segments(sums, (10, 14), 1.0, 0.05) == [1]
    # a middle phase of its own (not a blend of its neighbours) is not a transition
    distinct = np.vstack([np.tile(a, (10, 1)), np.tile(c, (4, 1)), np.tile(b, (10, 1))])
    sums = np.vstack([np.zeros(4), np.cumsum(distinct, axis=0)])
    assert transition_segments(sums, (10, 14), 1.0, 0.05) == []


def test_a_gradual_change_gives_one_frontier_not_a_transition_phase() -> None:
    data = generate(NOISE_FAMILIES["gradual"], 1)
    result = bracket(data.events, params=FAST)
    found = [f.date for f in result.proposal.segmentation.frontiers]
    assert len(found) == len(data.truth.frontiers)
    for f, true in zip(found, data.truth.frontiers, strict=True):
        assert abs((f - true).days) <= 183


def test_resampling_whole_cases_widens_what_resampling_sources_gives() -> None:
    """Four echoing sources per case (as four interviews in one council might be) are one
    independent unit, not four: resampling cases must give wider intervals."""
    data = generate(NOISE_FAMILIES["realistic"], 4)
    echoed = [
        dataclasses.replace(
            e, event_id=f"{e.event_id}-{k}", source=f"{e.source}#{k}", case=e.source
        )
        for e in data.events
        for k in range(4)
    ]
    by_source = bracket(echoed, phases=data.truth.phases, params=FAST)
    by_case = bracket(
        echoed, phases=data.truth.phases, params=dataclasses.replace(FAST, resample="case")
    )
    assert by_case.manifest.parameters["resample"] == "case"
    assert by_source.researcher is not None
    assert by_case.researcher is not None
    for s, c in zip(by_source.researcher.frontiers, by_case.researcher.frontiers, strict=True):
        assert s.test.jsd_ci is not None
        assert c.test.jsd_ci is not None
        assert c.test.jsd_ci[1] - c.test.jsd_ci[0] > 1.3 * (s.test.jsd_ci[1] - s.test.jsd_ci[0])


def _sums(*blocks: tuple[int, int, list[float]]) -> np.ndarray:
    """Cumulative counts (41 bins + 1, 3 themes) with ``rows`` per bin over ``[a, b)``."""
    counts = np.zeros((40, 3))
    for a, b, row in blocks:
        counts[a:b] += row
    sums = np.zeros((41, 3))
    np.cumsum(counts, axis=0, out=sums[1:])
    return sums


def test_a_coder_habit_where_coders_overlap_explains_the_frontier() -> None:
    # coder 2 codes from bin 10 on and adds theme 3; the share of coder 2 rises at bin 20
    first = _sums((0, 20, [30.0, 30.0, 0.0]), (20, 40, [3.0, 3.0, 0.0]))
    second = _sums((10, 20, [6.0, 6.0, 4.0]), (20, 40, [30.0, 30.0, 20.0]))
    assert coder_explained([first, second], (20,), 1.0, 0.05) == [0]
    # the same coders, but the mix changes within each of them: a change in the process
    first = _sums((0, 20, [30.0, 30.0, 0.0]), (20, 40, [3.0, 9.0, 0.0]))
    second = _sums((10, 20, [6.0, 6.0, 4.0]), (20, 40, [15.0, 45.0, 20.0]))
    assert coder_explained([first, second], (20,), 1.0, 0.05) == []


def test_coders_confounded_with_time_cannot_explain_a_frontier() -> None:
    first = _sums((0, 20, [30.0, 30.0, 0.0]))
    second = _sums((20, 40, [30.0, 30.0, 20.0]))
    assert coder_explained([first, second], (20,), 1.0, 0.05) == []


CODER_HABIT = dataclasses.replace(NOISE_FAMILIES["coder_habit"], n_documents=150)


@pytest.mark.parametrize("seed", [600, 601])
def test_a_second_coders_habit_is_not_a_frontier(seed: int) -> None:
    data = generate(CODER_HABIT, seed, n_phases=1)
    result = bracket(data.events, params=FAST)
    assert result.proposal.default_k == 1
    assert any(d.kind == "coder-explained" for d in result.diagnostics)


def test_planted_frontiers_survive_a_second_coder() -> None:
    data = generate(CODER_HABIT, 603, n_phases=3)
    result = bracket(data.events, params=FAST)
    found = [f.date for f in result.proposal.segmentation.frontiers]
    assert len(found) == len(data.truth.frontiers)
    for f, true in zip(found, data.truth.frontiers, strict=True):
        assert abs((f - true).days) <= 183
