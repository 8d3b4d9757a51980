"""The phase report's "Phase map" and "Event and narration time" sections."""

from __future__ import annotations

import datetime as dt

import pytest

from workbench.bracketing import BracketParams, bracket
from workbench.bracketing.synthetic_cases import generate_cases
from workbench.report.inputs import CodeNames, Provenance
from workbench.report.markdown import render_markdown
from workbench.report.phase_report import build_phase_report
from workbench.report.tabular import render_csv_tables
from workbench.services.reports import build_report

WHEN = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def report(demo):
    return build_report(demo, "phases", scheme="study", coders=["ana"], level=0, bootstrap=0)


def _section(report, section_id):
    return next(s for s in report.sections if s.id == section_id)


def _tables(section):
    return {b.id: b for b in section.blocks if hasattr(b, "rows")}


def test_the_phase_map_follows_the_frontier_tests_and_states_its_rules(report):
    ids = [s.id for s in report.sections]
    assert ids.index("phase-map") == ids.index("k-path") + 1
    text = render_markdown(report)
    assert "## Phase map" in text
    assert "Rules: a phase needs 3 bins in a row; carries on through 1 bin read otherwise" in text
    table = _tables(_section(report, "phase-map"))["phase-map"]
    kinds = table.column("kind")
    labels = table.column("label")
    markers = table.column("markers")
    for kind, label, mix in zip(kinds, labels, markers, strict=True):
        if kind == "mixed":
            # a mixed stretch names what it mixes, with the share of each component
            parts = label.removeprefix("mixed: ").split("+")
            assert len(parts) >= 2
            assert all(part in mix for part in parts)
            assert "%" in mix
        else:
            assert mix is None
    assert "mixed" in kinds
    # the sequence leaves out what is not a phase (gaps, unphased stretches)
    sequence = next(
        b.text for b in _section(report, "phase-map").blocks if b.text.startswith("Sequence:")
    )
    assert "unphased" not in sequence
    assert "phase-map" in render_csv_tables(report)


def test_the_time_basis_section_gives_what_changes_and_the_lag_per_source_kind(report):
    section = _section(report, "time-basis")
    ids = [s.id for s in report.sections]
    assert ids.index("time-basis") == ids.index("data-notes") - 1
    tables = _tables(section)
    lags = {row[0]: row for row in tables["time-basis-lags"].rows}
    assert set(lags) >= {"interview", "all"}
    # interviews are told after the events; field notes as they happen
    assert lags["interview"][2] > lags["fieldnote"][2]
    assert lags["all"][1] == sum(row[1] for kind, row in lags.items() if kind != "all")
    text = render_markdown(report)
    assert "## Event and narration time" in text
    assert "What changes:" in text
    assert "phases from scheme 'study'" in text
    moves = tables.get("time-basis-moves")
    assert moves is not None
    assert all(a != b for a, b, _ in moves.rows)


def test_without_markers_or_comparison_the_sections_are_left_out_or_say_why():
    data = generate_cases(shifts=[(0, 0)] * 2, events_per_case=200, difficulty="easy", seed=1)
    pooled = bracket(
        list(data.events), params=BracketParams(bin_unit="quarter", bootstrap=0, seed=1)
    )
    provenance = Provenance("planted", "test", WHEN, "workbench report phases")
    plain = build_phase_report(pooled, provenance=provenance, codes=CodeNames())
    ids = [s.id for s in plain.sections]
    assert "phase-map" not in ids
    assert "time-basis" not in ids
    failed = build_phase_report(
        pooled,
        provenance=provenance,
        codes=CodeNames(),
        time_basis_failed="no document has a date",
    )
    text = render_markdown(failed)
    assert "## Event and narration time" in text
    assert "Not compared: no document has a date." in text
