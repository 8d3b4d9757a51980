"""Survey tables (.csv/.tsv) as one document per row or per respondent."""

from __future__ import annotations

import codecs

import pytest

from tests.ingest.helpers import WriteFile, paragraph_texts
from workbench.core.errors import InputError
from workbench.ingest import SurveyDocument, read_survey
from workbench.ingest.text import normalise_text

CSV = (
    "id,site,age group,What did you like?,What would you change?\r\n"
    'R1,Leeds,18-24,"The staff were kind and listened to me, every time.",More evening slots\r\n'
    'R2,Hull,25-34,,"Honestly nothing much.\n\n\nMaybe the chairs, they are hard."\r\n'
    "R3,York,35-44,,\r\n"
    ",,,,\r\n"
    "R1,Leeds,25-34,Follow-up: still good,\r\n"
)


def answers(doc: SurveyDocument) -> list[tuple[str, str, int]]:
    return [(a.column, doc.document.text[a.answer_start : a.end], a.row) for a in doc.answers]


def test_one_document_per_row(write: WriteFile) -> None:
    path = write("survey.csv", CSV)
    docs = read_survey(path, text_columns=["What did you like?", "What would you change?"])
    assert [d.name for d in docs] == ["survey.csv row 1", "survey.csv row 2", "survey.csv row 5"]
    first = docs[0]
    assert first.respondent is None
    assert first.rows == (1,)
    assert first.attributes == {"id": "R1", "site": "Leeds", "age group": "18-24"}
    assert first.document.text == (
        "What did you like?: The staff were kind and listened to me, every time.\n\n"
        "What would you change?: More evening slots"
    )
    assert first.document.title == "survey.csv row 1"
    assert first.document.turns == ()
    assert paragraph_texts(first.document) == first.document.text.split("\n\n")
    assert [(a.start, a.end) for a in first.answers] == list(first.document.paragraphs)

    second = docs[1]
    assert answers(second) == [
        ("What would you change?", "Honestly nothing much.\nMaybe the chairs, they are hard.", 2)
    ]
    assert len(second.document.paragraphs) == 1
    for doc in docs:
        assert normalise_text(doc.document.text) == doc.document.text


def test_grouped_by_respondent(write: WriteFile) -> None:
    path = write("survey.csv", CSV)
    docs = read_survey(
        path, text_columns=["What did you like?", "What would you change?"], respondent_column="id"
    )
    assert [d.respondent for d in docs] == ["R1", "R2"]
    r1 = docs[0]
    assert r1.name == "survey.csv respondent R1"
    assert r1.rows == (1, 5)
    assert r1.attributes == {"site": "Leeds", "age group": "18-24; 25-34"}
    assert answers(r1) == [
        ("What did you like?", "The staff were kind and listened to me, every time.", 1),
        ("What would you change?", "More evening slots", 1),
        ("What did you like?", "Follow-up: still good", 5),
    ]
    assert r1.document.metadata["rows"] == "1,5"


def test_free_text_columns_are_detected(write: WriteFile) -> None:
    docs = read_survey(write("survey.csv", CSV))
    assert {a.column for d in docs for a in d.answers} == {
        "What did you like?",
        "What would you change?",
    }


def test_semicolons_bom_and_tsv(write: WriteFile) -> None:
    text = "id;comment\r\n1;Il était une fois, un café très bon\r\n"
    docs = read_survey(write("fr.csv", codecs.BOM_UTF8 + text.encode("utf-8")))
    assert docs[0].attributes == {"id": "1"}
    assert docs[0].document.text == "comment: Il était une fois, un café très bon"
    tsv = read_survey(
        write("t.TSV", "id\tnote\n7\tsome words, with a comma\n"), text_columns=["note"]
    )
    assert tsv[0].document.text == "note: some words, with a comma"


@pytest.mark.parametrize(
    ("content", "kwargs", "message"),
    [
        (CSV, {"text_columns": ["Nope"]}, "no text column 'Nope' \\(columns: 'id', 'site'"),
        (CSV, {"respondent_column": "who"}, "no respondent column 'who'"),
        (CSV, {"text_columns": ["id"], "respondent_column": "id"}, "both the respondent"),
        (CSV, {"text_columns": []}, "no text columns given"),
        ("a,b\n1,2\n", {}, "no free-text column found"),
        ("a,a\n1,2\n", {}, "duplicate column header 'a'"),
        (
            "id,text\nR1,some words\n,other words\n",
            {"respondent_column": "id", "text_columns": ["text"]},
            "data row 2",
        ),
        ("id,text\n1,x\n", {"text_columns": ["text"]}, None),
        ("id,text\n1,\n2, \n", {"text_columns": ["text"]}, "empty: no answers"),
        ("\n\n", {}, "empty: no header row"),
    ],
)
def test_survey_errors(
    write: WriteFile, content: str, kwargs: dict[str, object], message: str | None
) -> None:
    path = write("s.csv", content)
    if message is None:
        assert read_survey(path, **kwargs)  # type: ignore[arg-type]
        return
    with pytest.raises(InputError, match=message) as err:
        read_survey(path, **kwargs)  # type: ignore[arg-type]
    assert str(err.value).startswith(str(path))


def test_too_many_fields_names_the_line(write: WriteFile) -> None:
    path = write("s.csv", 'id,text\n1,"multi\nline"\n2,words,extra\n')
    with pytest.raises(InputError, match="row has 3 fields but the header has 2") as err:
        read_survey(path, text_columns=["text"])
    assert err.value.line == 4


def test_trailing_empty_fields_are_tolerated(write: WriteFile) -> None:
    docs = read_survey(write("s.csv", "id,text\n1,hello there,,\n"), text_columns=["text"])
    assert docs[0].document.text == "text: hello there"


def test_bad_csv_quoting(write: WriteFile) -> None:
    with pytest.raises(InputError, match="bad CSV"):
        read_survey(write("s.csv", 'id,text\n1,"unterminated\n'), text_columns=["text"])


def test_survey_file_errors(write: WriteFile, tmp_path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_survey(tmp_path / "missing.csv")
    with pytest.raises(InputError, match="not a survey table"):
        read_survey(write("s.txt", "a,b\n"))
    with pytest.raises(InputError, match="over the import limit"):
        read_survey(write("big.csv", "a,b\n" * 100), max_bytes=50)
    with pytest.raises(InputError, match="looks binary"):
        read_survey(write("bin.csv", b"a,b\x00\x01\n"))
