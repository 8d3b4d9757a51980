"""``workbench bracket --cases``: each case on the pooled frontiers, in text and JSON."""

from __future__ import annotations

import json


def test_every_case_has_a_row_with_its_frontiers(cli, dated_project):
    project, _ = dated_project
    code, out, err = cli("bracket", "-p", str(project.root), "--cases", "--bootstrap", "50")
    assert code == 0, err
    assert "Cases against the pooled frontiers (the phases proposed from the pooled data):" in out
    assert "4 cases, 3 analysed (at least 30 events), 0 flagged" in out
    for case in ("Alpha", "Beta", "Gamma"):
        assert f"  {case}: " in out
    # one interview per case: the intervals resample codings, and the output says so
    assert "resamples codings, not sources" in out
    assert "rule: a case is flagged late (early)" in out
    # a case without codings is listed, not dropped
    assert "Northbridge: 0 events, 0 sources; skipped: no codings" in out


def test_the_json_carries_the_case_timing(cli, dated_project):
    project, _ = dated_project
    code, out, err = cli(
        "bracket",
        "-p",
        str(project.root),
        "--case",
        "Beta",
        "--bootstrap",
        "50",
        "--format",
        "json",
    )
    assert code == 0, err
    timing = json.loads(out)["case_timing"]
    assert [c["case"] for c in timing["cases"]] == ["Beta"]
    beta = timing["cases"][0]
    assert beta["status"] == "analysed"
    assert beta["frontiers"], beta
    for f in beta["frontiers"]:
        assert f["status"] in ("found", "not crossed", "too few events to tell")
        if f["status"] == "found":
            lo, hi = f["interval_days"]
            assert lo is None or lo <= f["shift_days"]
            assert hi is None or f["shift_days"] <= hi
            # every case follows the same quarters: none is late or early
            assert f["timing"] == "in step"


def test_a_small_minimum_and_a_large_one(cli, dated_project):
    project, _ = dated_project
    root = str(project.root)
    code, out, _ = cli("bracket", "-p", root, "--min-case-events", "37", "--no-inference")
    assert code == 0
    assert out.count("skipped: fewer than 37 events") == 2  # Beta and Gamma have 36
    assert "Alpha: 37 events" in out


def test_an_unknown_case_is_refused_in_one_line(cli, dated_project):
    project, _ = dated_project
    code, _, err = cli("bracket", "-p", str(project.root), "--case", "Delta")
    assert code != 0
    assert "unknown case(s): Delta (cases: Alpha, Beta, Gamma, Northbridge)" in err
    assert "internal error" not in err.lower()


def test_without_cases_there_is_no_case_timing(cli, dated_project):
    project, _ = dated_project
    code, out, _ = cli("bracket", "-p", str(project.root), "--no-inference", "--format", "json")
    assert code == 0
    assert "case_timing" not in json.loads(out)


def test_with_a_scheme_the_cases_are_placed_on_its_phases(cli, dated_project):
    project, _ = dated_project
    code, out, err = cli(
        "bracket", "-p", str(project.root), "--scheme", "study", "--cases", "--bootstrap", "50"
    )
    assert code == 0, err
    assert "Cases against the pooled frontiers (the researcher's phases):" in out
    assert "early | middle: pooled 2002-01-01" in out
    assert "    middle | late (pooled 2004-01-01): " in out
