from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.core.dates import DateRange, Precision, format_range, parse_date
from workbench.core.errors import InputError

CASES = [
    ("2004", date(2004, 1, 1), date(2004, 12, 31), "year"),
    ("2004-03", date(2004, 3, 1), date(2004, 3, 31), "month"),
    ("2004-02", date(2004, 2, 1), date(2004, 2, 29), "month"),
    ("2004-03-12", date(2004, 3, 12), date(2004, 3, 12), "day"),
    ("March 2004", date(2004, 3, 1), date(2004, 3, 31), "month"),
    ("Sept 2004", date(2004, 9, 1), date(2004, 9, 30), "month"),
    ("12 March 2004", date(2004, 3, 12), date(2004, 3, 12), "day"),
    ("March 12, 2004", date(2004, 3, 12), date(2004, 3, 12), "day"),
    ("Q3 2004", date(2004, 7, 1), date(2004, 9, 30), "quarter"),
    ("2004 Q1", date(2004, 1, 1), date(2004, 3, 31), "quarter"),
    ("H2 2001", date(2001, 7, 1), date(2001, 12, 31), "half"),
    ("spring 2002", date(2002, 3, 1), date(2002, 5, 31), "season"),
    ("winter 2004", date(2004, 12, 1), date(2005, 2, 28), "season"),
    ("1990s", date(1990, 1, 1), date(1999, 12, 31), "decade"),
    ("2001-2004", date(2001, 1, 1), date(2004, 12, 31), "range"),
    ("2001/2004", date(2001, 1, 1), date(2004, 12, 31), "range"),
    ("2001-07/2004-06", date(2001, 7, 1), date(2004, 6, 30), "range"),
    ("from 2004 to 2008", date(2004, 1, 1), date(2008, 12, 31), "range"),
    ("between 2001 and 2004", date(2001, 1, 1), date(2004, 12, 31), "range"),
    ("2004/2004", date(2004, 1, 1), date(2004, 12, 31), "year"),
]


@pytest.mark.parametrize(("spec", "start", "end", "precision"), CASES)
def test_parse_date(spec, start, end, precision):
    r = parse_date(spec)
    assert (r.start, r.end, r.precision) == (start, end, Precision(precision))


@pytest.mark.parametrize(
    "spec",
    [
        "",
        "2004-13",
        "2004-02-30",
        "31 February 2004",
        "Smarch 2004",
        "Q5 2004",
        "1995s",
        "2004-01/2003-01",
        "2008-2004",
        "next tuesday",
        "20044",
        "0999",
    ],
)
def test_impossible_or_unreadable_dates_are_errors(spec):
    with pytest.raises(InputError):
        parse_date(spec)


@given(st.dates(min_value=date(1000, 1, 1), max_value=date(2999, 12, 31)))
def test_day_round_trips(d):
    r = parse_date(d.isoformat())
    assert r == DateRange(d, d, Precision.DAY)
    assert parse_date(format_range(r)) == r


@given(
    st.dates(min_value=date(1000, 1, 1), max_value=date(2998, 12, 31)),
    st.dates(min_value=date(1000, 1, 1), max_value=date(2998, 12, 31)),
)
def test_ranges_round_trip_and_are_ordered(a, b):
    a, b = min(a, b), max(a, b)
    r = parse_date(f"{a.isoformat()}/{b.isoformat()}")
    assert r.start == a
    assert r.end == b
    assert r.start <= r.end
    assert parse_date(format_range(r)) == r


@given(st.sampled_from([c[0] for c in CASES]))
def test_format_is_read_back_identically(spec):
    r = parse_date(spec)
    assert parse_date(format_range(r)) == r


def test_a_range_of_one_day_is_a_day():
    # Found by hypothesis through the mention normaliser: "early March 2004 to 1-3-2004".
    r = parse_date("2004-03-01/2004-03-01")
    assert r == DateRange(date(2004, 3, 1), date(2004, 3, 1), Precision.DAY)
    assert parse_date(format_range(r)) == r


@pytest.mark.parametrize(
    ("spec", "start", "end", "note"),
    [
        (
            "2004-8",
            date(2004, 1, 1),
            date(2008, 12, 31),
            "years 2004 to 2008; for a month type 2004-08",
        ),
        ("2009-2", date(2009, 1, 1), date(2012, 12, 31), "years 2009 to 2012"),
        ("2004–08", date(2004, 1, 1), date(2008, 12, 31), "years 2004 to 2008"),
        ("2004-08", date(2004, 8, 1), date(2004, 8, 31), "August 2004 (year-month); for the years"),
        ("2001-04", date(2001, 4, 1), date(2001, 4, 30), "type 2001-2004"),
        ("2004-03", date(2004, 3, 1), date(2004, 3, 31), None),
        ("2004", date(2004, 1, 1), date(2004, 12, 31), None),
    ],
)
def test_typed_dates_follow_one_rule_and_say_so(spec, start, end, note):
    """A year and one digit is a range of years; two digits are an ISO month; both say so."""
    from workbench.core.dates import typed_date_note

    r = parse_date(spec)
    assert (r.start, r.end) == (start, end)
    said = typed_date_note(spec)
    if note is None:
        assert said is None
    else:
        assert said is not None
        assert note in said


def test_a_year_and_an_impossible_month_points_to_the_years():
    with pytest.raises(InputError, match="for the years write 2004-2013"):
        parse_date("2004-13")
