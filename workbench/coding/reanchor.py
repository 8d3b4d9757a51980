"""Re-anchoring coded spans from one version of a document's text onto the next.

A researcher revises a transcript (a corrected name, a restored passage, a removed
aside) after coding has begun. Offsets into the old text mean nothing in the new
one, so every span is carried over by what it quoted:

1. The two texts are diffed, line by line and then character by character inside
   the changed lines, into blocks of text that did not change. A span that lies in
   unchanged text keeps its quote exactly: ``same`` if its offsets are unchanged,
   ``moved`` if text before it grew or shrank.
2. A span whose quote is not in one unchanged block is looked for as it was: the
   copy nearest to where the diff puts it (or the only copy anywhere) is where it
   has ``moved``. Whenever a span keeps its quote exactly, it is same or moved.
3. Otherwise the passage was edited. The diff's image of it (changes inside it
   included) is kept as ``fuzzy`` if it still reads like the quote (rapidfuzz's
   ``ratio``, 0-100, at least ``min_score``).
4. Anything else is ``lost``: the passage was deleted or rewritten past recognition.
   No wider approximate search is made: a deleted question ("Interviewer: Why?")
   resembles the next one ("Interviewer: When was it?") well enough to fool one,
   and a coding silently moved onto the wrong words is worse than one reported lost.

The diff is ours rather than a character-level edit distance over the whole text
because a 100,000-word transcript would need a matrix of its length squared;
lines first keeps it proportional to what changed.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from workbench.core.span import Span

if TYPE_CHECKING:
    from collections.abc import Sequence

SAME, MOVED, FUZZY, LOST = "same", "moved", "fuzzy", "lost"
MIN_SCORE = 85.0
CHAR_DIFF_LIMIT = 20_000
"""Changed regions longer than this on either side are not diffed character by character."""


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where an old span lands in the new text, and how sure that is."""

    old: Span
    span: Span | None  # None when lost
    how: str  # same | moved | fuzzy | lost
    score: float  # 100 for an exact quote, the similarity for fuzzy, 0 when lost


class OffsetMap:
    """Unchanged blocks between two texts: (old start, new start, length), in order."""

    def __init__(self, old: str, new: str) -> None:
        self.blocks = _equal_blocks(old, new)
        self._new_length = len(new)
        self._starts = [b[0] for b in self.blocks]

    def exact(self, span: Span) -> Span | None:
        """The span's image if all of it lies in one unchanged block."""
        i = bisect.bisect_right(self._starts, span.start) - 1
        if i < 0:
            return None
        a, b, n = self.blocks[i]
        if span.end <= a + n:
            return Span(b + span.start - a, b + span.end - a)
        return None

    def start_of(self, pos: int) -> int:
        """Where a span starting at old ``pos`` starts in the new text.

        Inside a changed region, at the start of what replaced it: the replacement
        belongs to the span.
        """
        i = bisect.bisect_right(self._starts, pos) - 1
        if i < 0:
            return 0
        a, b, n = self.blocks[i]
        return b + min(pos - a, n)

    def end_of(self, pos: int) -> int:
        """Where a span ending at old ``pos`` ends: inside a change, after its replacement."""
        i = bisect.bisect_right(self._starts, pos - 1) - 1
        if i >= 0:
            a, b, n = self.blocks[i]
            if pos <= a + n:
                return b + pos - a
        if i + 1 < len(self.blocks):
            return self.blocks[i + 1][1]
        return self._new_length


def reanchor(
    old: str, new: str, spans: Sequence[Span], *, min_score: float = MIN_SCORE
) -> list[Anchor]:
    """Carry each span of ``old`` over to ``new``; see the module's docstring."""
    if old == new:
        return [Anchor(s, s, SAME, 100.0) for s in spans]
    offsets = OffsetMap(old, new)
    return [_one(old, new, s, offsets, min_score) for s in spans]


def _one(old: str, new: str, span: Span, offsets: OffsetMap, min_score: float) -> Anchor:
    quote = old[span.start : span.end]
    image = offsets.exact(span)
    if image is not None:
        return _exact(span, image)
    start, end = offsets.start_of(span.start), offsets.end_of(span.end)
    pad = max(len(quote), 200)
    lo, hi = max(0, start - pad), min(len(new), max(start, end) + pad)
    copy = _nearest_copy(new, quote, lo, hi, start)
    if copy is None:
        first = new.find(quote)
        if first >= 0 and new.find(quote, first + 1) < 0:
            copy = first
    if copy is not None:
        return _exact(span, Span(copy, copy + len(quote)))
    if not quote.strip():
        return Anchor(span, None, LOST, 0.0)
    # the diff's own image of the passage, if it still reads like the quote
    if end > start:
        score = fuzz.ratio(quote, new[start:end])
        if score >= min_score:
            return Anchor(span, Span(start, end), FUZZY, round(score, 1))
    return Anchor(span, None, LOST, 0.0)


def _exact(old: Span, new: Span) -> Anchor:
    return Anchor(old, new, SAME if new == old else MOVED, 100.0)


def _nearest_copy(text: str, quote: str, lo: int, hi: int, near: int) -> int | None:
    """The start of the copy of ``quote`` inside text[lo:hi] nearest to ``near``."""
    best: int | None = None
    at = text.find(quote, lo, hi)
    while at >= 0:
        if best is None or abs(at - near) < abs(best - near):
            best = at
        elif at > near:
            break
        at = text.find(quote, at + 1, hi)
    return best


def _equal_blocks(old: str, new: str) -> list[tuple[int, int, int]]:
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    old_at, new_at = _line_starts(old_lines), _line_starts(new_lines)
    blocks: list[tuple[int, int, int]] = []
    lines = SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in lines.get_opcodes():
        a0, a1, b0, b1 = old_at[i1], old_at[i2], new_at[j1], new_at[j2]
        if tag == "equal":
            _add(blocks, a0, b0, a1 - a0)
        elif tag == "replace" and max(a1 - a0, b1 - b0) <= CHAR_DIFF_LIMIT:
            chars = SequenceMatcher(None, old[a0:a1], new[b0:b1], autojunk=False)
            for a, b, n in chars.get_matching_blocks():
                if n:
                    _add(blocks, a0 + a, b0 + b, n)
    return blocks


def _add(blocks: list[tuple[int, int, int]], a: int, b: int, n: int) -> None:
    """Append a block, joining it to the previous one when they continue each other."""
    if blocks:
        pa, pb, pn = blocks[-1]
        if pa + pn == a and pb + pn == b:
            blocks[-1] = (pa, pb, pn + n)
            return
    blocks.append((a, b, n))


def _line_starts(lines: list[str]) -> list[int]:
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    return starts
