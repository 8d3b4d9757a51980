"""Text units a coder selects by: words, sentences, speaker turns, paragraphs.

Selections grow one unit at a time: the first press selects the unit under the
cursor, each further press reaches to the end of the next unit. Sentences,
turns and paragraphs come from the document (the import pipeline found them);
words are found around the cursor on demand.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

_WORD = re.compile(r"\w[\w'’-]*")
WINDOW = 4000


def words_near(text: str, offset: int) -> list[tuple[int, int]]:
    """Word spans in a window around ``offset``."""
    lo = max(0, offset - WINDOW)
    hi = min(len(text), offset + WINDOW)
    return [(m.start(), m.end()) for m in _WORD.finditer(text, lo, hi)]


def unit_at(units: Sequence[tuple[int, int]], offset: int) -> tuple[int, int] | None:
    """The unit containing ``offset``, else the next one after it, else the last one."""
    if not units:
        return None
    starts = [u[0] for u in units]
    i = bisect_right(starts, offset) - 1
    if i >= 0 and units[i][0] <= offset < units[i][1]:
        return units[i]
    if i + 1 < len(units):
        return units[i + 1]
    return units[-1]


def grow(
    units: Sequence[tuple[int, int]], selection: tuple[int, int] | None, cursor: int
) -> tuple[int, int] | None:
    """The selection grown by one unit (see the module docstring)."""
    if selection is None or selection[0] == selection[1]:
        return unit_at(units, cursor)
    start, end = selection
    first = unit_at(units, start)
    if first is not None and first[0] < start < first[1]:
        start = first[0]
    starts = [u[0] for u in units]
    i = bisect_right(starts, end - 1) - 1
    if i >= 0 and units[i][1] > end:
        return start, units[i][1]
    if i + 1 < len(units):
        return start, units[i + 1][1]
    return start, end
