"""Finding date mentions in a text, and the spaCy component that does it per Doc.

Why a regular expression over ``doc.text`` rather than spaCy ``Matcher`` patterns:
the forms we read cross spaCy's token boundaries inconsistently ("2001/02",
"mid-2003", "12/03/2004" and "1990s" are one token or three depending on the
characters around them), the normaliser needs the surface text anyway, and
mentions are stored as character offsets, not tokens. Offsets are those of the
match, so ``text[m.start:m.end] == m.text`` always. They are not snapped to
token boundaries: a coder's span is characters too, and snapping could only
change what the mention says (``doc.char_span(m.start, m.end,
alignment_mode="expand")`` gives the tokens when they are wanted).

Speed: ``MENTION_RE.finditer`` over a whole text costs almost as much as
tokenizing it, because the expression is tried at every character. But every
mention contains a trigger (a digit, or a word such as "year", "spring" or
"March") and can only start a few known words before it ("between the beginning
of 2003"), so the finder looks for triggers with plain string searches, walks
back over those known words, and tries the expression only at those few word
starts: about four times faster. Tests check that this finds exactly what
``MENTION_RE.finditer`` finds.

Counts are not years: a bare number 1900-2099 is taken for a year unless it
reads as a quantity: followed by a per cent sign or "per cent", by a word of
magnitude or currency ("2030 billion", "1999 dollars"), or by a plural noun
("2003 councils", "between 2000 and 3000 people") without "in", "since",
"until", "till" or "during" before it ("in 2003 councils were merged" is a
year); after another number ("30 2030 billion") or a word that labels
identifiers ("room 2003", "page 2001"). A "plural noun" is a word ending in -s
that is not one of the common verbs and function words ending in -s ("was",
"has", "is", "always"...), or an irregular plural ("people", "children",
"staff"); plural nouns that name things that happen or are issued in a year
("the 2003 reforms", "the 2004 and 2006 surveys", "2010 elections") keep the
year. It is a heuristic: "2003 marks a turning point" is missed, and "in 2000
cases" is wrongly a year.

Relative expressions: deictic ones ("last year") need the document date and are
skipped without it; anaphoric ones ("two years later") count from the previous
*event-date* mention in the same paragraph and are skipped without one (a
mention must always have a range, and counting "two years later" from the
interview date, from a citation's year or from a date three paragraphs up would
be a confident wrong answer). See ``workbench.nlp.datenorm``.

Kinds: every mention says whether it dates an event, cites a publication, sits
in a reference list or is page furniture (``workbench.nlp.kinds``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from workbench.core.dates import MONTHS, DateRange, MentionKind, Precision
from workbench.nlp.date_grammar import (
    DECADE_WORDS,
    MENTION_RE,
    NUMBER_WORDS,
    Relation,
    is_bare_year,
    lower_text,
    relation,
)
from workbench.nlp.datenorm import DEFAULT_OPTIONS, DateOptions, read_match
from workbench.nlp.kinds import KindReader

if TYPE_CHECKING:
    from collections.abc import Iterator
    from datetime import date

    from spacy.language import Language
    from spacy.tokens import Doc

ANCHOR_KEY = "workbench.date_anchor"
OPTIONS_KEY = "workbench.date_options"
MENTIONS_KEY = "workbench.date_mentions"
TEXT_KEY = "workbench.text"
COMPONENT = "workbench_dates"


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression at ``text[start:end]`` and the range it denotes.

    ``inferred`` mentions were resolved against the document date or an earlier
    mention ("last year", "two years later"), or had their century guessed ("the
    90s"); they deserve a second look before they bracket anything. ``kind`` says
    whether the mention dates an event or cites, lists or heads something.
    """

    start: int
    end: int
    text: str
    range: DateRange
    inferred: bool = False
    kind: MentionKind = MentionKind.EVENT

    @property
    def precision(self) -> Precision:
        return self.range.precision


# -- triggers --------------------------------------------------------------------------------

