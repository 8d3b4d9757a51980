"""The normaliser: surface text (and an anchor date) to a DateRange."""

from __future__ import annotations

import calendar
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.core.dates import DateRange, Precision, format_range, parse_date
from workbench.nlp.datenorm import normalise

P = Precision
A = date(2010, 6, 15)  # the interview date for relative expressions
D = date


def _r(start: str, end: str) -> tuple[date, date]:
    return date.fromisoformat(start), date.fromisoformat(end)


# surface, anchor, start, end, precision, inferred
CASES: list[tuple[str, date | None, str, str, Precision, bool]] = [
    # years
    ("2003", None, "2003-01-01", "2003-12-31", P.YEAR, False),
    ("in 2003", None, "2003-01-01", "2003-12-31", P.YEAR, False),
    ("1999", A, "1999-01-01", "1999-12-31", P.YEAR, False),
    ("the year 1850", None, "1850-01-01", "1850-12-31", P.YEAR, False),
    # months
    ("March 2004", None, "2004-03-01", "2004-03-31", P.MONTH, False),
    ("Mar 2004", None, "2004-03-01", "2004-03-31", P.MONTH, False),
    ("Sept. 2004", None, "2004-09-01", "2004-09-30", P.MONTH, False),
    ("march of 2004", None, "2004-03-01", "2004-03-31", P.MONTH, False),
    ("February, 2004", None, "2004-02-01", "2004-02-29", P.MONTH, False),
    ("03/2004", None, "2004-03-01", "2004-03-31", P.MONTH, False),
    # days
    ("12 March 2004", None, "2004-03-12", "2004-03-12", P.DAY, False),
    ("12th March 2004", None, "2004-03-12", "2004-03-12", P.DAY, False),
    ("the 12th of March 2004", None, "2004-03-12", "2004-03-12", P.DAY, False),
    ("March 12, 2004", None, "2004-03-12", "2004-03-12", P.DAY, False),
    ("March 12th 2004", None, "2004-03-12", "2004-03-12", P.DAY, False),
    ("on 1 Jan 2000", None, "2000-01-01", "2000-01-01", P.DAY, False),
    ("29 February 2004", None, "2004-02-29", "2004-02-29", P.DAY, False),
    ("2004-03-12", None, "2004-03-12", "2004-03-12", P.DAY, False),
    ("2004/03/12", None, "2004-03-12", "2004-03-12", P.DAY, False),
    ("12/03/2004", None, "2004-03-12", "2004-03-12", P.DAY, False),
    ("12.03.2004", None, "2004-03-12", "2004-03-12", P.DAY, False),
    ("1-3-2004", None, "2004-03-01", "2004-03-01", P.DAY, False),
    # quarters and halves
    ("Q3 2004", None, "2004-07-01", "2004-09-30", P.QUARTER, False),
    ("q1 2004", None, "2004-01-01", "2004-03-31", P.QUARTER, False),
    ("Q2-2004", None, "2004-04-01", "2004-06-30", P.QUARTER, False),
    ("2004 Q4", None, "2004-10-01", "2004-12-31", P.QUARTER, False),
    ("the third quarter of 2004", None, "2004-07-01", "2004-09-30", P.QUARTER, False),
    ("the last quarter of 2004", None, "2004-10-01", "2004-12-31", P.QUARTER, False),
    ("1st quarter 2004", None, "2004-01-01", "2004-03-31", P.QUARTER, False),
    ("H1 2004", None, "2004-01-01", "2004-06-30", P.HALF, False),
    ("2004 H2", None, "2004-07-01", "2004-12-31", P.HALF, False),
    ("the first half of 2004", None, "2004-01-01", "2004-06-30", P.HALF, False),
    ("the second half of 2004", None, "2004-07-01", "2004-12-31", P.HALF, False),
    ("the latter half of 2004", None, "2004-07-01", "2004-12-31", P.HALF, False),
    # seasons
    ("spring 2005", None, "2005-03-01", "2005-05-31", P.SEASON, False),
    ("the spring of 2005", None, "2005-03-01", "2005-05-31", P.SEASON, False),
    ("summer 2005", None, "2005-06-01", "2005-08-31", P.SEASON, False),
    ("autumn 2005", None, "2005-09-01", "2005-11-30", P.SEASON, False),
    ("the fall of 2005", None, "2005-09-01", "2005-11-30", P.SEASON, False),
    ("winter 2004", None, "2004-12-01", "2005-02-28", P.SEASON, False),
    ("winter 2003/04", None, "2003-12-01", "2004-02-29", P.SEASON, False),
    ("the winter of 2003", None, "2003-12-01", "2004-02-29", P.SEASON, False),
    # ranges
    ("1999-2001", None, "1999-01-01", "2001-12-31", P.RANGE, False),
    ("1999–2001", None, "1999-01-01", "2001-12-31", P.RANGE, False),
    ("1999 - 2001", None, "1999-01-01", "2001-12-31", P.RANGE, False),
    ("1999 to 2001", None, "1999-01-01", "2001-12-31", P.RANGE, False),
    ("between 2001 and 2004", None, "2001-01-01", "2004-12-31", P.RANGE, False),
    ("from 2004 to 2008", None, "2004-01-01", "2008-12-31", P.RANGE, False),
    ("from 2004 until 2008", None, "2004-01-01", "2008-12-31", P.RANGE, False),
    ("from March 2004 to June 2005", None, "2004-03-01", "2005-06-30", P.RANGE, False),
    ("between spring 2004 and summer 2005", None, "2004-03-01", "2005-08-31", P.RANGE, False),
    ("12 March 2004 - 15 June 2004", None, "2004-03-12", "2004-06-15", P.RANGE, False),
    ("between 2004 and 2004", None, "2004-01-01", "2004-12-31", P.YEAR, False),
    ("March to June 2004", None, "2004-03-01", "2004-06-30", P.RANGE, False),
    ("March-June 2004", None, "2004-03-01", "2004-06-30", P.RANGE, False),
    ("between March and June 2004", None, "2004-03-01", "2004-06-30", P.RANGE, False),
    ("from March to June 2004", None, "2004-03-01", "2004-06-30", P.RANGE, False),
    ("December to February 2005", None, "2004-12-01", "2005-02-28", P.RANGE, False),
    ("12-15 March 2004", None, "2004-03-12", "2004-03-15", P.RANGE, False),
    ("March 12-15, 2004", None, "2004-03-12", "2004-03-15", P.RANGE, False),
    ("between the 12th and 15th of March 2004", None, "2004-03-12", "2004-03-15", P.RANGE, False),
    # financial years (UK: April to March) and abbreviated ranges
    ("2001/02", None, "2001-04-01", "2002-03-31", P.RANGE, False),
    ("2001/2002", None, "2001-04-01", "2002-03-31", P.RANGE, False),
    # with a dash and no stated convention, two consecutive years are the two years
    ("2001-02", None, "2001-01-01", "2002-12-31", P.RANGE, False),
    ("2001-2", None, "2001-01-01", "2002-12-31", P.RANGE, False),
    ("2001-4", None, "2001-01-01", "2004-12-31", P.RANGE, False),
    ("2004-8", None, "2004-01-01", "2008-12-31", P.RANGE, False),
    ("2004–08", None, "2004-01-01", "2008-12-31", P.RANGE, False),
    ("1998-02", None, "1998-01-01", "2002-12-31", P.RANGE, False),
    ("2009-2", None, "2009-01-01", "2012-12-31", P.RANGE, False),
    # a stated convention makes them one financial or academic year
    ("the financial year 2003/04", None, "2003-04-01", "2004-03-31", P.RANGE, False),
    ("financial year 2003-04", None, "2003-04-01", "2004-03-31", P.RANGE, False),
    ("FY2003-04", None, "2003-04-01", "2004-03-31", P.RANGE, False),
    ("the academic year 2005/06", None, "2005-09-01", "2006-08-31", P.RANGE, False),
    ("2005-06 academic year", None, "2005-09-01", "2006-08-31", P.RANGE, False),
    ("2005/06 school year", None, "2005-09-01", "2006-08-31", P.RANGE, False),
    # day-month ranges across months, seasons with commas and across years
    ("1st May - 31st July 2021", None, "2021-05-01", "2021-07-31", P.RANGE, False),
    ("1 May to 31 July 2021", None, "2021-05-01", "2021-07-31", P.RANGE, False),
    ("May 1 - July 31, 2021", None, "2021-05-01", "2021-07-31", P.RANGE, False),
    ("20 December - 3 January 2005", None, "2004-12-20", "2005-01-03", P.RANGE, False),
    ("Spring, 2020", None, "2020-03-01", "2020-05-31", P.SEASON, False),
    ("Fall 2020/Spring 2021", None, "2020-09-01", "2021-05-31", P.RANGE, False),
    ("autumn 2003 to spring 2004", None, "2003-09-01", "2004-05-31", P.RANGE, False),
    ("between the 2004 and 2006", None, "2004-01-01", "2006-12-31", P.RANGE, False),
    ("1999/00", None, "1999-04-01", "2000-03-31", P.RANGE, False),
    ("2001-04", None, "2001-01-01", "2004-12-31", P.RANGE, False),
    ("2001/2004", None, "2001-01-01", "2004-12-31", P.RANGE, False),
    ("2001-2002", None, "2001-01-01", "2002-12-31", P.RANGE, False),
    # decades
    ("the 1990s", None, "1990-01-01", "1999-12-31", P.DECADE, False),
    ("1990s", None, "1990-01-01", "1999-12-31", P.DECADE, False),
    ("the 1990's", None, "1990-01-01", "1999-12-31", P.DECADE, False),
    ("the early 1990s", None, "1990-01-01", "1993-12-31", P.RANGE, False),
    ("the mid-1990s", None, "1994-01-01", "1996-12-31", P.RANGE, False),
    ("the mid 1990s", None, "1994-01-01", "1996-12-31", P.RANGE, False),
    ("the late 1990s", None, "1997-01-01", "1999-12-31", P.RANGE, False),
    ("the 90s", None, "1990-01-01", "1999-12-31", P.DECADE, True),
    ("the '90s", A, "1990-01-01", "1999-12-31", P.DECADE, True),
    ("the nineties", None, "1990-01-01", "1999-12-31", P.DECADE, True),
    ("the late eighties", None, "1987-01-01", "1989-12-31", P.RANGE, True),
    ("the noughties", None, "2000-01-01", "2009-12-31", P.DECADE, True),
    ("the 20s", None, "2020-01-01", "2029-12-31", P.DECADE, True),
    ("the 20s", A, "1920-01-01", "1929-12-31", P.DECADE, True),
    ("the 2000s", None, "2000-01-01", "2009-12-31", P.DECADE, False),
    # parts of a year (thirds) and of a month
    ("early 2003", None, "2003-01-01", "2003-04-30", P.RANGE, False),
    ("mid-2003", None, "2003-05-01", "2003-08-31", P.RANGE, False),
    ("late 2003", None, "2003-09-01", "2003-12-31", P.RANGE, False),
    ("the beginning of 2003", None, "2003-01-01", "2003-04-30", P.RANGE, False),
    ("the middle of 2003", None, "2003-05-01", "2003-08-31", P.RANGE, False),
    ("the end of 2003", None, "2003-09-01", "2003-12-31", P.RANGE, False),
    ("early March 2004", None, "2004-03-01", "2004-03-10", P.RANGE, False),
    ("mid-March 2004", None, "2004-03-11", "2004-03-20", P.RANGE, False),
    ("late February 2004", None, "2004-02-21", "2004-02-29", P.RANGE, False),
    # deictic: counted from the anchor (15 June 2010)
    ("last year", A, "2009-01-01", "2009-12-31", P.YEAR, True),
    ("this year", A, "2010-01-01", "2010-12-31", P.YEAR, True),
    ("next year", A, "2011-01-01", "2011-12-31", P.YEAR, True),
    ("Last Year", A, "2009-01-01", "2009-12-31", P.YEAR, True),
    ("last month", A, "2010-05-01", "2010-05-31", P.MONTH, True),
    ("this month", A, "2010-06-01", "2010-06-30", P.MONTH, True),
    ("next month", A, "2010-07-01", "2010-07-31", P.MONTH, True),
    ("three years ago", A, "2007-01-01", "2007-12-31", P.YEAR, True),
    ("a year ago", A, "2009-01-01", "2009-12-31", P.YEAR, True),
    ("10 years ago", A, "2000-01-01", "2000-12-31", P.YEAR, True),
    ("two months ago", A, "2010-04-01", "2010-04-30", P.MONTH, True),
    ("the year before last", A, "2008-01-01", "2008-12-31", P.YEAR, True),
    ("the year after next", A, "2012-01-01", "2012-12-31", P.YEAR, True),
    ("last spring", A, "2010-03-01", "2010-05-31", P.SEASON, True),
    ("next spring", A, "2011-03-01", "2011-05-31", P.SEASON, True),
    ("this summer", A, "2010-06-01", "2010-08-31", P.SEASON, True),
    ("last winter", A, "2009-12-01", "2010-02-28", P.SEASON, True),
    ("last March", A, "2010-03-01", "2010-03-31", P.MONTH, True),
    ("next March", A, "2011-03-01", "2011-03-31", P.MONTH, True),
    ("last June", A, "2009-06-01", "2009-06-30", P.MONTH, True),
    ("last May", A, "2010-05-01", "2010-05-31", P.MONTH, True),
    # anaphoric: counted from the reference, which defaults to the anchor
    ("two years later", A, "2012-01-01", "2012-12-31", P.YEAR, True),
    ("a year later", A, "2011-01-01", "2011-12-31", P.YEAR, True),
    ("two years on", A, "2012-01-01", "2012-12-31", P.YEAR, True),
    ("three years earlier", A, "2007-01-01", "2007-12-31", P.YEAR, True),
    ("the following year", A, "2011-01-01", "2011-12-31", P.YEAR, True),
    ("the next year", A, "2011-01-01", "2011-12-31", P.YEAR, True),
    ("the year after", A, "2011-01-01", "2011-12-31", P.YEAR, True),
    ("the year before", A, "2009-01-01", "2009-12-31", P.YEAR, True),
    ("the year before that", A, "2009-01-01", "2009-12-31", P.YEAR, True),
    ("the previous year", A, "2009-01-01", "2009-12-31", P.YEAR, True),
    ("that year", A, "2010-01-01", "2010-12-31", P.YEAR, True),
    ("the same year", A, "2010-01-01", "2010-12-31", P.YEAR, True),
    ("the following spring", A, "2011-03-01", "2011-05-31", P.SEASON, True),
    ("the previous summer", A, "2009-06-01", "2009-08-31", P.SEASON, True),
    ("the following month", A, "2010-07-01", "2010-07-31", P.MONTH, True),
    ("six months later", A, "2010-12-01", "2010-12-31", P.MONTH, True),
]


