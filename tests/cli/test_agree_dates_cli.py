"""``agree --dates`` and ``--phases SCHEME``; ``consensus list --dates`` and ``consensus date``."""

from __future__ import annotations

import json

from tests.services.test_date_agreement import dated  # noqa: F401 (fixture)
from workbench.services.codings import list_codings
from workbench.services.phases import add_phase


def test_agree_dates_prints_every_statistic_with_its_interval(cli, dated, tmp_path):  # noqa: F811
    p = str(dated.root)
    code, out, err = cli("agree", "--coders", "alice,bob", "-p", p, "--dates")
    assert code == 0, err
    assert "4 passages both coded with one code and dated" in out
    assert "alpha on dates uses the range distance" in out
    assert "3 passages dated differently" in out
    pooled = next(line for line in out.splitlines() if line.startswith("(pooled)"))
    assert "0.250" in pooled  # exact
    code, out, _ = cli(
        "agree",
        "--coders",
        "alice,bob",
        "-p",
        p,
        "--dates",
        "--format",
        "json",
        "--out",
        str(tmp_path / "d.json"),
    )
    rows = {r["code"]: r for r in json.loads(out)}
    assert rows["(pooled)"]["overlap"] == 0.5
    data = json.loads((tmp_path / "d.json").read_text())
    assert [d["title"] for d in data["documents"]] == ["Notes"]
    assert len(data["disagreements"]) == 3
    assert {d["dates"]["bob"] for d in data["disagreements"]} >= {"2004"}


def test_agree_phases_prints_the_phase_table(cli, dated, tmp_path):  # noqa: F811
    for label, start, end in (("early", "1999", "2001"), ("late", "2002", "2006")):
        add_phase(dated, scheme="s", label=label, start=start, end=end, actor="alice")
    p = str(dated.root)
    code, out, err = cli(
        "agree",
        "--coders",
        "alice,bob",
        "-p",
        p,
        "--phases",
        "s",
        "--bootstrap",
        "200",
        "--out",
        str(tmp_path / "ph.json"),
    )
    assert code == 0, err
    assert "phase agreement under scheme 's'" in out
    assert "same phase (share of coder pairs)" in out
    assert "where alice (rows) and bob (columns) put the passages" in out
    assert "0 passages placed in different phases" in out
    data = json.loads((tmp_path / "ph.json").read_text())
    assert data["phases"]["scheme"] == "s"
    code, _, err = cli("agree", "--coders", "alice,bob", "-p", p, "--phases", "nope")
    assert code == 1
    assert "no bracket scheme 'nope'" in err


def test_consensus_lists_and_settles_date_disagreements(cli, dated):  # noqa: F811
    p = str(dated.root)
    code, out, _ = cli(
        "consensus", "list", "--coders", "alice,bob", "-p", p, "--dates", "--format", "json"
    )
    assert code == 0
    items = json.loads(out)
    assert len(items) == 3
    assert all(i["kind"] == "date" for i in items)
    rota = next(i for i in items if i["dates"] == {"alice": "2002", "bob": "2004"})
    bob_id = rota["bob"][0]["id"]
    code, out, err = cli("consensus", "date", str(bob_id), "-p", p)
    assert code == 0, err
    assert "2004 (consensus coding #" in out
    assert [c.event_date for c in list_codings(dated.uow(), coder="consensus")] == ["2004"]
    code, out, _ = cli("consensus", "list", "--coders", "alice,bob", "-p", p, "--dates")
    assert "2 open disagreement(s)" in out
