"""Coding actions of the coding view: apply a code, remove it, adjust, memo and date a segment.

Applying shares its checks and audit entry (``_insert``) with ``add_coding``, and
removing is ``remove_coding``, the functions behind ``workbench codings add|remove``;
this module adds the change the CLI did not have (``update_segment``: new
boundaries, memo or event date, audited as ``coding.update`` with before/after
snapshots, so undo can restore either side) and hands back ``SegmentInfo``
values with the resolved event date the view shows.

A coder changes only their own codings (DESIGN, "Team mode"); trying another's
is a ``ConflictError`` with a sentence the status line can show.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from sqlalchemy import select
from sqlalchemy.orm import load_only

from workbench.core.dates import parse_date
from workbench.core.errors import ConflictError, InputError, NotFoundError
from workbench.core.span import Span
from workbench.services.audit import record
from workbench.services.codings import ORIGINS, _insert, coding_snapshot, remove_coding
from workbench.services.reading import (
    SegmentInfo,
    code_table,
    local_resolver,
    segment_from_row,
    segment_info,
)
from workbench.services.resolve import CodeResolver, coder_by_handle
from workbench.store.models import Code, Coder, Coding, Document, utcnow

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from workbench.store.project import Project


class _Unset:
    """Marks an argument that was not given (``None`` means "clear it")."""

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = _Unset()


@dataclass(frozen=True, slots=True)
class MentionChoice:
    """A date mention a coder may give a segment, nearest first."""

    start: int
    end: int
    text: str
    date: str
    distance: int
    kind: str = "event"  # citation | reference | furniture: never an event date by default


@dataclass(frozen=True, slots=True)
class DateChoices:
    """What the dating dialog offers for one segment."""

    segment: SegmentInfo
    mentions: tuple[MentionChoice, ...]
    document_date: str | None


def refuse_blank(session: Session, document_id: int, start: int, end: int) -> None:
    """A span of only spaces and line breaks codes nothing: refuse it (reads just the span)."""
    from sqlalchemy import func

    if end <= start:
        return  # the span check says what is wrong with it
    quote = session.scalar(
        select(func.substr(Document.text, start + 1, min(end - start, 4096))).where(
            Document.id == document_id
        )
    )
    if quote is not None and not quote.strip() and end - start <= 4096:
        raise InputError(
            f"[{start}, {end}) is only spaces or line breaks: select the words to code"
        )


def apply_code(
    project: Project,
    *,
    document_id: int,
    start: int,
    end: int,
    code: str,
    coder: str,
    origin: str = "manual",
    event_date: str | None = None,
    memo: str | None = None,
) -> SegmentInfo:
    """Code ``[start, end)`` of a document; committed before this returns.

    The same checks and audit entry as ``add_coding``, in one transaction that reads
    only what the insert needs: the document's length, not its text, and one code
    and its ancestors, not the codebook. This is the round trip a coder waits on
    after every key press, and in team mode several coders share the server.
    """
    if origin not in ORIGINS:
        raise InputError(f"bad origin {origin!r}")
    event = parse_date(event_date) if event_date else None
    with project.uow() as uow:
        s = uow.session
        doc = s.get(
            Document,
            document_id,
            options=[load_only(Document.id, Document.title, Document.length)],
        )
        if doc is None:
            raise NotFoundError(f"no document #{document_id}")
        refuse_blank(s, document_id, start, end)
        target, path = _usable_code(s, code)
        who = coder_by_handle(s, coder)
        row = _insert(
            s,
            doc=doc,
            span=Span(start, end),
            code_id=target.id,
            coder=who,
            origin=origin,
            memo=memo,
            event=event,
            actor=who.handle,
        )
        names = {target.id: (target.guid, target.name, path, target.colour)}
        resolver = local_resolver(s, document_id, row.start, row.end)
        return segment_from_row(row, who.handle, names, resolver)


def _usable_code(s: Session, ref: str) -> tuple[Code, str]:
    """An active code by guid with its path; anything else through the full resolver."""
    code = s.scalar(select(Code).where(Code.guid == ref.strip()))
    if code is None or code.status != "active":
        resolver = CodeResolver(s)
        code = resolver.get_usable(ref)
        return code, resolver.path(code)
    names = [code.name]
    parent_id = code.parent_id
    while parent_id is not None:
        parent = s.get_one(Code, parent_id)
        names.append(parent.name)
        parent_id = parent.parent_id
    return code, "/".join(reversed(names))


def _own(session: Session, coding_id: int, coder: str) -> Coding:
    row = session.get(Coding, coding_id)
    if row is None:
        raise NotFoundError(f"no coding #{coding_id} (removed meanwhile?)")
    owner = session.scalar(select(Coder.handle).where(Coder.id == row.coder_id))
    if owner != coder:
        raise ConflictError(f"this segment is {owner}'s: a coder changes only their own codings")
    return row


def remove_segment(project: Project, *, coding_id: int, coder: str) -> SegmentInfo:
    """Remove one of ``coder``'s codings; returns it as it was."""
    with project.uow() as uow:
        _own(uow.session, coding_id, coder)
    before = segment_info(project, coding_id)
    remove_coding(project.uow(), coding_id=coding_id, actor=coder)
    return before


