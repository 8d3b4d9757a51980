"""What a date mention is doing in the text: dating an event, or citing, listing, heading.

An academic paper's years are mostly not events: "(Hartley, 2005)", "Behn (2008)"
and the whole reference list date publications; a browser's print header dates a
printout, on every page. Only *event* mentions may date a coded event, so each
mention gets one of the kinds of ``workbench.core.dates.MentionKind``:

* ``reference``: inside a reference section, which starts at a heading line
  ("References", "Bibliography", "Works cited", "Literature", "Sources",
  optionally numbered) and runs to the end of the text or to a heading such as
  "Appendix"; or on a line that reads as a reference entry ("Hartley, J. (2005)
  Title...", "1. Smith A, Jones B. Title. BMJ. 2003;326:1-5"), when at least two
  such lines stand together.
* ``citation``: author-year citations. In parentheses, a year preceded by a name
  ("(Rashman and Hartley, 2002; Downe et al., 2004)", "(see Hartley 2005: 12)")
  makes every year of that parenthesis a citation; after a name, a parenthesis
  that opens with a year ("Behn (2008)", "Walker et al. (2010a, pp. 12-14)").
  A "name" is a capitalised word that is not a month, a season, or a word that
  labels things ("Phase", "Table", "No."), or "et al.". Numeric styles ("[6]")
  carry no year; their years are publication years only when a publishing verb
  says so: "published in 2011", or "reported in 2009 [9]" (a verb of reporting
  just before the year and a numeric marker just after it).
* ``furniture``: a line that recurs three or more times in the text (a running
  header or footer, a print stamp), short enough to be one.
* ``event``: everything else.

These are rules, not a model: a citation written without a name ("(2005)") is
an event, and a name in parentheses before a year that is not an author ("(Labour,
1997)") is a citation. Both cases keep the mention visible (the dating dialog
lists citations apart), so a wrong kind costs a coder one choice, never a silent
wrong date.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from typing import TYPE_CHECKING

from workbench.core.dates import MONTHS, MentionKind

if TYPE_CHECKING:
    from collections.abc import Sequence

_REF_HEADING = re.compile(
    r"^[ \t]*(?:\d{1,2}\.?[ \t]+)?(?:references?(?:[ \t]+(?:list|cited))?|bibliography|"
    r"works[ \t]+cited|literature(?:[ \t]+cited)?|sources|notes[ \t]+and[ \t]+references|"
    r"references[ \t]+and[ \t]+notes|further[ \t]+reading)[ \t]*:?[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_AFTER_REFS = re.compile(
    r"^[ \t]*(?:\d{1,2}\.?[ \t]+)?(?:appendix|appendices|annex|tables|figures|"
    r"supplementary|author[ \t]+biograph)",
    re.IGNORECASE | re.MULTILINE,
)
# "Hartley, J. (2005)", "Hartley, J. and Benington, J. (2006)", "Smith A, Jones B. ... 2003;"
_ENTRY = re.compile(
    r"^[ \t]*(?:\[?\d{1,3}[.\])][ \t]+)?"
    r"(?:[A-Z][\w'’-]+(?:[ \t][A-Z][\w'’-]+)?,?[ \t](?:[A-Z]\.?[ \t]?){1,3}[,.;(]"
    r".{0,300}?(?:\((?:19|20)\d\d[a-z]?\)|(?:19|20)\d\d[a-z]?;|\b(?:19|20)\d\d[a-z]?\.[ \t]))",
    re.MULTILINE,
)
_NAME = r"(?:[A-Z][\w'’-]*[a-z][\w'’-]*|et[ \t]al\.?)"
# The end of a name list just before a year, inside parentheses: "Hartley, ", "et al. ",
# "Hartley and Benington ", "see Hartley ".
_NAME_BEFORE = re.compile(rf"(?P<name>{_NAME})[ \t]*,?[ \t]*\Z")
_NAME_BEFORE_PAREN = re.compile(rf"(?P<name>{_NAME})[ \t]*\Z")
_YEAR_FIRST = re.compile(r"[ \t]*(?:19|20)\d\d[a-z]?(?:[ \t]*[,:;)]|[ \t]*$)")
_PUBLISHED = re.compile(
    r"(?:published|publication|appeared|printed)[ \t]+(?:online[ \t]+)?(?:in|on)?[ \t]*\Z",
    re.IGNORECASE,
)
_REPORTED = re.compile(
    r"(?:reported|described|published|proposed|showed|shown|found|presented)[ \t]+"
    r"(?:in|on)?[ \t]*\Z",
    re.IGNORECASE,
)
_NUMERIC_MARK = re.compile(r"[ \t]*\[\d{1,3}(?:[ \t]*[-–,][ \t]*\d{1,3})*\]")
_NOT_NAMES = frozenset(
    {m.capitalize() for m in MONTHS}
    | {
        "Spring", "Summer", "Autumn", "Fall", "Winter", "Phase", "Stage", "Wave", "Round",
        "Table", "Figure", "Fig", "No", "Nos", "Vol", "Section", "Chapter", "Page", "Item",
        "Year", "Years", "Since", "Until", "From", "In", "By", "Between", "During", "And",
        "The", "Circa", "Ca", "Approx", "About", "Around", "Early", "Mid", "Late", "End",
        "Start", "Q", "Act", "Article", "Part", "Cohort", "Survey", "Census", "Version",
        "Edition", "Est", "Founded", "Born", "Died", "Term", "Session", "Financial", "Fiscal",
        "Academic", "Budget", "Plan", "Programme", "Program", "Strategy", "Report", "Review",
    }
)  # fmt: skip
_FURNITURE_MIN_REPEATS = 3
_FURNITURE_MAX_LINE = 160


def _line_bounds(text: str, pos: int) -> tuple[int, int]:
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    return a, len(text) if b == -1 else b


def _paren_around(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The innermost ``( ... )`` around ``[start, end)`` on the same line, if any."""
    lo = max(0, start - 200)
    depth = 0
    i = start - 1
    open_at = -1
    while i >= lo:
        c = text[i]
        if c == "\n":
            return None
        if c == ")":
            depth += 1
        elif c == "(":
            if depth == 0:
                open_at = i
                break
            depth -= 1
        i -= 1
    if open_at < 0:
        return None
    close = text.find(")", end, min(len(text), end + 200))
    if close < 0 or "\n" in text[end:close]:
        return None
    return open_at, close + 1


