"""Keyword matching by lemma."""

from __future__ import annotations

import pytest

from workbench.nlp import KeywordMatch, KeywordMatcher, lemmas, make_pipeline, match_keywords

KEYWORDS = {
    "copying": ["copy", "best practice"],
    "visits": ["open day", "peer visit"],
    "council": ["council"],
}


def found(text, keywords=KEYWORDS):
    return [(text[m.start : m.end], m.code_id, m.keyword) for m in match_keywords(text, keywords)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We went to an open day.", [("open day", "visits", "open day")]),
        ("We went to the open days.", [("open days", "visits", "open day")]),
        ("Open Days were popular.", [("Open Days", "visits", "open day")]),
        ("They copied it.", [("copied", "copying", "copy")]),
        ("They were copying it.", [("copying", "copying", "copy")]),
        ("Copies everywhere.", [("Copies", "copying", "copy")]),
        ("Councils met.", [("Councils", "council", "council")]),
        ("two peer visits", [("peer visits", "visits", "peer visit")]),
        ("an open\nday", [("open\nday", "visits", "open day")]),
        ("the day was open", []),
        ("an open-day", []),
        ("opened", []),
    ],
)
def test_keywords_match_by_lemma(text, expected):
    assert found(text) == expected


def test_matches_are_ordered_and_overlaps_kept():
    keywords = {"a": ["open day"], "b": ["day"], "c": ["open"]}
    assert found("the open day", keywords) == [
        ("open day", "a", "open day"),
        ("open", "c", "open"),
        ("day", "b", "day"),
    ]


def test_a_matcher_is_reusable_on_docs_and_text():
    matcher = KeywordMatcher(KEYWORDS)
    nlp = make_pipeline()
    doc = nlp("Councils copied best practices.")
    assert matcher(doc) == matcher(doc.text)
    assert matcher(doc) == [
        KeywordMatch(0, 8, "council", "council"),
        KeywordMatch(9, 15, "copying", "copy"),
        KeywordMatch(16, 30, "copying", "best practice"),
    ]


def test_blank_and_repeated_keywords_are_ignored():
    assert found("a council", {"x": ["", "  ", "council", "council"]}) == [
        ("council", "x", "council")
    ]


def test_lemmas_of_a_doc():
    doc = make_pipeline()("The councils\n\nwent")
    assert lemmas(doc) == [(0, 3, "the"), (4, 12, "council"), (14, 18, "go")]
