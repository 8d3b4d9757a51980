"""Suggestions from codebook keywords (by lemma) and from date mentions; accept and reject."""

from __future__ import annotations

import pytest

from workbench.services.codings import list_codings
from workbench.services.reading import list_document_rows
from workbench.services.segments import apply_code
from workbench.services.suggestions import (
    accept_suggestion,
    reject_suggestion,
    suggest_codings,
)


@pytest.fixture
def doc(coded_project) -> int:
    return list_document_rows(coded_project, coder="alice")[0].id


def by_code(suggestions):
    return {s.code: s for s in suggestions if s.kind == "code"}


def test_keywords_by_lemma_suggest_their_sentence(coded_project, doc):
    found = by_code(suggest_codings(coded_project, document_id=doc, coder="alice"))
    # "open day" -> peer.open-day, "copied" -> imitation (keyword "copy"), "adapting" -> adaptation
    assert {"peer.open-day", "imitation", "adaptation"} <= set(found)
    s = found["imitation"]
    assert s.reason == "keyword 'copy'"
    assert s.document_id == doc


def test_accepting_stores_a_suggested_coding_and_it_is_not_suggested_again(coded_project, doc):
    s = by_code(suggest_codings(coded_project, document_id=doc, coder="alice"))["imitation"]
    seg = accept_suggestion(coded_project, suggestion=s, coder="alice")
    assert (seg.origin, seg.start, seg.end, seg.code) == ("suggested", s.start, s.end, "imitation")
    [stored] = list_codings(coded_project.uow())
    assert stored.origin == "suggested"
    assert "imitation" not in by_code(
        suggest_codings(coded_project, document_id=doc, coder="alice")
    )
    # Bob has not coded it: he still gets it.
    assert "imitation" in by_code(suggest_codings(coded_project, document_id=doc, coder="bob"))


def test_rejected_suggestions_stay_rejected(coded_project, doc):
    s = by_code(suggest_codings(coded_project, document_id=doc, coder="alice"))["adaptation"]
    reject_suggestion(coded_project, suggestion=s, coder="alice")
    assert "adaptation" not in by_code(
        suggest_codings(coded_project, document_id=doc, coder="alice")
    )
    assert list_codings(coded_project.uow()) == []


def test_date_suggestions_for_my_undated_segments(coded_project, doc):
    from workbench.services.reading import open_document

    text = open_document(coded_project, document_id=doc).text
    start = text.index("we were adapting")
    seg = apply_code(
        coded_project, document_id=doc, start=start, end=start + 16, code="tacit", coder="alice"
    )
    dates = [
        s
        for s in suggest_codings(coded_project, document_id=doc, coder="alice")
        if s.kind == "date"
    ]
    assert [(d.coding_id, d.event_date) for d in dates] == [(seg.id, "2003")]
    accepted = accept_suggestion(coded_project, suggestion=dates[0], coder="alice")
    assert (accepted.own_date, accepted.date_source) == ("2003", "own")
    assert not [
        s
        for s in suggest_codings(coded_project, document_id=doc, coder="alice")
        if s.kind == "date"
    ]
