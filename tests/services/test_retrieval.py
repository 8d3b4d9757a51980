"""Retrieval of a code's segments with context, filtered by case, coder and event date."""

from __future__ import annotations

from workbench.services.codings import add_coding
from workbench.services.retrieval import retrieve_segments


def _code(project, quote, code="tacit", coder="alice", **kw):
    return add_coding(
        project.uow(), document="Interview 01", code=code, coder=coder, quote=quote, **kw
    )


def test_segments_of_a_code_with_context_and_dates(coded_project):
    _code(coded_project, "copied what they did")
    _code(coded_project, "adapting ideas", coder="bob", event_date="2004")
    _code(coded_project, "peer council", code="imitation")
    result = retrieve_segments(coded_project, code="tacit")
    assert result.total == 2
    first = result.segments[0]
    assert first.quote == "copied what they did"
    assert first.before.endswith("open day and ")
    assert first.after.startswith(".")
    assert (first.document, first.case) == ("Interview 01", "Northbridge")
    assert (first.segment.event_date, first.segment.date_source) == ("2000", "mention")


def test_filters_by_coder_case_and_date(coded_project):
    _code(coded_project, "copied what they did")
    _code(coded_project, "adapting ideas", coder="bob", event_date="2004")
    assert [
        r.segment.coder
        for r in retrieve_segments(coded_project, code="tacit", coder="bob").segments
    ] == ["bob"]
    assert retrieve_segments(coded_project, code="tacit", case="Elsewhere").total == 0
    got = retrieve_segments(coded_project, code="tacit", date="2001-2005")
    assert [r.quote for r in got.segments] == ["adapting ideas"]
    got = retrieve_segments(coded_project, code="tacit", date="2000")
    assert [r.quote for r in got.segments] == ["copied what they did"]


def test_children_are_included_unless_asked_not_to(coded_project):
    _code(coded_project, "open day", code="peer.open-day")
    assert retrieve_segments(coded_project, code="peer").total == 1
    assert retrieve_segments(coded_project, code="peer", include_children=False).total == 0


def test_limit_keeps_the_total(coded_project):
    for quote in ("copied", "adapting", "open day"):
        _code(coded_project, quote)
    got = retrieve_segments(coded_project, code="tacit", limit=2)
    assert (got.total, len(got.segments)) == (3, 2)
