"""Undo and redo of coding actions, driven by the append-only audit log.

Every coding action writes an audit row with full before/after snapshots
(``coding.add``: after; ``coding.remove``: before; ``coding.update``: both). Undo
and redo never rewrite those rows (triggers forbid it); they append their own:

* ``coding.undo`` / ``coding.redo``, entity ``coding``, with ``before`` and
  ``after`` the snapshots of the coding around the change they made (``None``
  where the coding does not exist).

A coder's undo and redo stacks are then a pure function of that coder's audit
rows, in order: a do-action pushes onto the undo stack and clears the redo
stack, an undo moves the top of the undo stack to the redo stack, a redo moves it
back. So the history survives a restart, and the CLI's ``codings add|remove`` are
undoable from the TUI too (they are the same actions).

When the coding was changed meanwhile by someone else (another coder, a code
merge), the undo cannot restore it exactly: it is skipped, recorded as an undo
that changed nothing (``before == after``), and the result says so. The stack
moves on instead of sticking at an action that can never be undone.

Several codings made by one action (``search.code_hits``: code every hit) are one
step: a ``coding.batch`` row (entity ``coding_batch``, ``after["size"]`` = n)
comes just before the action's n rows, and undoing or redoing the step writes
its own marker before its n ``coding.undo`` / ``coding.redo`` rows.

Codebook edits from the coding view (``services.codebook_edits``: ``code.create``,
``code.edit``, entity ``code``, with the code before and after) are steps too;
undoing one appends ``code.undo`` / ``code.redo``. A new code goes again only
while nothing uses it (no codings, child codes or memos); otherwise the undo is
skipped and says so.

A lead's "neither" decision (``adjudication.neither``, see ``services.adjudication``)
is an action on this stack too; undoing and redoing it appends
``adjudication.undo`` / ``adjudication.redo``, which end or restore the decision.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from workbench.core.errors import NotFoundError
from workbench.services import adjudication
from workbench.services.audit import record
from workbench.services.codings import coding_snapshot
from workbench.services.reading import SegmentInfo, code_table, local_resolver, segment_from_row
from workbench.store.models import AuditEvent, Code, Coder, Coding, Document, utcnow

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from workbench.store.project import Project

CODE_CREATE, CODE_EDIT, CODE_UNDO, CODE_REDO = "code.create", "code.edit", "code.undo", "code.redo"
DO_ACTIONS = frozenset(
    {"coding.add", "coding.remove", "coding.update", adjudication.NEITHER, CODE_CREATE, CODE_EDIT}
)
UNDO, REDO = "coding.undo", "coding.redo"
UNDOS = frozenset({UNDO, adjudication.UNDONE, CODE_UNDO})
REDOS = frozenset({REDO, adjudication.REDONE, CODE_REDO})
BATCH, BATCH_ENTITY = "coding.batch", "coding_batch"
ENTITIES = ("coding", adjudication.ENTITY, BATCH_ENTITY, "code")


@dataclass(frozen=True, slots=True)
class HistoryResult:
    """What an undo or redo did, for the status line and the open view."""

    kind: str  # undo | redo
    action: str  # the action undone or redone: coding.add | coding.remove | coding.update
    description: str
    document_id: int | None
    removed: int | None  # id of the coding that no longer exists, if any
    segment: SegmentInfo | None  # the coding as it is now, if it exists
    skipped: bool = False
    documents: tuple[int, ...] = ()  # a step of several codings: the documents to read again
    codebook: bool = False  # the step changed codes: read the codebook again


@dataclass(frozen=True, slots=True)
class HistoryState:
    """What undo and redo would do next (``None``: nothing)."""

    undo: str | None
    redo: str | None


def _stacks(session: Session, actor: str) -> tuple[list[list[int]], list[list[int]]]:
    """The actor's undo and redo stacks; each step is the audit ids of one action."""
    rows = session.execute(
        select(AuditEvent.id, AuditEvent.action, AuditEvent.after)
        .where(
            AuditEvent.actor == actor,
            AuditEvent.entity.in_(ENTITIES),
            AuditEvent.action.in_([*DO_ACTIONS, *UNDOS, *REDOS, BATCH]),
        )
        .order_by(AuditEvent.id)
    ).all()
    undo: list[list[int]] = []
    redo: list[list[int]] = []
    i = 0
    while i < len(rows):
        event_id, action, after = rows[i]
        step = [event_id]
        if action == BATCH:
            size = int((after or {}).get("size", 0))
            step = [r[0] for r in rows[i + 1 : i + 1 + size]]
            action = rows[i + 1][1] if size and i + 1 < len(rows) else ""
            i += size
        i += 1
        if not step:
            continue
        if action in DO_ACTIONS:
            undo.append(step)
            redo.clear()
        elif action in UNDOS and undo:
            redo.append(undo.pop())
        elif action in REDOS and redo:
            undo.append(redo.pop())
    return undo, redo