@pytest.mark.parametrize(("surface", "anchor", "start", "end", "precision", "inferred"), CASES)
def test_normalise_table(surface, anchor, start, end, precision, inferred):
    found = normalise(surface, anchor)
    assert found is not None, surface
    assert (found.range.start, found.range.end) == _r(start, end)
    assert found.range.precision is precision
    assert found.inferred is inferred


def test_table_is_large():
    assert len(CASES) >= 60


@pytest.mark.parametrize(("surface", "anchor", "start", "end", "precision", "inferred"), CASES)
def test_every_reading_writes_back_exactly(surface, anchor, start, end, precision, inferred):
    """The precision matches the range's shape: ``format_range`` round-trips it."""
    found = normalise(surface, anchor)
    assert found is not None
    assert parse_date(format_range(found.range)) == found.range


@pytest.mark.parametrize(
    "surface",
    [
        "31 February 2004",
        "30 February 2003",
        "29 February 2003",
        "2004-13-01",
        "2004-02-30",
        "13/13/2004",
        "32 March 2004",
        "00/12/2004",
        "31/04/2004",
        "13/2004",
        "in the first round",
        "the first half",
        "two years",
        "a few years ago",
        "some years later",
        "3000",
        "1850",
        "20045",
        "2004-2001",
        "between 2004 and 2001",
        "winter 2003/05",
        "the year before the merger",
        "two years after we moved",
        "two years on the board",
        "March",
        "12/03/04",
        "",
        "   ",
    ],
)
def test_not_a_date(surface):
    assert normalise(surface, A) is None


