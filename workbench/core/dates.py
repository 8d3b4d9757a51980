"""Dates as researchers write them, kept as ranges with a precision.

"2004" is not 1 January 2004: it is the whole year, and the bracketing engine
spreads such an event over the bins it covers. So every date is a closed range
of days plus the precision it was given at, and impossible dates are errors,
never guesses.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from workbench.core.errors import InputError


class Precision(StrEnum):
    DAY = "day"
    MONTH = "month"
    QUARTER = "quarter"
    SEASON = "season"
    HALF = "half"
    YEAR = "year"
    DECADE = "decade"
    RANGE = "range"


class MentionKind(StrEnum):
    """What a date mention in a text is doing; only ``EVENT`` mentions date events.

    A paper's "(Hartley, 2005)" dates a publication, not the event a coded passage
    describes; a running header's date dates a printout. Such mentions are kept
    (a coder may still pick one) but never date an event by default.
    """

    EVENT = "event"
    CITATION = "citation"  # "(Hartley, 2005)", "Behn (2008)", "published in 2011"
    REFERENCE = "reference"  # an entry of a reference list or bibliography
    FURNITURE = "furniture"  # a running header or footer, a print stamp


@dataclass(frozen=True, slots=True)
class DateRange:
    """Closed interval of days [start, end] with the precision it was given at."""

    start: date
    end: date
    precision: Precision

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise InputError(f"date range ends ({self.end}) before it starts ({self.start})")

    def __str__(self) -> str:
        return format_range(self)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


MONTHS = (
    {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
    | {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
    | {"sept": 9}
)

SEASONS = {
    "spring": (3, 5),
    "summer": (6, 8),
    "autumn": (9, 11),
    "fall": (9, 11),
    "winter": (12, 2),
}

_YEAR = r"(\d{4})"


def _year(text: str) -> int:
    y = int(text)
    if not 1000 <= y <= 2999:
        raise InputError(f"year {y} is out of range")
    return y


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _day(year: int, month: int, day: int, spec: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise InputError(f"impossible date {spec!r}") from None


def _month(text: str, spec: str) -> int:
    m = int(text)
    if not 1 <= m <= 12:
        raise InputError(f"impossible month in {spec!r}")
    return m


def _single(spec: str) -> DateRange:
    s = spec.strip()
    low = s.lower()
    if m := re.fullmatch(_YEAR, s):
        y = _year(m[1])
        return DateRange(date(y, 1, 1), date(y, 12, 31), Precision.YEAR)
    if m := re.fullmatch(r"(\d{4})s", low):
        y = _year(m[1])
        if y % 10:
            raise InputError(f"a decade starts at a year ending in 0, not {spec!r}")
        return DateRange(date(y, 1, 1), date(y + 9, 12, 31), Precision.DECADE)
    if m := re.fullmatch(r"(\d{4})-(\d)", s):  # 2004-8: the years 2004 to 2008
        y = _year(m[1])
        last = _short_year_end(y, m[2])
        return DateRange(date(y, 1, 1), date(last, 12, 31), Precision.RANGE)
    if m := re.fullmatch(r"(\d{4})-(\d{2})", s):  # 2004-08: August 2004 (ISO)
        y = _year(m[1])
        if not 1 <= int(m[2]) <= 12:
            raise InputError(
                f"impossible month in {spec!r}: for the years write {m[1]}-{m[1][:2]}{m[2]}"
            )
        mo = int(m[2])
        return DateRange(date(y, mo, 1), _month_end(y, mo), Precision.MONTH)
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", s):
        y, mo = _year(m[1]), _month(m[2], spec)
        d = _day(y, mo, int(m[3]), spec)
        return DateRange(d, d, Precision.DAY)
    if m := re.fullmatch(r"q([1-4])\s*[- ]?\s*(\d{4})|(\d{4})\s*[- ]?\s*q([1-4])", low):
        q, y = (int(m[1]), _year(m[2])) if m[1] else (int(m[4]), _year(m[3]))
        first = 3 * (q - 1) + 1
        return DateRange(date(y, first, 1), _month_end(y, first + 2), Precision.QUARTER)
    if m := re.fullmatch(r"h([12])\s*[- ]?\s*(\d{4})|(\d{4})\s*[- ]?\s*h([12])", low):
        h, y = (int(m[1]), _year(m[2])) if m[1] else (int(m[4]), _year(m[3]))
        first = 1 if h == 1 else 7
        return DateRange(date(y, first, 1), _month_end(y, first + 5), Precision.HALF)
    if m := re.fullmatch(r"(spring|summer|autumn|fall|winter)\s+(\d{4})", low):
        y = _year(m[2])
        a, b = SEASONS[m[1]]
        if a > b:  # winter 2004 = December 2004 to February 2005
            return DateRange(date(y, a, 1), _month_end(y + 1, b), Precision.SEASON)
        return DateRange(date(y, a, 1), _month_end(y, b), Precision.SEASON)
    if m := re.fullmatch(r"([a-z]+)\.?\s+(\d{4})", low):
        if m[1] not in MONTHS:
            raise InputError(f"unknown month {m[1]!r} in {spec!r}")
        y, mo = _year(m[2]), MONTHS[m[1]]
        return DateRange(date(y, mo, 1), _month_end(y, mo), Precision.MONTH)
    if m := re.fullmatch(r"(\d{1,2})\s+([a-z]+)\.?,?\s+(\d{4})", low):
        if m[2] not in MONTHS:
            raise InputError(f"unknown month {m[2]!r} in {spec!r}")
        d = _day(_year(m[3]), MONTHS[m[2]], int(m[1]), spec)
        return DateRange(d, d, Precision.DAY)
    if m := re.fullmatch(r"([a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})", low):
        if m[1] not in MONTHS:
            raise InputError(f"unknown month {m[1]!r} in {spec!r}")
        d = _day(_year(m[3]), MONTHS[m[1]], int(m[2]), spec)
        return DateRange(d, d, Precision.DAY)
    raise InputError(
        f"cannot read date {spec!r}: use 2004, 2004-03, 2004-03-12, Q3 2004, spring 2002, "
        "March 2004 or a range like 2001-07/2004-06"
    )


def _short_year_end(y: int, digits: str) -> int:
    """The year that ``digits`` ends a short range from ``y`` at: 2004-8 is 2008, 1998-02 2002."""
    step = 10 ** len(digits)
    end = y - y % step + int(digits)
    if end <= y:
        end += step
    return end


def typed_date_note(spec: str) -> str | None:
    """What a coder should be told about how an ambiguous typed date was read, or None.

    The rule (README, "Typed dates"): ``YYYY-MM`` with two digits is a month in ISO
    notation (``2004-08`` is August 2004), ``YYYY-D`` with one digit or an en dash is
    a range of years as written in prose (``2004-8`` and ``2004–08`` are 2004 to 2008).
    Where the other reading was plausible, this says which one was taken and how to
    type the other, so no entry becomes a month (or a range) without a word.
    """
    s = " ".join(spec.strip().split())
    if m := re.fullmatch(r"(\d{4})-(\d)", s):
        y = int(m[1])
        end = _short_year_end(y, m[2])
        return (
            f"{s} is read as the years {y} to {end}; for a month type "
            f"{y}-0{m[2]} or {calendar.month_name[int(m[2])] or 'its name'} {y}"
            if m[2] != "0"
            else f"{s} is read as the years {y} to {end}"
        )
    if m := re.fullmatch(r"(\d{4})-(\d{2})", s):
        y, mo = int(m[1]), int(m[2])
        end = _short_year_end(y, m[2])
        if 1 <= mo <= 12 and end - y <= 20:
            return (
                f"{s} is read as {calendar.month_name[mo]} {y} (year-month); "
                f"for the years {y} to {end} type {y}-{end}"
            )
    if m := re.fullmatch(r"(\d{4})\s*–\s*(\d{1,2})", s):
        y = int(m[1])
        return f"{s} is read as the years {y} to {_short_year_end(y, m[2])}"
    return None


def parse_date(spec: str) -> DateRange:
    """Read a date or a date range the way researchers write them.

    Accepted: ``2004``, ``2004-03``, ``2004-03-12``, ``March 2004``, ``12 March 2004``,
    ``Q3 2004``, ``H1 2004``, ``spring 2002``, ``1990s``, and ranges of any two of these
    joined by ``/``, `` to `` or a dash between years (``2001-2004``, ``2001-07/2004-06``).
    A range keeps the start of its first part and the end of its second. A year and
    one digit (``2004-8``) or an en dash and one or two digits (``2004–08``) are a
    range of years; ``2004-08`` is August 2004 (see ``typed_date_note``).
    """
    s = " ".join(spec.strip().split())
    if not s:
        raise InputError("empty date")
    if m := re.fullmatch(r"(\d{4})\s*–\s*(\d{1,2})", s):  # 2004–08 (en dash): years
        y = _year(m[1])
        return DateRange(date(y, 1, 1), date(_short_year_end(y, m[2]), 12, 31), Precision.RANGE)
    parts: list[str] | None = None
    if "/" in s:
        parts = s.split("/")
    elif (m := re.fullmatch(r"(\d{4})\s*[-–]\s*(\d{4})", s)) or (
        m := re.fullmatch(r"(?:from\s+|between\s+)?(.+?)\s+(?:to|until|and|–)\s+(.+)", s, re.I)
    ):
        parts = [m[1], m[2]]
    if parts is None:
        return _single(s)
    if len(parts) != 2 or not all(p.strip() for p in parts):
        raise InputError(f"cannot read date range {spec!r}: expected two dates joined by '/'")
    first, second = _single(parts[0]), _single(parts[1])
    if second.end < first.start:
        raise InputError(f"date range {spec!r} ends before it starts")
    return span_of(first, second)


def span_of(first: DateRange, second: DateRange) -> DateRange:
    """From the start of ``first`` to the end of ``second``; a one-day span is a day."""
    if first == second:
        return first
    if first.start == second.end:
        return DateRange(first.start, first.start, Precision.DAY)
    return DateRange(first.start, second.end, Precision.RANGE)


def format_range(r: DateRange) -> str:
    """The shortest spec that ``parse_date`` reads back to the same range."""
    s, e, p = r.start, r.end, r.precision
    if p is Precision.DAY:
        return s.isoformat()
    if p is Precision.MONTH:
        return f"{s.year:04d}-{s.month:02d}"
    if p is Precision.YEAR:
        return f"{s.year:04d}"
    if p is Precision.QUARTER:
        return f"Q{(s.month - 1) // 3 + 1} {s.year}"
    if p is Precision.HALF:
        return f"H{1 if s.month == 1 else 2} {s.year}"
    if p is Precision.DECADE:
        return f"{s.year}s"
    if p is Precision.SEASON:
        name = {3: "spring", 6: "summer", 9: "autumn", 12: "winter"}[s.month]
        return f"{name} {s.year}"
    return f"{s.isoformat()}/{e.isoformat()}"


def range_from_iso(start: str | date, end: str | date, precision: str) -> DateRange:
    """Rebuild a range from stored columns."""
    s = start if isinstance(start, date) else date.fromisoformat(start)
    e = end if isinstance(end, date) else date.fromisoformat(end)
    return DateRange(s, e, Precision(precision))
