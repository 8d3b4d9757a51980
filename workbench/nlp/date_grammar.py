"""The date grammar: one expression for every way people write a date.

``MENTION_RE`` is one compiled alternation over lower-cased text. The mention
finder (``workbench.nlp.mentions``) runs it over whole texts, and
``workbench.nlp.datenorm`` reads what it matched, so whatever is found is exactly
what can be read. Each absolute form (a year, "12 March 2004", "Q3 2004"...) is
written once, with named groups, in ``_FORMS``; the big expression embeds copies
with the groups stripped, and the reader re-matches a found form against the
grouped original (``FORM_RES``, ``KIND_RE``). Kept apart from the reading so that
the grammar (what is found) and the decisions (what it means, documented in
``datenorm``) can be read and changed one at a time.
"""

from __future__ import annotations

import re
from enum import StrEnum

from workbench.core.dates import MONTHS

# -- building blocks ------------------------------------------------------------------

# Gaps between words: at most three spaces or tabs and at most one line break, so
# that words far apart on the page (across a blank line, or a table's columns) are
# never read as one date.
_S1 = r"(?:[ \t]{1,3}(?:\n[ \t]{0,3})?|\n[ \t]{0,3})"
_S0 = rf"(?:{_S1})?"
_DASH = r"[-–—]"
_PART = rf"(?:-|{_S1})"  # between "mid" and "2003": "mid-2003", "mid 2003"

_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_MONTH = rf"(?:{_MONTH_NAMES})(?![a-z])\.?"
# Month names said on their own after last/this/next, not abbreviated; "may" only
# when written "May" ("this may be..."), which ``read_match`` checks.
_FULL_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|"
    r"october|november|december)"
)
_SEASON = r"(?:spring|summer|autumn|fall|winter)"
_Y = r"[12]\d{3}(?!\w)"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?(?!\w)"
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "fifteen": 15, "twenty": 20, "thirty": 30,
}  # fmt: skip
_NUM = "(?:" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r"|\d{1,2})"
DECADE_WORDS = {
    "noughties": 0, "twenties": 2, "thirties": 3, "forties": 4, "fifties": 5,
    "sixties": 6, "seventies": 7, "eighties": 8, "nineties": 9,
}  # fmt: skip
# "before"/"after" that do not introduce an event we cannot date: "the year
# before," or "the year after that", but not "the year before the merger".
_BEFORE_AFTER = rf"(?:before|after)(?:{_S1}that(?!\w)|(?![ \t]*[a-z0-9]))"

_ON = r"on(?![ \t]*[a-z0-9])"  # "two years on, we..." but not "two years on the board"

ORDINAL = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
    "fourth": 4, "4th": 4, "final": 4, "last": 4, "latter": 2, "later": 2,
}  # fmt: skip

# -- absolute forms, each with named groups (in order: the first that matches wins) --------

# What may follow a year inside a longer form, so that a plain year (tried first,
# because it is by far the most common mention) gives way to those forms.
_ISO_TAIL = r"[-/.]\d{1,2}[-/.]\d{1,2}(?!\w)"
_FISCAL_TAIL = r"(?:/(?:\d{2}|[12]\d{3})|[-–]\d{1,2})(?![\w/-])(?!\.\d)"
_QH_TAIL = rf"{_S0}[-/]?{_S0}[qh]\d(?!\w)"
# Words that say which convention a two-year span such as 2003/04 follows.
_CUE = r"(?:financial|fiscal|tax|budget|budgetary|academic|school|university)"
ACADEMIC_CUES = frozenset({"academic", "school", "university"})