def _describe_step(session: Session, step: list[int]) -> str:
    first = session.get_one(AuditEvent, step[0])
    if len(step) == 1:
        return _describe(session, first)
    marker = session.scalar(
        select(AuditEvent)
        .where(
            AuditEvent.action == BATCH, AuditEvent.actor == first.actor, AuditEvent.id < first.id
        )
        .order_by(AuditEvent.id.desc())
        .limit(1)
    )
    said = (marker.after or {}).get("description") if marker is not None else None
    return str(said or f"{len(step)} codings")


def _describe(session: Session, event: AuditEvent) -> str:
    if event.action == adjudication.NEITHER:
        return adjudication.describe_neither(session, event.after)
    if event.entity == "code":
        before, after = event.before or {}, event.after or {}
        if event.action == CODE_CREATE:
            return f"new code {after.get('name')!r}"
        what = [
            label
            for key, label in (
                ("name", f"rename to {after.get('name')!r}"),
                ("colour", "recolour"),
                ("parent", "move"),
                ("status", str(after.get("status"))),
            )
            if before.get(key) != after.get(key)
        ]
        return f"{' and '.join(what) or 'edit'} code {before.get('name')!r}"
    snap = event.after or event.before or {}
    name = session.scalar(select(Code.name).where(Code.id == snap.get("code_id"))) or "a code"
    span = f"[{snap.get('start')}, {snap.get('end')})"
    verb = {
        "coding.add": f"apply {name} to {span}",
        "coding.remove": f"remove {name} from {span}",
        "coding.update": f"change {name} at {span}",
    }[event.action]
    return verb


def history_state(project: Project, *, actor: str) -> HistoryState:
    with project.uow() as uow:
        s = uow.session
        undo, redo = _stacks(s, actor)
        return HistoryState(
            undo=_describe_step(s, undo[-1]) if undo else None,
            redo=_describe_step(s, redo[-1]) if redo else None,
        )


def _current(session: Session, guid: str) -> Coding | None:
    return session.scalar(select(Coding).where(Coding.guid == guid))


def _same(row: Coding | None, snap: dict[str, Any] | None) -> bool:
    if row is None or snap is None:
        return row is None and snap is None
    return coding_snapshot(row) == snap


def _revised_since(session: Session, document_id: int | None, event_id: int) -> bool:
    """Whether the document got a new text after the audit event: its offsets are stale."""
    if document_id is None:
        return False
    guid = session.scalar(select(Document.guid).where(Document.id == document_id))
    if guid is None:
        return False
    return (
        session.scalar(
            select(AuditEvent.id)
            .where(
                AuditEvent.action == "document.revise",
                AuditEvent.entity == "document",
                AuditEvent.entity_id == guid,
                AuditEvent.id > event_id,
            )
            .limit(1)
        )
        is not None
    )


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _restorable(session: Session, snap: dict[str, Any]) -> bool:
    """Whether a removed coding can come back as it was (its code, document, coder exist)."""
    if session.get(Code, snap["code_id"]) is None or session.get(Coder, snap["coder_id"]) is None:
        return False
    if session.get(Document, snap["document_id"]) is None:
        return False
    clash = session.scalar(
        select(Coding.id).where(
            Coding.document_id == snap["document_id"],
            Coding.start == snap["start"],
            Coding.end == snap["end"],
            Coding.code_id == snap["code_id"],
            Coding.coder_id == snap["coder_id"],
        )
    )
    return clash is None


