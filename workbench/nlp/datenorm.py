"""The normaliser: from the words people use for a date to a ``DateRange``.

Interviewees do not say ISO dates. They say "March 2004", "2001/02", "the early
nineties" or "two years later", and the bracketing engine needs each of these as
a closed range of days at the precision it was said at, never as one guessed
day. This module owns the grammar and the reading of it:

* ``MENTION_RE`` is one compiled expression for every form. The mention finder
  (``workbench.nlp.mentions``) runs it over whole texts, and ``normalise`` runs
  the same expression on a single surface string, so whatever is found is
  exactly what can be read, and the table tests of ``normalise`` test the finder.
* Each absolute form (a year, "12 March 2004", "Q3 2004"...) is written once,
  with named groups, in ``_FORMS``. The big expression embeds copies with the
  groups stripped (a form occurs several times in it: alone, and on both sides of
  a range), and the reader re-matches the few characters of a found form
  against the grouped original.

Decisions (documented here because the tests hold them):

* Years on their own are 1900-2099; with a month, season, quarter or "the year"
  any year 1000-2999 is read. Whether a bare number is a year or a count is the
  finder's business (see ``mentions``); ``normalise("2003")`` is always a year.
* "early/mid/late 2003" (and "the start/middle/end of 2003") are thirds of the
  year: January-April, May-August, September-December. "early/mid/late March
  2004" are days 1-10, 11-20 and 21-end; "the early/mid/late 1990s" are years
  0-3, 4-6 and 7-9 of the decade. None of these is a calendar unit, so their
  precision is ``RANGE`` (``format_range`` then writes them back exactly).
* "2001/02", "2001/2002" and "2001-02" (consecutive years written as one) are a
  financial year: by default the UK one, 1 April 2001 to 31 March 2002
  (``fiscal_year_start`` moves the first month, e.g. 9 for academic years).
  "2001-2002" with both years in full is the calendar range 2001 to 2002, and
  "2001-04" is 2001 to 2004.
* "winter 2004" is December 2004 to February 2005, as in ``workbench.core.dates``;
  "winter 2003/04" is the same winter written the other way.
* Numeric dates need a four-digit year ("12/03/2004", read day first unless
  ``day_first=False``); "12/03/04" is not read. Impossible dates (31 February,
  month 13) are ``None``, never moved to a nearby valid day or re-read in the
  other day/month order.
* "the 90s" and "the nineties" say no century: with an anchor it is the latest
  such decade that starts no later than the anchor's year, otherwise 1930-1990
  for 30s-90s and 2000-2020 for 00s-20s; either way the reading is ``inferred``.
* Relative expressions are ``inferred`` and read against one of two times.
  Deictic ones ("last year", "this spring", "next month", "three years ago",
  "last March", "the year before last") count from the *anchor*, the time of
  speaking (the document date). Anaphoric ones ("two years later", "the
  following spring", "the year before", "that year") count from the
  *reference*, the time the story is at. ``normalise`` takes the reference as
  an argument and defaults it to the anchor; the finder passes the previous
  mention in the same text, because "we opened in 2003 and two years later..."
  means 2005 whatever year the interview took place in.
* "the year before/after" and "N years before/after" followed by a word ("the
  year before the merger") count from an event we cannot date, so they are not
  read; "the year before that" and "the year before," are.
* Vague amounts ("a few years ago", "some months later") are not read, nor is a
  month or season without its year ("in March"): which year is meant is a guess.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from workbench.core.dates import MONTHS, SEASONS, DateRange, Precision, span_of
from workbench.core.errors import InputError
from workbench.nlp.date_grammar import (
    ACADEMIC_CUES,
    DECADE_WORDS,
    FORM_RES,
    KIND_RE,
    MENTION_RE,
    NUMBER_WORDS,
    ORDINAL,
    PARTIAL_RE,
    RELATION_OF,
    Relation,
    lower_text,
)

# -- results and options ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DateOptions:
    """How to read forms whose meaning is a convention of the writer."""

    day_first: bool = True  # 12/03/2004 is 12 March (False: 3 December)
    fiscal_year_start: int = 4  # first month of a "2001/02" year (4: UK financial year)
    academic_year_start: int = 9  # first month of an "academic year 2001/02"

    def __post_init__(self) -> None:
        for name in ("fiscal_year_start", "academic_year_start"):
            value = getattr(self, name)
            if not 1 <= value <= 12:
                raise InputError(f"{name} must be a month 1-12, not {value}")


DEFAULT_OPTIONS = DateOptions()


@dataclass(frozen=True, slots=True)
class Normalised:
    """A reading of a date expression; ``inferred`` when it needed the context to read."""

    range: DateRange
    inferred: bool = False


# -- small date arithmetic -------------------------------------------------------------


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _whole_year(y: int) -> DateRange:
    return DateRange(date(y, 1, 1), date(y, 12, 31), Precision.YEAR)


def _whole_month(y: int, m: int) -> DateRange:
    return DateRange(date(y, m, 1), _month_end(y, m), Precision.MONTH)


def _add_months(y: int, m: int, n: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + n
    return k // 12, k % 12 + 1


def _season(name: str, y: int) -> DateRange:
    """The season that starts in year ``y`` (winter runs into ``y + 1``)."""
    a, b = SEASONS[name]
    end_year = y + 1 if a > b else y
    return DateRange(date(y, a, 1), _month_end(end_year, b), Precision.SEASON)


def _valid_year(y: int) -> bool:
    return 1000 <= y <= 2999


def _month_of(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _day(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _day_number(text: str) -> int:
    return int(text.rstrip("stndrhSTNDRH"))


def _span(first: DateRange, second: DateRange) -> DateRange | None:
    """From the start of one reading to the end of another (or None if backwards)."""
    if second.end < first.start:
        return None
    return span_of(first, second)


def _thirds(y: int, part: str) -> DateRange:
    first = {"early": 1, "start": 1, "beginning": 1, "mid": 5, "middle": 5}.get(part, 9)
    return DateRange(date(y, first, 1), _month_end(y, first + 3), Precision.RANGE)


def _as_range(when: date | DateRange | None) -> DateRange | None:
    if when is None or isinstance(when, DateRange):
        return when
    return DateRange(when, when, Precision.DAY)


# -- absolute forms ----------------------------------------------------------------------

_Reader = Callable[[re.Match[str], DateOptions, DateRange | None], Normalised | None]


def _read_iso(m: re.Match[str], opts: DateOptions, anchor: DateRange | None) -> Normalised | None:
    d = _day(int(m["y"]), int(m["m"]), int(m["d"]))
    return Normalised(DateRange(d, d, Precision.DAY)) if d else None


def _read_numeric(
    m: re.Match[str], opts: DateOptions, anchor: DateRange | None
) -> Normalised | None:
    a, b = int(m["a"]), int(m["b"])
    day, month = (a, b) if opts.day_first else (b, a)
    d = _day(int(m["y"]), month, day)
    return Normalised(DateRange(d, d, Precision.DAY)) if d else None


def _read_dmy(m: re.Match[str], opts: DateOptions, anchor: DateRange | None) -> Normalised | None:
    d = _day(int(m["y"]), _month_of(m["mon"]), _day_number(m["d"]))
    return Normalised(DateRange(d, d, Precision.DAY)) if d else None


def _read_submonth(
    m: re.Match[str], opts: DateOptions, anchor: DateRange | None
) -> Normalised | None:
    y, mo = int(m["y"]), _month_of(m["mon"])
    last = _month_end(y, mo).day
    first, final = {"early": (1, 10), "mid": (11, 20)}.get(m["part"].lower(), (21, last))
    return Normalised(DateRange(date(y, mo, first), date(y, mo, final), Precision.RANGE))


def _read_month(m: re.Match[str], opts: DateOptions, anchor: DateRange | None) -> Normalised:
    return Normalised(_whole_month(int(m["y"]), _month_of(m["mon"])))


def _read_monthnum(
    m: re.Match[str], opts: DateOptions, anchor: DateRange | None
) -> Normalised | None:
    mo = int(m["m"])
    return Normalised(_whole_month(int(m["y"]), mo)) if 1 <= mo <= 12 else None


def _read_quarter(m: re.Match[str], opts: DateOptions, anchor: DateRange | None) -> Normalised:
    if m["q"]:
        q, y = int(m["q"]), int(m["y"])
    elif m["q2"]:
        q, y = int(m["q2"]), int(m["y2"])
    else:
        q, y = ORDINAL[m["qw"].lower()], int(m["y3"])
    first = 3 * (q - 1) + 1
    return Normalised(DateRange(date(y, first, 1), _month_end(y, first + 2), Precision.QUARTER))


def _read_half(m: re.Match[str], opts: DateOptions, anchor: DateRange | None) -> Normalised:
    if m["h"]:
        h, y = int(m["h"]), int(m["y"])
    elif m["h2"]:
        h, y = int(m["h2"]), int(m["y2"])
    else:
        h, y = ORDINAL[m["hw"].lower()], int(m["y3"])
    first = 1 if h == 1 else 7
    return Normalised(DateRange(date(y, first, 1), _month_end(y, first + 5), Precision.HALF))


def _read_season(
    m: re.Match[str], opts: DateOptions, anchor: DateRange | None
) -> Normalised | None:
    if m["s"]:
        return Normalised(_season(m["s"].lower(), int(m["y"])))
    y = int(m["wy"])
    if m["wy2"] is not None:
        second = int(m["wy2"])
        if (second if len(m["wy2"]) == 4 else second + 100 * ((y + 1) // 100)) != y + 1:
            return None  # "winter 2003/05" is not one winter
    return Normalised(_season("winter", y))


def _read_decade(
    m: re.Match[str], opts: DateOptions, anchor: DateRange | None
) -> Normalised | None:
    inferred = False
    if m["dec"]:
        start, part = int(m["dec"]), m["part"]
    else:
        inferred = True
        tens = int(m["dec2"]) if m["dec2"] else DECADE_WORDS[m["word"].lower()]
        part = m["part2"]
        if anchor is not None:
            start = anchor.start.year // 100 * 100 + tens * 10
            if start > anchor.start.year:
                start -= 100
        else:
            start = (2000 if tens <= 2 else 1900) + tens * 10
    if not part:
        return Normalised(
            DateRange(date(start, 1, 1), date(start + 9, 12, 31), Precision.DECADE), inferred
        )
    lo, hi = {"early": (0, 3), "mid": (4, 6)}.get(part.lower(), (7, 9))
    return Normalised(
        DateRange(date(start + lo, 1, 1), date(start + hi, 12, 31), Precision.RANGE), inferred
    )


def _read_partyear(m: re.Match[str], opts: DateOptions, anchor: DateRange | None) -> Normalised:
    return Normalised(_thirds(int(m["y"]), (m["part"] or m["pos"]).lower()))


def _read_fiscal(
    m: re.Match[str], opts: DateOptions, anchor: DateRange | None
) -> Normalised | None:
    y = int(m["y"])
    tail = m["y2"] or m["y3"]
    second = int(tail)
    if len(tail) < 4:
        step = 10 ** len(tail)
        second += y - y % step
        if second <= y:
            second += step
    cue = (m["cue"] or m["cue2"] or ("financial" if m["fy"] else "")).lower()
    # A stated convention ("financial year", "academic year", "FY") or a slash
    # ("2001/02") makes two consecutive years one financial or academic year; with
    # a dash and no cue ("2001-02", "2001-2") they are the two calendar years.
    if second == y + 1 and (cue or m["y2"]):
        s = opts.academic_year_start if cue in ACADEMIC_CUES else opts.fiscal_year_start
        if s == 1:
            return Normalised(_whole_year(y))
        return Normalised(DateRange(date(y, s, 1), _month_end(y + 1, s - 1), Precision.RANGE))
    if y < second <= y + 20 and _valid_year(second):
        return Normalised(DateRange(date(y, 1, 1), date(second, 12, 31), Precision.RANGE))
    return None


def _read_year(m: re.Match[str], opts: DateOptions, anchor: DateRange | None) -> Normalised:
    return Normalised(_whole_year(int(m["ny"] or m["y"])))


_READERS: dict[str, _Reader] = {
    "iso": _read_iso,
    "numeric": _read_numeric,
    "dmy": _read_dmy,
    "mdy": _read_dmy,
    "submonth": _read_submonth,
    "month": _read_month,
    "monthnum": _read_monthnum,
    "quarter": _read_quarter,
    "half": _read_half,
    "season": _read_season,
    "decade": _read_decade,
    "partyear": _read_partyear,
    "fiscal": _read_fiscal,
    "year": _read_year,
}


def _read_simple(text: str, opts: DateOptions, anchor: DateRange | None) -> Normalised | None:
    """Read one absolute form found by ``_SIMPLE``: the first form that matches wins."""
    if len(text) == 4 and text.isdigit():  # most mentions are plain years
        return Normalised(_whole_year(int(text)))
    which = KIND_RE.fullmatch(text)
    if which is None or which.lastgroup is None:  # pragma: no cover - _SIMPLE found it
        return None
    kind = which.lastgroup
    m = FORM_RES[kind].fullmatch(text)
    return _READERS[kind](m, opts, anchor) if m is not None else None


def _read_pair(
    first: str, second: str, opts: DateOptions, anchor: DateRange | None
) -> Normalised | None:
    a = _read_simple(first, opts, anchor)
    b = _read_simple(second, opts, anchor)
    if a is None or b is None:
        return None
    joined = _span(a.range, b.range)
    return Normalised(joined, a.inferred or b.inferred) if joined else None


def _read_partial(text: str) -> Normalised | None:
    m = PARTIAL_RE.fullmatch(text)
    if m is None:  # pragma: no cover - the finder's partial forms are a subset
        return None
    if m["dd1"] or m["md1"]:  # 1 May - 31 July 2021, May 1 - July 31, 2021
        y = int(m["dy"] or m["mdy"])
        d1, d2 = (m["dd1"], m["dd2"]) if m["dd1"] else (m["mdd1"], m["mdd2"])
        mo1 = _month_of(m["dm1"] or m["md1"])
        mo2 = _month_of(m["dm2"] or m["md2"])
        a = _day(y if mo1 <= mo2 else y - 1, mo1, _day_number(d1))
        b = _day(y, mo2, _day_number(d2))
        if a is None or b is None or b < a:
            return None
        return Normalised(DateRange(a, b, Precision.RANGE))
    if m["m1"]:
        y, m1, m2 = int(m["y"]), _month_of(m["m1"]), _month_of(m["m2"])
        first = _whole_month(y if m1 <= m2 else y - 1, m1)
        return Normalised(_span(first, _whole_month(y, m2)) or first)
    if m["d1"]:
        y, mo, d1, d2 = int(m["y2"]), _month_of(m["mon"]), m["d1"], m["d2"]
    else:
        y, mo, d1, d2 = int(m["y3"]), _month_of(m["mon3"]), m["d31"], m["d32"]
    a, b = _day(y, mo, _day_number(d1)), _day(y, mo, _day_number(d2))
    if a is None or b is None or b < a:
        return None
    return Normalised(DateRange(a, b, Precision.DAY if a == b else Precision.RANGE))


# -- relative forms ------------------------------------------------------------------------


def _count(word: str) -> int:
    w = word.lower()
    return int(w) if w.isdigit() else NUMBER_WORDS[w]


def _unit_shift(unit: str, base: DateRange, n: int) -> DateRange | None:
    """``n`` years or months from a base (counting from its end, or its start if n < 0)."""
    edge = base.end if n > 0 else base.start
    if unit == "year":
        y = edge.year + n
        return _whole_year(y) if _valid_year(y) else None
    if base.precision not in (Precision.DAY, Precision.MONTH):
        return None  # "six months later" than "2003" is not a month we can name
    y, mo = _add_months(edge.year, edge.month, n)
    return _whole_month(y, mo) if _valid_year(y) else None


def _season_near(name: str, base: DateRange, direction: int) -> DateRange:
    """The first season called ``name`` after ``base`` (direction 1) or before it (-1)."""
    y = base.end.year - 1 if direction > 0 else base.start.year
    while True:
        s = _season(name, y)
        if direction > 0 and s.start > base.end:
            return s
        if direction < 0 and s.end < base.start:
            return s
        y += direction


def _month_near(month: int, base: DateRange, direction: int) -> DateRange:
    y = base.end.year - 1 if direction > 0 else base.start.year + 1
    while True:
        r = _whole_month(y, month)
        if direction > 0 and r.start > base.end:
            return r
        if direction < 0 and r.end < base.start:
            return r
        y += direction


def _this(unit: str, base: DateRange) -> DateRange | None:
    """The unit that the base falls in ("this year", "that spring")."""
    y, mo = base.start.year, base.start.month
    if unit == "year":
        return _whole_year(y) if base.end.year == y else None
    if unit == "month":
        same = (base.end.year, base.end.month) == (y, mo)
        return _whole_month(y, mo) if same else None
    if unit in MONTHS:
        return _whole_month(y, MONTHS[unit])
    if unit == "winter" and mo <= 2:
        y -= 1
    return _season(unit, y)


def _relative(unit: str, base: DateRange, step: int) -> DateRange | None:
    """The unit ``step`` units after (or before) the base; 0 is the unit it is in."""
    if step == 0:
        return _this(unit, base)
    if unit in ("year", "month"):
        return _unit_shift(unit, base, step)
    if unit in SEASONS:
        return _season_near(unit, base, step)
    return _month_near(MONTHS[unit], base, step)


def _read_relative(m: re.Match[str], base: DateRange) -> DateRange | None:
    kind = m.lastgroup
    if kind == "ybl":
        return _unit_shift("year", base, -2 if m["ybl_w"].lower().startswith("b") else 2)
    if kind == "ago":
        return _unit_shift(m["ago_u"].lower(), base, -_count(m["ago_n"]))
    if kind == "dei":
        step = {"last": -1, "this": 0, "next": 1}[m["dei_w"].lower()]
        return _relative(m["dei_u"].lower(), base, step)
    if kind == "shift":
        n = _count(m["shift_n"])
        later = m["shift_d"].lower().startswith(("later", "after", "on"))
        return _unit_shift(m["shift_u"].lower(), base, n if later else -n)
    word = (m["ana_w"] or m["ana_w2"] or "same").lower()
    unit = (m["ana_u"] or m["ana_u2"] or m["ana_u3"]).lower()
    step = 0 if word == "same" else (1 if word.startswith(("following", "next", "after")) else -1)
    return _relative(unit, base, step)


# -- entry points -----------------------------------------------------------------------------


def read_match(
    m: re.Match[str],
    text: str,
    *,
    anchor: DateRange | None,
    reference: DateRange | None,
    options: DateOptions = DEFAULT_OPTIONS,
) -> Normalised | None:
    """Read a ``MENTION_RE`` match, or None if it is impossible or lacks its anchor.

    ``m`` ran over the lower-cased copy of ``text``; the original is needed only
    to tell "last May" from "this may".
    """
    kind = m.lastgroup
    try:
        if kind == "abs":
            if m["part"] is not None:
                return _read_partial(m["part"])
            if m["y"] is None:
                return _read_simple(m["x"], options, anchor)
            return _read_pair(m["x"], m["y"], options, anchor)
        if kind == "dei" and m["dei_u"] == "may" and text[m.start("dei_u")] != "M":
            return None
        base = anchor if RELATION_OF[kind or ""] is Relation.DEICTIC else reference
        if base is None:
            return None
        found = _read_relative(m, base)
    except (ValueError, InputError):  # a year out of range after arithmetic
        return None
    return Normalised(found, inferred=True) if found is not None else None


_LEAD = re.compile(r"(?:in|on|at|during)\s+")


def normalise(
    surface: str,
    anchor: date | DateRange | None = None,
    *,
    reference: date | DateRange | None = None,
    day_first: bool = True,
    fiscal_year_start: int = 4,
) -> Normalised | None:
    """Read one date expression as it was written, or None if it is not one.

    ``anchor`` is when it was said (relative expressions such as "last year" need
    it); ``reference`` is when the story was at, for "two years later", and
    defaults to the anchor. Impossible dates and relative expressions without the
    date they need are None. A leading "in", "on", "at" or "during" is ignored.
    """
    text = surface.strip()
    low = lower_text(text)
    m = MENTION_RE.fullmatch(low)
    if m is None and (lead := _LEAD.match(low)):  # "in 2003" reads as "2003"
        text, low = text[lead.end() :], low[lead.end() :]
        m = MENTION_RE.fullmatch(low)
    if m is None:
        return None
    a = _as_range(anchor)
    r = _as_range(reference) if reference is not None else a
    return read_match(
        m,
        text,
        anchor=a,
        reference=r,
        options=DateOptions(day_first=day_first, fiscal_year_start=fiscal_year_start),
    )
