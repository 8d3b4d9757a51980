"""An import says what it did not import and what it had to guess (issue 16, part 7)."""

from __future__ import annotations

import json


def test_a_folder_import_lists_every_file_it_passed_over(cli, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "interview.txt").write_text("Interviewer: Hello.\nR1: Hi, in 2004.\n")
    (corpus / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0old word file")
    (corpus / "answers.csv").write_text("id,answer\n1,We learned a great deal from them\n")
    (corpus / ".DS_Store").write_bytes(b"\x00\x01")
    (corpus / "interview.txt.meta.yaml").write_text("case: Northbridge\n")
    assert cli("init", "study", "--coder", "me")[0] == 0
    code, out, err = cli("import", "corpus", "-p", "study", "--format", "json")
    assert code == 0
    rows = {row["path"].split("/")[-1]: row for row in json.loads(out)}
    assert rows["interview.txt"]["status"] == "imported"
    assert rows["old.doc"]["status"] == "skipped"
    assert "save it as .docx" in rows["old.doc"]["reason"]
    assert "survey table" in rows["answers.csv"]["reason"]
    assert rows[".DS_Store"]["reason"] == "hidden file, not imported"
    assert "interview.txt.meta.yaml" not in rows  # a sidecar is read, not passed over
    assert "skipped: corpus/old.doc: unsupported file type '.doc'" in err


def test_a_guessed_encoding_is_said_and_encoding_forces_one(cli, tmp_path):
    (tmp_path / "notes.txt").write_bytes("Café crème in 2004.".encode("cp1252"))
    cli("init", "study", "--coder", "me")
    code, _out, err = cli("import", "notes.txt", "-p", "study")
    assert code == 0
    assert "note: notes.txt: not UTF-8: read as cp1252 (a guess)" in err
    code, _, err = cli(
        "import", "notes.txt", "-p", "study", "--encoding", "latin-1", "--allow-duplicate"
    )
    assert code == 0
    assert "note:" not in err
    code, _, err = cli("import", "notes.txt", "-p", "study", "--encoding", "klingon")
    assert code != 0
    assert "unknown encoding 'klingon'" in err
    (tmp_path / "utf.txt").write_bytes("Ça va".encode())
    code, _, err = cli("import", "utf.txt", "-p", "study", "--encoding", "ascii")
    assert code != 0
    assert "not valid ascii (byte 0)" in err


def test_survey_exports_extra_header_rows(cli, tmp_path):
    qualtrics = (
        "StartDate,ResponseId,Q1,Q2\n"
        '"Start Date","Response ID","How satisfied were you?",'
        '"What did you learn from the visit?"\n'
        '"{""ImportId"":""startDate""}","{""ImportId"":""_recordId""}",'
        '"{""ImportId"":""QID1""}","{""ImportId"":""QID2_TEXT""}"\n'
        "2004-03-01,R_1,Very satisfied,We learned to adapt the forms to our own wards\n"
        "2004-03-02,R_2,Satisfied,That nobody admits failure at an awards ceremony\n"
        "2004-03-03,R_3,Very satisfied,Not much really\n"
    )
    (tmp_path / "q.csv").write_text(qualtrics)
    cli("init", "study", "--coder", "me")
    code, out, err = cli("import", "q.csv", "-p", "study", "--format", "json")
    assert code == 0, err
    rows = json.loads(out)
    assert len(rows) == 3  # the question-text and ImportId rows are not respondents
    code, out, _ = cli("documents", "list", "-p", "study", "--format", "json")
    assert code == 0
