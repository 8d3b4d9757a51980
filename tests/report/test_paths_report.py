"""The phase report's "Path types" section on a planted multi-case corpus."""

from __future__ import annotations

import datetime as dt

import pytest

from workbench.bracketing import BracketParams, bracket
from workbench.bracketing.case_shift import case_timing
from workbench.bracketing.synthetic_cases import generate_cases
from workbench.report.charts import figure_bytes
from workbench.report.html import render_html
from workbench.report.inputs import CodeNames, Provenance
from workbench.report.markdown import render_markdown
from workbench.report.palette import GREYSCALE
from workbench.report.phase_report import build_phase_report
from workbench.report.tabular import render_csv_tables
from workbench.services.case_paths import compare_case_paths

WHEN = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def report():
    shifts = [(0, 0)] * 6 + [(18, 18)] * 4 + [(0, None)] * 4
    data = generate_cases(shifts=shifts, events_per_case=250, difficulty="easy", seed=1)
    pooled = bracket(
        list(data.events), params=BracketParams(bin_unit="quarter", bootstrap=0, seed=1)
    )
    timing = case_timing(list(data.events), pooled, replicates=0)
    paths = compare_case_paths(pooled, timing)
    provenance = Provenance("planted", "test", WHEN, "workbench report phases")
    return build_phase_report(
        pooled, provenance=provenance, codes=CodeNames(), case_timing=timing, case_paths=paths
    ), paths


def _section(report):
    return next(s for s in report.sections if s.id == "case-paths")


def test_the_section_follows_the_cases_and_carries_table_and_figure(report):
    rep, paths = report
    ids = [s.id for s in rep.sections]
    assert ids.index("case-paths") == ids.index("cases") + 1
    section = _section(rep)
    tables = {b.id: b for b in section.blocks if hasattr(b, "rows")}
    types = tables["path-types"]
    assert types.column("type") == tuple(t.number for t in paths.types)
    assert sum(types.column("cases")) == len(paths.cases) == 14
    assert tables["case-distances"].shown is False
    figure = next(b for b in section.blocks if getattr(b, "id", "") == "case-paths")
    # rows grouped by type
    groups = figure.chart.groups
    assert list(groups) == sorted(groups, key=lambda g: int(g.split()[1]))


def test_the_distance_matrix_is_exported_and_the_text_says_what_distances_mean(report):
    rep, paths = report
    tables = render_csv_tables(rep)
    distances = tables["case-distances"].splitlines()
    assert distances[0].startswith("case,type,")
    assert len(distances) == 1 + len(paths.cases)
    text = render_markdown(rep)
    assert "## Path types" in text
    assert "Distances compare timing and order, not why the cases differ" in text
    assert "highest mean silhouette width" in text


def test_the_sequence_index_plot_draws(report):
    rep, _ = report
    figure = next(b for b in _section(rep).blocks if getattr(b, "id", "") == "case-paths")
    assert figure_bytes(figure, "svg").lstrip().startswith(b"<?xml")
    assert figure_bytes(figure, "png", GREYSCALE).startswith(b"\x89PNG")
    assert "<svg" in render_html(rep)
