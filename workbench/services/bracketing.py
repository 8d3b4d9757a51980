"""Bracketing a project: codings become dated events, the engine does the rest.

An event is a coding with its resolved date (own date, else the nearest mention in
its span, sentence or turn, else the document's date); ``basis="narration"`` uses the
document's date instead, to see when things were *said* rather than when they
happened. Codings with no date at all are passed on as undated and listed. Each event
carries its coder, so the engine can average double coding (a document coded by two
coders weighs what it would weigh coded once) and notice frontiers that coincide with
a change of coder.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from workbench.bracketing import BracketParams, bracket
from workbench.bracketing.events import DatedEvent, Indicator, PhaseSpec, UndatedEvent
from workbench.coding.eventdate import DatedMention, EventDateResolver
from workbench.core.dates import range_from_iso
from workbench.core.errors import InputError, NotFoundError
from workbench.services.codings import event_range
from workbench.services.resolve import CodeResolver
from workbench.store.models import (
    BracketScheme,
    Case,
    Coder,
    Coding,
    DateMention,
    Document,
    Phase,
    Sentence,
    Turn,
)
from workbench.store.models import Indicator as IndicatorRow

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from workbench.bracketing.phasemap import PhaseMapRules
    from workbench.bracketing.result import BracketingResult
    from workbench.store.project import Project

BASES = ("event", "narration")


@dataclass(frozen=True, slots=True)
class EventSet:
    dated: list[DatedEvent]
    undated: list[UndatedEvent]
    coders: tuple[str, ...]
    level: int | None


def collect_events(
    project: Project,
    *,
    coders: Sequence[str] | None = None,
    codes: Sequence[str] | None = None,
    level: int | None = None,
    basis: str = "event",
) -> EventSet:
    """Dated events from codings. ``coders`` None means all; ``level`` rolls codes up to
    that depth of the tree (0 = top-level codes)."""
    if basis not in BASES:
        raise InputError(f"time basis must be one of {', '.join(BASES)}")
    with project.reader() as uow:
        s = uow.session
        resolver = CodeResolver(s)
        handles = dict(s.execute(select(Coder.id, Coder.handle)).all())
        wanted_coders = None
        if coders:
            missing = [c for c in coders if c not in handles.values()]
            if missing:
                raise NotFoundError(f"unknown coder(s): {', '.join(missing)}")
            wanted_coders = {i for i, h in handles.items() if h in coders}

        def theme(code_id: int) -> str:
            code = resolver.codes[code_id]
            chain = [code]
            while code.parent_id is not None:
                code = resolver.codes[code.parent_id]
                chain.append(code)
            chain.reverse()
            if level is not None:
                return chain[min(level, len(chain) - 1)].guid
            return chain[-1].guid

        wanted_codes: set[str] | None = None
        if codes:
            wanted_codes = set()
            for ref in codes:
                root = resolver.get(ref)
                prefix = resolver.path(root) + "/"
                wanted_codes |= {
                    c.guid
                    for c in resolver.codes.values()
                    if c.id == root.id or resolver.path(c).startswith(prefix)
                }
        q = select(Coding)
        if wanted_coders is not None:
            q = q.where(Coding.coder_id.in_(wanted_coders))
        codings = s.scalars(q.order_by(Coding.document_id, Coding.start)).all()
        cases = dict(s.execute(select(Case.id, Case.name)).all())
        dated: list[DatedEvent] = []
        undated: list[UndatedEvent] = []
        by_doc: dict[int, list[Coding]] = {}
        for c in codings:
            if wanted_codes is None or resolver.codes[c.code_id].guid in wanted_codes:
                by_doc.setdefault(c.document_id, []).append(c)
        for doc_id, doc_codings in by_doc.items():
            doc = s.get_one(Document, doc_id)
            doc_date = (
                range_from_iso(doc.date_start, doc.date_end, doc.date_precision)
                if doc.date_start and doc.date_end and doc.date_precision
                else None
            )
            source, case = doc.title, cases.get(doc.case_id) if doc.case_id else None
            if basis == "event":
                mentions = [
                    DatedMention(
                        m.start,
                        m.end,
                        m.text,
                        range_from_iso(m.date_start, m.date_end, m.precision),
                        m.kind,
                    )
                    for m in s.scalars(select(DateMention).where(DateMention.document_id == doc_id))
                ]
                res = EventDateResolver(
                    mentions=mentions,
                    sentences=s.execute(
                        select(Sentence.start, Sentence.end).where(Sentence.document_id == doc_id)
                    ).all(),
                    turns=s.execute(
                        select(Turn.start, Turn.end).where(Turn.document_id == doc_id)
                    ).all(),
                    document=doc_date,
                )
            for c in doc_codings:
                text = doc.text[c.start : c.end]
                own = event_range(c)
                if basis == "event":
                    resolved = res.resolve(c.start, c.end, own)
                    when, source_kind = resolved.range, str(resolved.source)
                else:
                    when, source_kind = doc_date, "document"
                label = theme(c.code_id)
                if when is None:
                    undated.append(
                        UndatedEvent(
                            c.id,
                            label,
                            source,
                            case,
                            "no own date, mention or document date",
                            text[:300],
                        )
                    )
                    continue
                dated.append(
                    DatedEvent(
                        c.id,
                        label,
                        source,
                        case,
                        when.start,
                        when.end,
                        str(when.precision),
                        source_kind,
                        1.0,
                        text[:300],
                        handles[c.coder_id],
                    )
                )
        used = tuple(sorted({handles[c.coder_id] for c in codings}))
    return EventSet(dated, undated, used, level)


def scheme_phases(project: Project, name: str) -> list[PhaseSpec]:
    with project.reader() as uow:
        s = uow.session
        scheme = s.scalar(select(BracketScheme).where(BracketScheme.name == name))
        if scheme is None:
            raise NotFoundError(f"no bracket scheme {name!r} (see 'workbench phases list')")
        phases = s.scalars(
            select(Phase).where(Phase.scheme_id == scheme.id).order_by(Phase.start)
        ).all()
        if not phases:
            raise InputError(f"scheme {name!r} has no phases")
        return [PhaseSpec(p.label, p.start, p.end, p.justification or "") for p in phases]


def project_indicators(project: Project) -> list[Indicator]:
    with project.reader() as uow:
        return [
            Indicator(i.name, i.date_start, i.date_end, i.value, i.unit or "")
            for i in uow.session.scalars(select(IndicatorRow))
        ]


def run_bracketing(
    project: Project,
    *,
    scheme: str | None = None,
    coders: Sequence[str] | None = None,
    codes: Sequence[str] | None = None,
    level: int | None = None,
    basis: str = "event",
    params: dict[str, Any] | None = None,
    rules: PhaseMapRules | None = None,
) -> tuple[BracketingResult, EventSet]:
    """Bracket the project's codings; ``rules`` adds the rule-based phase map
    (``workbench.services.phase_map.phase_map_rules`` reads them from the codebook)."""
    events = collect_events(project, coders=coders, codes=codes, level=level, basis=basis)
    if not events.dated:
        raise InputError(
            "no dated codings to bracket: code some segments first (and give "
            "documents or segments dates)"
        )
    try:
        bparams = BracketParams(**(params or {}))
    except TypeError as exc:
        raise InputError(f"bad bracketing parameter: {exc}") from None
    phases = scheme_phases(project, scheme) if scheme else None
    result = bracket(
        events.dated,
        phases=phases,
        params=bparams,
        undated=events.undated,
        indicators=project_indicators(project),
        rules=rules,
    )
    return result, events


def write_result(result: BracketingResult, path: Path, extra: dict[str, Any]) -> None:
    data = {**extra, **result.to_dict()}
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)