@pytest.mark.parametrize(
    "surface",
    ["last year", "three years ago", "two years later", "the following spring", "that year"],
)
def test_relative_needs_an_anchor(surface):
    assert normalise(surface) is None
    assert normalise(surface, A) is not None


def test_this_may_is_not_a_month():
    assert normalise("this may", A) is None
    assert normalise("this May", A) is not None


def test_reference_is_separate_from_anchor():
    year_2003 = DateRange(date(2003, 1, 1), date(2003, 12, 31), P.YEAR)
    found = normalise("two years later", A, reference=year_2003)
    assert found is not None
    assert (found.range.start, found.range.end) == _r("2005-01-01", "2005-12-31")
    # deictic expressions ignore the reference
    found = normalise("last year", A, reference=year_2003)
    assert found is not None
    assert found.range.start == date(2009, 1, 1)


def test_month_arithmetic_needs_a_month_or_day_reference():
    year_2003 = DateRange(date(2003, 1, 1), date(2003, 12, 31), P.YEAR)
    assert normalise("six months later", A, reference=year_2003) is None
    assert normalise("the following month", A, reference=year_2003) is None


def test_day_order_is_an_option():
    found = normalise("03/12/2004", day_first=False)
    assert found is not None
    assert found.range.start == date(2004, 3, 12)
    assert normalise("13/03/2004", day_first=False) is None  # month 13: never swapped
    found = normalise("13/03/2004", day_first=True)
    assert found is not None
    assert found.range.start == date(2004, 3, 13)


