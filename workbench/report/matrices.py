"""Code matrices from plain coded spans: code x case, code x phase, co-occurrence.

Inputs are tuples, not database rows, so a notebook can build the same matrices from a
CSV export. The counting rules are stated here once and repeated in the report notes:

- code x case counts coded segments (or, with ``count="documents"``, documents in which
  the code occurs at least once); a document without a case counts under ``NO_CASE``;
- code x phase puts each dated segment in the phase containing the midpoint of its date
  range (a segment dated "2001" counts in the phase holding 2 July 2001), and counts
  segments outside every phase under ``OUTSIDE``;
- co-occurrence counts unordered pairs of segments of two different codes, by the same
  coder in the same document, that overlap (share at least one character) or, with
  ``within=N``, lie at most N characters apart (overlapping pairs included). The diagonal
  holds each code's own number of segments, for scale, not a co-occurrence.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, NamedTuple

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable, Sequence

NO_CASE = "(no case)"
OUTSIDE = "(outside phases)"


class CodedSpan(NamedTuple):
    document: str
    case: str | None
    start: int
    end: int
    code: str
    coder: str = ""


class DatedCode(NamedTuple):
    code: str
    start: dt.date
    end: dt.date


class PhaseWindow(NamedTuple):
    label: str
    start: dt.date
    end: dt.date


@dataclass(frozen=True, slots=True)
class MatrixResult:
    """``values[i][j]`` for ``rows[i]`` and ``columns[j]``; rows and columns keep input order."""

    rows: tuple[str, ...]
    columns: tuple[str, ...]
    values: tuple[tuple[int, ...], ...]

    def cell(self, row: str, column: str) -> int:
        return self.values[self.rows.index(row)][self.columns.index(column)]

    def row_totals(self) -> tuple[int, ...]:
        return tuple(sum(r) for r in self.values)

    def column_totals(self) -> tuple[int, ...]:
        return tuple(sum(col) for col in zip(*self.values, strict=True)) if self.values else ()


def _order(seen: Iterable[str], given: Sequence[str] | None) -> tuple[str, ...]:
    if given is not None:
        return tuple(given)
    return tuple(sorted(set(seen)))


def code_by_case(
    spans: Sequence[CodedSpan],
    *,
    codes: Sequence[str] | None = None,
    cases: Sequence[str] | None = None,
    count: Literal["segments", "documents"] = "segments",
) -> MatrixResult:
    """Segments (or documents) per code and case; codes or cases not given are dropped."""
    rows = _order((s.code for s in spans), codes)
    columns = _order((s.case or NO_CASE for s in spans), cases)
    r_index = {c: i for i, c in enumerate(rows)}
    c_index = {c: i for i, c in enumerate(columns)}
    grid = [[0] * len(columns) for _ in rows]
    seen: set[tuple[str, str]] = set()
    for s in spans:
        case = s.case or NO_CASE
        if s.code not in r_index or case not in c_index:
            continue
        if count == "documents":
            if (s.code, s.document) in seen:
                continue
            seen.add((s.code, s.document))
        grid[r_index[s.code]][c_index[case]] += 1
    return MatrixResult(rows, columns, tuple(tuple(r) for r in grid))


def code_by_phase(
    events: Sequence[DatedCode],
    phases: Sequence[PhaseWindow],
    *,
    codes: Sequence[str] | None = None,
) -> MatrixResult:
    """Dated segments per code and phase by the midpoint rule (see the module docstring)."""
    rows = _order((e.code for e in events), codes)
    r_index = {c: i for i, c in enumerate(rows)}
    labels = [p.label for p in phases]
    grid = [[0] * (len(labels) + 1) for _ in rows]
    for e in events:
        if e.code not in r_index:
            continue
        middle = e.start + (e.end - e.start) / 2
        column = next((j for j, p in enumerate(phases) if p.start <= middle <= p.end), len(labels))
        grid[r_index[e.code]][column] += 1
    outside = any(r[-1] for r in grid)
    if not outside:
        grid = [r[:-1] for r in grid]
    columns = (*labels, OUTSIDE) if outside else tuple(labels)
    return MatrixResult(rows, columns, tuple(tuple(r) for r in grid))


def cooccurrence(
    spans: Sequence[CodedSpan],
    *,
    within: int | None = None,
    codes: Sequence[str] | None = None,
) -> MatrixResult:
    """Pairs of segments of two codes that overlap, or lie within ``within`` characters."""
    if within is not None and within < 0:
        raise ValueError("within must be 0 or more characters")
    order = _order((s.code for s in spans), codes)
    index = {c: i for i, c in enumerate(order)}
    grid = [[0] * len(order) for _ in order]
    groups: dict[tuple[str, str], list[CodedSpan]] = defaultdict(list)
    for s in spans:
        if s.code in index:
            groups[(s.document, s.coder)].append(s)
            grid[index[s.code]][index[s.code]] += 1
    for group in groups.values():
        group.sort(key=lambda s: (s.start, s.end))
        for i, a in enumerate(group):
            reach = a.end + (within or 0)
            for b in group[i + 1 :]:
                if b.start > reach or (within is None and b.start >= a.end):
                    # Sorted by start: no later segment can be closer to ``a``.
                    break
                if b.code != a.code:
                    grid[index[a.code]][index[b.code]] += 1
                    grid[index[b.code]][index[a.code]] += 1
    return MatrixResult(order, order, tuple(tuple(r) for r in grid))
