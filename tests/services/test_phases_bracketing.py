"""Bracket schemes, and bracketing a real project (the demo study's corpus)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import LEARNING, REPO
from workbench.core.errors import ConflictError, InputError, NotFoundError
from workbench.services.phases import (
    add_phase,
    edit_phase,
    list_phases,
    load_scheme_file,
    remove_phase,
)

CORPUS = REPO / "projects" / "demo" / "corpus"


def test_phases_add_edit_remove_with_checks(project):
    add_phase(project, scheme="s", label="early", start="1999", end="2001-06", actor="alice")
    add_phase(project, scheme="s", label="late", start="2001-07", end="2004", actor="alice")
    with pytest.raises(ConflictError, match="overlaps phase 'late'"):
        add_phase(project, scheme="s", label="x", start="2003", end="2005", actor="alice")
    with pytest.raises(InputError, match="ends"):
        add_phase(project, scheme="s", label="x", start="2005", end="2004", actor="alice")
    edited = edit_phase(
        project,
        scheme="s",
        label="late",
        end="2005-06",
        expected_version=1,
        justification="the review",
        actor="alice",
    )
    assert (edited.end, edited.version) == ("2005-06-30", 2)
    with pytest.raises(ConflictError, match=r"changed by alice at .*version 2.*reload"):
        edit_phase(project, scheme="s", label="late", end="2006", expected_version=1, actor="bob")
    remove_phase(project, scheme="s", label="early", actor="alice")
    assert [p.label for p in list_phases(project)] == ["late"]
    with pytest.raises(NotFoundError):
        list_phases(project, scheme="nope")


def test_scheme_file_loads_all_or_nothing(project, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "scheme: {name: s}\nphases:\n  - {label: a, start: 1999, end: 2001}\n"
        "  - {label: b, start: 2000, end: 2002-13}\n"
    )
    with pytest.raises(InputError, match="phase 2"):
        load_scheme_file(project, path=bad, actor="alice")
    assert list_phases(project) == []
    infos = load_scheme_file(project, path=CORPUS / "phases.yaml", actor="alice")
    assert [i.label for i in infos] == [
        "duplicative imitation",
        "adaptation",
        "creative innovation",
    ]
    with pytest.raises(ConflictError, match="--replace"):
        load_scheme_file(project, path=CORPUS / "phases.yaml", actor="alice")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo study built through the services, as a user would with the CLI."""
    from workbench.services.codebook import load_codebook_file
    from workbench.services.codings import import_codings
    from workbench.services.imports import collect, import_documents
    from workbench.services.indicators import import_indicators
    from workbench.services.project import init_project

    project = init_project("demo", base=tmp_path_factory.mktemp("demo"), coder="lead")
    load_codebook_file(project.uow(), path=LEARNING, actor="lead")
    items, _ = collect([], manifest=CORPUS / "manifest.csv")
    outcomes = import_documents(project, items)
    assert all(o.status == "imported" for o in outcomes), outcomes
    import_indicators(project.uow(), path=CORPUS / "indicators.csv", actor="lead")
    for coder in ("ana", "ben"):
        import_codings(project.uow(), path=CORPUS / f"codings-{coder}.csv", add_coders=True)
    load_scheme_file(project, path=CORPUS / "phases.yaml", actor="lead")
    yield project
    project.close()


def test_demo_agreement_is_plausible(demo):
    from workbench.services.agreement import compute_agreement

    run = compute_agreement(demo, coders=["ana", "ben"])
    alpha = run.report.pooled.krippendorff_alpha.value
    assert 0.6 <= alpha <= 0.9
    assert any(c.statistics.krippendorff_alpha.value < 1 for c in run.report.codes)


def months_apart(a: date, b: date) -> int:
    return abs((a.year - b.year) * 12 + a.month - b.month)


