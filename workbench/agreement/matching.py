"""Matched units: the same passage coded with the same code by several coders.

Date and phase agreement compare what coders said about *the same* coded passage, so their
segments must first be paired up. For one code in one document, each coder's segments are
matched one to one by overlap, largest overlap first (so one long segment cannot stand for
three short ones): the first coder's segments open units, and each further coder's
segments join the unit they overlap most, or open units of their own. A unit holds at
most one segment per coder; units with two or more coders are matched, the others are
one coder's alone (which date agreement cannot use, and which the code statistics already
count as disagreements).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence


@dataclass(frozen=True, slots=True)
class MatchedUnit:
    """One passage: ``members[c]`` is coder c's segment id there, or None."""

    start: int
    end: int
    members: tuple[int | None, ...]

    @property
    def n_coders(self) -> int:
        return sum(m is not None for m in self.members)


def match_segments(
    segments: Mapping[str, Sequence[tuple[int, int, int]]], coders: Sequence[str]
) -> list[MatchedUnit]:
    """Units over ``segments[coder]`` = [(id, start, end), ...] of one code in one document."""
    units: list[list[int | None]] = []
    spans: list[list[int]] = []  # each unit's extent so far
    for position, coder in enumerate(coders):
        own = sorted(segments.get(coder, ()), key=lambda s: (s[1], s[2], s[0]))
        candidates = []
        for k, (_, start, end) in enumerate(own):
            for u, (a, b) in enumerate(spans):
                overlap = min(end, b) - max(start, a)
                if overlap > 0:
                    candidates.append((-overlap, k, u))
        candidates.sort()
        taken_segment: set[int] = set()
        taken_unit: set[int] = set()
        for _, k, u in candidates:
            if k in taken_segment or u in taken_unit or units[u][position] is not None:
                continue
            taken_segment.add(k)
            taken_unit.add(u)
            seg_id, start, end = own[k]
            units[u][position] = seg_id
            spans[u] = [min(spans[u][0], start), max(spans[u][1], end)]
        for k, (seg_id, start, end) in enumerate(own):
            if k not in taken_segment:
                members: list[int | None] = [None] * len(coders)
                members[position] = seg_id
                units.append(members)
                spans.append([start, end])
    out = [MatchedUnit(a, b, tuple(members)) for members, (a, b) in zip(units, spans, strict=True)]
    return sorted(out, key=lambda u: (u.start, u.end))
