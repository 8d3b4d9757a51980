"""``workbench documents revise`` and ``versions`` as a user runs them."""

from __future__ import annotations

import json

from tests.conftest import LEARNING

OLD = "Interviewer: When?\nR1: We copied the open day idea in 2001.\nInterviewer: Why?\n"
NEW = "Interviewer: When was it?\nR1: We copied the open day idea in 2001.\n"


def test_revise_from_the_command_line(cli, tmp_path):
    assert cli("init", "study", "--coder", "alice")[0] == 0
    assert cli("codebook", "load", str(LEARNING), "-p", "study")[0] == 0
    (tmp_path / "v1.txt").write_text(OLD, encoding="utf-8")
    (tmp_path / "v2.txt").write_text(NEW, encoding="utf-8")
    assert cli("import", "v1.txt", "--title", "Int", "-p", "study")[0] == 0
    for quote, code in (("copied the open day idea", "imitation"), ("Interviewer: Why?", "tacit")):
        assert (
            cli("codings", "add", "-d", "Int", "--quote", quote, "--code", code, "-p", "study")[0]
            == 0
        )

    code, out, err = cli("documents", "revise", "Int", "v2.txt", "--dry-run", "-p", "study")
    assert code == 0, err
    assert "dry run, nothing changed" in out
    assert "1 moved" in out
    assert "1 lost" in out

    code, out, err = cli("documents", "revise", "Int", "v2.txt", "-p", "study")
    assert code != 0
    assert err.count("\n") == 1
    assert "v2.txt" in err
    assert "--drop-lost" in err

    code, out, err = cli(
        "documents", "revise", "Int", "v2.txt", "--drop-lost", "--format", "json", "-p", "study"
    )
    assert code == 0, err
    rows = json.loads(out)
    assert {r["how"] for r in rows} == {"moved", "lost"}

    code, out, _ = cli("codings", "list", "--format", "json", "-p", "study")
    assert [r["quote"] for r in json.loads(out)] == ["copied the open day idea"]
    code, out, _ = cli("documents", "versions", "Int", "--format", "json", "-p", "study")
    assert [(v["revision"], v["source"]) for v in json.loads(out)] == [(1, "v1.txt"), (2, "v2.txt")]
