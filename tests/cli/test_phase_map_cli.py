"""``workbench bracket --phase-map``: the codebook's phase markers, mapped and shown."""

from __future__ import annotations

import json

from tests.conftest import STARTER


def test_the_phase_map_is_in_the_json_and_the_text(cli, dated_project):
    project, _ = dated_project
    root = str(project.root)
    # peer exchange (an adaptation marker) is coded every other quarter throughout, which
    # mixes 2000-2001 and 2004-2005; the three phase codes alone map cleanly.
    codes = ("--codes", "imitation,adaptation,innovation")
    code, out, err = cli("bracket", "-p", root, *codes, "--phase-map", "--format", "json")
    assert code == 0, err
    rule_map = json.loads(out)["rule_map"]
    assert rule_map is not None
    assert rule_map["sequence"] == ["imitation", "adaptation", "innovation"]
    assert (rule_map["min_run"], rule_map["max_interruption"], rule_map["max_gap"]) == (3, 1, 1)
    assert all("components" in s for s in rule_map["segments"])
    code, out, _ = cli("bracket", "-p", root, *codes, "--phase-map", "--min-run", "2")
    assert code == 0
    assert "Phase map from the codebook's phase markers (a phase needs 2 bins in a row" in out
    assert "sequence: imitation -> adaptation -> innovation" in out
    code, out, _ = cli("bracket", "-p", root, "--phase-map")
    # every other quarter reads as mixed (imitation and peer exchange weigh the same), the
    # others as imitation: no three in a row, so a mixed phase, named by its components.
    assert (
        "sequence: mixed: imitation+adaptation -> adaptation -> mixed: innovation+adaptation" in out
    )
    assert "markers: imitation 67%, adaptation 33%" in out


def test_without_phase_map_there_is_no_map(cli, dated_project):
    project, _ = dated_project
    code, out, _ = cli("bracket", "-p", str(project.root), "--format", "json")
    assert code == 0
    assert json.loads(out)["rule_map"] is None


def test_a_rule_without_phase_map_is_refused(cli, dated_project):
    project, _ = dated_project
    code, _, err = cli("bracket", "-p", str(project.root), "--interruption", "2")
    assert code == 2
    assert "--interruption only apply with --phase-map" in err


def test_a_bad_gap_is_refused(cli, dated_project):
    project, _ = dated_project
    code, _, err = cli("bracket", "-p", str(project.root), "--phase-map", "--max-gap", "lots")
    assert code == 2
    assert "'any'" in err


def test_a_codebook_without_markers_says_so_in_one_line(cli, project):
    from workbench.services.codebook import load_codebook_file

    load_codebook_file(project.uow(), path=STARTER, actor="alice")
    code, out, err = cli("bracket", "-p", str(project.root), "--phase-map")
    assert code == 1
    assert "the codebook marks no phase" in err
    assert err.strip().count("\n") == 0
    assert out == ""


def test_time_basis_compares_event_and_narration_time(cli, dated_project, tmp_path):
    project, _ = dated_project
    out_file = tmp_path / "bases.json"
    code, out, err = cli(
        "time-basis", "-p", str(project.root), "--scheme", "study", "--out", str(out_file)
    )
    assert code == 0, err
    assert "What changes:" in out
    assert "interview" in out
    data = json.loads(out_file.read_text())
    # every interview is dated 2006: told years after the events of 2000-2005
    lag = next(x for x in data["comparison"]["lags"] if x["source_kind"] == "interview")
    assert lag["n"] == 109
    assert lag["median_days"] > 365
    assert data["event"]["researcher"] is not None
    assert data["narration"]["manifest"]["parameters"]
