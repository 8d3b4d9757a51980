"""The phase report of the demo study compares its cases' paths; the service's exports."""

from __future__ import annotations

import csv
import json

import pytest

from tests.report.demo import shared_demo, shared_root
from workbench.core.errors import InputError


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    project = shared_demo(shared_root(tmp_path_factory))
    yield project
    project.close()


@pytest.fixture(scope="module")
def phases(demo):
    from workbench.services.reports import build_report

    return build_report(demo, "phases", coders=["ana"], level=0, bootstrap=0)


def test_the_phase_report_has_path_types_for_its_cases(phases):
    ids = [s.id for s in phases.sections]
    assert "case-paths" in ids
    assert ids.index("case-paths") == ids.index("cases") + 1
    types = phases.table("path-types")
    sequences = phases.table("case-sequences")
    assert sum(types.column("cases")) == len(sequences.rows)
    distances = phases.table("case-distances")
    assert len(distances.rows) == len(sequences.rows)
    for i, row in enumerate(distances.rows):
        assert row[2 + i] == 0.0


def test_distances_are_written_as_csv_and_json(demo, tmp_path):
    from workbench.services.bracketing import run_bracketing
    from workbench.services.case_bracketing import run_case_timing
    from workbench.services.case_paths import compare_case_paths, write_case_distances

    result, events = run_bracketing(demo, coders=["ana"], params={"bootstrap": 0})
    timing = run_case_timing(demo, result, events, replicates=0)
    paths = compare_case_paths(result, timing, substitution="trate", method="average")
    write_case_distances(paths, tmp_path / "d.csv")
    write_case_distances(paths, tmp_path / "d.json")
    rows = list(csv.reader((tmp_path / "d.csv").open(encoding="utf-8")))
    assert rows[0] == ["case", "type", *paths.cases]
    data = json.loads((tmp_path / "d.json").read_text(encoding="utf-8"))
    assert data["substitution"] == "trate"
    assert data["distances"] == [list(r) for r in paths.distances]
    with pytest.raises(InputError, match=r"d\.txt: the distances are written as \.csv or \.json"):
        write_case_distances(paths, tmp_path / "d.txt")
    with pytest.raises(InputError, match="cannot write the distances"):
        write_case_distances(paths, tmp_path / "missing" / "d.csv")
    with pytest.raises(InputError, match="indel cost must be positive"):
        compare_case_paths(result, timing, indel=0)
