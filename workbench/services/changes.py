"""What others changed since a view last looked: the audit log read as a feed.

Every coding action writes an audit row in its own transaction, and the log's
integer primary key only grows, so "what changed since I looked" is an index
range scan from the last id seen: ``id > cursor``. A poll that finds nothing
costs one primary-key probe, whatever the size of the log; one that finds
changes costs what it finds. SQLite and PostgreSQL work alike, and no server
feature (LISTEN/NOTIFY, triggers) or extra connection is needed.

One catch on PostgreSQL: ids come from a sequence when a row is inserted, and
transactions commit in any order, so id 101 can be visible while 100 is still
being committed. Ids missing below the newest one seen are kept as *gaps* and
asked for again on each poll until they appear or are older than
``GAP_SECONDS`` (a rolled-back transaction leaves a gap forever). SQLite has a
single writer and hands out ids in commit order, so it never leaves one.

``changes_since`` returns the changes by others (``exclude_actor``: the viewer's
own actions are already on their screen), and, for the open document, the
changed codings as they are now: applying them is idempotent, so a change seen
twice (a poll racing the document's own load) does no harm.

Blind mode: with ``only_coder`` the batch holds only changes to that coder's
codings, so other coders' codings never reach a blind view.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from workbench.core.dates import range_from_iso
from workbench.services.reading import SegmentInfo, build_segment, local_resolver
from workbench.services.requests import REQUEST_ENTITY
from workbench.store.models import AuditEvent, Code, Coder, Coding, Document

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import date

    from sqlalchemy.engine import Connection
    from sqlalchemy.orm import Session

    from workbench.core.dates import DateRange
    from workbench.store.project import Project

GAP_SECONDS = 60.0
"""How long an id missing below the newest seen is asked for again (PostgreSQL)."""
MAX_GAPS = 1000
MAX_ROWS = 2000
"""Audit rows read per poll; more (a large import) are read by the next poll (``more``)."""
LOOKBACK = 100
"""At the start, ids this far below the newest that are missing count as gaps."""

CODING_ACTIONS = frozenset(
    {"coding.add", "coding.remove", "coding.update", "coding.undo", "coding.redo"}
)
CODEBOOK_ACTIONS = frozenset(
    {
        "code.rename",
        "code.merge",
        "code.retire",
        "codebook.load",
        "refi.import",
        "code.create",  # codebook edits from the coding view, their undo and redo
        "code.edit",
        "code.undo",
        "code.redo",
    }
)
"""Actions that change codes (names, colours, counts) or codings without a row per coding."""
DOCUMENT_ACTIONS = frozenset({"document.import", "document.revise", "refi.import"})

ADDED, REMOVED, ADJUSTED = "added", "removed", "adjusted"


@dataclass(frozen=True, slots=True)
class ChangeCursor:
    """Where a reader of the feed is: the newest id seen and the gaps below it.

    ``gaps``: ``(audit id, monotonic time it was first missed)``.
    """

    after: int = 0
    gaps: tuple[tuple[int, float], ...] = ()


@dataclass(frozen=True, slots=True)
class CodingChange:
    """One coding another actor added, removed or adjusted."""

    guid: str
    document_id: int
    actor: str | None
    kind: str  # added | removed | adjusted
    code_before: str | None  # code guid before the change (None: it did not exist)
    code_after: str | None  # code guid after it (None: it no longer exists)


@dataclass(frozen=True, slots=True)
class ChangeBatch:
    """What a poll found.

    ``segments`` and ``removed`` concern ``document_id`` only (the open document):
    the changed codings as they are now, and the guids of changed codings that
    are gone (or not shown: another coder's, in blind mode).
    """

    cursor: ChangeCursor
    changes: tuple[CodingChange, ...] = ()
    document_id: int | None = None
    segments: tuple[SegmentInfo, ...] = ()
    removed: tuple[str, ...] = ()
    codebook_changed: bool = False
    documents_changed: bool = False
    more: bool = False
    code_deltas: tuple[tuple[str, int], ...] = field(default=())
    """Code guid -> change in its number of codings (the codebook panel's counts)."""
    revised: frozenset[int] = frozenset()
    """Documents that got a new text (``document.revise``): a view of one must reopen it."""

    @property
    def documents(self) -> frozenset[int]:
        """Documents whose codings others changed."""
        return frozenset(c.document_id for c in self.changes)

    @property
    def empty(self) -> bool:
        return not (self.changes or self.codebook_changed or self.documents_changed)

    def summary(self, document_id: int | None = None) -> str | None:
        """One line: "ben added 2 codings, removed 1; carla adjusted 1 coding"."""
        return describe_changes(
            [c for c in self.changes if document_id is None or c.document_id == document_id]
        )


def describe_changes(changes: Iterable[CodingChange]) -> str | None:
    by_actor: dict[str, Counter[str]] = {}
    for c in changes:
        by_actor.setdefault(c.actor or "someone", Counter())[c.kind] += 1
    if not by_actor:
        return None
    parts = []
    for actor, counts in by_actor.items():
        verbs = [(kind, counts[kind]) for kind in (ADDED, REMOVED, ADJUSTED) if counts[kind]]
        words = [
            f"{kind} {n} coding{'' if n == 1 else 's'}" if i == 0 else f"{kind} {n}"
            for i, (kind, n) in enumerate(verbs)
        ]
        parts.append(f"{actor} {', '.join(words)}")
    return "; ".join(parts)


def latest_cursor(project: Project, *, lookback: int = LOOKBACK) -> ChangeCursor:
    """A cursor at the newest change, for a view about to read what it shows.

    Read it *before* the view's own data: a change committed in between is then
    both in the view and in the next poll, which is harmless, instead of in
    neither. Ids missing just below the newest may belong to transactions still
    committing (PostgreSQL); they start as gaps.
    """
    with project.uow() as uow:
        s = uow.session
        newest = s.scalar(select(func.max(AuditEvent.id))) or 0
        present = set(
            s.scalars(select(AuditEvent.id).where(AuditEvent.id > newest - lookback)).all()
        )
    now = time.monotonic()
    gaps = tuple((i, now) for i in range(max(1, newest - lookback + 1), newest) if i not in present)
    return ChangeCursor(newest, gaps)


def changes_since(
    project: Project,
    after: ChangeCursor | int,
    *,
    document_id: int | None = None,
    exclude_actor: str | None = None,
    only_coder: str | None = None,
    now: float | None = None,
) -> ChangeBatch:
    """Codings others added, removed or adjusted since ``after`` (see the module docstring).

    One indexed read; the coders, codes and changed codings are read only when
    something changed.
    """
    cursor = after if isinstance(after, ChangeCursor) else ChangeCursor(after)
    clock = time.monotonic() if now is None else now
    gap_ids = [i for i, _ in cursor.gaps]
    columns = (
        AuditEvent.id,
        AuditEvent.actor,
        AuditEvent.action,
        AuditEvent.entity,
        AuditEvent.entity_id,
        AuditEvent.before,
        AuditEvent.after,
    )
    with project.uow() as uow:
        s = uow.session
        conn = s.connection()
        # Two queries, not one with OR: SQLite scans the whole log for "id > ? OR id IN (...)".
        new = conn.execute(
            select(*columns)
            .where(AuditEvent.id > cursor.after)
            .order_by(AuditEvent.id)
            .limit(MAX_ROWS + 1)
        ).all()
        more = len(new) > MAX_ROWS
        if more:
            new = new[:MAX_ROWS]
        late = (
            conn.execute(
                select(*columns).where(AuditEvent.id.in_(gap_ids)).order_by(AuditEvent.id)
            ).all()
            if gap_ids
            else []
        )
        rows = [*late, *new]
        next_cursor = _advance(cursor, [r.id for r in late], [r.id for r in new], clock)
        if not rows:
            return ChangeBatch(next_cursor, document_id=document_id)
        return _read_batch(
            s,
            rows,
            next_cursor,
            document_id=document_id,
            exclude_actor=exclude_actor,
            only_coder=only_coder,
            more=more,
        )


def _advance(
    cursor: ChangeCursor, found: Iterable[int], new_ids: list[int], clock: float
) -> ChangeCursor:
    """The cursor after reading ``found`` (gaps that appeared and ``new_ids``, ascending)."""
    seen = set(found)
    gaps = [(i, t) for i, t in cursor.gaps if i not in seen and clock - t < GAP_SECONDS]
    last = cursor.after
    for i in new_ids:
        if i > last + 1:
            gaps.extend((g, clock) for g in range(max(last + 1, i - MAX_GAPS), i))
        last = i
    return ChangeCursor(last, tuple(gaps[-MAX_GAPS:]))


def _read_batch(
    s: Session,
    rows: list[Any],
    cursor: ChangeCursor,
    *,
    document_id: int | None,
    exclude_actor: str | None,
    only_coder: str | None,
    more: bool,
) -> ChangeBatch:
    conn = s.connection()
    codes_by_id: dict[int, tuple[str, str, str, str | None]] | None = None
    mine: int | None = None
    if only_coder is not None:
        mine = conn.execute(select(Coder.id).where(Coder.handle == only_coder)).scalar()
    changes: list[CodingChange] = []
    codebook_changed = documents_changed = False
    deltas: Counter[str] = Counter()
    revised_guids: list[str] = []
    for r in rows:
        if r.entity == REQUEST_ENTITY:
            continue
        if r.action == "document.revise" and r.entity_id:
            revised_guids.append(str(r.entity_id))
        if r.action in CODEBOOK_ACTIONS:
            codebook_changed = True
        if r.action in DOCUMENT_ACTIONS:
            documents_changed = True
        if r.entity != "coding" or r.action not in CODING_ACTIONS:
            continue
        if exclude_actor is not None and r.actor == exclude_actor:
            continue
        before: dict[str, Any] | None = r.before
        after: dict[str, Any] | None = r.after
        if before == after:  # an undo that was skipped changed nothing
            continue
        snap = after or before or {}
        if only_coder is not None and mine not in {
            (before or {}).get("coder_id"),
            (after or {}).get("coder_id"),
        }:
            continue
        if codes_by_id is None:
            codes_by_id = _code_table(conn)
        kind = ADDED if before is None else REMOVED if after is None else ADJUSTED
        change = CodingChange(
            guid=str(snap.get("guid")),
            document_id=int(snap.get("document_id", -1)),
            actor=r.actor,
            kind=kind,
            code_before=_code_guid(codes_by_id, before),
            code_after=_code_guid(codes_by_id, after),
        )
        changes.append(change)
        if change.code_before:
            deltas[change.code_before] -= 1
        if change.code_after:
            deltas[change.code_after] += 1
    segments: tuple[SegmentInfo, ...] = ()
    removed: tuple[str, ...] = ()
    touched = list(dict.fromkeys(c.guid for c in changes if c.document_id == document_id))
    if document_id is not None and touched:
        segments, removed = _current_segments(
            s,
            document_id,
            touched,
            codes_by_id or _code_table(conn),
            only_coder=mine if only_coder is not None else None,
        )
    return ChangeBatch(
        cursor=cursor,
        changes=tuple(changes),
        document_id=document_id,
        segments=segments,
        removed=removed,
        codebook_changed=codebook_changed,
        documents_changed=documents_changed,
        more=more,
        code_deltas=tuple((g, n) for g, n in deltas.items() if n),
        revised=frozenset(
            conn.execute(select(Document.id).where(Document.guid.in_(revised_guids))).scalars()
        )
        if revised_guids
        else frozenset(),
    )


def _code_guid(
    codes: dict[int, tuple[str, str, str, str | None]], snapshot: dict[str, Any] | None
) -> str | None:
    if snapshot is None:
        return None
    row = codes.get(snapshot.get("code_id", -1))
    return row[0] if row else None


def _own_date(start: date | None, end: date | None, precision: str | None) -> DateRange | None:
    if start is None or end is None or precision is None:
        return None
    return range_from_iso(start, end, precision)


def _code_table(conn: Connection) -> dict[int, tuple[str, str, str, str | None]]:
    """Code id -> (guid, name, path, colour): ``reading.code_table`` in plain rows.

    The ORM's code table costs milliseconds per poll on a server; five columns do not.
    """
    rows = {
        cid: (guid, name, parent, colour)
        for cid, guid, name, parent, colour in conn.execute(
            select(Code.id, Code.guid, Code.name, Code.parent_id, Code.colour)
        )
    }

    def path(cid: int) -> str:
        names: list[str] = []
        seen: set[int] = set()
        current: int | None = cid
        while current is not None and current in rows and current not in seen:
            seen.add(current)
            names.append(rows[current][1])
            current = rows[current][2]
        return "/".join(reversed(names))

    return {cid: (guid, name, path(cid), colour) for cid, (guid, name, _, colour) in rows.items()}


NEAR = 2000
"""Changed codings closer than this (characters) share one date resolver."""


def _current_segments(
    s: Session,
    document_id: int,
    guids: list[str],
    codes: dict[int, tuple[str, str, str, str | None]],
    *,
    only_coder: int | None,
) -> tuple[tuple[SegmentInfo, ...], tuple[str, ...]]:
    """The codings with these guids as they are now; the guids that are gone or hidden.

    Their event dates are resolved from the sentences, turns and mentions around
    them only (``local_resolver``), one read per cluster of nearby codings.
    """
    conn = s.connection()
    found: dict[str, Any] = {}
    for i in range(0, len(guids), 500):
        chunk = guids[i : i + 500]
        for row in conn.execute(
            select(
                Coding.id,
                Coding.guid,
                Coding.start,
                Coding.end,
                Coding.code_id,
                Coder.handle,
                Coder.id.label("coder_id"),
                Coding.origin,
                Coding.memo,
                Coding.event_start,
                Coding.event_end,
                Coding.event_precision,
            )
            .join(Coder, Coder.id == Coding.coder_id)
            .where(Coding.guid.in_(chunk), Coding.document_id == document_id)
        ):
            if only_coder is None or row.coder_id == only_coder:
                found[row.guid] = row
    removed = tuple(g for g in guids if g not in found)
    rows = sorted(found.values(), key=lambda r: (r.start, r.end, r.id))
    clusters: list[list[Any]] = []
    reach = 0  # where the last cluster ends
    for row in rows:
        if clusters and row.start - reach < NEAR:
            clusters[-1].append(row)
        else:
            clusters.append([row])
        reach = max(reach, row.end) if len(clusters[-1]) > 1 else row.end
    out: list[SegmentInfo] = []
    for cluster in clusters:
        lo, hi = min(r.start for r in cluster), max(r.end for r in cluster)
        resolver = local_resolver(s, document_id, lo, hi)
        out.extend(
            build_segment(
                row.id,
                row.guid,
                document_id,
                row.start,
                row.end,
                row.code_id,
                row.handle,
                row.origin,
                row.memo,
                _own_date(row.event_start, row.event_end, row.event_precision),
                codes,
                resolver,
            )
            for row in cluster
        )
    return tuple(out), removed