_FORMS: dict[str, str] = {
    # 2003, the year 2003
    "year": (
        rf"(?P<y>(?:19|20)\d\d)(?![\w%])(?!{_ISO_TAIL}|{_FISCAL_TAIL}|{_QH_TAIL})"
        rf"|the{_S1}year{_S1}(?P<ny>{_Y})"
    ),
    # 2004-03-12, 2004/03/12, 2004.03.12
    "iso": r"(?P<y>[12]\d{3})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?!\w)",
    # 12/03/2004, 12.03.2004, 12-03-2004 (day/month order from the options)
    "numeric": rf"(?P<a>\d{{1,2}})[/.-](?P<b>\d{{1,2}})[/.-](?P<y>{_Y})",
    # 12 March 2004, the 12th of March, 2004
    "dmy": rf"(?:the{_S1})?(?P<d>{_DAY})(?:{_S1}of)?{_S1}(?P<mon>{_MONTH}),?{_S1}(?P<y>{_Y})",
    # March 12, 2004; March the 12th 2004
    "mdy": rf"(?P<mon>{_MONTH}){_S1}(?:the{_S1})?(?P<d>{_DAY}),?{_S1}(?P<y>{_Y})",
    # early March 2004
    "submonth": rf"(?P<part>early|mid|late){_PART}(?P<mon>{_MONTH}),?{_S1}(?P<y>{_Y})",
    # March 2004, March of 2004
    "month": rf"(?P<mon>{_MONTH}),?{_S1}(?:of{_S1})?(?P<y>{_Y})",
    # 03/2004
    "monthnum": rf"(?P<m>\d{{1,2}})/(?P<y>{_Y})",
    # Q3 2004, 2004 Q3, the third quarter of 2004
    "quarter": (
        rf"q(?P<q>[1-4]){_S0}[-/]?{_S0}(?P<y>{_Y})"
        rf"|(?P<y2>{_Y}){_S0}[-/]?{_S0}q(?P<q2>[1-4])(?!\w)"
        rf"|(?:the{_S1})?(?P<qw>first|second|third|fourth|final|last|1st|2nd|3rd|4th)"
        rf"{_S1}quarter{_S1}(?:of{_S1})?(?P<y3>{_Y})"
    ),
    # H1 2004, 2004 H2, the first half of 2004
    "half": (
        rf"h(?P<h>[12]){_S0}[-/]?{_S0}(?P<y>{_Y})"
        rf"|(?P<y2>{_Y}){_S0}[-/]?{_S0}h(?P<h2>[12])(?!\w)"
        rf"|(?:the{_S1})?(?P<hw>first|second|latter|later|last|1st|2nd)"
        rf"{_S1}half{_S1}(?:of{_S1})?(?P<y3>{_Y})"
    ),
    # spring 2005, the spring of 2005, winter 2003/04
    "season": (
        rf"(?:the{_S1})?(?:(?P<s>spring|summer|autumn|fall),?{_S1}(?:of{_S1})?(?P<y>{_Y})"
        rf"|winter,?{_S1}(?:of{_S1})?(?P<wy>{_Y})(?:[/–-](?P<wy2>\d{{2}}|[12]\d{{3}})(?!\w))?)"
    ),
    # the 1990s, the early 1990s, the mid-90s, the late nineties
    "decade": (
        rf"(?:the{_S1})?(?:(?P<part>early|mid|late){_PART})?(?P<dec>[12]\d{{2}}0)['’]?s(?!\w)"
        rf"|the{_S1}(?:(?P<part2>early|mid|late){_PART})?"
        rf"(?:['’]?(?P<dec2>\d)0['’]?s|(?P<word>{'|'.join(DECADE_WORDS)}))(?!\w)"
    ),
    # early 2003, mid-2003, the end of 2003
    "partyear": (
        rf"(?:(?P<part>early|mid|late){_PART}"
        rf"|(?:the{_S1})?(?P<pos>start|beginning|middle|end){_S1}of{_S1})(?P<y>{_Y})"
    ),
    # 2001/02, 2001/2002, 2001-02, 2001-4, financial year 2003/04, FY2003-04,
    # the 2005/06 academic year
    "fiscal": (
        rf"(?:(?:the{_S1})?(?P<cue>{_CUE}){_S1}year{_S1}|(?P<fy>fy){_S0})?"
        rf"(?P<y>{_Y})(?:/(?P<y2>\d{{2}}|[12]\d{{3}})|[-–](?P<y3>\d{{1,2}}))(?![\w/-])(?!\.\d)"
        rf"(?:{_S1}(?P<cue2>{_CUE})(?:{_S1}years?)?(?!\w))?"
    ),
}


def _strip_groups(pattern: str) -> str:
    """The same expression without named groups, for embedding several times."""
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


# All patterns are lower case and run over lower-cased text (see ``lower_text``):
# re.IGNORECASE makes the big expression twice as slow.
_SIMPLE = "(?:" + "|".join(_strip_groups(p) for p in _FORMS.values()) + ")"
FORM_RES = {kind: re.compile(p) for kind, p in _FORMS.items()}
KIND_RE = re.compile("|".join(f"(?P<{k}>{_strip_groups(p)})" for k, p in _FORMS.items()))

_TO = rf"(?:{_S0}{_DASH}{_S0}|{_S1}(?:to|until|till|through|thru){_S1}|{_S0}/{_S0})"
_AND = rf"(?:{_S1}and{_S1})"
# "between" takes "and", anything else a dash or "to" ("2001 and 2004" is two years).
_CONN = rf"(?(btw){_AND}|{_TO})"
# Ranges that share the year or month: March-June 2004, 12-15 March 2004.
_PARTIAL = (
    rf"(?:the{_S1})?{_DAY}(?:{_S1}of)?{_S1}{_MONTH}{_CONN}(?:the{_S1})?{_DAY}(?:{_S1}of)?"
    rf"{_S1}{_MONTH},?{_S1}{_Y}"
    rf"|{_MONTH}{_S1}{_DAY}{_CONN}{_MONTH}{_S1}{_DAY},?{_S1}{_Y}"
    rf"|{_MONTH}{_CONN}{_MONTH},?{_S1}{_Y}"
    rf"|(?:the{_S1})?{_DAY}{_CONN}(?:the{_S1})?{_DAY}(?:{_S1}of)?{_S1}{_MONTH},?{_S1}{_Y}"
    rf"|{_MONTH}{_S1}{_DAY}{_CONN}{_DAY},?{_S1}{_Y}"
)
_ANY_CONN = rf"(?:{_S0}[-–—/]{_S0}|{_S1}[a-z]+{_S1})"
PARTIAL_RE = re.compile(
    rf"(?:the{_S1})?(?P<dd1>{_DAY})(?:{_S1}of)?{_S1}(?P<dm1>{_MONTH}){_ANY_CONN}(?:the{_S1})?"
    rf"(?P<dd2>{_DAY})(?:{_S1}of)?{_S1}(?P<dm2>{_MONTH}),?{_S1}(?P<dy>{_Y})"
    rf"|(?P<md1>{_MONTH}){_S1}(?P<mdd1>{_DAY}){_ANY_CONN}(?P<md2>{_MONTH}){_S1}(?P<mdd2>{_DAY}),?"
    rf"{_S1}(?P<mdy>{_Y})"
    rf"|(?P<m1>{_MONTH}){_ANY_CONN}(?P<m2>{_MONTH}),?{_S1}(?P<y>{_Y})"
    rf"|(?:the{_S1})?(?P<d1>{_DAY}){_ANY_CONN}(?:the{_S1})?(?P<d2>{_DAY})"
    rf"(?:{_S1}of)?{_S1}(?P<mon>{_MONTH}),?{_S1}(?P<y2>{_Y})"
    rf"|(?P<mon3>{_MONTH}){_S1}(?P<d31>{_DAY}){_ANY_CONN}(?P<d32>{_DAY}),?{_S1}(?P<y3>{_Y})"
)

