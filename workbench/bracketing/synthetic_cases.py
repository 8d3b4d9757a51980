"""Multi-case process data with planted per-case timing: cases on time, late, early or skipping.

A multiple-case process study (say 36 councils) shares one sequence of phases, but each
case moves through it on its own clock. This generator plants that: the pooled phases
have fixed compositions and frontiers, and every case crosses each frontier at the pooled
date plus its own *shift* (positive: the case is late), or does not cross it at all (a
case that never leaves a phase). It is written independently of ``synthetic`` (which
plants one pooled sequence) so the per-case estimates are checked on data they were not
tuned on.

What makes it realistic, and hard:

* each case has a handful of **sources** (documents, interviewees), and every source
  tilts the phase compositions by a Dirichlet factor (codings cluster by source);
* **label noise**: a share of codings gets a uniformly drawn theme;
* **gradual transitions**: near a frontier the phase of a coding is drawn from a linear
  ramp over ``transition_months``;
* **imprecise dates**: a coding is dated to the day, month, quarter or year
  (``precision_mix``), and spread over that range by the engine.

Presets in ``CASE_DIFFICULTIES`` (``easy``, ``medium``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from workbench.bracketing.events import DatedEvent

__all__ = ["CASE_DIFFICULTIES", "CaseDifficulty", "CaseTruth", "MultiCaseData", "generate_cases"]


@dataclass(frozen=True, slots=True)
class CaseDifficulty:
    """Knobs of one level; ``precision_mix`` is the share of (day, month, quarter, year)."""

    name: str
    sources_per_case: int
    label_noise: float
    concentration: float
    transition_months: int
    precision_mix: tuple[float, float, float, float]


CASE_DIFFICULTIES = {
    "easy": CaseDifficulty("easy", 12, 0.05, 60.0, 2, (0.5, 0.4, 0.1, 0.0)),
    "medium": CaseDifficulty("medium", 8, 0.15, 25.0, 6, (0.2, 0.5, 0.25, 0.05)),
}


@dataclass(frozen=True, slots=True)
class CaseTruth:
    """What was planted in one case: per pooled frontier, its shift in days or None (skipped)."""

    case: str
    n_events: int
    shifts_days: tuple[int | None, ...]

    @property
    def lag_days(self) -> int:
        """The largest absolute planted shift (0 for a case on time)."""
        planted = [abs(s) for s in self.shifts_days if s is not None]
        return max(planted, default=0)


@dataclass(frozen=True, slots=True)
class MultiCaseData:
    events: tuple[DatedEvent, ...]
    frontiers: tuple[dt.date, ...]
    themes: tuple[str, ...]
    truth: tuple[CaseTruth, ...]


def _month_start(origin: dt.date, months: int) -> dt.date:
    total = origin.year * 12 + origin.month - 1 + months
    return dt.date(total // 12, total % 12 + 1, 1)


def _phase_shares(rng: np.random.Generator, n_phases: int, n_themes: int) -> np.ndarray:
    """Phase compositions that differ clearly: each phase has its own few leading themes."""
    shares = np.full((n_phases, n_themes), 0.3)
    per = max(1, n_themes // n_phases)
    for k in range(n_phases):
        lead = rng.permutation(np.arange(k * per, min((k + 1) * per, n_themes)))
        shares[k, lead] += rng.uniform(2.0, 4.0, lead.size)
    return shares / shares.sum(axis=1, keepdims=True)


def generate_cases(
    *,
    shifts: list[tuple[int | None, ...]],
    events_per_case: int | list[int] = 500,
    difficulty: str = "medium",
    n_themes: int = 12,
    phase_months: tuple[int, ...] = (42, 42, 42),
    start: dt.date = dt.date(2000, 1, 1),
    seed: int = 0,
) -> MultiCaseData:
    """One case per entry of ``shifts``: that case's shift in *months* at each pooled frontier.

    ``None`` plants a frontier the case never crosses (it stays in the earlier phase). A
    case's material covers the whole study span, so a late case has more codings in the
    earlier phase. ``events_per_case`` may be one number or one per case.
    """
    level = CASE_DIFFICULTIES[difficulty]
    rng = np.random.default_rng(seed)
    n_phases = len(phase_months)
    shares = _phase_shares(rng, n_phases, n_themes)
    themes = tuple(f"theme-{t:02d}" for t in range(n_themes))
    edges = np.cumsum([0, *phase_months])
    frontiers = tuple(_month_start(start, int(m)) for m in edges[1:-1])
    span_days = (_month_start(start, int(edges[-1])) - start).days
    sizes = [events_per_case] * len(shifts) if isinstance(events_per_case, int) else events_per_case
    precisions = ("day", "month", "quarter", "year")
    events: list[DatedEvent] = []
    truth = []
    event_id = 0
    for c, (case_shifts, size) in enumerate(zip(shifts, sizes, strict=True)):
        if len(case_shifts) != n_phases - 1:
            raise ValueError("one shift per pooled frontier")
        case = f"case-{c + 1:02d}"
        crossing = [
            None if s is None else (_month_start(start, int(edges[j + 1]) + s) - start).days
            for j, s in enumerate(case_shifts)
        ]
        truth.append(
            CaseTruth(
                case=case,
                n_events=size,
                shifts_days=tuple(
                    None if s is None else (crossing[j] or 0) - (frontiers[j] - start).days
                    for j, s in enumerate(case_shifts)
                ),
            )
        )
        n_sources = level.sources_per_case
        tilt = rng.dirichlet(np.full(n_themes, level.concentration), n_sources) * n_themes
        source_of = rng.integers(0, n_sources, size)
        days = np.sort(rng.integers(0, span_days, size))
        ramp = level.transition_months * 30.44
        for i in range(size):
            day = int(days[i])
            phase = 0
            for j, cross in enumerate(crossing):
                if cross is None:
                    break
                # linear ramp of width ``ramp`` centred on the crossing
                p_after = (
                    np.clip((day - cross) / ramp + 0.5, 0.0, 1.0) if ramp > 0 else day >= cross
                )
                if rng.random() < p_after:
                    phase = j + 1
                else:
                    break
            s = int(source_of[i])
            p = shares[phase] * tilt[s]
            p /= p.sum()
            if rng.random() < level.label_noise:
                theme = int(rng.integers(0, n_themes))
            else:
                theme = int(rng.choice(n_themes, p=p))
            precision = precisions[int(rng.choice(4, p=np.array(level.precision_mix)))]
            when = start + dt.timedelta(days=day)
            lo, hi = _range(when, precision)
            events.append(
                DatedEvent(
                    event_id=event_id,
                    theme=themes[theme],
                    source=f"{case}/source-{s + 1:02d}",
                    case=case,
                    start=lo,
                    end=hi,
                    precision=precision,
                    date_source="own" if precision == "day" else "mention",
                )
            )
            event_id += 1
    return MultiCaseData(tuple(events), frontiers, themes, tuple(truth))


def _range(day: dt.date, precision: str) -> tuple[dt.date, dt.date]:
    if precision == "day":
        return day, day
    if precision == "month":
        return day.replace(day=1), _month_start(day.replace(day=1), 1) - dt.timedelta(days=1)
    if precision == "quarter":
        first = dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
        return first, _month_start(first, 3) - dt.timedelta(days=1)
    return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
