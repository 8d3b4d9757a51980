"""The counting rules of the code matrices, on spans small enough to count by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from workbench.report.matrices import (
    NO_CASE,
    OUTSIDE,
    CodedSpan,
    DatedCode,
    PhaseWindow,
    code_by_case,
    code_by_phase,
    cooccurrence,
)

SPANS = [
    # document, case, start, end, code, coder
    CodedSpan("d1", "North", 0, 10, "a", "ana"),
    CodedSpan("d1", "North", 5, 15, "b", "ana"),  # overlaps a by 5 characters
    CodedSpan("d1", "North", 40, 50, "c", "ana"),  # 25 characters after b ends
    CodedSpan("d1", "North", 0, 10, "b", "ben"),  # overlaps a, but another coder
    CodedSpan("d2", None, 0, 10, "a", "ana"),
    CodedSpan("d2", None, 10, 20, "b", "ana"),  # touches a, shares no character
    CodedSpan("d2", None, 100, 120, "a", "ana"),
]


def test_overlap_counts_pairs_sharing_a_character_by_one_coder():
    m = cooccurrence(SPANS, codes=["a", "b", "c"])
    assert m.cell("a", "b") == m.cell("b", "a") == 1
    assert m.cell("a", "c") == m.cell("b", "c") == 0
    # The diagonal is each code's own number of segments.
    assert (m.cell("a", "a"), m.cell("b", "b"), m.cell("c", "c")) == (3, 3, 1)


def test_within_counts_overlaps_and_near_pairs():
    assert cooccurrence(SPANS, within=0, codes=["a", "b", "c"]).cell("a", "b") == 2
    near = cooccurrence(SPANS, within=25, codes=["a", "b", "c"])
    assert near.cell("b", "c") == 1
    assert near.cell("a", "c") == 0  # 30 characters apart
    assert cooccurrence(SPANS, within=30, codes=["a", "b", "c"]).cell("a", "c") == 1
    with pytest.raises(ValueError, match="0 or more"):
        cooccurrence(SPANS, within=-1)


def test_two_segments_of_one_code_are_not_a_cooccurrence():
    spans = [CodedSpan("d", None, 0, 10, "a"), CodedSpan("d", None, 5, 8, "a")]
    m = cooccurrence(spans)
    assert m.rows == ("a",)
    assert m.values == ((2,),)


def test_code_by_case_counts_segments_or_documents():
    m = code_by_case(SPANS, codes=["a", "b", "c"], cases=["North", NO_CASE])
    assert m.values == ((1, 2), (2, 1), (1, 0))
    assert m.row_totals() == (3, 3, 1)
    assert m.column_totals() == (4, 3)
    docs = code_by_case(SPANS, codes=["a", "b"], cases=["North", NO_CASE], count="documents")
    assert docs.values == ((1, 1), (1, 1))


def test_code_by_phase_uses_the_midpoint_and_counts_the_rest_outside():
    phases = [
        PhaseWindow("early", dt.date(1999, 1, 1), dt.date(2001, 6, 30)),
        PhaseWindow("late", dt.date(2001, 7, 1), dt.date(2004, 12, 31)),
    ]
    events = [
        DatedCode("a", dt.date(2001, 1, 1), dt.date(2001, 12, 31)),  # mid 2001-07-02: late
        DatedCode("a", dt.date(2000, 5, 1), dt.date(2000, 5, 1)),
        DatedCode("b", dt.date(2007, 1, 1), dt.date(2007, 1, 1)),
    ]
    m = code_by_phase(events, phases, codes=["a", "b"])
    assert m.columns == ("early", "late", OUTSIDE)
    assert m.values == ((1, 1, 0), (0, 0, 1))
    inside = code_by_phase(events[:2], phases)
    assert inside.columns == ("early", "late")
