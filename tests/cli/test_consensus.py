"""The whole review from the command line: list, take, both, neither, undo."""

from __future__ import annotations

import json

from tests.cli.test_cli import setup_project


def code(cli, coder, code_ref, quote):
    args = ("codings", "add", "-p", "study", "-d", "int", "-c", code_ref, "--coder", coder)
    assert cli(*args, "--quote", quote)[0] == 0


def open_items(cli, *extra):
    code_, out, err = cli("consensus", "list", "-p", "study", "--format", "json", *extra)
    assert code_ == 0, err
    return json.loads(out)


def test_review_from_the_command_line(cli, tmp_path):
    setup_project(cli, tmp_path)
    assert cli("coders", "add", "bob", "-p", "study")[0] == 0
    code(cli, "alice", "imitation", "copied the open day idea")
    code(cli, "bob", "tacit", "the open day")
    code(cli, "alice", "push", "When?")

    status, out, _ = cli("consensus", "list", "--coders", "alice,bob", "-p", "study")
    assert status == 0
    assert "2 open disagreement(s) between alice and bob" in out
    assert "#1 Imitation of best practice" in out
    push, split = open_items(cli, "--coders", "alice,bob")
    assert split["codes"] == ["imitation", "tacit"]
    assert [s["id"] for s in split["alice"]] == [1]
    assert [s["id"] for s in split["bob"]] == [2]
    assert (push["codes"], push["bob"]) == (["push"], [])

    status, out, _ = cli("consensus", "both", "1", "2", "-p", "study")
    assert status == 0
    assert out.count("saved consensus coding") == 2
    status, out, _ = cli(
        "consensus", "neither", "-d", "int", "--start", str(push["start"]),
        "--end", str(push["end"]), "--codes", "push", "--coders", "alice,bob",
        "--took", "bob", "-p", "study",
    )  # fmt: skip
    assert status == 0
    assert out.startswith(f"settled [{push['start']}, {push['end']}) as neither push")
    assert open_items(cli, "--coders", "alice,bob") == []
    settled = open_items(cli, "--coders", "alice,bob", "--all")
    assert [s["state"] for s in settled] == ["neither", "taken"]

    status, out, _ = cli("consensus", "undo", "-p", "study")
    assert (status, out.strip()) == (
        0,
        f"undone: settle [{push['start']}, {push['end']}) as neither Dissemination push",
    )
    assert [i["codes"] for i in open_items(cli, "--coders", "alice,bob")] == [["push"]]
    listed = cli("codings", "list", "--coder", "consensus", "-p", "study", "--format", "json")[1]
    assert sorted(c["origin"] for c in json.loads(listed)) == ["adjudicated", "adjudicated"]


def test_consensus_errors_are_one_line(cli, tmp_path):
    setup_project(cli, tmp_path)
    assert cli("coders", "add", "bob", "-p", "study")[0] == 0
    code(cli, "alice", "imitation", "copied the open day idea")
    code(cli, "alice", "tacit", "the open day")
    status, _, err = cli("consensus", "both", "1", "2", "-p", "study")
    assert status == 1
    assert "at least two coders; these are all alice's" in err
    status, _, err = cli(
        "consensus", "neither", "-d", "int", "--start", "5", "--end", "500",
        "--codes", "tacit", "-p", "study",
    )  # fmt: skip
    assert status == 1
    assert "runs past the end" in err
    status, _, err = cli("consensus", "list", "--coders", "alice,nobody", "-p", "study")
    assert status == 1
    assert "unknown coder 'nobody'" in err
    status, out, _ = cli("consensus", "undo", "-p", "study")
    assert (status, out.strip()) == (0, "undone: apply Tacit knowledge to [33, 45)")
