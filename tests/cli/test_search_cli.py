"""``workbench search``: keyword in context in three formats, filters, coding every hit."""

from __future__ import annotations

import csv
import io
import json

from tests.cli.test_cli import setup_project


def test_search_table_csv_json(cli, tmp_path):
    setup_project(cli, tmp_path)
    code, out, err = cli("search", "open day", "-p", "study")
    assert code == 0
    assert "R1: We copied the [open day] idea in 2001." in out
    assert "1 hit in 1 document" in err
    code, out, _ = cli("search", "copied", "-p", "study", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["match"], r["speaker"]) for r in rows] == [("copied", "R1")]
    code, out, _ = cli("search", r"\d{4}", "--mode", "regex", "-p", "study", "--format", "json")
    assert [r["match"] for r in json.loads(out)] == ["2001"]
    code, out, _ = cli("search", "when", "--speaker", "R1", "-p", "study")
    assert code == 0
    assert "0 hits" in out


def test_search_bad_input_is_one_line(cli, tmp_path):
    setup_project(cli, tmp_path)
    code, _, err = cli("search", "(", "--mode", "regex", "-p", "study")
    assert code != 0
    assert "bad regular expression" in err
    assert len(err.strip().splitlines()) == 1
    code, _, err = cli("search", "x", "--case", "Nowhere", "-p", "study")
    assert code != 0
    assert "no case 'Nowhere'" in err


def test_code_all_hits(cli, tmp_path):
    setup_project(cli, tmp_path)
    code, _out, err = cli("search", "copied", "--code-all", "imitation", "-p", "study")
    assert code == 0, err
    code, out, _ = cli("codings", "list", "-p", "study", "--format", "json")
    assert [(r["quote"], r["code_path"]) for r in json.loads(out)] == [
        ("copied", "Imitation of best practice")
    ]


def test_codes_new_recolour_move_then_codebook_save_and_diff(cli, tmp_path):
    setup_project(cli, tmp_path)
    book = tmp_path / "book.yaml"
    from tests.conftest import LEARNING

    book.write_text(LEARNING.read_text(encoding="utf-8"), encoding="utf-8")
    code, out, err = cli("codes", "new", "Peer council", "--parent", "peer", "-p", "study")
    assert code == 0, err
    assert "added <peer-council> Peer exchange/Peer council" in out
    assert cli("codes", "recolour", "peer-council", "green", "-p", "study")[0] == 0
    assert cli("codes", "move", "peer-council", "top", "-p", "study")[0] == 0
    code, out, _ = cli("codebook", "diff", str(book), "-p", "study")
    assert "1 change(s)" in out
    code, out, _ = cli("codebook", "save", "--to", str(book), "-p", "study")
    assert code == 0
    assert "book.yaml.bak" in out
    code, out, _ = cli("codebook", "diff", str(book), "-p", "study")
    assert "0 change(s)" in out
    code, _, err = cli("codes", "recolour", "peer-council", "mauve", "-p", "study")
    assert code != 0
    assert "bad colour" in err


def test_memos_add_and_list(cli, tmp_path):
    setup_project(cli, tmp_path)
    assert cli("memos", "add", "Whole study: two phases?", "-p", "study")[0] == 0
    code, out, err = cli("memos", "add", "Open day idea", "-d", "int", "-p", "study")
    assert code == 0, err
    assert cli("memos", "add", "Tacit or explicit", "-c", "tacit", "-p", "study")[0] == 0
    code, out, _ = cli("memos", "list", "-p", "study", "--format", "json")
    assert [(r["kind"], r["about"]) for r in json.loads(out)] == [
        ("code", "Tacit knowledge"),
        ("document", "int"),
        ("project", "the project"),
    ]
    code, out, _ = cli("memos", "list", "--search", "open day", "-p", "study", "--format", "csv")
    assert [r["text"] for r in csv.DictReader(io.StringIO(out))] == ["Open day idea"]
    code, _, err = cli("memos", "add", "x", "-d", "nowhere", "-p", "study")
    assert code != 0
    assert "no document 'nowhere'" in err