@pytest.mark.parametrize("coder", ["ana", "ben"])
def test_demo_bracketing_finds_the_studys_frontiers(demo, coder):
    from workbench.services.bracketing import run_bracketing

    result, events = run_bracketing(
        demo, scheme="study", coders=[coder], level=0, params={"bin_unit": "quarter"}
    )
    assert events.dated
    proposed = [f.date for f in result.proposal.segmentation.frontiers]
    assert len(proposed) == 2
    assert months_apart(proposed[0], date(2001, 7, 1)) <= 6
    assert months_apart(proposed[1], date(2004, 7, 1)) <= 6
    researcher = result.researcher
    assert researcher is not None
    assert all(f.test.p_value is not None and f.test.p_value < 0.01 for f in researcher.frontiers)
    last = {c.theme: c.classification for c in researcher.frontiers[1].continuity.themes}
    assert last["innovation"] == "emergent"
    first = {c.theme: c.classification for c in researcher.frontiers[0].continuity.themes}
    # Copying best practice (imitation) or broadcasting it (push) fades after 2001.
    assert {first["imitation"], first["push"]} & {"attenuated", "disappearing"}
    assert len(result.indicators) > 0


def test_demo_frontiers_get_verdicts_and_a_displaced_one_is_flagged(demo):
    """The study's own frontiers are supported; the same scheme moved two years is not."""
    from workbench.bracketing import BracketParams, bracket
    from workbench.bracketing.events import PhaseSpec
    from workbench.services.bracketing import collect_events, scheme_phases

    events = collect_events(demo, coders=["ana"], level=0)
    params = BracketParams(bin_unit="quarter", bootstrap=60)
    phases = scheme_phases(demo, "study")
    result = bracket(events.dated, phases=phases, params=params)
    assert result.researcher is not None
    for f in result.researcher.frontiers:
        assert f.test.verdict == "supported"
        assert f.test.stated_inside
        assert f.test.interval_start < f.test.interval_end
        # a resampling p-value: never below 1 / (resamples + 1)
        assert f.test.p_value == pytest.approx(1 / 61)
    moved = [
        PhaseSpec(phases[0].label, phases[0].start, date(2003, 6, 30)),
        PhaseSpec(phases[1].label, date(2003, 7, 1), phases[1].end),
        phases[2],
    ]
    shifted = bracket(events.dated, phases=moved, params=params)
    assert shifted.researcher is not None
    first = shifted.researcher.frontiers[0].test
    assert first.verdict == "displaced"
    assert first.stated_inside is False


def test_double_coding_counts_each_passage_once_and_says_so(demo):
    from workbench.services.bracketing import run_bracketing

    both, events = run_bracketing(demo, level=0, params={"bin_unit": "quarter", "bootstrap": 0})
    assert set(events.coders) >= {"ana", "ben"}
    kinds = {d.kind for d in both.diagnostics}
    assert "double-coding" in kinds
    assert "inference-off" in kinds
    # every demo document is coded by both coders: the weight is that of one coder's codings
    assert both.timeline.total_weight == pytest.approx(len(events.dated) / 2, rel=0.01)
    counted, _ = run_bracketing(
        demo, level=0, params={"bin_unit": "quarter", "bootstrap": 0, "double_coding": "all"}
    )
    assert counted.timeline.total_weight == pytest.approx(len(events.dated))


def test_bracket_cli_prints_intervals_verdicts_and_diagnostics(demo, cli):
    code, out, err = cli(
        "bracket", "--scheme", "study", "--level", "0", "--bootstrap", "40", "-p", str(demo.root)
    )
    assert code == 0, err
    assert "is the change here? SUPPORTED" in out
    assert "likely " in out
    assert "Diagnostics:" in out
    assert "coded by more than one coder" in out
    assert "inconclusive" in out
    code, out, err = cli("bracket", "--no-inference", "--level", "0", "-p", str(demo.root))
    assert code == 0, err
    assert "likely interval not computed" in out
    assert "support not computed" in out