def _is_name(word: str) -> bool:
    return word.startswith("et") or word.rstrip(".") not in _NOT_NAMES


def _cites_in_parens(text: str, open_at: int, close: int) -> bool:
    """A parenthesis in which some year follows an author's name."""
    inner = text[open_at + 1 : close - 1]
    for m in re.finditer(r"(?:19|20)\d\d[a-z]?(?![\d])", inner):
        part = re.split(r"[;]", inner[: m.start()])[-1]
        name = _NAME_BEFORE.search(part)
        if name is not None and _is_name(name["name"]):
            return True
    return False


def _cited_after_name(text: str, open_at: int) -> bool:
    """``Name (2008...)``: a parenthesis that opens with a year, just after a name."""
    if not _YEAR_FIRST.match(text, open_at + 1):
        return False
    name = _NAME_BEFORE_PAREN.search(text, max(0, open_at - 60), open_at)
    return name is not None and _is_name(name["name"])


def reference_sections(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of each reference section and each run of reference entries."""
    spans: list[tuple[int, int]] = []
    for heading in _REF_HEADING.finditer(text):
        after = _AFTER_REFS.search(text, heading.end())
        spans.append((heading.start(), after.start() if after else len(text)))
    entries = [_line_bounds(text, m.start()) for m in _ENTRY.finditer(text)]
    run: list[tuple[int, int]] = []
    for line in entries:
        if run and text[run[-1][1] : line[0]].strip() == "":
            run.append(line)
            continue
        if len(run) >= 2:
            spans.append((run[0][0], run[-1][1]))
        run = [line]
    if len(run) >= 2:
        spans.append((run[0][0], run[-1][1]))
    return sorted(spans)


def furniture_lines(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of lines that recur often enough to be page furniture."""
    if text.count("\n") < _FURNITURE_MIN_REPEATS * 2:
        return []
    lines = text.split("\n")
    counts = Counter(s for s in (line.strip() for line in lines) if s)
    repeated = {
        s
        for s, n in counts.items()
        if n >= _FURNITURE_MIN_REPEATS
        and len(s) <= _FURNITURE_MAX_LINE
        and any(c.isdigit() for c in s)
    }
    if not repeated:
        return []
    out: list[tuple[int, int]] = []
    pos = 0
    for line in lines:
        if line.strip() in repeated:
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


class KindReader:
    """Tells the kind of each mention of one text; built once per text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._regions: list[tuple[int, int, MentionKind]] = sorted(
            [(a, b, MentionKind.REFERENCE) for a, b in reference_sections(text)]
            + [(a, b, MentionKind.FURNITURE) for a, b in furniture_lines(text)]
        )
        self._starts = [a for a, _, _ in self._regions]

    def kind(self, start: int, end: int) -> MentionKind:
        """The kind of the mention at ``text[start:end]``."""
        i = bisect_right(self._starts, start)
        for a, b, kind in self._regions[max(0, i - 4) : i]:
            if a <= start < b:
                return kind
        text = self.text
        paren = _paren_around(text, start, end)
        if paren is not None and (
            _cites_in_parens(text, *paren) or _cited_after_name(text, paren[0])
        ):
            return MentionKind.CITATION
        before = text[max(0, start - 40) : start]
        if _PUBLISHED.search(before):
            return MentionKind.CITATION
        if _REPORTED.search(before) and _NUMERIC_MARK.match(text, end):
            return MentionKind.CITATION
        return MentionKind.EVENT


def mention_kinds(text: str, spans: Sequence[tuple[int, int]]) -> list[MentionKind]:
    """The kind of each ``(start, end)`` mention of ``text``."""
    reader = KindReader(text)
    return [reader.kind(a, b) for a, b in spans]
