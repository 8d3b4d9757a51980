"""How the tool that wrote a file counts positions in a text, decided per source.

The standard says a ``PlainTextSelection``'s ``startPosition`` and ``endPosition``
count Unicode code points of the plain text file, from 0. Real tools do not all
agree:

- NVivo (12 and later, Mac and Windows) counts UTF-16 code units, so every
  character outside the Basic Multilingual Plane (most emoji, some CJK) counts
  two, and every selection after one lands a character early per such character;
- ATLAS.ti counts a Windows line end (``\\r\\n``) in its text file as one
  position, where the file holds two characters (QualCoder's importer makes the
  same correction for it);
- the workbench, QualCoder and the standard count code points of the file as is.

Where a text has neither kind of character, every reading gives the same spans
and nothing needs deciding. Otherwise each reading is tried on the selections
themselves: a selection "fits" a reading when the passage it gives starts and
ends on word boundaries, or, when the selection carries an excerpt of its text
(its ``name``, as ATLAS.ti and the workbench write it), when the passage starts
with that excerpt. The reading that fits most of the selections the readings
disagree on wins; the tool's name (and, for the workbench's own files, what the
file declares) only breaks ties. Selections that fit no better under the chosen
reading than by chance are counted as doubtful, and the import says so.

Pure: texts and numbers in, numbers out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

_SPECIAL = re.compile("[\U00010000-\U0010ffff]|\r\n")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_ELLIPSIS = ("…", "...")
MIN_EXCERPT = 4
"""Excerpts shorter than this say too little to tell readings apart."""
MIXED_SHARE = 0.9
"""Below this share of fitting selections the chosen reading is called doubtful."""


@dataclass(frozen=True, slots=True)
class Counting:
    """One way to count positions: code points or UTF-16 code units; ``\\r\\n`` as 2 or 1."""

    utf16: bool = False
    crlf_one: bool = False

    def describe(self) -> str:
        unit = "UTF-16 code units" if self.utf16 else "code points"
        return f"{unit}, a \\r\\n line end as one" if self.crlf_one else unit

    @property
    def key(self) -> str:
        """How the workbench's extension data names it."""
        return ("utf16" if self.utf16 else "codepoints") + ("-crlf1" if self.crlf_one else "")

    @classmethod
    def from_key(cls, key: object) -> Counting | None:
        if not isinstance(key, str):
            return None
        unit, _, crlf = key.partition("-")
        if unit not in ("utf16", "codepoints") or crlf not in ("", "crlf1"):
            return None
        return cls(utf16=unit == "utf16", crlf_one=crlf == "crlf1")


CODE_POINTS = Counting()
UTF16 = Counting(utf16=True)


def tool_preference(origin: str | None, declared: Counting | None = None) -> list[Counting]:
    """Readings in the order a tie is broken: what the file declares, then what its tool does."""
    name = (origin or "").casefold()
    if "nvivo" in name:
        order = [UTF16, Counting(utf16=True, crlf_one=True), CODE_POINTS]
    elif "atlas" in name:
        order = [Counting(crlf_one=True), CODE_POINTS, Counting(utf16=True, crlf_one=True), UTF16]
    else:
        order = [CODE_POINTS, UTF16, Counting(crlf_one=True), Counting(utf16=True, crlf_one=True)]
    if declared is not None:
        order = [declared, *(c for c in order if c != declared)]
    for extra in (CODE_POINTS, UTF16, Counting(crlf_one=True), Counting(utf16=True, crlf_one=True)):
        if extra not in order:
            order.append(extra)
    return order


def positions(text: str, counting: Counting) -> list[int] | None:
    """Tool position -> code point index into ``text``; ``None`` when they are the same.

    A position inside a character (between the two halves of a surrogate pair, or
    between the ``\\r`` and ``\\n`` counted as one) maps to the character's start.
    """
    if not counting.utf16 and not counting.crlf_one:
        return None
    out: list[int] = []
    pos = 0
    for m in _SPECIAL.finditer(text):
        special = m.group()
        if special == "\r\n" and not counting.crlf_one:
            continue
        if special != "\r\n" and not counting.utf16:
            continue
        out.extend(range(pos, m.start()))
        if special == "\r\n":  # one position for two characters
            out.append(m.start())
        else:  # two positions for one character
            out.extend((m.start(), m.start()))
        pos = m.end()
    if not out and pos == 0:
        return None
    out.extend(range(pos, len(text) + 1))
    return out


def utf16_offsets(text: str) -> list[int] | None:
    """Code point index -> UTF-16 position (``None`` when they are the same): for export."""
    if _ASTRAL.search(text) is None:
        return None
    out: list[int] = []
    extra = 0
    for i, ch in enumerate(text):
        out.append(i + extra)
        if ord(ch) > 0xFFFF:
            extra += 1
    out.append(len(text) + extra)
    return out


def _word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def on_boundaries(text: str, start: int, end: int) -> bool:
    """Whether ``[start, end)`` cuts no word in two."""
    if end <= start:
        return False
    if 0 < start < len(text) and _word(text[start - 1]) and _word(text[start]):
        return False
    return not (0 < end < len(text) and _word(text[end - 1]) and _word(text[end]))


def _flat(text: str) -> str:
    return " ".join(text.split())


def excerpt_of(name: str | None) -> str | None:
    """The text a selection's name quotes, if it looks like a quote (ellipsis cut off)."""
    if not name:
        return None
    flat = _flat(name)
    for mark in _ELLIPSIS:
        if flat.endswith(mark):
            flat = flat[: -len(mark)].rstrip()
    return flat if len(flat) >= MIN_EXCERPT else None


