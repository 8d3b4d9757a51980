"""RTF files written by hand."""

from __future__ import annotations

import pytest

from tests.ingest.helpers import WriteFile, paragraph_texts, turn_texts
from workbench.core.errors import InputError
from workbench.ingest import read_document

RTF = (
    r"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\froman Times New Roman;}}"
    r"{\colortbl;\red255\green0\blue0;}"
    r"{\info{\title Interview {\'e9}t\'e9 4}{\author J. Okafor}{\operator Sam}"
    r"{\creatim\yr2023\mo5\dy12\hr10\min30}}"
    "\n"
    r"\f0\fs24 {\b Interviewer:} Caf\'e9 first?\par"
    "\n"
    r"R1: Yes,\line on two lines.\par"
    "\n"
    r"\par"
    "\n"
    r"Interviewer: And \u8364? then?\par"
    "\n"
    r"R1: Done.\tab End.\par"
    "\n"
    "}"
)


def test_rtf_text_paragraphs_turns_metadata(write: WriteFile) -> None:
    doc = read_document(write("interview.rtf", RTF))
    assert paragraph_texts(doc) == [
        "Interviewer: Café first?",
        "R1: Yes,\non two lines.",
        "Interviewer: And € then?",
        "R1: Done.\tEnd.",
    ]
    assert turn_texts(doc)[1] == ("R1", "R1: Yes,\non two lines.")
    assert [t.speaker for t in doc.turns] == ["Interviewer", "R1", "Interviewer", "R1"]
    assert doc.title == "Interview été 4"
    assert doc.metadata == {
        "author": "J. Okafor",
        "last_modified_by": "Sam",
        "created": "2023-05-12T10:30",
    }


def test_not_rtf(write: WriteFile) -> None:
    with pytest.raises(InputError, match=r"not an RTF file"):
        read_document(write("x.rtf", "just text"))


def test_rtf_without_text(write: WriteFile) -> None:
    with pytest.raises(InputError, match="empty"):
        read_document(write("x.rtf", r"{\rtf1\ansi{\fonttbl{\f0 Arial;}}\par\par}"))


def test_rtf_binary(write: WriteFile) -> None:
    with pytest.raises(InputError, match="looks binary"):
        read_document(write("x.rtf", b"{\\rtf1\x00\x01\x02}"))
