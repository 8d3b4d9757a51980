"""Holsti's index on coded segments, the figure ATLAS.ti and many content analyses report.

Holsti (1969, Content Analysis for the Social Sciences and Humanities, p. 140): CR = 2 M /
(N1 + N2), with N1 and N2 the coding decisions each coder made and M those on which they
agree. It is percent agreement when coders may make different numbers of decisions, and
it is not corrected for chance.

Here the decisions are segments: for one code, N1 and N2 are each coder's segments with it
and M the pairs of segments (one of each coder) that overlap, matched one to one, largest
overlap first, so that one long segment cannot agree with three short ones. With more
than two coders M, N1 + N2 are summed over every pair of coders (for two coders this is
Holsti's CR exactly). The interval treats documents as the independent pieces: CR is a
ratio of per-document sums, and its linearised variance is the usual one for a ratio.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from typing import TYPE_CHECKING

import numpy as np

from workbench.agreement.intervals import DEFAULT_CONFIDENCE, IntervalResult, linearised_interval

if TYPE_CHECKING:
    from collections.abc import Collection, Hashable, Mapping, Sequence


@dataclass(frozen=True)
class HolstiResult:
    """Holsti's CR = 2 M / (N1 + N2) over ``n_documents`` documents."""

    value: float | None
    matched: int
    decisions: int
    n_coders: int
    n_documents: int
    interval: IntervalResult | None = None
    interval_reason: str | None = None
    undefined_reason: str | None = None


def matched_pairs(first: Sequence[tuple[int, int]], second: Sequence[tuple[int, int]]) -> int:
    """How many segments of ``first`` and ``second`` pair off, one to one, by overlapping."""
    candidates = []
    for i, (a, b) in enumerate(first):
        for j, (c, d) in enumerate(second):
            overlap = min(b, d) - max(a, c)
            if overlap > 0:
                candidates.append((-overlap, i, j))
    candidates.sort()
    used_first: set[int] = set()
    used_second: set[int] = set()
    matched = 0
    for _, i, j in candidates:
        if i not in used_first and j not in used_second:
            used_first.add(i)
            used_second.add(j)
            matched += 1
    return matched


def holsti_index(
    documents: Mapping[str, Mapping[str, Sequence[tuple[int, int, Hashable]]]],
    coders: Sequence[str],
    *,
    codes: Collection[Hashable] | None = None,
    confidence: float = DEFAULT_CONFIDENCE,
) -> HolstiResult:
    """CR over ``codes`` (default: all): ``documents[name][coder]`` are that coder's
    (start, end, code) segments. Segments match only segments of the same code; with
    several codes the decisions of all of them are pooled."""
    agree = np.zeros(len(documents))
    total = np.zeros(len(documents))
    for g, segments in enumerate(documents.values()):
        by_code: dict[Hashable, dict[str, list[tuple[int, int]]]] = {}
        for coder in coders:
            for start, end, code in segments.get(coder, ()):
                if codes is None or code in codes:
                    by_code.setdefault(code, {}).setdefault(coder, []).append((start, end))
        for spans in by_code.values():
            for one, two in combinations(coders, 2):
                first = spans.get(one, [])
                second = spans.get(two, [])
                agree[g] += 2 * matched_pairs(first, second)
                total[g] += len(first) + len(second)
    base = {
        "matched": int(agree.sum() // 2),
        "decisions": int(total.sum()),
        "n_coders": len(coders),
        "n_documents": len(documents),
    }
    if total.sum() == 0:
        return HolstiResult(value=None, undefined_reason="no coder applied the code", **base)
    value = float(agree.sum() / total.sum())
    used = total > 0
    g = int(np.count_nonzero(used))
    influence = value + (agree[used] - value * total[used]) * g / total.sum()
    interval, why = linearised_interval(
        value,
        influence,
        confidence=confidence,
        what="linearised standard error of a ratio",
        unit_name="documents",
    )
    if interval is None and why is not None:
        why = "segments in one document only: no interval across documents"
    return HolstiResult(value=value, interval=interval, interval_reason=why, **base)
