"""The ``workbench`` command as a user runs it (in-process, real projects)."""

from __future__ import annotations

import csv
import io
import json

from tests.conftest import LEARNING, STARTER


def setup_project(cli, tmp_path):
    assert cli("init", "study", "--coder", "alice")[0] == 0
    code, out, _ = cli("codebook", "load", str(LEARNING), "-p", "study")
    assert code == 0
    assert "47 added" in out
    f = tmp_path / "int.txt"
    f.write_text("Interviewer: When?\nR1: We copied the open day idea in 2001.\n")
    code, out, _ = cli(
        "import",
        str(f),
        "-p",
        "study",
        "--kind",
        "interview",
        "--case",
        "North",
        "--date",
        "2006",
        "--attr",
        "wave=3",
    )
    assert code == 0
    assert "1 imported, 0 skipped, 0 failed" in out


def test_new_user_journey(cli, tmp_path):
    setup_project(cli, tmp_path)
    code, out, _ = cli("status", "-p", "study")
    assert code == 0
    assert "documents 1 (1 interview)" in out
    assert "47 active" in out
    code, out, _ = cli(
        "codings",
        "add",
        "-p",
        "study",
        "-d",
        "int",
        "-c",
        "imitation",
        "--quote",
        "copied the open day idea",
        "--event-date",
        "2001",
    )
    assert code == 0
    assert "saved coding #1" in out
    code, out, _ = cli("status", "-p", "study", "--format", "json")
    data = json.loads(out)
    assert data["codings"] == 1
    assert data["codings_by_coder"] == {"alice": 1}
    code, out, _ = cli("codings", "list", "-p", "study", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["quote"] == "copied the open day idea"
    assert rows[0]["event_date"] == "2001"
    code, out, _ = cli("documents", "list", "-p", "study", "--format", "json")
    assert json.loads(out)[0]["case"] == "North"


def test_project_is_found_from_the_current_folder(cli, tmp_path, monkeypatch):
    setup_project(cli, tmp_path)
    monkeypatch.chdir(tmp_path / "projects" / "study" / "exports")
    code, out, _ = cli("coders", "list", "--format", "json")
    assert code == 0
    assert json.loads(out)[0]["handle"] == "alice"


def test_codes_find_rename_merge_retire(cli, tmp_path):
    setup_project(cli, tmp_path)
    code, out, _ = cli("codes", "find", "tacit knowlege", "-p", "study", "--format", "json")
    assert json.loads(out)[0]["path"] == "Tacit knowledge"
    assert cli("codes", "rename", "tacit", "Tacit know-how", "-p", "study")[0] == 0
    code, out, _ = cli("codebook", "show", "-p", "study")
    assert "Tacit know-how" in out
    assert "[4]" in out
    assert cli("codes", "retire", "resistance", "-p", "study")[0] == 0
    code, out, _ = cli("codes", "merge", "explicit", "tacit", "-p", "study")
    assert code == 0
    assert "0 codings moved" in out
    code, out, _ = cli("codebook", "show", "-p", "study", "--all", "--format", "json")
    status = {c["guid"]: c["status"] for c in json.loads(out)}
    assert status["resistance"] == "retired"
    assert status["explicit"] == "merged"


def test_codebook_validate_and_diff(cli, tmp_path):
    code, out, _ = cli("codebook", "validate", str(LEARNING), str(STARTER))
    assert code == 0
    assert out.count(": ok") == 2
    bad = tmp_path / "bad.yaml"
    bad.write_text("codebook: {id: b, name: B}\ncodes:\n  - id: a\n    name: A\n    colour: red\n")
    code, _, err = cli("codebook", "validate", str(bad))
    assert code == 1
    assert f"{bad}:5:13: bad colour 'red'" in err
    setup_project(cli, tmp_path)
    revised = tmp_path / "rev.yaml"
    revised.write_text(
        LEARNING.read_text().replace("name: Tacit knowledge", "name: Tacit know-how")
    )
    code, out, _ = cli("codebook", "diff", str(revised), "-p", "study")
    assert code == 0
    assert "renamed" in out
    assert "Tacit know-how" in out


def test_codings_import_export_via_cli(cli, tmp_path):
    setup_project(cli, tmp_path)
    f = tmp_path / "c.csv"
    f.write_text("document,quote,code,coder\nint,open day,peer,bob\nint,nowhere,peer,bob\n")
    code, _, err = cli("codings", "import", str(f), "-p", "study", "--add-coders")
    assert code == 1
    assert f"{f}:3: quote not found" in err
    assert "1 bad row; nothing was imported" in err
    f.write_text("document,quote,code,coder\nint,open day,peer,bob\n")
    code, out, _ = cli("codings", "import", str(f), "-p", "study", "--add-coders")
    assert code == 0
    assert "imported 1 codings" in out
    assert "bob" in out
    out_file = tmp_path / "all.jsonl"
    assert cli("codings", "export", "-p", "study", "--out", str(out_file))[0] == 0
    assert json.loads(out_file.read_text().splitlines()[0])["quote"] == "open day"
    assert cli("codings", "remove", "1", "-p", "study")[0] == 0
    assert cli("codings", "list", "-p", "study")[1].strip() == "(none)"


def test_errors_are_one_line_with_non_zero_exit(cli, tmp_path):
    code, _, err = cli("status")
    assert code == 1
    assert err.count("\n") == 1
    assert err.startswith("error: no project here")
    setup_project(cli, tmp_path)
    code, _, err = cli(
        "codings",
        "add",
        "-p",
        "study",
        "-d",
        "int",
        "-c",
        "tacit",
        "--start",
        "0",
        "--end",
        "99999",
    )
    assert code == 1
    assert err.count("\n") == 1
    assert "runs past the end" in err
    code, out, err = cli("import", str(tmp_path / "missing.txt"), "-p", "study")
    assert code == 1
    assert "missing.txt: no such file" in err
    assert "0 imported, 0 skipped, 1 failed" in out
    code, out, err = cli("import", str(tmp_path / "int.txt"), "-p", "study")
    assert code == 0  # a re-run of an import skips what is there: refused, not failed
    assert "skipped:" in err
    assert "already imported" in err
    assert "0 imported, 1 skipped, 0 failed" in out
    code, _, err = cli("import", str(tmp_path / "int.txt"), "-p", "study", "--date", "2004-13")
    assert code == 1
    assert "impossible month" in err
    code, _, err = cli(
        "-v",
        "codings",
        "add",
        "-p",
        "study",
        "-d",
        "int",
        "-c",
        "nope",
        "--start",
        "0",
        "--end",
        "3",
    )
    assert code == 1
    assert "Traceback" in err
    code, _, err = cli("init", "Bad Name!")
    assert code == 1
    assert "bad project name" in err


def test_bad_usage_exits_2(cli):
    code, _, err = cli("codings", "add", "--start", "x")
    assert code == 2
    assert "Invalid value" in err


def test_agree_and_disagreements(cli, tmp_path):
    setup_project(cli, tmp_path)
    assert cli("coders", "add", "bob", "-p", "study")[0] == 0
    for coder, code in (("alice", "imitation"), ("bob", "imitation"), ("bob", "tacit")):
        assert (
            cli(
                "codings",
                "add",
                "-p",
                "study",
                "-d",
                "int",
                "-c",
                code,
                "--coder",
                coder,
                "--quote",
                "copied the open day idea",
            )[0]
            == 0
        )
    out_file = tmp_path / "agree.json"
    code, out, _ = cli(
        "agree", "--coders", "alice,bob", "-p", "study", "--format", "json", "--out", str(out_file)
    )
    assert code == 0
    rows = {r["code_id"]: r for r in json.loads(out)}
    assert rows["imitation"]["alpha"] == 1.0
    assert rows["tacit"]["band"] == "unreliable"
    assert json.loads(out_file.read_text())["unit"] == "sentence"
    code, out, _ = cli("disagreements", "--coders", "alice,bob", "--code", "tacit", "-p", "study")
    assert code == 0
    assert "1 disagreement(s) on tacit" in out
    code, _, err = cli("agree", "--coders", "alice", "-p", "study")
    assert code == 1
    assert "at least two coders" in err
