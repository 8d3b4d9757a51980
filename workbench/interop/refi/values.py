"""Variable values and the dates they carry.

A workbench date is a range with a precision ("2006-05" is all of May 2006); the
standard's ``DateValue`` is one day. So a date travels as up to three variables:
the first day (``DateValue``), the last day (``DateValue``) and the precision
(``TextValue``), named "Date", "Date end", "Date precision" for a document and
"Event date"... for an event (see ``outbound``). Another tool's file usually has
one date variable; reading it gives a one-day range, and a text variable named
"Date" is read the way a researcher writes dates ("spring 2002", "2004-03").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from workbench.core.dates import DateRange, Precision, parse_date
from workbench.core.errors import InputError

if TYPE_CHECKING:
    from collections.abc import Iterable

    from workbench.interop.refi.model import RefiValue, RefiVariable
    from workbench.interop.refi.problems import Problems


def parse_timestamp(text: str | None) -> datetime | None:
    """An ``xsd:dateTime`` as an aware UTC datetime (no zone: taken as UTC), or ``None``."""
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def parse_day(text: str) -> date | None:
    """An ``xsd:date`` or ``xsd:dateTime`` as a day (a time zone suffix is ignored)."""
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


@dataclass(slots=True)
class Values:
    """A source's or case's variable values, by variable name."""

    by_name: dict[str, list[RefiValue]] = field(default_factory=dict)

    @classmethod
    def of(cls, values: Iterable[RefiValue], variables: dict[str, RefiVariable]) -> Values:
        out = cls()
        for v in values:
            var = variables.get(v.variable)
            out.by_name.setdefault(var.name if var is not None else v.variable, []).append(v)
        return out

    def key(self, name: str) -> str | None:
        """The name as the file spells it, matched without regard to case."""
        return next((k for k in self.by_name if k.casefold() == name.casefold()), None)

    def get(self, name: str) -> RefiValue | None:
        key = self.key(name)
        return self.by_name[key][0] if key is not None else None

    def dated(self) -> list[tuple[str, RefiValue]]:
        return [
            (k, v) for k, vs in self.by_name.items() for v in vs if v.kind in ("Date", "DateTime")
        ]


def date_from(
    values: Values,
    names: tuple[str, str, str],
    *,
    owner: str,
    problems: Problems,
    guess: bool = True,
) -> tuple[DateRange | None, set[str]]:
    """The date ``values`` give under ``names`` (first day, last day, precision), and the
    variables it used. ``guess``: without the first, take the only date-typed value."""
    start_name, end_name, precision_name = names
    first = values.get(start_name)
    key = values.key(start_name)
    if first is None or key is None:
        dated = values.dated()
        if not guess or len(dated) != 1:
            return None, set()
        key, first = dated[0]
    used = {key}
    if first.kind == "Text":
        try:
            return parse_date(first.value), used
        except InputError as exc:
            problems.warn(
                f"{owner}: date {first.value!r} not understood ({exc.message}); "
                "kept as an attribute"
            )
            return None, set()
    start = parse_day(first.value) if first.kind in ("Date", "DateTime") else None
    if start is None:
        problems.warn(f"{owner}: date {first.value!r} is not a date; kept as an attribute")
        return None, set()
    end = start
    last = values.get(end_name)
    if last is not None and (day := parse_day(last.value)) is not None and day >= start:
        end = day
        used.add(values.key(end_name) or end_name)
    precision = Precision.DAY if end == start else Precision.RANGE
    stated = values.get(precision_name)
    if stated is not None:
        used.add(values.key(precision_name) or precision_name)
        try:
            precision = Precision(stated.value.strip())
        except ValueError:
            problems.warn(f"{owner}: date precision {stated.value!r} not understood")
    return DateRange(start, end, precision), used
