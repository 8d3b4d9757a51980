"""Word .docx files built with python-docx."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pytest

from tests.ingest.helpers import WriteFile, paragraph_texts, turn_texts
from workbench.core.errors import InputError
from workbench.ingest import read_document

if TYPE_CHECKING:
    from pathlib import Path

    from docx.document import Document


def new_document() -> Document:
    """A blank python-docx document (imported lazily: docx is slow to import)."""
    import docx

    return docx.Document()


def save(document: Document, path: Path) -> Path:
    document.save(str(path))
    return path


def labelled(document: Document, label: str, speech: str) -> None:
    """A paragraph whose speaker label is bold, as interview transcripts are typed."""
    paragraph = document.add_paragraph()
    paragraph.add_run(label).bold = True
    paragraph.add_run(speech)


def test_docx_text_tables_metadata(tmp_path: Path) -> None:
    document = new_document()
    props = document.core_properties
    props.title = "Interview 3"
    props.author = "J. Okafor"
    props.created = datetime(2023, 5, 12, 10, 30, tzinfo=UTC)
    props.comments = ""
    props.keywords = "housing, youth"
    document.add_heading("Interview 3", level=1)
    document.add_paragraph("")  # spacing paragraphs are not blocks
    document.add_paragraph("Recorded at the community centre.")
    para = document.add_paragraph("Line one")
    para.add_run().add_break()
    para.add_run("line two\tafter tab")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Year"
    table.cell(0, 1).text = "Place"
    table.cell(1, 0).text = "2001"
    table.cell(1, 1).text = "Hull"
    document.add_paragraph("After the table.")

    doc = read_document(save(document, tmp_path / "interview.docx"))
    assert paragraph_texts(doc) == [
        "Interview 3",
        "Recorded at the community centre.",
        "Line one\nline two\tafter tab",
        "Year\tPlace",
        "2001\tHull",
        "After the table.",
    ]
    assert doc.title == "Interview 3"
    assert doc.metadata["author"] == "J. Okafor"
    assert doc.metadata["created"].startswith("2023-05-12T10:30")
    assert doc.metadata["keywords"] == "housing, youth"
    assert "description" not in doc.metadata
    assert doc.turns == ()


def test_bold_labels_are_speakers(tmp_path: Path) -> None:
    document = new_document()
    document.add_paragraph("Site visit, spring")
    labelled(document, "jane smith:", " We arrived early.")
    labelled(document, "the parish clerk", ": Welcome.")  # colon outside the bold run
    labelled(document, "jane smith: ", "Thank you.")
    doc = read_document(save(document, tmp_path / "t.docx"))
    assert turn_texts(doc) == [
        ("jane smith", "jane smith: We arrived early."),
        ("the parish clerk", "the parish clerk: Welcome."),
        ("jane smith", "jane smith: Thank you."),
    ]
    first = doc.turns[0]
    assert doc.text[first.speech_start : first.end] == "We arrived early."


def test_same_text_without_bold_is_not_a_transcript(tmp_path: Path) -> None:
    document = new_document()
    document.add_paragraph("jane smith: We arrived early.")
    document.add_paragraph("the parish clerk: Welcome.")
    document.add_paragraph("jane smith: Thank you.")
    assert read_document(save(document, tmp_path / "t.docx")).turns == ()


def test_plain_labels_in_docx(tmp_path: Path) -> None:
    document = new_document()
    for line in ["Interviewer: Hello.", "R1: Hi.", "Interviewer: Bye."]:
        document.add_paragraph(line)
    doc = read_document(save(document, tmp_path / "t.DOCX"))
    assert [t.speaker for t in doc.turns] == ["Interviewer", "R1", "Interviewer"]


def test_tracked_insertions_are_read(tmp_path: Path) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = new_document()
    paragraph = document.add_paragraph("Kept ")
    ins = OxmlElement("w:ins")
    ins.set(qn("w:id"), "1")
    ins.set(qn("w:author"), "x")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "inserted"
    run.append(text)
    ins.append(run)
    paragraph._p.append(ins)
    doc = read_document(save(document, tmp_path / "t.docx"))
    assert doc.text == "Kept inserted"


def test_docx_without_core_properties(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    document = new_document()
    document.add_paragraph("Hello")
    document.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    path = tmp_path / "bare.docx"
    with zipfile.ZipFile(path, "w") as out:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "_rels/.rels":  # drop the relationship to core.xml too
                data = re.sub(rb"<Relationship [^>]*core-properties[^>]*/>", b"", data)
            if item.filename != "docProps/core.xml":
                out.writestr(item, data)
    doc = read_document(path)
    assert doc.text == "Hello"
    assert doc.title is None
    assert doc.metadata == {}


def test_not_a_zip(write: WriteFile) -> None:
    with pytest.raises(InputError, match=r"not a valid \.docx file \(bad zip") as err:
        read_document(write("fake.docx", b"this is plain text, renamed"))
    assert "fake.docx: " in str(err.value)


def test_truncated_docx(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    new_document().save(buffer)
    path = tmp_path / "cut.docx"
    path.write_bytes(buffer.getvalue()[:3000])
    with pytest.raises(InputError, match=r"not a valid \.docx"):
        read_document(path)


def test_zip_without_document_part(write: WriteFile, tmp_path: Path) -> None:
    path = tmp_path / "other.docx"
    with zipfile.ZipFile(path, "w") as out:
        out.writestr("hello.txt", "hi")
    with pytest.raises(InputError, match=r"no word/document\.xml inside"):
        read_document(path)


def test_broken_xml_inside(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    new_document().save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    path = tmp_path / "broken.docx"
    with zipfile.ZipFile(path, "w") as out:
        for item in source.infolist():
            data = source.read(item)
            out.writestr(
                item, b"<w:document><unclosed>" if item.filename.endswith("document.xml") else data
            )
    with pytest.raises(InputError, match=r"not a valid \.docx file \("):
        read_document(path)


def test_password_protected_docx(write: WriteFile) -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    with pytest.raises(InputError, match="password-protected or old-format"):
        read_document(write("secret.docx", ole))


def test_empty_docx(tmp_path: Path) -> None:
    document = new_document()
    document.add_paragraph("   ")
    with pytest.raises(InputError, match="empty"):
        read_document(save(document, tmp_path / "blank.docx"))


def test_zip_that_unpacks_too_big(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from workbench.ingest import archive

    monkeypatch.setattr(archive, "MAX_UNZIPPED_BYTES", 10_000)
    document = new_document()
    document.add_paragraph("x" * 20_000)
    with pytest.raises(InputError, match="unpacks to more than"):
        read_document(save(document, tmp_path / "bomb.docx"))


def test_nested_table_rows_are_read_once(tmp_path: Path) -> None:
    document = new_document()
    outer = document.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "left"
    inner = outer.cell(0, 1).add_table(rows=2, cols=1)
    inner.cell(0, 0).text = "in one"
    inner.cell(1, 0).text = "in two"
    doc = read_document(save(document, tmp_path / "nested.docx"))
    assert doc.text.count("in one") == 1
    assert doc.text.count("in two") == 1
    assert doc.text.startswith("left\t")
