"""PDF files built with reportlab (a test-only dependency)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from reportlab.lib import pdfencrypt
from reportlab.pdfgen import canvas

from tests.ingest.helpers import WriteFile, paragraph_texts
from workbench.core.errors import InputError
from workbench.ingest import read_document
from workbench.ingest.text import normalise_text

if TYPE_CHECKING:
    from pathlib import Path


def make_pdf(
    path: Path, pages: list[list[str]], *, encrypt: object = None, title: str | None = None
) -> Path:
    pdf = canvas.Canvas(str(path), encrypt=encrypt, invariant=1)
    if title:
        pdf.setTitle(title)
        pdf.setAuthor("J. Okafor")
    for lines in pages:
        y = 800
        for line in lines:
            if line:
                pdf.drawString(72, y, line)
            y -= 16
        if not lines:
            pdf.rect(100, 100, 200, 200, fill=1)  # an "image" with no text
        pdf.showPage()
    pdf.save()
    return path


def test_pdf_pages_metadata_and_turns(tmp_path: Path) -> None:
    path = make_pdf(
        tmp_path / "t.pdf",
        [
            ["Interviewer: Where were you born?", "R1: In Hull."],
            [],
            ["Interviewer: And then?", "R1: York."],
        ],
        title="Interview 9",
    )
    doc = read_document(path)
    assert paragraph_texts(doc) == [
        "Interviewer: Where were you born?\nR1: In Hull.",
        "Interviewer: And then?\nR1: York.",
    ]
    assert [t.speaker for t in doc.turns] == ["Interviewer", "R1", "Interviewer", "R1"]
    assert doc.title == "Interview 9"
    assert doc.metadata["author"] == "J. Okafor"
    assert doc.metadata["pages"] == "3"
    starts = [int(s) for s in doc.metadata["page_starts"].split(",")]
    assert starts[0] == 0
    assert doc.text[starts[2] :].startswith("Interviewer: And then?")
    assert starts[1] == len("Interviewer: Where were you born?\nR1: In Hull.")
    assert normalise_text(doc.text) == doc.text


def test_pdf_without_text_layer(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "scan.pdf", [[], []])
    with pytest.raises(InputError, match=r"no extractable text.*OCR it first"):
        read_document(path)


def test_encrypted_pdf(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "locked.pdf", [["secret words"]], encrypt="user-password")
    with pytest.raises(InputError, match="encrypted PDF") as err:
        read_document(path)
    assert str(err.value).startswith(str(path))


def test_pdf_with_only_an_owner_password_is_read(tmp_path: Path) -> None:
    encryption = pdfencrypt.StandardEncryption("", ownerPassword="owner", canCopy=0)
    path = make_pdf(tmp_path / "restricted.pdf", [["open words"]], encrypt=encryption)
    assert read_document(path).text == "open words"


def test_not_a_pdf(write: WriteFile) -> None:
    with pytest.raises(InputError, match="not a PDF file"):
        read_document(write("x.pdf", "hello"))


def test_damaged_pdf(write: WriteFile) -> None:
    with pytest.raises(InputError, match=r"(not a valid PDF|cannot read the PDF|no extractable)"):
        read_document(write("x.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ngarbage"))
