"""Indicators: dated quantitative values placed on the bracketing timeline."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from workbench.coding.exchange import BadRowsError
from workbench.core.dates import format_range, range_from_iso
from workbench.ingest.indicators import read_indicators
from workbench.services.audit import record
from workbench.services.documents import case_by_name
from workbench.store.models import Case, Indicator

if TYPE_CHECKING:
    from workbench.store.session import UnitOfWork


@dataclass(frozen=True, slots=True)
class IndicatorInfo:
    id: int
    name: str
    date: str
    value: float
    unit: str | None
    case: str | None
    source: str | None


def import_indicators(uow: UnitOfWork, *, path: str | Path, actor: str | None) -> int:
    """All rows or none."""
    p = Path(path)
    rows, problems = read_indicators(p)
    if problems:
        raise BadRowsError(str(p), problems)
    with uow:
        s = uow.session
        for r in rows:
            s.add(
                Indicator(
                    name=r.name,
                    date_start=r.when.start,
                    date_end=r.when.end,
                    precision=str(r.when.precision),
                    value=r.value,
                    unit=r.unit,
                    source=r.source,
                    case_id=case_by_name(s, r.case).id if r.case else None,
                    attributes=r.attributes,
                )
            )
        record(
            s,
            actor=actor,
            action="indicators.import",
            entity="file",
            entity_id=p.name,
            after={"rows": len(rows)},
        )
    return len(rows)


def list_indicators(uow: UnitOfWork) -> list[IndicatorInfo]:
    with uow:
        s = uow.session
        cases = dict(s.execute(select(Case.id, Case.name)).all())
        return [
            IndicatorInfo(
                i.id,
                i.name,
                format_range(range_from_iso(i.date_start, i.date_end, i.precision)),
                i.value,
                i.unit,
                cases.get(i.case_id) if i.case_id else None,
                i.source,
            )
            for i in s.scalars(select(Indicator).order_by(Indicator.name, Indicator.date_start))
        ]
