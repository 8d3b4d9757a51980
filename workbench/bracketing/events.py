"""Inputs of the bracketing engine and their columnar form.

The public records are frozen dataclasses so a notebook can build them by hand; the engine
immediately turns them into an ``EventTable`` of numpy columns, because every later step
(binning, bootstrap, dispersion) is a vectorised pass over a million rows at most.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from dataclasses import dataclass
from operator import attrgetter
from typing import TYPE_CHECKING

import numpy as np

from workbench.core.errors import InputError

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

__all__ = [
    "DATE_SOURCES",
    "DatedEvent",
    "EventTable",
    "Indicator",
    "PhaseSpec",
    "UndatedEvent",
]

DATE_SOURCES = ("own", "mention", "document")


@dataclass(frozen=True, slots=True)
class DatedEvent:
    """A coded segment placed in time.

    ``start``..``end`` is inclusive and says how precisely the moment is known (a day, a
    month, a year...); ``precision`` is the researcher's word for it and ``date_source``
    says where the date came from: the segment's own date, a date it mentions, or the date
    of the document that carries it. ``coder`` (optional) lets the engine notice double
    coding and frontiers that coincide with a change of coder.
    """

    event_id: int | str
    theme: str
    source: str
    case: str | None
    start: dt.date
    end: dt.date
    precision: str
    date_source: str
    weight: float = 1.0
    text: str | None = None
    coder: str | None = None

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise InputError(
                f"event {self.event_id!r}: end {self.end} is before start {self.start}"
            )
        if self.date_source not in DATE_SOURCES:
            raise InputError(
                f"event {self.event_id!r}: date_source must be one of {DATE_SOURCES}, "
                f"not {self.date_source!r}"
            )
        if not (math.isfinite(self.weight) and self.weight >= 0):
            raise InputError(f"event {self.event_id!r}: weight must be finite and >= 0")
        if not self.theme or not self.source:
            raise InputError(f"event {self.event_id!r}: theme and source must be non-empty")


@dataclass(frozen=True, slots=True)
class UndatedEvent:
    """A coded segment with no usable date; reported, never silently dropped."""

    event_id: int | str
    theme: str
    source: str
    case: str | None = None
    reason: str | None = None
    text: str | None = None


@dataclass(frozen=True, slots=True)
class Indicator:
    """An external measure (headcount, budget...) to be read beside the phases."""

    name: str
    start: dt.date
    end: dt.date
    value: float
    unit: str

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise InputError(
                f"indicator {self.name!r}: end {self.end} is before start {self.start}"
            )


@dataclass(frozen=True, slots=True)
class PhaseSpec:
    """A researcher-defined phase (inclusive dates) and the reason given for it."""

    label: str
    start: dt.date
    end: dt.date
    justification: str = ""

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise InputError(f"phase {self.label!r}: end {self.end} is before start {self.start}")


def _codes(values: Sequence[str]) -> tuple[tuple[str, ...], np.ndarray]:
    """Map strings to indices into their *sorted* vocabulary (canonical, order-free)."""
    vocab = tuple(sorted(set(values)))
    index = {value: i for i, value in enumerate(vocab)}
    return vocab, np.fromiter(map(index.__getitem__, values), dtype=np.int64, count=len(values))


@dataclass(frozen=True, slots=True, eq=False)
class EventTable:
    """Dated events as columns; vocabularies are sorted so indices do not depend on order."""

    event_ids: tuple[int | str, ...]
    themes: tuple[str, ...]
    sources: tuple[str, ...]
    cases: tuple[str, ...]
    precisions: tuple[str, ...]
    theme: np.ndarray
    source: np.ndarray
    case: np.ndarray
    start: np.ndarray
    end: np.ndarray
    weight: np.ndarray
    precision: np.ndarray
    date_source: np.ndarray
    texts: tuple[str | None, ...]
    coders: tuple[str, ...] = ()
    coder: np.ndarray | None = None

    @property
    def n(self) -> int:
        return len(self.event_ids)

    @classmethod
    def from_events(cls, events: Iterable[DatedEvent]) -> EventTable:
        rows = list(events)
        n = len(rows)
        names = (
            "event_id",
            "theme",
            "source",
            "case",
            "start",
            "end",
            "precision",
            "date_source",
            "weight",
            "text",
        )
        ids, theme_c, source_c, case_c, start_c, end_c, prec_c, ds_c, weight_c, text_c = (
            list(map(attrgetter(name), rows)) for name in names
        )
        themes, theme = _codes(theme_c)
        sources, source = _codes(source_c)
        cases = tuple(sorted(set(case_c) - {None}))
        case_index: dict[str | None, int] = {c: i for i, c in enumerate(cases)}
        case_index[None] = -1
        case = np.fromiter(map(case_index.__getitem__, case_c), dtype=np.int64, count=n)
        precisions, precision = _codes(prec_c)
        ds_index = {name: i for i, name in enumerate(DATE_SOURCES)}
        date_source = np.fromiter(map(ds_index.__getitem__, ds_c), dtype=np.int64, count=n)
        start = np.fromiter(map(dt.date.toordinal, start_c), dtype=np.int64, count=n)
        end = np.fromiter(map(dt.date.toordinal, end_c), dtype=np.int64, count=n)
        weight = np.fromiter(weight_c, dtype=np.float64, count=n)
        coder_c = [e.coder for e in rows]
        coders: tuple[str, ...] = ()
        coder = None
        if any(c is not None for c in coder_c):
            coders, coder = _codes([c if c is not None else "" for c in coder_c])
        return cls(
            event_ids=tuple(ids),
            themes=themes,
            sources=sources,
            cases=cases,
            precisions=precisions,
            theme=theme,
            source=source,
            case=case,
            start=start,
            end=end,
            weight=weight,
            precision=precision,
            date_source=date_source,
            texts=tuple(text_c),
            coders=coders,
            coder=coder,
        )

    def subset(self, mask: np.ndarray) -> EventTable:
        """Rows under ``mask``, keeping the vocabularies (indices stay comparable)."""
        rows = np.flatnonzero(mask)
        return EventTable(
            event_ids=tuple(self.event_ids[i] for i in rows),
            themes=self.themes,
            sources=self.sources,
            cases=self.cases,
            precisions=self.precisions,
            theme=self.theme[rows],
            source=self.source[rows],
            case=self.case[rows],
            start=self.start[rows],
            end=self.end[rows],
            weight=self.weight[rows],
            precision=self.precision[rows],
            date_source=self.date_source[rows],
            texts=tuple(self.texts[i] for i in rows),
            coders=self.coders,
            coder=None if self.coder is None else self.coder[rows],
        )

    def with_weight(self, weight: np.ndarray) -> EventTable:
        """The same events with new weights (double coding is averaged this way)."""
        return dataclasses.replace(self, weight=weight)
