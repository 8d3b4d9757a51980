"""Memos on a document, a code or the whole project: write, list, search.

A memo belongs to the coder who wrote it; another coder reads it but does not
change it. A memo on a coded segment stays the segment's own (``Coding.memo``,
``m`` in the coding view); these are the ``memos`` table's, which the REFI-QDA
export and import carry (``services.exchange``). Writing an empty memo deletes it.
Every write and delete is audited (``memo.write``, ``memo.delete``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import or_, select

from workbench.core.errors import ConflictError, InputError, NotFoundError
from workbench.services.audit import record
from workbench.services.resolve import CodeResolver, coder_by_handle
from workbench.store.models import Coder, Document, Memo, utcnow

if TYPE_CHECKING:
    from datetime import datetime

    from sqlalchemy.orm import Session

    from workbench.store.project import Project

KINDS = ("project", "document", "code", "segment")


@dataclass(frozen=True, slots=True)
class MemoInfo:
    id: int
    guid: str
    kind: str  # project | document | code | segment
    about: str  # the document's title, the code's path, "the project"
    coder: str
    title: str | None
    body: str
    updated_at: datetime
    document_id: int | None = None
    code_guid: str | None = None
    coding_id: int | None = None  # kind segment: the coding it is on

    @property
    def first_line(self) -> str:
        lines = [line for line in self.body.splitlines() if line.strip()]
        return (self.title or (lines[0] if lines else "")).strip()


def _kind(memo: Memo) -> str:
    if memo.coding_id is not None:
        return "segment"
    if memo.document_id is not None:
        return "document"
    if memo.code_id is not None:
        return "code"
    return "project"


def _info(session: Session, memo: Memo, resolver: CodeResolver | None = None) -> MemoInfo:
    kind = _kind(memo)
    coder = session.scalar(select(Coder.handle).where(Coder.id == memo.coder_id)) or "?"
    about = "the project"
    code_guid = None
    if memo.document_id is not None:
        about = session.scalar(select(Document.title).where(Document.id == memo.document_id)) or "?"
    elif memo.code_id is not None:
        resolver = resolver or CodeResolver(session)
        code = resolver.codes.get(memo.code_id)
        about = resolver.path(code) if code is not None else "?"
        code_guid = code.guid if code is not None else None
    return MemoInfo(
        memo.id,
        memo.guid,
        kind,
        about,
        coder,
        memo.title,
        memo.body,
        memo.updated_at,
        memo.document_id,
        code_guid,
        memo.coding_id,
    )


def _snapshot(memo: Memo) -> dict[str, object]:
    return {
        "guid": memo.guid,
        "title": memo.title,
        "body": memo.body,
        "document_id": memo.document_id,
        "code_id": memo.code_id,
    }


def list_memos(
    project: Project,
    *,
    query: str | None = None,
    kind: str | None = None,
    document_id: int | None = None,
    code: str | None = None,
    coder: str | None = None,
) -> list[MemoInfo]:
    """Memos, newest first; ``query``: words in the title or body (case-insensitive)."""
    if kind is not None and kind not in KINDS:
        raise InputError(f"unknown memo kind {kind!r} (one of {', '.join(KINDS)})")
    with project.reader() as uow:
        s = uow.session
        q = select(Memo).order_by(Memo.updated_at.desc(), Memo.id.desc())
        if document_id is not None:
            q = q.where(Memo.document_id == document_id)
        resolver = CodeResolver(s)
        if code is not None:
            q = q.where(Memo.code_id == resolver.get(code).id)
        if coder is not None:
            q = q.where(Memo.coder_id == coder_by_handle(s, coder).id)
        for word in (query or "").split():
            like = f"%{word.replace('%', '').replace('_', '')}%"
            q = q.where(or_(Memo.body.ilike(like), Memo.title.ilike(like)))
        memos = [_info(s, m, resolver) for m in s.scalars(q)]
    if kind is not None:
        memos = [m for m in memos if m.kind == kind]
    return memos


def own_memo(
    project: Project, *, coder: str, document_id: int | None = None, code: str | None = None
) -> MemoInfo | None:
    """The coder's latest memo on a document, a code, or (neither) the project."""
    with project.reader() as uow:
        s = uow.session
        who = coder_by_handle(s, coder)
        q = select(Memo).where(Memo.coder_id == who.id, Memo.coding_id.is_(None))
        code_id = CodeResolver(s).get(code).id if code is not None else None
        q = q.where(
            Memo.document_id.is_(None) if document_id is None else Memo.document_id == document_id,
            Memo.code_id.is_(None) if code_id is None else Memo.code_id == code_id,
        )
        found = s.scalar(q.order_by(Memo.updated_at.desc(), Memo.id.desc()).limit(1))
        return _info(s, found) if found is not None else None


def write_memo(
    project: Project,
    *,
    coder: str,
    body: str,
    title: str | None = None,
    memo_id: int | None = None,
    document_id: int | None = None,
    code: str | None = None,
) -> MemoInfo | None:
    """Write a new memo (or change ``memo_id``); an empty body deletes it (returns None)."""
    if document_id is not None and code is not None:
        raise InputError("a memo is on a document or on a code, not both")
    text = body.strip()
    with project.uow() as uow:
        s = uow.session
        who = coder_by_handle(s, coder)
        if memo_id is not None:
            memo = s.get(Memo, memo_id)
            if memo is None:
                raise NotFoundError(f"no memo #{memo_id}")
            if memo.coder_id != who.id:
                raise ConflictError("this memo is another coder's: you change only your own")
            before = _snapshot(memo)
            if not text:
                s.delete(memo)
                record(s, actor=who.handle, action="memo.delete", entity="memo",
                       entity_id=before["guid"], before=before)  # fmt: skip
                return None
            memo.body = text
            memo.title = (title or "").strip() or None
            memo.updated_at = utcnow()
            s.flush()
            record(s, actor=who.handle, action="memo.write", entity="memo",
                   entity_id=memo.guid, before=before, after=_snapshot(memo))  # fmt: skip
            return _info(s, memo)
        if not text:
            raise InputError("the memo is empty: nothing to save")
        code_id = None
        if code is not None:
            code_id = CodeResolver(s).get(code).id
        if document_id is not None and s.get(Document, document_id) is None:
            raise NotFoundError(f"no document #{document_id}")
        memo = Memo(
            coder_id=who.id,
            title=(title or "").strip() or None,
            body=text,
            document_id=document_id,
            code_id=code_id,
        )
        s.add(memo)
        s.flush()
        record(s, actor=who.handle, action="memo.write", entity="memo", entity_id=memo.guid,
               after=_snapshot(memo))  # fmt: skip
        return _info(s, memo)


def document_ref(project: Project, ref: str) -> int:
    """The id of a document given by id, guid or exact title (for ``memos --document``)."""
    from workbench.services.resolve import document_by_ref

    with project.reader() as uow:
        return document_by_ref(uow.session, ref).id