def update_segment(
    project: Project,
    *,
    coding_id: int,
    coder: str,
    start: int | _Unset = UNSET,
    end: int | _Unset = UNSET,
    memo: str | _Unset | None = UNSET,
    event_date: str | _Unset | None = UNSET,
) -> SegmentInfo:
    """Change a segment's boundaries, memo or own event date, in one audited transaction."""
    event = parse_date(event_date) if isinstance(event_date, str) and event_date.strip() else None
    with project.uow() as uow:
        s = uow.session
        row = _own(s, coding_id, coder)
        before = coding_snapshot(row)
        new_start = row.start if isinstance(start, _Unset) else start
        new_end = row.end if isinstance(end, _Unset) else end
        if (new_start, new_end) != (row.start, row.end):
            span = Span(new_start, new_end)
            refuse_blank(s, row.document_id, span.start, span.end)
            length = s.scalar(select(Document.length).where(Document.id == row.document_id)) or 0
            span.check_within(length)
            clash = s.scalar(
                select(Coding.id).where(
                    Coding.document_id == row.document_id,
                    Coding.start == span.start,
                    Coding.end == span.end,
                    Coding.code_id == row.code_id,
                    Coding.coder_id == row.coder_id,
                    Coding.id != row.id,
                )
            )
            if clash is not None:
                raise ConflictError(f"you already coded that span with this code (#{clash})")
            row.start, row.end = span.start, span.end
        if not isinstance(memo, _Unset):
            row.memo = (memo.strip() or None) if memo is not None else None
        if not isinstance(event_date, _Unset):
            row.event_start = event.start if event else None
            row.event_end = event.end if event else None
            row.event_precision = str(event.precision) if event else None
        after = coding_snapshot(row)
        if after == before:
            raise InputError("nothing to change")
        row.updated_at = utcnow()
        s.flush()
        record(
            s,
            actor=coder,
            action="coding.update",
            entity="coding",
            entity_id=row.guid,
            before=before,
            after=after,
        )
        resolver = local_resolver(s, row.document_id, row.start, row.end)
        return segment_from_row(row, coder, code_table(s), resolver)


def date_choices(project: Project, *, coding_id: int, limit: int = 8) -> DateChoices:
    """The segment's resolved date and the date mentions near it, nearest first."""
    from workbench.coding.eventdate import gap
    from workbench.core.dates import format_range

    with project.uow() as uow:
        s = uow.session
        row = s.get(Coding, coding_id)
        if row is None:
            raise NotFoundError(f"no coding #{coding_id}")
        coder = s.scalar(select(Coder.handle).where(Coder.id == row.coder_id)) or "?"
        resolver = local_resolver(s, row.document_id, row.start, row.end, margin=600)
        seg = segment_from_row(row, coder, code_table(s), resolver)
        near = resolver.nearby(row.start, row.end, limit=limit, events_only=False)
        doc = resolver.document
        return DateChoices(
            segment=seg,
            mentions=tuple(
                MentionChoice(
                    m.start,
                    m.end,
                    m.text,
                    format_range(m.range),
                    gap(row.start, row.end, m.start, m.end),
                    m.kind,
                )
                for m in near
            ),
            document_date=format_range(doc) if doc is not None else None,
        )
