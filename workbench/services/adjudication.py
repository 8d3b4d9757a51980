"""Adjudication: a consensus coder whose codings settle what the coders disagreed on.

Consensus codings have origin "adjudicated" and are ordinary codings otherwise, so
bracketing and reports use them like any coder's (``--coder consensus``). A lead
first adopts what all coders agree on, then settles each disagreement by taking
one coder's segment (as is, or with an edited span), both, or neither.

Taking segments writes consensus codings, audited as ``coding.add`` like any
coding (so undo and redo treat them alike). "Neither" writes no coding: it is an
audit entry of its own (``adjudication.neither``, entity ``adjudication``, the
decision's document, span and codes in ``after``), so that a disagreement settled
by leaving the text uncoded counts as settled, and no schema change is needed.
Undo and redo of such a decision append ``adjudication.undo`` / ``adjudication.redo``
(the log stays append-only); ``neither_marks`` replays them to find the decisions
that stand.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from workbench.core.errors import ConflictError, InputError, NotFoundError, RefusedError
from workbench.core.span import Span
from workbench.services.audit import record
from workbench.services.codings import _info, _insert, coding_snapshot, event_range
from workbench.services.resolve import CodeResolver, coder_by_handle, document_by_ref
from workbench.store.models import AuditEvent, Coder, Coding, Document, new_guid, utcnow

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from workbench.core.dates import DateRange
    from workbench.services.records import CodingInfo
    from workbench.store.project import Project

CONSENSUS = "consensus"
NEITHER = "adjudication.neither"
UNDONE, REDONE = "adjudication.undo", "adjudication.redo"
MOVED = "adjudication.moved"  # a revised document carried the decision over (or lost it)
ENTITY = "adjudication"


@dataclass(frozen=True, slots=True)
class AdoptResult:
    adopted: int
    already: int
    documents: int
    undated: int = 0  # adopted without a date: the coders dated the passage differently


def _consensus(s: Session) -> Coder:
    coder = s.scalar(select(Coder).where(Coder.handle == CONSENSUS))
    if coder is None:
        coder = Coder(handle=CONSENSUS, name="Consensus (adjudicated)", role="lead")
        s.add(coder)
        s.flush()
    return coder


def require_lead(s: Session, actor: str | None) -> None:
    """Only leads adjudicate: refused here by the project's roles (a SQLite project has
    no other guard), and on a team server by the server itself as well."""
    if actor is None:
        raise RefusedError(
            "adjudication is a lead's: name the lead (--coder, or default_coder in the project)"
        )
    role = s.scalar(select(Coder.role).where(Coder.handle == actor))
    if role is None and actor != CONSENSUS:
        raise NotFoundError(f"no coder {actor!r} in this project; only a lead adjudicates")
    if role != "lead" or actor == CONSENSUS:
        raise RefusedError(f"{actor} is not a lead: only leads adjudicate")


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
        require_lead(s, actor)
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
        adopted = already = undated = 0
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
                event = agreed_date(s, parts)
                if event is None and any(p.event_start for p in parts):
                    undated += 1  # the date disagreement stays open for review
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
        return AdoptResult(adopted, already, len(docs), undated)


def agreed_date(s: Session, parts: list[Coding]) -> DateRange | None:
    """The date the coders agree on for the passage, or None when they differ.

    Adopting a segment both coders coded must not settle *when* it happened on one
    coder's word. Each part's date is the one bracketing would use (its own, else the
    text's or the document's); if they all agree and someone gave it as their own, the
    consensus takes it as its own; otherwise it stays undated there and the date
    disagreement is reviewed like any other.
    """
    from workbench.services.reading import local_resolver

    own = [event_range(p) for p in parts]
    if not any(own):
        return None  # nobody dated it: the rule dates the consensus as it dated them
    resolved = set()
    for part, given in zip(parts, own, strict=True):
        when = given
        if when is None:
            resolver = local_resolver(s, part.document_id, part.start, part.end)
            when = resolver.resolve(part.start, part.end, None).range
        resolved.add(None if when is None else (when.start, when.end))
        if len(resolved) > 1:
            return None
    return next(r for r in own if r is not None)


def take_date(project: Project, *, coding_id: int, actor: str | None = None) -> CodingInfo:
    """Settle a date disagreement with coding #ID's date (its own, else the resolved one).

    The consensus coding of the same code over the passage takes that date as its own
    (one audited ``coding.update``, undone like any other); without one, the coding is
    taken into the consensus with its date.
    """
    from workbench.core.dates import parse_date
    from workbench.services.reading import segment_info

    source_info = segment_info(project, coding_id)
    if not source_info.event_date:
        raise InputError(f"coding #{coding_id} has no date to take")
    when = parse_date(source_info.event_date)
    with project.uow() as uow:
        s = uow.session
        require_lead(s, actor)
        source = s.get(Coding, coding_id)
        if source is None:
            raise NotFoundError(f"no coding #{coding_id}")
        consensus = _consensus(s)
        if source.coder_id == consensus.id:
            raise ConflictError(f"coding #{coding_id} is already a consensus coding")
        doc = s.get_one(Document, source.document_id)
        candidates = s.scalars(
            select(Coding).where(
                Coding.coder_id == consensus.id,
                Coding.document_id == source.document_id,
                Coding.code_id == source.code_id,
                Coding.start < source.end,
                Coding.end > source.start,
            )
        ).all()
        resolver = CodeResolver(s)
        if not candidates:
            coding = _insert(
                s,
                doc=doc,
                span=Span(source.start, source.end),
                code_id=source.code_id,
                coder=consensus,
                origin="adjudicated",
                memo=source.memo,
                event=when,
                actor=actor,
            )
            return _info(coding, doc, resolver, CONSENSUS)
        target = max(
            candidates,
            key=lambda c: (min(c.end, source.end) - max(c.start, source.start), -c.id),
        )
        before = coding_snapshot(target)
        target.event_start, target.event_end = when.start, when.end
        target.event_precision = str(when.precision)
        after = coding_snapshot(target)
        if after == before:
            raise ConflictError(
                f"the consensus already dates this passage {source_info.event_date}"
            )
        target.updated_at = utcnow()
        s.flush()
        record(
            s,
            actor=actor,
            action="coding.update",
            entity="coding",
            entity_id=target.guid,
            before=before,
            after=after,
        )
        return _info(target, doc, resolver, CONSENSUS)


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
        require_lead(s, actor)
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


def _sources(s: Session, coding_ids: list[int], consensus: Coder) -> list[Coding]:
    """The codings to take, checked: they exist, none is consensus, all in one document."""
    if not coding_ids:
        raise InputError("name the codings to take (their ids, e.g. from 'consensus list')")
    rows: list[Coding] = []
    for coding_id in dict.fromkeys(coding_ids):
        row = s.get(Coding, coding_id)
        if row is None:
            raise NotFoundError(f"no coding #{coding_id}")
        if row.coder_id == consensus.id:
            raise ConflictError(f"coding #{coding_id} is already a consensus coding")
        rows.append(row)
    if len({r.document_id for r in rows}) > 1:
        ids = ", ".join(f"#{r.id}" for r in rows)
        raise InputError(f"codings {ids} are in different documents: one decision, one passage")
    return rows


def _take_all(s: Session, sources: list[Coding], actor: str | None) -> list[CodingInfo]:
    """Copy ``sources`` to the consensus coder; copies it already has are skipped."""
    consensus = _consensus(s)
    doc = s.get_one(Document, sources[0].document_id)
    have = {
        (a, b, c)
        for a, b, c in s.execute(
            select(Coding.start, Coding.end, Coding.code_id).where(
                Coding.coder_id == consensus.id, Coding.document_id == doc.id
            )
        ).all()
    }
    resolver = CodeResolver(s)
    taken: list[CodingInfo] = []
    for src in sorted(sources, key=lambda c: (c.start, c.end, c.id)):
        key = (src.start, src.end, src.code_id)
        if key in have:
            continue
        have.add(key)
        coding = _insert(
            s,
            doc=doc,
            span=Span(src.start, src.end),
            code_id=src.code_id,
            coder=consensus,
            origin="adjudicated",
            memo=src.memo,
            event=event_range(src),
            actor=actor,
        )
        taken.append(_info(coding, doc, resolver, CONSENSUS))
    if not taken:
        raise ConflictError("the consensus already has these segments: nothing to take")
    return taken


def take_codings(
    project: Project, *, coding_ids: list[int], actor: str | None = None
) -> list[CodingInfo]:
    """Settle a disagreement with several segments at once (all of one coder's there).

    One transaction: either every segment is taken or none. A segment the consensus
    already has (same span and code, e.g. adopted) is skipped, not an error.
    """
    with project.uow() as uow:
        s = uow.session
        require_lead(s, actor)
        return _take_all(s, _sources(s, coding_ids, _consensus(s)), actor)


def take_both(
    project: Project, *, coding_ids: list[int], actor: str | None = None
) -> list[CodingInfo]:
    """Settle a disagreement by keeping both readings: every named segment of two or more
    coders becomes a consensus coding (the codes apply together, or both cuts stand)."""
    with project.uow() as uow:
        s = uow.session
        require_lead(s, actor)
        sources = _sources(s, coding_ids, _consensus(s))
        owners = {r.coder_id for r in sources}
        if len(owners) < 2:
            handle = s.get_one(Coder, sources[0].coder_id).handle
            raise InputError(
                f"'both' takes segments of at least two coders; these are all {handle}'s "
                "(use take for one coder's segments)"
            )
        return _take_all(s, sources, actor)


@dataclass(frozen=True, slots=True)
class NeitherMark:
    """A standing "neither" decision: none of ``codes`` applies on ``[start, end)``.

    ``took`` names the coder whose reading (no code there) the lead took, when the
    decision was "take B" and B had not coded the passage.
    """

    key: str
    document_id: int
    start: int
    end: int
    codes: tuple[str, ...]
    coders: tuple[str, ...]
    took: str | None
    actor: str | None

    def settles(self, document_id: int, start: int, end: int, codes: tuple[str, ...]) -> bool:
        """Whether this decision covers a disagreement (same document, inside, same codes).

        A disagreement that grew since (a coder widened a segment, added a code) is
        open again: there is something new to decide.
        """
        return (
            document_id == self.document_id
            and self.start <= start
            and end <= self.end
            and set(codes) <= set(self.codes)
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "document_id": self.document_id,
            "start": self.start,
            "end": self.end,
            "codes": list(self.codes),
            "coders": list(self.coders),
            "took": self.took,
        }


def _mark(key: str, after: dict[str, Any], actor: str | None) -> NeitherMark:
    return NeitherMark(
        key=key,
        document_id=int(after["document_id"]),
        start=int(after["start"]),
        end=int(after["end"]),
        codes=tuple(after.get("codes") or ()),
        coders=tuple(after.get("coders") or ()),
        took=after.get("took"),
        actor=actor,
    )


def neither_marks(session: Session, *, document_id: int | None = None) -> list[NeitherMark]:
    """The "neither" decisions that stand: recorded, and not undone (or redone since)."""
    rows = session.execute(
        select(AuditEvent.action, AuditEvent.entity_id, AuditEvent.after, AuditEvent.actor)
        .where(AuditEvent.entity == ENTITY)
        .order_by(AuditEvent.id)
    ).all()
    standing: dict[str, NeitherMark] = {}
    for action, key, after, actor in rows:
        if key is None:
            continue
        if action in (NEITHER, REDONE) and after:
            standing[key] = _mark(key, after, actor)
        elif action == MOVED and key in standing:
            if after:
                standing[key] = _mark(key, after, standing[key].actor)
            else:
                standing.pop(key)
        elif action == UNDONE:
            standing.pop(key, None)
    marks = list(standing.values())
    if document_id is not None:
        marks = [m for m in marks if m.document_id == document_id]
    return sorted(marks, key=lambda m: (m.document_id, m.start, m.end))


def list_neither(project: Project, *, document: str | int | None = None) -> list[NeitherMark]:
    """The standing "neither" decisions, of one document or all."""
    with project.uow() as uow:
        s = uow.session
        doc_id = document_by_ref(s, document).id if document is not None else None
        return neither_marks(s, document_id=doc_id)


def take_neither(
    project: Project,
    *,
    document: str | int,
    start: int,
    end: int,
    codes: list[str],
    coders: list[str] | None = None,
    took: str | None = None,
    actor: str | None = None,
) -> NeitherMark:
    """Settle a disagreement by leaving ``[start, end)`` without any of ``codes``.

    Recorded in the audit log only (see the module docstring); refused when the
    consensus already codes the passage with one of the codes (remove or undo
    that first), or when the same decision already stands.
    """
    if not codes:
        raise InputError("name the disputed codes that do not apply (e.g. --codes tacit)")
    if took is not None and coders is not None and took not in coders:
        raise InputError(f"{took!r} is not one of the compared coders ({', '.join(coders)})")
    with project.uow() as uow:
        s = uow.session
        require_lead(s, actor)
        doc = document_by_ref(s, document)
        span = Span(start, end)
        span.check_within(doc.length, where=f"document {doc.title!r}")
        resolver = CodeResolver(s)
        found = [resolver.get(c) for c in dict.fromkeys(codes)]
        for handle in [*(coders or []), *([took] if took else [])]:
            coder_by_handle(s, handle)
        consensus = _consensus(s)
        clash = s.execute(
            select(Coding.id, Coding.start, Coding.end, Coding.code_id)
            .where(
                Coding.coder_id == consensus.id,
                Coding.document_id == doc.id,
                Coding.code_id.in_([c.id for c in found]),
                Coding.start < span.end,
                Coding.end > span.start,
            )
            .limit(1)
        ).first()
        if clash is not None:
            cid, a, b, code_id = clash
            raise ConflictError(
                f"the consensus codes [{a}, {b}) with {resolver.path(resolver.codes[code_id])} "
                f"(#{cid}): undo or remove it before settling this passage as neither"
            )
        guids = tuple(sorted(c.guid for c in found))
        for mark in neither_marks(s, document_id=doc.id):
            if mark.settles(doc.id, span.start, span.end, guids):
                raise ConflictError(
                    f"[{span.start}, {span.end}) of {doc.title!r} is already settled as neither"
                )
        mark = NeitherMark(
            key=new_guid(),
            document_id=doc.id,
            start=span.start,
            end=span.end,
            codes=guids,
            coders=tuple(coders or ()),
            took=took,
            actor=actor,
        )
        record(
            s,
            actor=actor,
            action=NEITHER,
            entity=ENTITY,
            entity_id=mark.key,
            after=mark.as_dict(),
        )
        return mark


def describe_neither(session: Session, after: dict[str, Any] | None) -> str:
    """A decision in words, for the history ("settle [4, 9) as neither Tacit knowledge")."""
    after = after or {}
    resolver = CodeResolver(session)
    names = [
        resolver.path(resolver.by_guid[g]) if g in resolver.by_guid else str(g)
        for g in after.get("codes") or ()
    ]
    return f"settle [{after.get('start')}, {after.get('end')}) as neither {', '.join(names)}"
