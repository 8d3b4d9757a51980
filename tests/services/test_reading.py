"""The coding view's reads: document list, an opened document, codebook counts, blind mode."""

from __future__ import annotations

from workbench.services.codings import add_coding
from workbench.services.reading import (
    list_cases,
    list_codebook,
    list_document_rows,
    open_document,
    paragraph_units,
    recent_codes,
)


def _doc_id(project) -> int:
    return list_document_rows(project, coder="alice")[0].id


def _code(project, **kw):
    args = {"document": "Interview 01", "code": "tacit", "coder": "alice"} | kw
    return add_coding(project.uow(), **args)


def test_open_document_has_text_turns_sentences_mentions_and_dated_segments(coded_project):
    _code(coded_project, quote="copied what they did")
    _code(coded_project, quote="adapting ideas", coder="bob", code="imitation", event_date="2002")
    view = open_document(coded_project, document_id=_doc_id(coded_project))
    assert view.title == "Interview 01"
    assert view.case == "Northbridge"
    assert view.date == "2006-05"
    assert [t.speaker for t in view.turns][:2] == ["Interviewer", "R1"]
    first = view.turns[0]
    assert view.text[first.start : first.label_end] == "Interviewer:"
    assert view.sentences
    assert view.mentions
    assert {m.text for m in view.mentions} >= {"2000", "2003"}
    by_coder = {s.coder: s for s in view.segments}
    assert by_coder["alice"].event_date == "2000"
    assert (by_coder["alice"].date_source, by_coder["alice"].date_scope) == ("mention", "turn")
    assert (by_coder["bob"].event_date, by_coder["bob"].date_source) == ("2002", "own")
    assert view.coders == ("alice", "bob")
    # A transcript's turns are its paragraphs.
    assert len(view.paragraphs) == len(view.turns)


def test_blind_mode_reads_only_my_codings(coded_project):
    _code(coded_project, quote="copied what they did")
    _code(coded_project, quote="adapting ideas", coder="bob")
    view = open_document(coded_project, document_id=_doc_id(coded_project), only_coder="alice")
    assert [s.coder for s in view.segments] == ["alice"]
    rows = list_document_rows(coded_project, coder="alice", only_coder="alice")
    assert (rows[0].codings, rows[0].mine) == (1, 1)
    rows = list_document_rows(coded_project, coder="alice")
    assert (rows[0].codings, rows[0].mine) == (2, 1)
    assert 0 < rows[0].coded_share < 1
    counts = {c.guid: c.codings for c in list_codebook(coded_project, only_coder="bob")}
    assert counts["tacit"] == 1


def test_recent_codes_newest_first_and_cases(coded_project):
    _code(coded_project, quote="copied what they did", code="imitation")
    _code(coded_project, quote="adapting ideas", code="tacit")
    assert recent_codes(coded_project, coder="alice")[:2] == ["tacit", "imitation"]
    assert recent_codes(coded_project, coder="bob") == []
    assert list_cases(coded_project) == ["Northbridge"]


def test_paragraph_units_split_blank_lines_and_turns():
    text = "A: one\nB: two\n\nProse here.\nstill prose"
    units = paragraph_units(text, [0, 7])
    assert [text[a:b] for a, b in units] == ["A: one", "B: two", "Prose here.\nstill prose"]