def test_fiscal_year_start_is_an_option():
    found = normalise("2001/02", fiscal_year_start=9)
    assert found is not None
    assert (found.range.start, found.range.end) == _r("2001-09-01", "2002-08-31")
    found = normalise("2001/02", fiscal_year_start=1)
    assert found is not None
    assert (found.range.start, found.range.end) == _r("2001-01-01", "2001-12-31")


# -- properties ---------------------------------------------------------------------------------

dates = st.dates(min_value=date(1000, 1, 1), max_value=date(2999, 12, 31))
MONTH_NAMES = list(calendar.month_name)[1:]
MONTH_ABBRS = list(calendar.month_abbr)[1:]


@given(dates, st.sampled_from(["full", "abbr"]), st.sampled_from(["", "st"]))
def test_day_month_year_is_that_day(d, style, ordinal):
    month = (MONTH_NAMES if style == "full" else MONTH_ABBRS)[d.month - 1]
    suffix = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}.get(d.day, "th")
    for surface in (
        f"{d.day}{suffix if ordinal else ''} {month} {d.year}",
        f"{month} {d.day}, {d.year}",
        d.isoformat(),
        f"{d.day:02d}/{d.month:02d}/{d.year}",
    ):
        found = normalise(surface)
        assert found is not None, surface
        assert found.range == DateRange(d, d, P.DAY)
        assert not found.inferred