# Searched for in lower-cased text; each must start a word. "ties" finds "nineties".
_TRIGGER_WORDS = (
    "year", "month", "spring", "summer", "autumn", "fall", "winter", "ties",
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
)  # fmt: skip
_SUFFIX_TRIGGERS = frozenset(DECADE_WORDS)
_WORD_TRIGGERS = frozenset(
    {"year", "years", "month", "months", "spring", "summer", "autumn", "fall", "winter"}
    | set(MONTHS)
)
_DIGITS = re.compile(r"\d+")
# Words that can come before a mention's first trigger: "between the first half of".
_LEAD_WORDS = frozenset(
    {
        "the", "between", "from", "early", "mid", "late", "start", "beginning",
        "middle", "end", "of", "first", "second", "third", "fourth", "final", "last",
        "latter", "later", "quarter", "half", "this", "next", "that", "same",
        "following", "previous", "preceding", "year", "financial", "fiscal", "tax", "budget",
        "budgetary", "academic", "school", "university", "fy",
    }
    | set(NUMBER_WORDS)
)  # fmt: skip
_MAX_LEAD_WORDS = 6
_WORDCHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def _is_word_start(text: str, i: int) -> bool:
    return i == 0 or not text[i - 1].isalnum()


def _word_at(low: str, i: int) -> str:
    j = i
    n = len(low)
    while j < n and low[j].isalpha():
        j += 1
    return low[i:j]


def _trigger_starts(low: str) -> list[int]:
    """Starts of the words that contain a trigger, in order (``low`` is lower case)."""
    starts: set[int] = set()
    for m in _DIGITS.finditer(low):
        i = m.start()
        while i > 0 and low[i - 1] in _WORDCHARS:  # "q3", "12th"
            i -= 1
        starts.add(i)
    find = low.find
    for word in _TRIGGER_WORDS:
        i = find(word)
        while i >= 0:
            if word == "ties":
                j = i
                while j > 0 and low[j - 1].isalpha():
                    j -= 1
                if _word_at(low, j) in _SUFFIX_TRIGGERS:
                    starts.add(j)
            elif _is_word_start(low, i) and _word_at(low, i) in _WORD_TRIGGERS:
                starts.add(i)
            i = find(word, i + 1)
    return sorted(starts)


def _candidate_starts(low: str, start: int, limit: int) -> list[int]:
    """Word starts from which a mention whose first trigger is at ``start`` may begin.

    Walks back over an apostrophe ("the '90s"), whitespace or a hyphen ("mid-2003")
    and words of ``_LEAD_WORDS``; returns them leftmost first.
    """
    found = [start]
    i = start
    if i > limit and low[i - 1] in "'’":  # "the '90s"
        i -= 1
        found.append(i)
    for _ in range(_MAX_LEAD_WORDS):
        j = i
        while j > limit and low[j - 1] in " \t\n":
            j -= 1
        if j == i:
            if j > limit and low[j - 1] == "-":
                j -= 1
            else:
                break
        k = j
        while k > limit and low[k - 1].isalpha():
            k -= 1
        if k == j or low[k:j] not in _LEAD_WORDS:
            break
        found.append(k)
        i = k
    found.reverse()
    return found


def iter_matches(low: str) -> Iterator[re.Match[str]]:
    """``MENTION_RE.finditer(low)``, but trying the expression only where it can match.

    ``low`` is the text from ``lower_text``.
    """
    end = 0
    match = MENTION_RE.match
    for t in _trigger_starts(low):
        if t < end:
            continue
        for c in _candidate_starts(low, t, end):
            m = match(low, c)
            if m is not None:
                end = m.end()
                yield m
                break


# -- counts ------------------------------------------------------------------------------------

