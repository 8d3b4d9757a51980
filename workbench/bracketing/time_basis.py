"""Event time against narration time: how far apart they are and what that changes.

A coding has two dates: when the event happened (its own date, a date it mentions, or
the document's) and when it was told (the date of the document that carries it). An
interview in 2006 about 2000 narrates an event six years late. Bracketing on narration
time moves events towards the dates of the interviews; if that moves them across a phase
boundary, the phases and what is said to change at their frontiers may be artefacts of
when people were asked. This module compares the two readings from plain data: the lag
per source kind, the share of codings whose narration date falls in another phase than
their event date, and the frontiers and theme classes that differ between the two
bracketings.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping, Sequence

__all__ = [
    "BasisComparisonResult",
    "ClassChangeResult",
    "DatedPair",
    "LagSummaryResult",
    "compare_time_bases",
]

LONG_LAG_DAYS = 365


@dataclass(frozen=True, slots=True)
class DatedPair:
    """One coding's event date range and narration date range, and its source's kind."""

    event_id: int | str
    source_kind: str
    event_start: dt.date
    event_end: dt.date
    told_start: dt.date
    told_end: dt.date

    @property
    def lag_days(self) -> float:
        """Narration midpoint minus event midpoint, in days (positive: told later)."""
        event = (self.event_start.toordinal() + self.event_end.toordinal()) / 2.0
        told = (self.told_start.toordinal() + self.told_end.toordinal()) / 2.0
        return told - event


@dataclass(frozen=True, slots=True)
class LagSummaryResult:
    """The lag of narration behind the event for one source kind ("all": every source)."""

    source_kind: str
    n: int
    median_days: float | None
    q1_days: float | None
    q3_days: float | None
    share_over_a_year: float | None  # |lag| > 365 days
    share_in_other_phase: float | None  # of those placed in a phase on both bases


@dataclass(frozen=True, slots=True)
class ClassChangeResult:
    """A theme classed differently at one frontier on the two bases."""

    frontier: str
    theme: str
    event_class: str
    narration_class: str


@dataclass(frozen=True, slots=True)
class BasisComparisonResult:
    phases_from: str
    phases: tuple[tuple[str, dt.date, dt.date], ...]
    n_pairs: int
    lags: tuple[LagSummaryResult, ...]  # per source kind, then "all"
    share_in_other_phase: float | None
    moves: tuple[tuple[str, str, int], ...]  # (event phase, narration phase, codings)
    event_frontiers: tuple[dt.date, ...]
    narration_frontiers: tuple[dt.date, ...]
    frontier_shifts_days: tuple[int, ...]  # narration minus event, paired by order (same K)
    class_changes: tuple[ClassChangeResult, ...]
    conclusions: tuple[str, ...]


def _phase_of(day: float, phases: Sequence[tuple[str, dt.date, dt.date]]) -> str | None:
    for label, start, end in phases:
        if start.toordinal() <= day <= end.toordinal():
            return label
    return None


def _summary(kind: str, pairs: Sequence[DatedPair], other: list[bool]) -> LagSummaryResult:
    if not pairs:
        return LagSummaryResult(kind, 0, None, None, None, None, None)
    lags = np.array([p.lag_days for p in pairs])
    q1, median, q3 = np.quantile(lags, [0.25, 0.5, 0.75])
    return LagSummaryResult(
        source_kind=kind,
        n=len(pairs),
        median_days=float(median),
        q1_days=float(q1),
        q3_days=float(q3),
        share_over_a_year=float(np.mean(np.abs(lags) > LONG_LAG_DAYS)),
        share_in_other_phase=float(np.mean(other)) if other else None,
    )


def compare_time_bases(
    pairs: Sequence[DatedPair],
    *,
    phases: Sequence[tuple[str, dt.date, dt.date]],
    phases_from: str,
    event_frontiers: Sequence[dt.date],
    narration_frontiers: Sequence[dt.date],
    event_classes: Mapping[str, Mapping[str, str]] | None = None,
    narration_classes: Mapping[str, Mapping[str, str]] | None = None,
) -> BasisComparisonResult:
    """Compare the two time bases (see the module docstring).

    ``phases`` place each coding on both bases (by the midpoint of its date range);
    ``*_frontiers`` are the frontiers each bracketing proposed; ``*_classes`` map a
    frontier's name ("P1 | P2") to theme -> class on each basis (the same frontiers, e.g.
    a scheme's, so that the classes are comparable).
    """
    by_kind: dict[str, list[DatedPair]] = {}
    other_by_kind: dict[str, list[bool]] = {}
    moves: Counter[tuple[str, str]] = Counter()
    for pair in pairs:
        by_kind.setdefault(pair.source_kind, []).append(pair)
        event_phase = _phase_of(
            (pair.event_start.toordinal() + pair.event_end.toordinal()) / 2.0, phases
        )
        told_phase = _phase_of(
            (pair.told_start.toordinal() + pair.told_end.toordinal()) / 2.0, phases
        )
        if event_phase is None or told_phase is None:
            continue
        moved = event_phase != told_phase
        other_by_kind.setdefault(pair.source_kind, []).append(moved)
        if moved:
            moves[(event_phase, told_phase)] += 1
    lags = [_summary(k, by_kind[k], other_by_kind.get(k, [])) for k in sorted(by_kind)]
    every = [x for k in sorted(other_by_kind) for x in other_by_kind[k]]
    lags.append(_summary("all", list(pairs), every))
    share = float(np.mean(every)) if every else None
    same_k = len(event_frontiers) == len(narration_frontiers)
    shifts = (
        tuple(
            n.toordinal() - e.toordinal()
            for e, n in zip(event_frontiers, narration_frontiers, strict=True)
        )
        if same_k
        else ()
    )
    changes: list[ClassChangeResult] = []
    for frontier, themes in (event_classes or {}).items():
        told = (narration_classes or {}).get(frontier, {})
        for theme, event_class in themes.items():
            narration_class = told.get(theme, "absent")
            if narration_class != event_class:
                changes.append(ClassChangeResult(frontier, theme, event_class, narration_class))
    conclusions = _conclusions(
        lags[-1], share, event_frontiers, narration_frontiers, shifts, changes, moves
    )
    return BasisComparisonResult(
        phases_from=phases_from,
        phases=tuple(phases),
        n_pairs=len(pairs),
        lags=tuple(lags),
        share_in_other_phase=share,
        moves=tuple((a, b, n) for (a, b), n in moves.most_common()),
        event_frontiers=tuple(event_frontiers),
        narration_frontiers=tuple(narration_frontiers),
        frontier_shifts_days=shifts,
        class_changes=tuple(changes),
        conclusions=conclusions,
    )


def _conclusions(
    overall: LagSummaryResult,
    share: float | None,
    event_frontiers: Sequence[dt.date],
    narration_frontiers: Sequence[dt.date],
    shifts: tuple[int, ...],
    changes: list[ClassChangeResult],
    moves: Counter[tuple[str, str]],
) -> tuple[str, ...]:
    """What a reader should take away, one line each, most consequential first."""
    out = []
    if len(event_frontiers) != len(narration_frontiers):
        out.append(
            f"the number of phases changes: {len(event_frontiers) + 1} on event time, "
            f"{len(narration_frontiers) + 1} on narration time"
        )
    elif any(abs(s) > 90 for s in shifts):
        moved = ", ".join(
            f"{e} -> {n}"
            for e, n, s in zip(event_frontiers, narration_frontiers, shifts, strict=True)
            if abs(s) > 90
        )
        out.append(f"frontiers move by more than a quarter on narration time: {moved}")
    else:
        out.append("the proposed frontiers stay within a quarter of each other")
    if changes:
        themes = sorted({c.theme for c in changes})
        out.append(
            f"{len(themes)} theme{'s' if len(themes) != 1 else ''} classed differently at "
            f"the frontiers: {', '.join(themes[:8])}" + (" ..." if len(themes) > 8 else "")
        )
    if share is not None:
        top = ", ".join(f"{a} -> {b} ({n})" for (a, b), n in moves.most_common(3))
        out.append(
            f"{share:.0%} of the codings are told in another phase than the one they happened "
            "in" + (f", most often {top}" if top else "")
        )
    if overall.median_days is not None:
        out.append(
            f"narration lags the event by a median {overall.median_days:.0f} days "
            f"({overall.share_over_a_year:.0%} by more than a year)"
        )
    return tuple(out)
