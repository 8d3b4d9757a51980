"""PDF running text from the layout: furniture, line numbers, notes, hyphens, page breaks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tests.nlp.devset.pdfs import Footnote, make_pdf
from workbench.ingest import read_document
from workbench.ingest.pdflayout import join_wrapped

if TYPE_CHECKING:
    from pathlib import Path

PARAGRAPHS = [
    "The scheme began in 1999 and the first councils copied what they saw at the open "
    "days, word for word and form for form, because nobody had told them otherwise. " * 3,
    "By 2003 the copying had turned into adaptation. The inspection regime changed and "
    "the councils that had copied were the first to notice that copying was not enough "
    "for a public service. " * 4 + "Peer review became voluntary. It was cheap.",
    "Interviewer: When did that change?",
    "R1: About two years later, with the new director.",
]


def read(tmp_path: Path, **kw) -> str:
    made = make_pdf(PARAGRAPHS, lines_per_page=12, **kw)
    path = tmp_path / "doc.pdf"
    path.write_bytes(made.data)
    return read_document(path).text


def words(text: str) -> list[str]:
    return text.split()


def test_headers_footers_and_line_numbers_are_not_text(tmp_path):
    text = read(tmp_path, line_numbers=True)
    assert "Project export" not in text
    assert "Page 1 of" not in text
    assert "\t" not in text
    assert words(text) == words("\n\n".join(PARAGRAPHS))


def test_paragraphs_survive_page_breaks_and_hyphenation(tmp_path):
    text = read(tmp_path)
    assert text.split("\n\n") == [" ".join(p.split()) for p in PARAGRAPHS]


def test_footnotes_move_after_the_text_with_their_anchors(tmp_path):
    note = Footnote("voluntary.", 1, "Since the 2005 guidance.")
    text = read(tmp_path, footnotes=(note,))
    body, notes = text.split("\n\nNotes\n\n")
    assert "Peer review became voluntary.[1] It was cheap." in body
    assert "Since the 2005 guidance" not in body
    assert notes == "[1] Since the 2005 guidance."


def test_hyphenation_rule():
    assert join_wrapped("organi-", "sational learning") == "organisational learning"
    assert join_wrapped("inter-", "organizational") == "inter-organizational"
    assert join_wrapped("the 2003-", "Reforms") == "the 2003- Reforms"
    assert join_wrapped("ends here", "and goes on") == "ends here and goes on"
