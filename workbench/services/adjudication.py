"""Adjudication: a consensus coder whose codings settle what the coders disagreed on.

Consensus codings have origin "adjudicated" and are ordinary codings otherwise, so
bracketing and reports use them like any coder's (``--coder consensus``). A lead
first adopts what all coders agree on, then settles each disagreement by taking
one coder's segment (as is, or with an edited span), both, or neither.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from workbench.core.errors import ConflictError, InputError, NotFoundError
from workbench.core.span import Span
from workbench.services.codings import _info, _insert, event_range
from workbench.services.resolve import CodeResolver, coder_by_handle
from workbench.store.models import Coder, Coding, Document

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from workbench.services.records import CodingInfo
    from workbench.store.project import Project

CONSENSUS = "consensus"


@dataclass(frozen=True, slots=True)
class AdoptResult:
    adopted: int
    already: int
    documents: int


def _consensus(s: Session) -> Coder:
    coder = s.scalar(select(Coder).where(Coder.handle == CONSENSUS))
    if coder is None:
        coder = Coder(handle=CONSENSUS, name="Consensus (adjudicated)", role="lead")
        s.add(coder)
        s.flush()
    return coder


def _existing(s: Session, consensus: Coder) -> set[tuple[int, int, int, int]]:
    rows = s.execute(
        select(Coding.document_id, Coding.start, Coding.end, Coding.code_id).where(
            Coding.coder_id == consensus.id
        )
    ).all()
    return {(d, a, b, c) for d, a, b, c in rows}


def adopt_agreements(
    project: Project,
    *,
    coders: list[str],
    codes: list[str] | None = None,
    actor: str | None = None,
) -> AdoptResult:
    """Store as consensus every segment on which all ``coders`` applied the same code.

    Segments agree when every coder has one of that code overlapping the others; the
    consensus segment is their union, since coders mostly differ on where to cut.
    """
    if len(coders) < 2:
        raise InputError("adopting agreements needs at least two coders")
    with project.uow() as uow:
        s = uow.session
        ids = [coder_by_handle(s, c).id for c in coders]
        resolver = CodeResolver(s)
        wanted = {resolver.get(c).id for c in codes} if codes else None
        consensus = _consensus(s)
        have = _existing(s, consensus)
        rows = s.scalars(
            select(Coding)
            .where(Coding.coder_id.in_(ids))
            .order_by(Coding.document_id, Coding.code_id, Coding.start)
        ).all()
        groups: dict[tuple[int, int], dict[int, list[Coding]]] = {}
        for c in rows:
            if wanted is None or c.code_id in wanted:
                groups.setdefault((c.document_id, c.code_id), {}).setdefault(c.coder_id, []).append(
                    c
                )
        adopted = already = 0
        docs: set[int] = set()
        for (doc_id, code_id), by_coder in groups.items():
            if len(by_coder) < len(ids):
                continue
            doc = s.get_one(Document, doc_id)
            first, *others = [by_coder[i] for i in ids]
            for seg in first:
                matches = [
                    next((o for o in other if o.start < seg.end and seg.start < o.end), None)
                    for other in others
                ]
                if any(m is None for m in matches):
                    continue
                parts = [seg, *[m for m in matches if m is not None]]
                start, end = min(p.start for p in parts), max(p.end for p in parts)
                if (doc_id, start, end, code_id) in have:
                    already += 1
                    continue
                own = next((p for p in parts if p.event_start), None)
                event = event_range(own) if own else None
                _insert(
                    s,
                    doc=doc,
                    span=Span(start, end),
                    code_id=code_id,
                    coder=consensus,
                    origin="adjudicated",
                    memo=None,
                    event=event,
                    actor=actor,
                )
                have.add((doc_id, start, end, code_id))
                adopted += 1
                docs.add(doc_id)
        return AdoptResult(adopted, already, len(docs))


def take_coding(
    project: Project,
    *,
    coding_id: int,
    start: int | None = None,
    end: int | None = None,
    actor: str | None = None,
) -> CodingInfo:
    """Settle a disagreement with one coder's segment, as is or with an edited span."""
    with project.uow() as uow:
        s = uow.session
        source = s.get(Coding, coding_id)
        if source is None:
            raise NotFoundError(f"no coding #{coding_id}")
        consensus = _consensus(s)
        if source.coder_id == consensus.id:
            raise ConflictError(f"coding #{coding_id} is already a consensus coding")
        doc = s.get_one(Document, source.document_id)
        span = Span(source.start if start is None else start, source.end if end is None else end)
        event = event_range(source)
        coding = _insert(
            s,
            doc=doc,
            span=span,
            code_id=source.code_id,
            coder=consensus,
            origin="adjudicated",
            memo=source.memo,
            event=event,
            actor=actor,
        )
        return _info(coding, doc, CodeResolver(s), CONSENSUS)
