"""Result records of the per-case timing (``case_shift``): plain values, JSON-safe.

Kept apart from the estimation so that the report and the CLI can type against them
without reading the algorithm, and so that ``case_shift`` stays one screenful of method.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from workbench.bracketing.result import to_jsonable

if TYPE_CHECKING:
    import datetime as dt

__all__ = ["CaseFrontierShiftResult", "CaseShiftResult", "CaseTimingResult"]


@dataclasses.dataclass(frozen=True, slots=True)
class CaseFrontierShiftResult:
    """One case at one pooled frontier.

    An end of the interval is None when resamples place the crossing beyond the case's
    codings: the low end before its first ones, the high end after its last ones.
    """

    frontier: int
    before: str
    after: str
    pooled_date: dt.date
    status: str  # "found", "not crossed", "too few events to tell"
    date: dt.date | None
    shift_days: int | None
    interval_days: tuple[int | None, int | None] | None
    interval_dates: tuple[dt.date | None, dt.date | None] | None
    crossed_share: float | None
    weight_before: float
    weight_after: float
    timing: str  # "late", "early", "in step", "undetermined"
    note: str


@dataclasses.dataclass(frozen=True, slots=True)
class CaseShiftResult:
    """One case: its size, the pooled phases it was read through, and each frontier."""

    case: str
    n_events: int
    n_sources: int
    weight: float
    first_date: dt.date | None
    last_date: dt.date | None
    status: str  # "analysed" or why the case was skipped
    phases_seen: tuple[str, ...]
    frontiers: tuple[CaseFrontierShiftResult, ...]
    precision_days: float
    resampled: str  # "sources", "codings" or "" (inference off)
    own_k: int | None
    own_frontiers: tuple[dt.date, ...]
    own_note: str
    flagged: bool


@dataclasses.dataclass(frozen=True, slots=True)
class CaseTimingResult:
    """All cases against the pooled frontiers, with the rules used, said once."""

    pooled_frontiers: tuple[dt.date, ...]
    pooled_labels: tuple[str, ...]
    reference: str
    rule: str
    min_case_events: int
    min_side: float
    min_shift_days: float
    replicates: int
    typical_shift_days: tuple[int | None, ...]
    cases: tuple[CaseShiftResult, ...]
    n_flagged: int
    note: str
    phase_case_share: tuple[float | None, ...] = ()
    transition_notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        converted = to_jsonable(self)
        assert isinstance(converted, dict)
        return converted
