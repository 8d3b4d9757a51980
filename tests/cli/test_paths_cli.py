"""``workbench bracket --cases --compare``: path types as text, JSON and a distance file."""

from __future__ import annotations

import csv
import json


def test_compare_prints_path_types_and_writes_distances(cli, dated_project, tmp_path):
    project, _ = dated_project
    out_csv = tmp_path / "distances.csv"
    code, out, err = cli(
        "bracket",
        "-p",
        str(project.root),
        "--compare",
        "--no-inference",
        "--distances",
        str(out_csv),
    )
    assert code == 0, err
    assert "Path types (3 cases' phase sequences by quarter, optimal matching):" in out
    assert "costs: substitution constant, indel 1;" in out
    assert "medoid " in out
    assert "left out (not analysed): Northbridge" in out
    rows = list(csv.reader(out_csv.open(encoding="utf-8")))
    assert rows[0][:2] == ["case", "type"]
    names = rows[0][2:]
    assert sorted(names) == ["Alpha", "Beta", "Gamma"]
    for i, row in enumerate(rows[1:]):
        assert row[0] == names[i]
        assert float(row[2 + i]) == 0.0
        assert all(0.0 <= float(x) <= 1.0 for x in row[2:])


def test_compare_in_json_with_transition_costs(cli, dated_project, tmp_path):
    project, _ = dated_project
    out_json = tmp_path / "d.json"
    code, out, err = cli(
        "bracket",
        "-p",
        str(project.root),
        "--compare",
        "--sub-costs",
        "trate",
        "--linkage",
        "average",
        "--no-inference",
        "--distances",
        str(out_json),
        "--format",
        "json",
    )
    assert code == 0, err
    paths = json.loads(out)["case_paths"]
    assert paths["substitution"] == "trate"
    assert paths["linkage"] == "average"
    assert len(paths["sequences"]) == len(paths["cases"]) == 3
    assert sum(len(t["members"]) for t in paths["types"]) == 3
    written = json.loads(out_json.read_text(encoding="utf-8"))
    assert written["cases"] == paths["cases"]
    assert written["distances"] == paths["distances"]


def test_a_distance_file_of_another_kind_is_refused_in_one_line(cli, dated_project, tmp_path):
    project, _ = dated_project
    code, _, err = cli(
        "bracket",
        "-p",
        str(project.root),
        "--no-inference",
        "--distances",
        str(tmp_path / "d.xlsx"),
    )
    assert code != 0
    assert "d.xlsx: the distances are written as .csv or .json" in err
    assert "internal error" not in err.lower()


def test_types_sets_the_number_of_path_types(cli, dated_project):
    project, _ = dated_project
    code, out, err = cli(
        "bracket", "-p", str(project.root), "--types", "2", "--no-inference", "--format", "json"
    )
    assert code == 0, err
    paths = json.loads(out)["case_paths"]
    # the three cases of this project read the same: there is nothing to split
    assert len(set(map(tuple, paths["sequences"]))) == 1
    assert len(paths["types"]) == 1
    assert paths["note"] == "every case follows the same sequence"