def _write(session: Session, row: Coding | None, snap: dict[str, Any] | None) -> Coding | None:
    """Make the coding equal to ``snap`` (None: remove it). Returns the row, if any."""
    if snap is None:
        if row is not None:
            session.delete(row)
            session.flush()
        return None
    if row is None:
        row = Coding(guid=snap["guid"])
        session.add(row)
    row.document_id = snap["document_id"]
    row.start, row.end = snap["start"], snap["end"]
    row.code_id, row.coder_id = snap["code_id"], snap["coder_id"]
    row.origin, row.memo = snap["origin"], snap["memo"]
    row.event_start = _date(snap["event_start"])
    row.event_end = _date(snap["event_end"])
    row.event_precision = snap["event_precision"]
    row.updated_at = utcnow()
    session.flush()
    return row


def _step(project: Project, *, actor: str, kind: str) -> HistoryResult | None:
    with project.uow() as uow:
        s = uow.session
        undo, redo = _stacks(s, actor)
        stack = undo if kind == "undo" else redo
        if not stack:
            return None
        step = stack[-1]
        if len(step) > 1:
            return _step_batch(s, step, actor=actor, kind=kind)
        event = s.get_one(AuditEvent, step[0])
        if event.entity == adjudication.ENTITY:
            return _step_decision(s, event, actor=actor, kind=kind)
        if event.entity == "code":
            return _step_code(s, event, actor=actor, kind=kind)
        return _step_coding(s, event, actor=actor, kind=kind)


def _step_code(session: Session, event: AuditEvent, *, actor: str, kind: str) -> HistoryResult:
    """Undo or redo a codebook edit: the code goes back to (or forward to) its snapshot."""
    from workbench.services.codebook_edits import code_snapshot, removable, same_code, write_code

    expected, target = (
        (event.after, event.before) if kind == "undo" else (event.before, event.after)
    )
    guid = str(event.entity_id)
    row = session.scalar(select(Code).where(Code.guid == guid))
    skipped = not same_code(session, row, expected) or (
        target is None and row is not None and not removable(session, row)
    )
    before = code_snapshot(session, row) if row is not None else None
    if not skipped:
        row = write_code(session, row, target)
    record(
        session,
        actor=actor,
        action=CODE_UNDO if kind == "undo" else CODE_REDO,
        entity="code",
        entity_id=guid,
        before=before,
        after=code_snapshot(session, row) if row is not None else None,
    )
    return HistoryResult(
        kind=kind,
        action=event.action,
        description=_describe(session, event),
        document_id=None,
        removed=None,
        segment=None,
        skipped=skipped,
        codebook=True,
    )


def _step_batch(session: Session, step: list[int], *, actor: str, kind: str) -> HistoryResult:
    """Undo or redo an action of several codings: each in turn, under one marker."""
    description = _describe_step(session, step)
    record(
        session,
        actor=actor,
        action=BATCH,
        entity=BATCH_ENTITY,
        entity_id=None,
        after={"size": len(step), "description": description},
    )
    ids = step[::-1] if kind == "undo" else step
    results = []
    for i in ids:
        event = session.get_one(AuditEvent, i)
        if event.entity == "code":
            results.append(_step_code(session, event, actor=actor, kind=kind))
        else:
            results.append(_step_coding(session, event, actor=actor, kind=kind, shown=False))
    first = session.get_one(AuditEvent, step[0])
    return HistoryResult(
        kind=kind,
        action=first.action,
        description=description,
        document_id=None,
        removed=None,
        segment=None,
        skipped=any(r.skipped for r in results),
        documents=tuple(sorted({r.document_id for r in results if r.document_id is not None})),
        codebook=any(r.codebook for r in results),
    )


