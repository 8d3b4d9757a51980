"""``workbench agree``: bad input on one line, the documents compared listed, intervals shown."""

from __future__ import annotations

import json

import pytest

from workbench.services.codings import add_coding
from workbench.services.documents import import_file

TEXT = "We copied their leaflet. Then we visited them. We adapted the rota. We built a service."


@pytest.fixture
def study(coded_project, tmp_path):
    f = tmp_path / "notes.txt"
    f.write_text(TEXT)
    import_file(coded_project, path=f, title="Notes")
    for coder, code, quote in [
        ("alice", "imitation", "We copied their leaflet."),
        ("bob", "imitation", "We copied their leaflet."),
        ("alice", "adaptation", "We adapted the rota."),
        ("bob", "innovation", "We adapted the rota."),
    ]:
        add_coding(coded_project.uow(), document="Notes", code=code, coder=coder, quote=quote)
    add_coding(
        coded_project.uow(),
        document="Interview 01",
        code="imitation",
        coder="alice",
        quote="copied what they did",
    )
    return str(coded_project.root)


def test_a_coder_named_twice_is_one_line_and_exit_1(cli, study):
    code, out, err = cli("agree", "--coders", "alice,alice", "-p", study)
    assert code == 1
    assert err.strip().count("\n") == 0
    assert "names 'alice' twice" in err
    assert out == ""


def test_json_lists_the_documents_compared_and_left_out(cli, study, tmp_path):
    out_file = tmp_path / "agree.json"
    code, out, _ = cli("agree", "--coders", "alice,bob", "-p", study, "--out", str(out_file))
    assert code == 0
    assert "left out: 'Interview 01' (only alice)" in out
    assert "95% intervals across units" in out  # one document compared
    data = json.loads(out_file.read_text())
    assert [d["title"] for d in data["documents"]] == ["Notes"]
    assert data["documents_left_out"] == [
        {"id": data["documents_left_out"][0]["id"], "title": "Interview 01", "coded_by": ["alice"]}
    ]
    pooled = data["table"][-1]
    assert pooled["code_id"] == "(pooled)"
    assert pooled["kappa"] is not None
    assert pooled["cohen_low"] <= pooled["cohen"] <= pooled["cohen_high"]
    code, out, _ = cli(
        "agree", "--coders", "alice,bob", "-p", study, "--include-partial", "--format", "json"
    )
    assert code == 0
    assert {r["code_id"] for r in json.loads(out)} >= {"imitation", "(pooled)"}


def test_a_bad_out_suffix_is_refused_before_any_work(cli, study, tmp_path):
    code, _, err = cli("agree", "--coders", "alice,bob", "-p", study, "--out", "x.txt")
    assert code == 2
    assert ".json or .csv" in err


def test_the_continuum_alphas_and_mv_alpha_get_intervals_with_bootstrap(cli, study, tmp_path):
    out_file = tmp_path / "agree.json"
    args = ("agree", "--coders", "alice,bob", "-p", study, "--include-partial", "--all")
    code, out, _ = cli(*args, "--bootstrap", "200", "--out", str(out_file))
    assert code == 0
    assert "MV_ALPHA_CI" in out
    data = json.loads(out_file.read_text())
    imitation = next(r for r in data["table"] if r["code_id"] == "imitation")
    for key in ("u_alpha", "u_alpha_1995"):
        assert imitation[f"{key}_low"] <= imitation[key] <= imitation[f"{key}_high"]
    assert data["unitized_classic"][0]["interval"]["method"].startswith("expanded percentile")
    assert all(
        m["interval"] is not None or m["interval_reason"] or m["value"] is None
        for m in data["report"]["multi_valued"]
    )
    code, out, _ = cli(*args)  # without --bootstrap: said, not silently missing
    assert "mv-alpha's with --bootstrap N" in out
