"""Finding date mentions in plain text (no spaCy needed)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.core.dates import Precision
from workbench.nlp.date_grammar import MENTION_RE, lower_text
from workbench.nlp.datenorm import DateOptions
from workbench.nlp.mentions import find_date_mentions, iter_matches

INTERVIEW = date(2010, 6, 15)

SPEECH = (
    "Interviewer: So when did the partnership start?\n\n"
    "R1: Well, I joined the council in 2003, and by 2005 about 2000 people were using "
    "the centre. Between 2001 and 2004 we ran twelve pilots, um, and 2003 councils "
    "answered the survey, 45 per cent of them. The following spring we moved to the new "
    "building. Two years later it closed, and the year before the merger things were fine. "
    "In the first round we bid for 2001/02, and again in Q3 2004. Last year, in March, "
    "we went back on 12/03/2009, which was odd after the mid-1990s."
)


def texts(found):
    return [(m.text, m.range.start.isoformat(), m.range.end.isoformat(), m.inferred) for m in found]


def test_interview_paragraph():
    found = find_date_mentions(SPEECH, INTERVIEW)
    assert texts(found) == [
        ("2003", "2003-01-01", "2003-12-31", False),
        ("2005", "2005-01-01", "2005-12-31", False),
        ("Between 2001 and 2004", "2001-01-01", "2004-12-31", False),
        # "2003 councils" and "45 per cent" are counts
        ("The following spring", "2005-03-01", "2005-05-31", True),  # after 2001-2004
        ("Two years later", "2007-01-01", "2007-12-31", True),  # after spring 2005
        # "the year before the merger" counts from an event we cannot date
        ("2001/02", "2001-04-01", "2002-03-31", False),
        ("Q3 2004", "2004-07-01", "2004-09-30", False),
        ("Last year", "2009-01-01", "2009-12-31", True),
        ("12/03/2009", "2009-03-12", "2009-03-12", False),
        ("the mid-1990s", "1994-01-01", "1996-12-31", False),
    ]
    for m in found:
        assert SPEECH[m.start : m.end] == m.text


def test_without_a_document_date_deictic_expressions_are_skipped():
    found = texts(find_date_mentions(SPEECH))
    assert ("Last year", "2009-01-01", "2009-12-31", True) not in found
    # anaphoric ones still count from the previous mention
    assert ("Two years later", "2007-01-01", "2007-12-31", True) in found


def test_anaphora_needs_an_earlier_mention():
    assert find_date_mentions("Two years later it closed.", INTERVIEW) == []
    found = find_date_mentions("We opened in 2003. Two years later it closed.", INTERVIEW)
    assert texts(found)[1] == ("Two years later", "2005-01-01", "2005-12-31", True)


def test_anaphora_chains():
    text = "It began in 2003. The following year we grew, and the year after that we split."
    found = find_date_mentions(text, INTERVIEW)
    assert [m.range.start.year for m in found] == [2003, 2004, 2005]
    assert [m.inferred for m in found] == [False, True, True]


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("In 2003 things changed.", True),
        ("2003 was a hard year.", True),
        ("In 2003 councils were merged.", True),
        ("Since 1999 staff have left.", True),
        ("By 2003 we were adapting.", True),
        ("The 2003 budget was cut.", True),
        ("2003's budget was cut.", True),
        ("It ended in 2003.", True),
        ("Then 2003, 2004 and 2005 were quiet.", True),
        ("Some 2003 councils answered.", False),
        ("About 2000 people came.", False),
        ("Between 2000 and 3000 people came.", False),
        ("It rose 2000 per cent.", False),
        ("It rose 2000 percent.", False),
        ("It rose 2000%.", False),
        ("We met in room 2003.", False),
        ("See page 2001 of the report.", False),
        ("It cost £2003.", False),
        ("There were 2,003 of them.", False),
        ("The ratio was 2003.5 to one.", False),
        ("Call 01234 2003456.", False),
        ("The 1950 figure.", True),
    ],
)
def test_years_and_counts(text, year):
    found = find_date_mentions(text)
    assert bool(found) is year, found


@pytest.mark.parametrize(
    "text",
    [
        "In the first round we lost.",
        "We had a meeting on 31 February 2004.",
        "The form said 2004-13-01.",
        "It may be true. This may help.",
        "The second half was better.",
        "We spent two years on the board.",
        "A few years ago, some months later.",
    ],
)
def test_not_mentions(text):
    assert find_date_mentions(text, INTERVIEW) == []


def test_an_impossible_date_does_not_hide_the_next_one():
    found = find_date_mentions("On 31 February 2004, or rather 1 March 2004, we met.")
    assert texts(found) == [("1 March 2004", "2004-03-01", "2004-03-01", False)]


def test_day_first_option():
    text = "We met on 03/12/2004."
    (first,) = find_date_mentions(text)
    assert first.range.start == date(2004, 12, 3)
    (second,) = find_date_mentions(text, options=DateOptions(day_first=False))
    assert second.range.start == date(2004, 3, 12)


def test_offsets_survive_characters_that_grow_when_lower_cased():
    text = "İİ İstanbul, March 2004 and İzmir in 2005."
    found = find_date_mentions(text)
    assert [m.text for m in found] == ["March 2004", "2005"]
    assert all(text[m.start : m.end] == m.text for m in found)


def test_mention_precision_shortcut():
    (m,) = find_date_mentions("in Q3 2004")
    assert m.precision is Precision.QUARTER


# -- properties --------------------------------------------------------------------------------

FRAGMENTS = [
    "2003", "in 2003", "March 2004", "12 March 2004", "March 12, 2004", "12/03/2004",
    "2004-03-12", "Q3 2004", "the third quarter of 2004", "H1 2004", "the first half of 2004",
    "spring 2005", "the spring of 2005", "winter 2003/04", "1999-2001", "1999–2001",
    "between 2001 and 2004", "from 2004 to 2008", "2001/02", "the 1990s", "the early 1990s",
    "the mid-90s", "the late nineties", "early 2003", "mid-2003", "the end of 2003",
    "last year", "this year", "next year", "two years later", "the following spring",
    "three years ago", "the year before", "last month", "in the first round", "31 February 2004",
    "2003 councils", "about 2000 people", "45 per cent", "room 2003", "March to June 2004",
    "12-15 March 2004", "that year", "the year before last", "a year later", "Last May",
    "this may", "the", "between", "from", "early", "of", "and", "to", "we", "council", "people",
    "open", "days", "year", "month", "mar", "market", "decided", "-", "–", ",", ".", "?", "(", ")",
    "'", "’", "£", "%", "/", "7", "12", "1990", "2000s", "q3", "İ", "x", "'90s", "the '90s",
]  # fmt: skip
SEPARATORS = [" ", " ", " ", "  ", "\n", "\n\n", "", ", ", "-"]


@st.composite
def speech(draw):
    parts = draw(st.lists(st.sampled_from(FRAGMENTS), max_size=30))
    seps = draw(st.lists(st.sampled_from(SEPARATORS), min_size=len(parts), max_size=len(parts)))
    return "".join(p + s for p, s in zip(parts, seps, strict=True))


@settings(max_examples=300)
@given(speech(), st.one_of(st.none(), st.dates(date(1950, 1, 1), date(2050, 12, 31))))
def test_mentions_slice_the_text_in_order(text, anchor):
    found = find_date_mentions(text, anchor)
    end = 0
    for m in found:
        assert text[m.start : m.end] == m.text
        assert m.start >= end
        assert m.range.start <= m.range.end
        end = m.end


@settings(max_examples=1000)
@given(speech())
def test_trigger_search_finds_what_the_full_scan_finds(text):
    low = lower_text(text)
    fast = [m.span() for m in iter_matches(low)]
    slow = [m.span() for m in MENTION_RE.finditer(low)]
    assert fast == slow


@given(speech())
def test_relative_mentions_need_an_anchor(text):
    for m in find_date_mentions(text):
        if m.inferred:  # only anaphora and two-digit decades without an anchor
            low = m.text.lower()
            assert not low.startswith(("last", "this", "next")), m
            assert not low.endswith("ago"), m


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The difference between the 2004 and 2006 surveys is large.",
            ["between the 2004 and 2006"],
        ),
        ("The 2003 reforms changed it, and so did the 2010 elections.", ["2003", "2010"]),
        ("the 2004 and 2006 surveys", ["2004", "2006"]),
        ("Of these, 2003 councils answered both.", []),
        ("That is about 30 2030 billion dollars.", []),
        ("Tickets cost about 1999 dollars, and 2000 delegates came.", []),
        ("It fell from 18% in 2012 to 11% in 2014.", ["2012", "2014"]),
        ("The survey reached 2,001 respondents in 2004.", ["2004"]),
        ("Phase 2 2001-4 was adaptation.", ["2001-4"]),
        ("A second cohort ran from Fall 2006/Spring 2007.", ["from Fall 2006/Spring 2007"]),
        ("Officers recalled that Spring, 2002 was hard.", ["Spring, 2002"]),
        ("It ran throughout 2002-05.", ["2002-05"]),
    ],
)
def test_grammar_of_real_documents(text, expected):
    assert [m.text for m in find_date_mentions(text)] == expected


def test_a_count_is_not_a_reference_for_relative_dates():
    text = "The budget was about 30 2030 billion dollars, and 40 years later it still is."
    assert find_date_mentions(text) == []