def _step_coding(
    session: Session, event: AuditEvent, *, actor: str, kind: str, shown: bool = True
) -> HistoryResult:
    """Undo or redo one coding action (``shown``: with the coding as the view shows it)."""
    s = session
    # Undo goes from the event's "after" back to its "before"; redo the other way.
    expected, target = (
        (event.after, event.before) if kind == "undo" else (event.before, event.after)
    )
    snap = event.after or event.before or {}
    guid = str(event.entity_id or snap.get("guid"))
    row = _current(s, guid)
    description = _describe(s, event)
    skipped = (
        not _same(row, expected)
        or (row is None and target is not None and not _restorable(s, target))
        or _revised_since(s, snap.get("document_id"), event.id)
    )
    before = coding_snapshot(row) if row is not None else None
    removed_id = row.id if row is not None else None
    if not skipped:
        row = _write(s, row, target)
    after = coding_snapshot(row) if row is not None else None
    record(
        s,
        actor=actor,
        action=UNDO if kind == "undo" else REDO,
        entity="coding",
        entity_id=guid,
        before=before,
        after=after,
    )
    segment = None
    if row is not None and shown:
        coder = s.scalar(select(Coder.handle).where(Coder.id == row.coder_id)) or "?"
        resolver = local_resolver(s, row.document_id, row.start, row.end)
        segment = segment_from_row(row, coder, code_table(s), resolver)
    return HistoryResult(
        kind=kind,
        action=event.action,
        description=description,
        document_id=snap.get("document_id"),
        removed=removed_id if row is None and not skipped else None,
        segment=segment,
        skipped=skipped,
    )


def _step_decision(session: Session, event: AuditEvent, *, actor: str, kind: str) -> HistoryResult:
    """Undo or redo a "neither" decision: append the entry that ends or restores it.

    A decision undone before its document was revised cannot come back at its old
    offsets: the redo is recorded as restoring nothing, and reported skipped.
    """
    stale = kind == "redo" and _revised_since(
        session, (event.after or {}).get("document_id"), event.id
    )
    record(
        session,
        actor=actor,
        action=adjudication.UNDONE if kind == "undo" else adjudication.REDONE,
        entity=adjudication.ENTITY,
        entity_id=event.entity_id,
        before=event.after if kind == "undo" else None,
        after=None if kind == "undo" or stale else event.after,
    )
    return HistoryResult(
        kind=kind,
        action=event.action,
        description=_describe(session, event),
        document_id=(event.after or {}).get("document_id"),
        removed=None,
        segment=None,
        skipped=stale,
    )


def undo(project: Project, *, actor: str) -> HistoryResult | None:
    """Undo ``actor``'s latest coding action not yet undone (None: nothing to undo)."""
    return _step(project, actor=actor, kind="undo")


def redo(project: Project, *, actor: str) -> HistoryResult | None:
    """Redo ``actor``'s latest undone action (None: nothing to redo)."""
    return _step(project, actor=actor, kind="redo")


def coding_history(project: Project, *, guid: str) -> list[tuple[str, str | None]]:
    """``(action, actor)`` of every audit row of one coding, oldest first (for tests, review)."""
    with project.uow() as uow:
        rows = uow.session.execute(
            select(AuditEvent.action, AuditEvent.actor)
            .where(AuditEvent.entity == "coding", AuditEvent.entity_id == guid)
            .order_by(AuditEvent.id)
        ).all()
    if not rows:
        raise NotFoundError(f"no history for coding {guid}")
    return [(a, b) for a, b in rows]
