"""Where coders disagree, as regions a lead settles one decision at a time.

Agreement statistics count units; a lead adjudicates passages. A region starts from
the disputed units (units where the coders' verdicts on a code differ, decided by
``align_units`` exactly as the statistics decide them) and takes in the segments
behind the dispute, plus every segment of the same code that overlaps one of those
(the same passage, cut differently by another coder). Units that share a segment
fall in one region, so a three-sentence segment that one coder made and the other
did not is one decision, not three; and a sentence one coder coded "imitation" and
the other "tacit" is one decision between the two codes, not two.

With character units every character is a unit. The text is cut at every segment
boundary instead: coverage is constant between two cuts, so the pieces get the same
verdicts as their characters, without a row per character.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import accumulate, pairwise
from typing import TYPE_CHECKING, Literal

import numpy as np

from workbench.agreement.align import CHARACTER_UNITS, align_units
from workbench.agreement.errors import AgreementInputError

if TYPE_CHECKING:
    from collections.abc import Sequence


@dataclass(frozen=True, slots=True)
class CodedSpan:
    """One coder's segment; ``id`` is the caller's (a coding id), ``code`` any label."""

    id: int
    coder: str
    start: int
    end: int
    code: str


@dataclass(frozen=True, slots=True)
class DisagreementRegion:
    """A passage to settle: its extent, disputed units and codes, the segments involved."""

    start: int
    end: int
    units: tuple[tuple[int, int], ...]
    codes: tuple[str, ...]
    segments: tuple[int, ...]


class _Groups:
    """Union-find over integers (disputed units, then segments)."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def join(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


class _Sorted:
    """Spans sorted by start, with a running maximum of ends: overlap queries by bisection."""

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        self.order = sorted(range(len(spans)), key=lambda i: spans[i])
        self.starts = [spans[i][0] for i in self.order]
        self.ends = [spans[i][1] for i in self.order]
        self.reach = list(accumulate(self.ends, max))

    def overlapping(self, start: int, end: int) -> list[int]:
        """Positions (in the caller's list) of spans overlapping ``[start, end)``."""
        lo = bisect_right(self.reach, start)
        hi = bisect_left(self.starts, end)
        return [self.order[k] for k in range(lo, hi) if self.ends[k] > start]


def _pieces(length: int, segments: Sequence[CodedSpan]) -> list[tuple[int, int]]:
    cuts = sorted({0, length, *(s.start for s in segments), *(s.end for s in segments)})
    return [(a, b) for a, b in pairwise(cuts) if a < b]


def disagreement_regions(
    length: int,
    units: Sequence[tuple[int, int]] | Literal["character"],
    segments: Sequence[CodedSpan],
    coders: Sequence[str],
    *,
    min_share: float | None = None,
) -> list[DisagreementRegion]:
    """The regions where ``coders`` disagree, in text order (see the module docstring).

    Segments of other coders are ignored. ``min_share`` is the share of a unit a
    coder's segments must cover for the unit to count as coded (None: any overlap).
    """
    if len(coders) < 2:
        raise AgreementInputError("disagreements need at least two coders")
    wanted = set(coders)
    segs = [s for s in segments if s.coder in wanted and s.start < s.end]
    if not segs or length <= 0:
        return []
    if isinstance(units, str):
        if units != CHARACTER_UNITS:
            raise AgreementInputError(f"units must be spans or 'character', got {units!r}")
        unit_list = _pieces(length, segs)
    else:
        unit_list = sorted((int(a), int(b)) for a, b in units)
    if not unit_list:
        return []
    by_code: dict[str, list[int]] = {}
    for i, s in enumerate(segs):
        by_code.setdefault(s.code, []).append(i)
    disputed: dict[int, set[str]] = {}
    for code, members in by_code.items():
        spans = [
            [(segs[i].start, segs[i].end) for i in members if segs[i].coder == c] for c in coders
        ]
        aligned = align_units(length, unit_list, spans, min_share=min_share)
        matrix = aligned.matrix
        for row in np.flatnonzero(matrix.min(axis=1) != matrix.max(axis=1)):
            disputed.setdefault(int(aligned.unit_index[row]), set()).add(code)
    if not disputed:
        return []
    unit_node = {u: k for k, u in enumerate(sorted(disputed))}
    base = len(unit_node)
    groups = _Groups(base + len(segs))
    units_index = _Sorted(unit_list)
    involved: set[int] = set()
    for i, s in enumerate(segs):
        for u in units_index.overlapping(s.start, s.end):
            if s.code in disputed.get(u, ()):
                groups.join(unit_node[u], base + i)
                involved.add(i)
    # The same passage, cut differently: same-code segments overlapping an involved one.
    per_code = {
        code: _Sorted([(segs[i].start, segs[i].end) for i in m]) for code, m in by_code.items()
    }
    queue = list(involved)
    while queue:
        i = queue.pop()
        s = segs[i]
        members = by_code[s.code]
        for k in per_code[s.code].overlapping(s.start, s.end):
            j = members[k]
            groups.join(base + i, base + j)
            if j not in involved:
                involved.add(j)
                queue.append(j)
    found: dict[int, tuple[list[int], list[int]]] = {}
    for u, k in unit_node.items():
        found.setdefault(groups.find(k), ([], []))[0].append(u)
    for i in involved:
        found.setdefault(groups.find(base + i), ([], []))[1].append(i)
    regions: list[DisagreementRegion] = []
    for unit_ids, seg_ids in found.values():
        disputed_units = [unit_list[u] for u in sorted(unit_ids)]
        members = sorted(seg_ids, key=lambda i: (segs[i].start, segs[i].end, segs[i].id))
        regions.append(
            DisagreementRegion(
                start=min([a for a, _ in disputed_units] + [segs[i].start for i in members]),
                end=max([b for _, b in disputed_units] + [segs[i].end for i in members]),
                units=tuple(disputed_units),
                codes=tuple(sorted({c for u in unit_ids for c in disputed[u]})),
                segments=tuple(segs[i].id for i in members),
            )
        )
    return sorted(regions, key=lambda r: (r.start, r.end, r.codes))