_COUNT_TAIL = re.compile(
    r"(?P<range>[ \t]*(?:[-–]|to|and|or)[ \t]*\d[\d,.]*)?[ \t]*"
    r"(?:(?P<pct>%|per[ \t]?cent\b|percent\b)|(?P<word>[a-z]+)(?![-'’\w]))?",
    re.IGNORECASE,
)
_YEAR_LEAD = re.compile(r"(?<![\w])(?:in|since|until|till|during)[ \t]+\Z", re.IGNORECASE)
_NUMBER_BEFORE = re.compile(r"(?<![\w,.])\d+(?:[.,]\d+)*[ \t]+\Z")
_MAGNITUDES = frozenset(
    {"hundred", "thousand", "million", "millions", "billion", "billions", "trillion", "bn",
     "m", "k", "mn", "dollars", "pounds", "euros", "usd", "gbp", "eur", "yen", "pence",
     "cents", "francs", "rupees", "units", "times", "km", "kg", "miles", "metres", "meters"}
)  # fmt: skip
# Plural nouns for things that happen, or are made, in a year: "the 2003 reforms".
_YEAR_NOUNS = frozenset(
    {"reforms", "elections", "surveys", "changes", "cuts", "regulations", "guidelines",
     "rules", "standards", "accounts", "results", "figures", "statistics", "plans", "reviews",
     "reports", "inspections", "audits", "negotiations", "talks", "riots", "floods",
     "protests", "games", "olympics", "strikes", "interviews", "visits", "waves", "accords",
     "agreements", "amendments", "acts", "laws", "budgets", "estimates", "targets", "awards",
     "rounds", "cohorts", "intakes", "reorganisations", "reorganizations", "mergers",
     "spending", "census", "censuses", "guidance", "consultations", "strategies", "policies",
     "proposals", "settlements", "allocations", "returns", "assessments", "evaluations",
     "events", "celebrations", "editions", "versions", "models", "levels", "prices", "data",
     "findings"}
)  # fmt: skip
_LABEL_LEAD = re.compile(
    r"(?<![\w])(?:no|nos|number|room|page|pages|pp|p|flat|unit|ref|route|bus|code|"
    r"version|model|ext|tel|phone|item|line|para|section|figure|table|box|account)\.?[ \t]*\Z",
    re.IGNORECASE,
)
_IRREGULAR_PLURALS = frozenset(
    {"people", "children", "men", "women", "staff", "police", "feet", "teeth", "mice",
     "geese", "cattle", "personnel", "folk", "data", "criteria", "media"}
)  # fmt: skip
_NOT_PLURALS = frozenset(
    {"is", "was", "has", "does", "goes", "says", "seems", "as", "us", "this", "thus",
     "yes", "its", "his", "hers", "ours", "yours", "theirs", "always", "perhaps",
     "whereas", "besides", "unless", "plus", "less", "across", "towards", "afterwards",
     "sometimes", "nevertheless", "news", "whereabouts", "series", "means", "nowadays",
     "anyways", "upwards", "downwards", "backwards", "forwards", "onwards", "els"}
)  # fmt: skip


def _plural(word: str) -> bool:
    w = word.lower()
    if w in _IRREGULAR_PLURALS:
        return True
    if len(w) < 3 or not w.endswith("s") or w.endswith(("ss", "us", "is")):
        return False
    return w not in _NOT_PLURALS


def looks_like_count(text: str, start: int, end: int) -> bool:
    """Whether the bare number at ``text[start:end]`` is a quantity, not a year."""
    before = text[max(0, start - 12) : start]
    if _LABEL_LEAD.search(before) or _NUMBER_BEFORE.search(before):
        return True
    tail = _COUNT_TAIL.match(text, end)
    if tail is None:  # pragma: no cover - every part of _COUNT_TAIL is optional
        return False
    year_lead = _YEAR_LEAD.search(before) is not None
    if tail["pct"]:
        # "2012 to 11%" after "in" is a year and a share: "from 18% in 2012 to 11%"
        return not (year_lead and tail["range"])
    word = (tail["word"] or "").lower()
    if word in _MAGNITUDES:
        return True
    if word in _YEAR_NOUNS:
        return False
    if word and _plural(word):
        return not year_lead
    return False


# -- finding ------------------------------------------------------------------------------------


def find_date_mentions(
    text: str,
    anchor: date | None = None,
    *,
    options: DateOptions = DEFAULT_OPTIONS,
) -> list[DateMention]:
    """Every date mention in ``text``, in order, each with a range.

    ``anchor`` is the document date; without it, "last year" and the like are
    not mentions. Impossible dates ("31 February 2004") are not mentions either.
    """
    out: list[DateMention] = []
    a = DateRange(anchor, anchor, Precision.DAY) if anchor is not None else None
    reference: DateRange | None = None
    reference_end = 0
    kinds: KindReader | None = None
    for m in iter_matches(lower_text(text)):
        rel = relation(m)
        start, end = m.span()
        if rel is Relation.ANAPHORIC and (
            reference is None or text.find("\n\n", reference_end, start) >= 0
        ):
            continue
        if rel is Relation.DEICTIC and a is None:
            continue
        if is_bare_year(m) and looks_like_count(text, start, end):
            continue
        found = read_match(m, text, anchor=a, reference=reference, options=options)
        if found is None:
            continue
        if kinds is None:
            kinds = KindReader(text)
        kind = kinds.kind(start, end)
        out.append(DateMention(start, end, text[start:end], found.range, found.inferred, kind))
        if kind is MentionKind.EVENT:
            reference, reference_end = found.range, end
    return out


