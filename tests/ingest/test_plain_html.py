"""Plain text, markdown and HTML."""

from __future__ import annotations

from tests.ingest.helpers import WriteFile, paragraph_texts, turn_texts
from workbench.ingest import read_document
from workbench.ingest.text import normalise_text

TRANSCRIPT = (
    "Interview 7 — Northbridge\r\n\r\n"
    "Interviewer: When did it start?\r\n"
    "R1: In 2000.   \r\nWe copied them.\r\n\r\n\r\n\r\n\r\n"
    "Interviewer: And later?\r\n"
    "R1: Cafe\u0301 meetings.\r\n"
)


def test_txt_transcript(write: WriteFile) -> None:
    doc = read_document(write("interview.txt", TRANSCRIPT))
    assert doc.text == (
        "Interview 7 — Northbridge\n\n"
        "Interviewer: When did it start?\n"
        "R1: In 2000.\nWe copied them.\n\n\n"
        "Interviewer: And later?\n"
        "R1: Café meetings."
    )
    assert paragraph_texts(doc) == [
        "Interview 7 — Northbridge",
        "Interviewer: When did it start?\nR1: In 2000.\nWe copied them.",
        "Interviewer: And later?\nR1: Café meetings.",
    ]
    assert turn_texts(doc) == [
        ("Interviewer", "Interviewer: When did it start?"),
        ("R1", "R1: In 2000.\nWe copied them."),
        ("Interviewer", "Interviewer: And later?"),
        ("R1", "R1: Café meetings."),
    ]
    assert doc.title is None
    assert doc.metadata == {"encoding": "utf-8"}


def test_txt_in_windows_1252(write: WriteFile) -> None:
    doc = read_document(write("notes.txt", "Caf\xe9 cr\xe8me, tr\xe8s bien.".encode("cp1252")))
    assert doc.text == "Café crème, très bien."
    assert doc.metadata["encoding"] == "cp1252"
    assert doc.turns == ()


def test_txt_prose_has_no_turns(write: WriteFile) -> None:
    doc = read_document(write("memo.txt", "Note: call back.\n\nExample: the pilot.\n"))
    assert doc.turns == ()
    assert len(doc.paragraphs) == 2


def test_markdown_is_kept_verbatim(write: WriteFile) -> None:
    source = "# Focus group 2\n\nSome *context* here.\n\n**Moderator:** Hello.\n\n**Sam:** Hi.\n"
    doc = read_document(write("fg.md", source))
    assert doc.text == source.rstrip("\n")
    assert doc.title == "Focus group 2"
    assert paragraph_texts(doc)[1] == "Some *context* here."
    assert [t.speaker for t in doc.turns] == ["Moderator", "Sam"]
    assert doc.text[doc.turns[0].speech_start : doc.turns[0].end] == "Hello."


def test_markdown_without_heading_has_no_title(write: WriteFile) -> None:
    assert read_document(write("x.markdown", "just text")).title is None


HTML = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>  Interview
  12 </title>
<meta name="author" content="J. Okafor">
<style>p { color: red }</style>
<script>var x = "Interviewer: not text";</script>
</head>
<body>
<h1>Interview   12</h1>
<p>Interviewer: Where did you
grow up?</p>
<p>R1: In <b>Leeds</b>, mostly.<br>Then York.</p>
<div>Interviewer: And &amp; then?</div>
<ul><li>one</li><li>two</li></ul>
<table><tr><th>Year</th><th>Place</th></tr><tr><td>2001</td><td>Hull</td></tr></table>
<pre>  keep   this
  layout</pre>
<noscript>enable js</noscript>
</body></html>
"""


def test_html(write: WriteFile) -> None:
    doc = read_document(write("page.HTML", HTML))
    assert doc.title == "Interview 12"
    assert doc.metadata == {"encoding": "utf-8", "language": "en", "author": "J. Okafor"}
    assert paragraph_texts(doc) == [
        "Interview 12",
        "Interviewer: Where did you grow up?",
        "R1: In Leeds, mostly.\nThen York.",
        "Interviewer: And & then?",
        "one",
        "two",
        "Year\tPlace",
        "2001\tHull",
        "keep   this\n  layout",
    ]
    assert "not text" not in doc.text
    assert "color" not in doc.text
    assert "enable js" not in doc.text
    assert [t.speaker for t in doc.turns] == ["Interviewer", "R1", "Interviewer"]
    assert normalise_text(doc.text) == doc.text


def test_html_declared_charset(write: WriteFile) -> None:
    page = '<html><head><meta charset="iso-8859-1"></head><body><p>Ol\xe1 a\xe7\xe3o</p></body>'
    doc = read_document(write("p.htm", page.encode("latin-1")))
    assert doc.text == "Olá ação"
    assert doc.metadata["encoding"] == "iso8859-1"


def test_html_tolerates_broken_markup(write: WriteFile) -> None:
    doc = read_document(write("b.html", "<p>one<p>two</div><b>three"))
    assert paragraph_texts(doc) == ["one", "two", "three"]


def test_html_svg_title_is_not_the_page_title(write: WriteFile) -> None:
    page = "<body><svg><title>icon</title></svg><p>Body</p><title>Real</title><title>2</title>"
    doc = read_document(write("s.html", page))
    assert doc.title == "Real"
    assert doc.text == "Body"
