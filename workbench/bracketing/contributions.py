"""Which events stand behind a stretch of the timeline, and how much each one counts there.

A researcher who sees a dark cell in the heat strip (a theme in a bin) or a phase must be
able to read the segments behind it. The counts come from the spreading rule of
``binning`` (an event dated by a range puts an equal part of its weight in every bin its
range touches), so a year-dated event stands behind each of four quarters with a quarter
of its weight; this module applies the same rule to name the events and their parts,
without re-running the engine. It is exact for the ``application`` count unit; under
``presence`` the same events stand behind a cell, capped at one per source.
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_right
from typing import TYPE_CHECKING

from workbench.bracketing.result import _Serialisable
from workbench.core.errors import InputError

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable, Sequence

    from workbench.bracketing.events import DatedEvent

__all__ = ["ContributionResult", "events_in_bins"]


@dataclasses.dataclass(frozen=True, slots=True)
class ContributionResult(_Serialisable):
    """One event's part in bins ``first_bin..last_bin`` (``bins_in`` of ``bins_touched``)."""

    event_id: int | str
    theme: str
    source: str
    case: str | None
    start: dt.date
    end: dt.date
    precision: str
    date_source: str
    weight: float
    bins_touched: int
    bins_in: int

    @property
    def weight_in(self) -> float:
        """The weight this event adds to the span's counts."""
        return self.weight * self.bins_in / self.bins_touched


def events_in_bins(
    events: Iterable[DatedEvent],
    bin_starts: Sequence[dt.date],
    first_bin: int,
    last_bin: int,
    *,
    theme: str | None = None,
) -> tuple[ContributionResult, ...]:
    """Events (of ``theme``, if given) counted in bins ``first_bin..last_bin``, by date.

    ``bin_starts`` are the timeline's bin starts (``TimelineResult.bin_starts``): an
    event touches the bins from the one holding its first day to the one holding its last.
    """
    n = len(bin_starts)
    if not 0 <= first_bin <= last_bin < n:
        raise InputError(f"bins {first_bin}..{last_bin} are not on a timeline of {n} bins")
    out = []
    for e in events:
        if theme is not None and e.theme != theme:
            continue
        b0 = max(bisect_right(bin_starts, e.start) - 1, 0)
        b1 = min(bisect_right(bin_starts, e.end) - 1, n - 1)
        inside = min(b1, last_bin) - max(b0, first_bin) + 1
        if inside <= 0 or b1 < b0:
            continue
        out.append(
            ContributionResult(
                event_id=e.event_id,
                theme=e.theme,
                source=e.source,
                case=e.case,
                start=e.start,
                end=e.end,
                precision=e.precision,
                date_source=e.date_source,
                weight=e.weight,
                bins_touched=b1 - b0 + 1,
                bins_in=inside,
            )
        )
    out.sort(key=lambda c: (c.start, c.end, c.source, str(c.event_id)))
    return tuple(out)
