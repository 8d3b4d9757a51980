"""The date of the event a coded segment describes (DESIGN, "An event's date").

The rule, in order:

1. the coding's own event date, when the coder gave one;
2. else the nearest date mention *inside* the coded span;
3. else the nearest mention in the span's sentence(s);
4. else the nearest mention in the span's speaker turn(s);
5. else the document's date;
6. else no date.

Only *event-date* mentions take part in steps 2-4: a citation ("(Hartley,
2005)"), a reference-list entry or a running header's date never dates an event
(see ``workbench.core.dates.MentionKind``). They are still offered to the coder,
apart, by ``nearby``.

"Nearest" is the character gap between the mention and the span (0 for a mention
that overlaps it); ties go to the earlier mention, because speakers usually date
a story before telling it ("In 2003 we ..."). Every result says where its date
came from, so reports and the coding view can show it.

Pure: plain values in, a ``ResolvedDate`` out. One ``EventDateResolver`` per
document serves all its codings with binary searches, so resolving the 5,000
codings of a long transcript costs milliseconds.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from workbench.core.dates import DateRange


class DateSource(StrEnum):
    """Where an event's date came from."""

    OWN = "own"
    MENTION = "mention"
    DOCUMENT = "document"
    NONE = "none"


class MentionScope(StrEnum):
    """How far from the span the mention that dated it was found."""

    SPAN = "span"
    SENTENCE = "sentence"
    TURN = "turn"


@dataclass(frozen=True, slots=True)
class DatedMention:
    """A date mention found in the text: ``[start, end)`` reads ``text``, meaning ``range``.

    ``kind`` is a ``MentionKind`` value; only ``"event"`` mentions date events.
    """

    start: int
    end: int
    text: str
    range: DateRange
    kind: str = "event"

    @property
    def is_event(self) -> bool:
        return self.kind == "event"


@dataclass(frozen=True, slots=True)
class ResolvedDate:
    """An event's date, with its source; ``scope`` and ``mention`` only for mentions."""

    range: DateRange | None
    source: DateSource
    scope: MentionScope | None = None
    mention: DatedMention | None = None


def gap(start: int, end: int, m_start: int, m_end: int) -> int:
    """Characters between ``[m_start, m_end)`` and ``[start, end)``; 0 when they overlap."""
    if m_end <= start:
        return start - m_end
    if m_start >= end:
        return m_start - end
    return 0