# -- the spaCy component -------------------------------------------------------------------------
#
# What the component reads and writes lives in ``doc.user_data`` as plain values
# (strings, numbers, lists), so that Docs still serialise with ``Doc.to_bytes``
# and ``DocBin(store_user_data=True)``, and importing this module changes no
# global spaCy state (``Doc`` extensions would).


def set_context(
    doc: Doc,
    anchor: date | None,
    options: DateOptions | None = None,
    *,
    text: str | None = None,
) -> Doc:
    """Give a Doc its document date (and reading options) before the pipeline runs.

    ``text``, if given, must be the text the Doc was made from: ``doc.text``
    rebuilds it token by token, which costs more than finding the dates (the
    pipeline's tokenizer keeps it already).
    """
    data = doc.user_data
    data[ANCHOR_KEY] = anchor.isoformat() if anchor is not None else None
    if options is not None:
        data[OPTIONS_KEY] = [
            options.day_first,
            options.fiscal_year_start,
            options.academic_year_start,
        ]
    if text is not None:
        data[TEXT_KEY] = text
    return doc


def doc_anchor(doc: Doc) -> date | None:
    """The document date given with ``set_context``, if any."""
    from datetime import date

    anchor: str | None = doc.user_data.get(ANCHOR_KEY)
    return date.fromisoformat(anchor) if anchor else None


def doc_text(doc: Doc) -> str:
    """The Doc's text, kept by the tokenizer or given to ``set_context``."""
    text: str | None = doc.user_data.get(TEXT_KEY)
    return text if text is not None else doc.text


_PRECISIONS = {p.value: p for p in Precision}
_KINDS = {k.value: k for k in MentionKind}


def date_mentions(doc: Doc) -> list[DateMention]:
    """The mentions the ``workbench_dates`` component found in a Doc."""
    from datetime import date

    out: list[DateMention] = []
    precisions = _PRECISIONS  # an Enum(value) call per mention was a tenth of this loop
    kinds = _KINDS
    for start, end, text, first, last, precision, inferred, *kind in doc.user_data.get(
        MENTIONS_KEY, ()
    ):
        found = DateRange(date.fromordinal(first), date.fromordinal(last), precisions[precision])
        which = kinds[kind[0]] if kind else MentionKind.EVENT
        out.append(DateMention(start, end, text, found, inferred, which))
    return out


class DateMentionComponent:
    """Pipeline component: finds the date mentions of each Doc's text.

    The document date and options come from ``set_context``, so one cached
    pipeline serves documents with different dates (without one, "last year" and
    the like are not mentions); read the results with ``date_mentions(doc)``.
    """

    def __init__(self, name: str = COMPONENT, *, day_first: bool = True) -> None:
        self.name = name
        self.options = DateOptions(day_first=day_first)

    def __call__(self, doc: Doc) -> Doc:
        data = doc.user_data
        given = data.get(OPTIONS_KEY)
        options = DateOptions(*given) if given else self.options
        data[MENTIONS_KEY] = [
            [
                m.start,
                m.end,
                m.text,
                m.range.start.toordinal(),
                m.range.end.toordinal(),
                m.range.precision.value,
                m.inferred,
                m.kind.value,
            ]
            for m in find_date_mentions(doc_text(doc), doc_anchor(doc), options=options)
        ]
        return doc


def make_date_component(nlp: Language, name: str, day_first: bool) -> DateMentionComponent:
    """spaCy factory for ``workbench_dates`` (registered by ``workbench.nlp.pipeline``)."""
    return DateMentionComponent(name, day_first=day_first)
