"""What real documents carry: tool headers, list numbers, soft hyphens, metadata (issue 16)."""

from __future__ import annotations

import io
import zipfile

from tests.ingest.helpers import WriteFile, paragraph_texts
from workbench.ingest import read_document, read_survey

QUALTRICS = (
    "StartDate,ResponseId,Q1,Q2\n"
    '"Start Date","Response ID","How satisfied were you?","What did you learn?"\n'
    '"{""ImportId"":""startDate""}","{""ImportId"":""_recordId""}",'
    '"{""ImportId"":""QID1""}","{""ImportId"":""QID2_TEXT""}"\n'
    "2004-03-01,R_1,Very satisfied,We learned to adapt the forms to our own wards\n"
    "2004-03-02,R_2,Satisfied,That nobody admits failure at an awards ceremony\n"
    "2004-03-03,R_3,Very satisfied,Not much really\n"
)


def test_qualtrics_header_rows_are_not_respondents(write: WriteFile) -> None:
    docs = read_survey(write("q.csv", QUALTRICS))
    assert [d.rows for d in docs] == [(1,), (2,), (3,)]
    assert docs[0].document.text == (
        "What did you learn?: We learned to adapt the forms to our own wards"
    )
    # the rating repeats and is short: an attribute, not free text
    assert docs[0].attributes["How satisfied were you?"] == "Very satisfied"


SURVEYMONKEY = (
    "Respondent ID,Start Date,What did the scheme change?,Which visits did you make?,\n"
    ",,Open-Ended Response,Open day,Peer review\n"
    "101,03/01/2004,It changed how we talked to other councils about failure,Open day,\n"
    "102,03/02/2004,We copied forms first and adapted them two years later,Open day,Peer review\n"
    "103,03/05/2004,Very little in the end because the money ran out,,Peer review\n"
)


def test_surveymonkey_second_header_row_names_the_options(write: WriteFile) -> None:
    docs = read_survey(write("m.csv", SURVEYMONKEY))
    assert len(docs) == 3
    assert docs[1].document.text.startswith("What did the scheme change?: We copied forms")
    assert docs[1].attributes["Which visits did you make? - Open day"] == "Open day"
    assert docs[1].attributes["Which visits did you make? - Peer review"] == "Peer review"


def test_word_lists_keep_their_numbers_and_bullets(tmp_path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("Three findings:")
    for s in ("Imitation came first.", "Adaptation needed slack.", "Innovation followed."):
        document.add_paragraph(s, style="List Number")
    document.add_paragraph("A point.", style="List Bullet")
    path = tmp_path / "l.docx"
    document.save(str(path))
    assert paragraph_texts(read_document(path)) == [
        "Three findings:",
        "1. Imitation came first.",
        "2. Adaptation needed slack.",
        "3. Innovation followed.",
        "• A point.",
    ]


def test_odt_lists_keep_their_numbers_and_bullets(tmp_path) -> None:
    from odf.opendocument import OpenDocumentText
    from odf.text import List, ListItem, ListLevelStyleBullet, ListLevelStyleNumber, ListStyle, P

    document = OpenDocumentText()
    numbered = ListStyle(name="L1")
    numbered.addElement(ListLevelStyleNumber(level=1, numformat="a", numsuffix=")"))
    bullets = ListStyle(name="L2")
    bullets.addElement(ListLevelStyleBullet(level=1, bulletchar="•"))
    document.automaticstyles.addElement(numbered)
    document.automaticstyles.addElement(bullets)
    for style, items in ((numbered, ["First", "Second"]), (bullets, ["A point"])):
        lst = List(stylename=style)
        for s in items:
            item = ListItem()
            item.addElement(P(text=s))
            lst.addElement(item)
        document.text.addElement(lst)
    path = tmp_path / "l.odt"
    document.save(str(path))
    assert paragraph_texts(read_document(path)) == ["a) First", "b) Second", "• A point"]


def test_rtf_soft_hyphens_are_not_text(write: WriteFile) -> None:
    doc = read_document(write("s.rtf", r"{\rtf1\ansi inter\-organizational learn\-ing\~now}"))
    assert doc.text == "interorganizational learning now"


def _docx_with_core(core: str) -> bytes:
    import docx

    buf = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("We met in 2004.")
    document.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = core.encode()
            dst.writestr(info, data)
    return out.getvalue()


def test_word_metadata_is_only_what_the_file_holds(write: WriteFile) -> None:
    core = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        "<dc:title>Interview with the chief executive</dc:title>"
        '<dcterms:created xsi:type="dcterms:W3CDTF">2004-03-12T10:00:00Z</dcterms:created>'
        "</cp:coreProperties>"
    )
    doc = read_document(write("lo.docx", _docx_with_core(core)))
    assert doc.title == "Interview with the chief executive"
    assert doc.metadata == {"created": "2004-03-12T10:00:00Z"}
