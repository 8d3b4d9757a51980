"""Sentence boundaries that survive abbreviations, quotes, brackets, bullets and turns."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.nlp import analyse
from workbench.nlp.sentences import refine_starts


def sentences(text: str, breaks: tuple[int, ...] = ()) -> list[str]:
    [a] = analyse([(text, None)], breaks=[breaks])
    return [text[s:e] for s, e in a.sentences]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Downe et al. (2004, pp. 531-553) describe it, c.f. Zollo. Each form differs.",
            ["Downe et al. (2004, pp. 531-553) describe it, c.f. Zollo.", "Each form differs."],
        ),
        (
            "Nutley et al., 2007, make the point. So do we.",
            ["Nutley et al., 2007, make the point.", "So do we."],
        ),
        (
            "Dr Hale and Mr. Okafor met in St. Albans. It rained.",
            ["Dr Hale and Mr. Okafor met in St. Albans.", "It rained."],
        ),
        (
            "The guidance (No. 3) is in App. B. It is short.",
            ["The guidance (No. 3) is in App. B.", "It is short."],
        ),
        (
            "e.g. the peer visit, i.e. some of it. Yes.",
            ["e.g. the peer visit, i.e. some of it.", "Yes."],
        ),
        ('It worked. "Really?" she asked.', ["It worked.", '"Really?" she asked.']),
        ("Second item. (Not the first.) Third.", ["Second item.", "(Not the first.)", "Third."]),
        (
            "Three points:\n- First item.\n- Second item",
            ["Three points:", "- First item.", "- Second item"],
        ),
        ("Steps:\n1. Read it.\n2. Code it.", ["Steps:", "1. Read it.", "2. Code it."]),
        ("And honestly... I didn't expect much.", ["And honestly...", "I didn't expect much."]),
        ("We met at 3 p.m. on a Friday. Fine.", ["We met at 3 p.m. on a Friday.", "Fine."]),
        ("R1: No. I did not.", ["R1: No.", "I did not."]),
    ],
)
def test_rules_of_written_text(text, expected):
    assert sentences(text) == expected


def test_a_turn_without_a_full_stop_ends_its_sentence():
    text = "R1: That is when it got interesting\nInterviewer: Interesting how?"
    assert sentences(text) == [text]
    assert sentences(text, (0, text.index("Interviewer"))) == [
        "R1: That is when it got interesting",
        "Interviewer: Interesting how?",
    ]


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="ab .?!\"'()[]-\n,1", max_size=60), st.lists(st.integers(0, 60)))
def test_refined_starts_are_sorted_distinct_and_inside_the_text(text, starts):
    starts = sorted({s for s in starts if s < len(text)} | {0}) if text else []
    got = refine_starts(text, starts, breaks=[len(text) // 2])
    assert got == sorted(set(got))
    assert all(0 <= s < max(1, len(text)) for s in got)