class _Regions:
    """Sorted ``[start, end)`` regions (sentences or turns).

    Sentences and turns do not overlap, so the regions meeting a span are found by
    one binary search and a short walk; overlapping regions (from another
    pipeline, say) take a slower, still correct path.
    """

    __slots__ = ("disjoint", "ends", "max_len", "starts")

    def __init__(self, regions: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(regions)
        self.starts = [s for s, _ in ordered]
        self.ends = [e for _, e in ordered]
        self.max_len = max((e - s for s, e in ordered), default=0)
        self.disjoint = all(a <= b for a, b in zip(self.ends, self.starts[1:], strict=False))

    def cover(self, start: int, end: int) -> tuple[int, int] | None:
        """The smallest region covering every region that meets ``[start, end)``."""
        if not self.starts:
            return None
        stop = max(end, start + 1)
        if self.disjoint:
            i = max(0, bisect_right(self.starts, start) - 1)
            if self.ends[i] <= start:
                i += 1
            j = i
            while j < len(self.starts) and self.starts[j] < stop:
                j += 1
            if j == i:
                return None
            return self.starts[i], self.ends[j - 1]
        lo = bisect_left(self.starts, start - self.max_len)
        hi = bisect_right(self.starts, stop - 1)
        first: int | None = None
        last: int | None = None
        for k in range(lo, hi):
            s, e = self.starts[k], self.ends[k]
            if s < stop and e > start:
                first = s if first is None else min(first, s)
                last = e if last is None else max(last, e)
        if first is None or last is None:
            return None
        return first, last


class EventDateResolver:
    """Resolves event dates for the codings of one document.

    ``mentions`` are the document's date mentions; ``sentences`` and ``turns``
    are ``(start, end)`` pairs; ``document`` is the document's own date.
    """

    def __init__(
        self,
        *,
        mentions: Sequence[DatedMention] = (),
        sentences: Iterable[tuple[int, int]] = (),
        turns: Iterable[tuple[int, int]] = (),
        document: DateRange | None = None,
    ) -> None:
        self._all = sorted(mentions, key=lambda m: (m.start, m.end))
        self._all_starts = [m.start for m in self._all]
        self._mentions = [m for m in self._all if m.is_event]
        self._starts = [m.start for m in self._mentions]
        self._max_len = max((m.end - m.start for m in self._mentions), default=0)
        self._sentences = _Regions(sentences)
        self._turns = _Regions(turns)
        self.document = document

    def _nearest(self, start: int, end: int, lo: int, hi: int) -> DatedMention | None:
        """The mention inside ``[lo, hi)`` nearest to ``[start, end)``, earlier on ties."""
        first = bisect_left(self._starts, lo)
        last = bisect_left(self._starts, hi)
        best: DatedMention | None = None
        best_gap = 0
        for m in self._mentions[first:last]:
            if m.end > hi:
                continue
            d = gap(start, end, m.start, m.end)
            if best is None or d < best_gap:
                best, best_gap = m, d
        return best

    def _overlapping(self, start: int, end: int) -> DatedMention | None:
        first = bisect_left(self._starts, start - self._max_len)
        last = bisect_left(self._starts, end)
        for m in self._mentions[first:last]:
            if m.end > start:
                return m
        return None

    def resolve(self, start: int, end: int, own: DateRange | None = None) -> ResolvedDate:
        """The date of the event that the span ``[start, end)`` describes."""
        if own is not None:
            return ResolvedDate(own, DateSource.OWN)
        inside = self._overlapping(start, end)
        if inside is not None:
            return ResolvedDate(inside.range, DateSource.MENTION, MentionScope.SPAN, inside)
        for scope, regions in (
            (MentionScope.SENTENCE, self._sentences),
            (MentionScope.TURN, self._turns),
        ):
            around = regions.cover(start, end)
            if around is None:
                continue
            found = self._nearest(start, end, around[0], around[1])
            if found is not None:
                return ResolvedDate(found.range, DateSource.MENTION, scope, found)
        if self.document is not None:
            return ResolvedDate(self.document, DateSource.DOCUMENT)
        return ResolvedDate(None, DateSource.NONE)

    def nearby(
        self, start: int, end: int, *, limit: int = 8, events_only: bool = True
    ) -> list[DatedMention]:
        """Mentions a coder may pick from, nearest first: the span's turn, else a window.

        ``events_only=False`` also returns citations, reference entries and page
        furniture (up to ``limit`` of those besides the event mentions), for a
        dialog that shows them apart.
        """
        around = self._turns.cover(start, end) or self._sentences.cover(start, end)
        lo, hi = around if around is not None else (start, end)
        lo, hi = min(lo, start - 600), max(hi, end + 600)
        first = bisect_left(self._all_starts, max(0, lo))
        last = bisect_left(self._all_starts, hi)
        found = self._all[first:last]
        found.sort(key=lambda m: (gap(start, end, m.start, m.end), m.start))
        events = [m for m in found if m.is_event][:limit]
        if events_only:
            return events
        return events + [m for m in found if not m.is_event][:limit]


def resolve_event_date(
    start: int,
    end: int,
    *,
    own: DateRange | None = None,
    mentions: Sequence[DatedMention] = (),
    sentences: Iterable[tuple[int, int]] = (),
    turns: Iterable[tuple[int, int]] = (),
    document: DateRange | None = None,
) -> ResolvedDate:
    """One-off form of ``EventDateResolver(...).resolve(start, end, own)``."""
    resolver = EventDateResolver(
        mentions=mentions, sentences=sentences, turns=turns, document=document
    )
    return resolver.resolve(start, end, own)