_START = r"(?<![\w$£€#/])(?<!\d[.,])"
# A relative unit followed by a year is that year's: "that spring, 2002" is spring 2002.
_NO_YEAR = rf"(?!,?{_S1}(?:of{_S1})?{_Y})"
_END = r"(?![\w%])(?![.,]\d)"

MENTION_RE = re.compile(
    _START
    + "(?:"
    + "|".join(
        [
            # absolute: a form, a range of two ("1999-2001", "between 2001 and 2004",
            # "from 2004 to 2008"), or a partial range ("March to June 2004"). With
            # "between" or "from" the second part is required.
            rf"(?P<abs>(?:(?P<btw>between){_S1}(?:the{_S1})?|(?P<frm>from){_S1}(?:the{_S1})?)?"
            rf"(?:(?P<part>{_PARTIAL})|(?P<x>{_SIMPLE})(?:{_CONN}(?P<y>{_SIMPLE}))?"
            rf"(?(btw)(?(y)|(?!)))(?(frm)(?(y)|(?!)))))",
            rf"(?P<ybl>the{_S1}year{_S1}(?P<ybl_w>before{_S1}last|after{_S1}next))",
            rf"(?P<ago>(?P<ago_n>{_NUM}){_S1}(?P<ago_u>year|month)s?{_S1}ago)",
            rf"(?P<dei>(?<!the )(?P<dei_w>last|this|next){_S1}"
            rf"(?P<dei_u>year|month|{_SEASON}|{_FULL_MONTH})){_NO_YEAR}",
            rf"(?P<shift>(?P<shift_n>{_NUM}){_S1}(?P<shift_u>year|month)s?{_S1}"
            rf"(?P<shift_d>later|earlier|afterwards|previously|{_ON}|{_BEFORE_AFTER}))",
            rf"(?P<ana>the{_S1}(?P<ana_w>following|next|previous|preceding|same){_S1}"
            rf"(?P<ana_u>year|month|{_SEASON})"
            rf"|the{_S1}(?P<ana_u2>year|month|{_SEASON}){_S1}(?P<ana_w2>{_BEFORE_AFTER})"
            rf"|that(?:{_S1}same)?{_S1}(?P<ana_u3>year|month|{_SEASON})){_NO_YEAR}",
        ]
    )
    + ")"
    + _END
)
"""Every date expression the finder knows, as one alternation over lower-cased text.

The top-level alternative that matched is ``match.lastgroup``; the absolute forms
inside it are re-read with ``_FORMS``.
"""


def lower_text(text: str) -> str:
    """``text`` in lower case, character for character, so that offsets carry over.

    ``str.lower`` turns a few characters into two ("İ" -> "i̇"); those are kept as
    they are, which is slower but only happens in texts that contain them.
    """
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


class Relation(StrEnum):
    """What a matched expression counts from."""

    ABSOLUTE = "absolute"  # nothing: "March 2004"
    DEICTIC = "deictic"  # the time of speaking: "last year"
    ANAPHORIC = "anaphoric"  # the time the story is at: "two years later"


RELATION_OF = {
    "abs": Relation.ABSOLUTE,
    "ybl": Relation.DEICTIC,
    "ago": Relation.DEICTIC,
    "dei": Relation.DEICTIC,
    "shift": Relation.ANAPHORIC,
    "ana": Relation.ANAPHORIC,
}


def relation(match: re.Match[str]) -> Relation:
    """Whether a ``MENTION_RE`` match needs an anchor, a reference, or neither."""
    return RELATION_OF[match.lastgroup or ""]


def is_bare_year(match: re.Match[str]) -> bool:
    """A lone four-digit number, which may be a count rather than a year."""
    x = match["x"] if match.lastgroup == "abs" else None
    return x is not None and match["y"] is None and x.isdigit()
