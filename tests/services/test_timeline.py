"""The timeline service: choices, a run for the screen, and the quotes behind it."""

from __future__ import annotations

import pytest

from workbench.core.errors import InputError
from workbench.services.timeline import (
    ALL_CODERS,
    PROPOSED,
    bracket_timeline,
    quotes_behind,
    timeline_choices,
)


def test_choices_name_schemes_coders_and_defaults(dated_project):
    project, _ = dated_project
    choices = timeline_choices(project)
    assert choices.schemes == ("study",)
    assert choices.scheme == "study"
    assert choices.coders == ("alice",)  # bob has no codings
    assert choices.coder == ALL_CODERS  # no consensus coder yet
    blind = timeline_choices(project, only_coder="bob")
    assert (blind.coders, blind.coder) == (("bob",), "bob")


def test_choices_prefer_the_consensus_coder(dated_project):
    from workbench.services.adjudication import take_coding

    project, events = dated_project
    take_coding(project, coding_id=events[0].coding_id, actor="alice")
    assert timeline_choices(project).coder == "consensus"


def test_choices_without_a_scheme_default_to_the_datas_phases(coded_project):
    assert timeline_choices(coded_project).scheme == PROPOSED


def test_run_has_the_scheme_the_proposal_and_themes_in_codebook_order(dated_project):
    project, _ = dated_project
    run = bracket_timeline(project, scheme="study", freq="quarter")
    assert run.result.researcher is not None
    assert [p.label for p in run.result.researcher.phases] == ["early", "middle", "late"]
    assert [str(f.date) for f in run.result.proposal.segmentation.frontiers] == [
        "2002-01-01",
        "2004-01-01",
    ]
    ordered = [run.themes[i].name for i in run.order]
    assert ordered == [
        "Tacit knowledge",
        "Imitation of best practice",
        "Adaptation to local context",
        "Creative innovation and next practice",
        "Peer exchange",
    ]
    assert len(run.events) == 109
    assert run.n_undated == 0
    assert run.coders == ("alice",)
    proposed = bracket_timeline(project, scheme=PROPOSED, coder="alice", freq="year")
    assert proposed.result.researcher is None
    assert proposed.scheme is None
    assert proposed.result.timeline.bin_unit == "year"
    with pytest.raises(InputError, match="frequency"):
        bracket_timeline(project, freq="week")


def test_quotes_behind_a_phase_are_its_events(dated_project):
    project, events = dated_project
    run = bracket_timeline(project, scheme="study")
    middle = run.result.researcher.phases[1]
    quotes, total = quotes_behind(
        project, run=run, first_bin=middle.first_bin, last_bin=middle.last_bin
    )
    expected = {e.coding_id for e in events if e.year in (2002, 2003)}
    assert total == len(quotes) == middle.n_events == len(expected)
    assert {q.coding_id for q in quotes} == expected
    assert (quotes[0].when, quotes[-1].when) == ("Q1 2002", "Q4 2003")  # by date
    assert sum(q.when == "2003" for q in quotes) == 1
    first = next(q for q in quotes if q.coding_id == expected_first(events))
    source = next(e for e in events if e.coding_id == first.coding_id)
    assert (first.document_id, first.start, first.end) == (
        source.document_id,
        source.start,
        source.end,
    )
    assert first.quote == source.text
    assert first.document == "Interview Alpha"
    assert first.case == "Alpha"
    assert first.coder == "alice"
    assert first.date_source == "own"


def expected_first(events):
    return next(e.coding_id for e in events if e.year == 2002 and e.quarter == 1)


def test_quotes_behind_a_cell_count_a_year_dated_event_by_its_part(dated_project):
    project, events = dated_project
    run = bracket_timeline(project, scheme="study", freq="quarter")
    tl = run.result.timeline
    b = next(i for i, d in enumerate(tl.bin_starts) if str(d) == "2003-04-01")
    quotes, total = quotes_behind(project, run=run, first_bin=b, last_bin=b, theme="tacit")
    tacit = next(e for e in events if e.code == "tacit")
    assert total == 1
    [q] = quotes
    assert (q.coding_id, q.share, q.when, q.code_name) == (
        tacit.coding_id,
        0.25,
        "2003",
        "Tacit knowledge",
    )
    adaptation, n = quotes_behind(
        project, run=run, first_bin=b, last_bin=b, theme="adaptation", limit=1
    )
    assert n == 3
    assert len(adaptation) == 1


def test_timeline_cases_place_the_cases_as_the_cases_view_does(dated_project):
    """On the data's phases and every event, the timeline's case rows carry the same
    figures as ``bracket --cases`` (the cases screen's services)."""
    from workbench.services.bracketing import run_bracketing
    from workbench.services.case_bracketing import run_case_timing
    from workbench.services.timeline import timeline_cases

    project, _ = dated_project
    run = bracket_timeline(project, scheme=PROPOSED, coder="alice", freq="quarter")
    mine = timeline_cases(project, run, replicates=50, seed=3)
    result, events = run_bracketing(
        project, coders=["alice"], params={"bin_unit": "quarter", "bootstrap": 0, "seed": 1}
    )
    theirs = run_case_timing(project, result, events, replicates=50, seed=3)
    assert mine.pooled_frontiers == theirs.pooled_frontiers
    assert [c.case for c in mine.cases] == ["Alpha", "Beta", "Gamma", "Northbridge"]
    assert mine.cases == theirs.cases


def test_quotes_behind_a_case_are_only_that_cases(dated_project):
    project, _ = dated_project
    run = bracket_timeline(project, scheme="study", freq="quarter")
    everyone, total = quotes_behind(project, run=run, first_bin=8, last_bin=8)
    beta, n = quotes_behind(project, run=run, first_bin=8, last_bin=8, case="Beta")
    assert n == len(beta) == 2
    assert {q.case for q in beta} == {"Beta"}
    assert {q.coding_id for q in beta} <= {q.coding_id for q in everyone}
    assert total > n