def _starts_with(text: str, start: int, end: int, excerpt: str) -> bool:
    window = text[start : min(end, start + 4 * len(excerpt) + 16)]
    return _flat(window).startswith(excerpt)


@dataclass(slots=True)
class SourceReading:
    """The reading chosen for one source, with the evidence for it."""

    counting: Counting
    spans: list[tuple[int, int] | None]
    """Per selection, ``[start, end)`` in code points of the text; ``None`` when out of range."""
    tool_length: int
    distinguishing: int = 0
    fits: dict[Counting, int] = field(default_factory=dict)
    doubtful: int = 0
    mixed: bool = False


def _span(pos: list[int] | None, start: int, end: int, length: int) -> tuple[int, int] | None:
    if start < 0 or end < start:
        return None
    if pos is None:
        return (start, end) if end <= length else None
    if end >= len(pos):
        return None
    return pos[start], pos[end]


def read_positions(
    text: str,
    selections: Sequence[tuple[int, int, str | None]],
    preference: Sequence[Counting],
) -> SourceReading:
    """Choose how ``selections`` (start, end, name) count positions in ``text``."""
    candidates: list[Counting] = []
    has_astral = _ASTRAL.search(text) is not None
    has_crlf = "\r\n" in text
    for c in preference:
        if (c.utf16 and not has_astral) or (c.crlf_one and not has_crlf):
            c = Counting(utf16=c.utf16 and has_astral, crlf_one=c.crlf_one and has_crlf)
        if c not in candidates:
            candidates.append(c)
    maps = {c: positions(text, c) for c in candidates}
    lengths = {c: (len(m) - 1 if m is not None else len(text)) for c, m in maps.items()}
    spans = {c: [_span(maps[c], s, e, len(text)) for s, e, _ in selections] for c in candidates}
    first = candidates[0]
    if len(candidates) == 1 or not selections:
        return SourceReading(first, spans[first], lengths[first])
    fits = dict.fromkeys(candidates, 0)
    distinguishing: list[int] = []
    fitting: dict[Counting, set[int]] = {c: set() for c in candidates}
    for i, (_, _, name) in enumerate(selections):
        options = [spans[c][i] for c in candidates]
        if all(o == options[0] for o in options):
            continue
        distinguishing.append(i)
        excerpt = excerpt_of(name)
        by_excerpt = {
            c: o is not None and excerpt is not None and _starts_with(text, o[0], o[1], excerpt)
            for c, o in zip(candidates, options, strict=True)
        }
        use_excerpt = any(by_excerpt.values())
        for c, o in zip(candidates, options, strict=True):
            ok = by_excerpt[c] if use_excerpt else o is not None and on_boundaries(text, *o)
            if ok:
                fits[c] += 1
                fitting[c].add(i)
    if not distinguishing:
        return SourceReading(first, spans[first], lengths[first])
    # Readings that place a selection outside the text are out, unless every one does.
    complete = [c for c in candidates if all(s is not None for s in spans[c])] or candidates
    best = max(complete, key=lambda c: (fits[c], -candidates.index(c)))
    n = len(distinguishing)
    runner_up = max((fits[c] for c in complete if c != best), default=0)
    mixed = fits[best] < MIXED_SHARE * n or runner_up >= MIXED_SHARE * fits[best] > 0
    if mixed:  # a selection is sure only if the chosen reading alone fits it
        rivals = [c for c in complete if c != best]
        sure = {
            i
            for i in fitting[best]
            if not any(i in fitting[c] and spans[c][i] != spans[best][i] for c in rivals)
        }
        doubtful = n - len(sure)
    else:
        doubtful = n - fits[best]
    return SourceReading(
        counting=best,
        spans=spans[best],
        tool_length=lengths[best],
        distinguishing=n,
        fits=fits,
        doubtful=doubtful,
        mixed=mixed,
    )


def describe_readings(
    readings: Sequence[tuple[str, SourceReading]], origin: str | None
) -> list[str]:
    """The import's lines about positions: one per way of counting chosen other than the
    standard's (or with doubts), and one for the codings that fit no reading well."""
    lines = []
    by_counting: dict[Counting, list[SourceReading]] = {}
    for _, reading in readings:
        by_counting.setdefault(reading.counting, []).append(reading)
    tool = f" ({origin})" if origin else ""
    for counting, chosen in by_counting.items():
        if counting == CODE_POINTS and not any(r.doubtful for r in chosen):
            continue  # the standard's way, and the selections agree: nothing to say
        n = sum(r.distinguishing for r in chosen)
        fit = sum(r.fits.get(counting, 0) for r in chosen)
        others = {c for r in chosen for c in r.fits if c != counting}
        against = "; ".join(
            f"{sum(r.fits.get(c, 0) for r in chosen)} read as {c.describe()}"
            for c in sorted(others, key=lambda c: c.key)
        )
        lines.append(
            f"positions read as {counting.describe()}{tool} in {len(chosen)} source(s): of "
            f"the {n} selection(s) the ways of counting place differently, {fit} start and "
            f"end on word boundaries or match their excerpt this way ({against})"
        )
    doubtful = [(owner, r) for owner, r in readings if r.doubtful]
    if doubtful:
        total = sum(r.doubtful for _, r in doubtful)
        mixed = [owner for owner, r in doubtful if r.mixed]
        sample = ", ".join(owner for owner, _ in doubtful[:3])
        why = (
            f"the evidence is mixed in {len(mixed)} source(s)"
            if mixed
            else "they cut a word under the chosen way of counting"
        )
        more = f" and {len(doubtful) - 3} more source(s)" if len(doubtful) > 3 else ""
        lines.append(f"{total} coding(s) may be misplaced ({why}); check them in {sample}{more}")
    return lines