@given(dates)
def test_month_first_numeric_dates(d):
    found = normalise(f"{d.month}/{d.day}/{d.year}", day_first=False)
    assert found is not None
    assert found.range == DateRange(d, d, P.DAY)


@given(st.integers(1900, 2099))
def test_any_year_is_the_whole_year(y):
    found = normalise(str(y))
    assert found is not None
    assert found.range == DateRange(date(y, 1, 1), date(y, 12, 31), P.YEAR)


@given(st.integers(1900, 2099), st.integers(1, 12))
def test_any_month_is_the_whole_month(y, m):
    found = normalise(f"{MONTH_NAMES[m - 1]} {y}")
    assert found is not None
    assert found.range.start == date(y, m, 1)
    assert found.range.end == date(y, m, calendar.monthrange(y, m)[1])


@given(
    st.integers(1900, 2099),
    st.integers(1900, 2099),
    st.sampled_from(["{a}-{b}", "{a}–{b}", "between {a} and {b}", "from {a} to {b}", "{a} to {b}"]),
)
def test_year_ranges_run_forwards(a, b, template):
    found = normalise(template.format(a=a, b=b))
    if b < a:
        assert found is None
        return
    assert found is not None
    assert found.range.start == date(a, 1, 1)
    assert found.range.end == date(b, 12, 31)
    assert found.range.precision is (P.YEAR if a == b else P.RANGE)


EXPRESSIONS = st.sampled_from([c[0] for c in CASES])


@given(EXPRESSIONS, EXPRESSIONS, st.sampled_from(["{a} to {b}", "between {a} and {b}"]))
def test_ranges_of_any_two_forms_start_before_they_end(a, b, template):
    found = normalise(template.format(a=a, b=b), A)
    if found is not None:
        assert found.range.start <= found.range.end
        assert parse_date(format_range(found.range)) == found.range


@given(
    dates,
    st.sampled_from(
        [
            "last year",
            "next year",
            "three years ago",
            "last spring",
            "next winter",
            "last month",
            "two years later",
            "last March",
        ]
    ),
)
def test_relative_readings_are_near_the_anchor(anchor, surface):
    found = normalise(surface, anchor)
    if found is None:  # only at the very ends of the supported years
        assert anchor.year in (1000, 1001, 1002, 2997, 2998, 2999)
        return
    assert found.inferred
    assert abs(found.range.start.year - anchor.year) <= 3


def test_a_range_ending_on_its_first_day_round_trips():
    found = normalise("early March 2004 to 1-3-2004", A)
    assert found is not None
    assert parse_date(format_range(found.range)) == found.range
