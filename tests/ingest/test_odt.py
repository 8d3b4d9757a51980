"""OpenDocument .odt files built with odfpy."""

from __future__ import annotations

import io
import zipfile
from typing import TYPE_CHECKING

import pytest
from odf import dc, meta
from odf.opendocument import OpenDocumentSpreadsheet, OpenDocumentText
from odf.style import Style, TextProperties
from odf.table import Table, TableCell, TableColumn, TableRow
from odf.text import H, LineBreak, List, ListItem, Note, NoteBody, P, S, Span, Tab

from tests.ingest.helpers import WriteFile, paragraph_texts, turn_texts
from workbench.core.errors import InputError
from workbench.ingest import read_document

if TYPE_CHECKING:
    from pathlib import Path


def test_odt_text_structure_and_metadata(tmp_path: Path) -> None:
    document = OpenDocumentText()
    document.meta.addElement(dc.Title(text="Focus group 1"))
    document.meta.addElement(meta.InitialCreator(text="A. Researcher"))
    document.meta.addElement(meta.CreationDate(text="2023-05-12T10:30:00"))
    document.text.addElement(H(outlinelevel=1, text="Focus group 1"))
    para = P(text="Two")
    para.addElement(S(c=3))
    para.addText("spaces")
    para.addElement(Tab())
    para.addText("tab")
    para.addElement(LineBreak())
    para.addText("next line")
    note = Note(noteclass="footnote")
    note.addElement(NoteBody())
    note.childNodes[0].addElement(P(text="FOOTNOTE"))
    para.addElement(note)
    document.text.addElement(para)
    items = List()
    for word in ["apples", "pears"]:
        item = ListItem()
        item.addElement(P(text=word))
        items.addElement(item)
    document.text.addElement(items)
    table = Table(name="t")
    table.addElement(TableColumn(numbercolumnsrepeated=2))
    for row_values in [("Year", "Place"), ("2001", "Hull")]:
        row = TableRow()
        for value in row_values:
            cell = TableCell()
            cell.addElement(P(text=value))
            row.addElement(cell)
        table.addElement(row)
    document.text.addElement(table)
    document.text.addElement(P(text=""))
    path = tmp_path / "fg.odt"
    document.save(str(path))

    doc = read_document(path)
    assert paragraph_texts(doc) == [
        "Focus group 1",
        "Two   spaces\ttab\nnext line",
        "apples",
        "pears",
        "Year\tPlace",
        "2001\tHull",
    ]
    assert "FOOTNOTE" not in doc.text
    assert doc.title == "Focus group 1"
    assert doc.metadata == {"author": "A. Researcher", "created": "2023-05-12T10:30:00"}


def test_odt_bold_labels_and_turns(tmp_path: Path) -> None:
    document = OpenDocumentText()
    bold = Style(name="Strong", family="text")
    bold.addElement(TextProperties(fontweight="bold"))
    document.automaticstyles.addElement(bold)
    for label, speech in [("mo:", " Hello."), ("the clerk:", " Hi."), ("mo:", " Bye.")]:
        para = P()
        para.addElement(Span(stylename=bold, text=label))
        para.addText(speech)
        document.text.addElement(para)
    path = tmp_path / "t.odt"
    document.save(str(path))
    doc = read_document(path)
    assert turn_texts(doc) == [
        ("mo", "mo: Hello."),
        ("the clerk", "the clerk: Hi."),
        ("mo", "mo: Bye."),
    ]


def test_odt_plain_labels(tmp_path: Path) -> None:
    document = OpenDocumentText()
    for line in ["Interviewer: a", "R1: b", "Interviewer: c"]:
        document.text.addElement(P(text=line))
    path = tmp_path / "t.odt"
    document.save(str(path))
    assert [t.speaker for t in read_document(path).turns] == ["Interviewer", "R1", "Interviewer"]


def test_spreadsheet_renamed_to_odt(tmp_path: Path) -> None:
    sheet = OpenDocumentSpreadsheet()
    path = tmp_path / "sheet.odt"
    sheet.save(str(path))
    with pytest.raises(InputError, match="not a text document"):
        read_document(path)


def test_not_a_zip(write: WriteFile) -> None:
    with pytest.raises(InputError, match=r"not a valid \.odt file \(bad zip"):
        read_document(write("x.odt", b"plain words"))


def test_zip_without_content(tmp_path: Path) -> None:
    path = tmp_path / "x.odt"
    with zipfile.ZipFile(path, "w") as out:
        out.writestr("mimetype", "application/vnd.oasis.opendocument.text")
    with pytest.raises(InputError, match=r"no content\.xml inside"):
        read_document(path)


def _rezip(document: OpenDocumentText, path: Path, replace: dict[str, bytes]) -> Path:
    buffer = io.BytesIO()
    document.write(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    with zipfile.ZipFile(path, "w") as out:
        for item in source.infolist():
            out.writestr(item, replace.get(item.filename, source.read(item)))
    return path


def test_broken_content_xml(tmp_path: Path) -> None:
    document = OpenDocumentText()
    document.text.addElement(P(text="hi"))
    path = _rezip(document, tmp_path / "b.odt", {"content.xml": b"<office:document-content"})
    with pytest.raises(InputError, match=r"not a valid \.odt file \("):
        read_document(path)


def test_password_protected_odt(tmp_path: Path) -> None:
    document = OpenDocumentText()
    document.text.addElement(P(text="hi"))
    buffer = io.BytesIO()
    document.write(buffer)
    manifest = zipfile.ZipFile(io.BytesIO(buffer.getvalue())).read("META-INF/manifest.xml")
    manifest = manifest.replace(
        b"</manifest:manifest>",
        b"<manifest:file-entry manifest:full-path='x'><manifest:encryption-data/>"
        b"</manifest:file-entry></manifest:manifest>",
    )
    path = _rezip(document, tmp_path / "locked.odt", {"META-INF/manifest.xml": manifest})
    with pytest.raises(InputError, match="password-protected"):
        read_document(path)


def test_empty_odt(tmp_path: Path) -> None:
    document = OpenDocumentText()
    document.text.addElement(P(text=" "))
    path = tmp_path / "e.odt"
    document.save(str(path))
    with pytest.raises(InputError, match="empty"):
        read_document(path)
