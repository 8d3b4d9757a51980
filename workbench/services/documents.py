"""Importing documents: one transaction per document, the original kept by hash."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import defer

from workbench.core.dates import parse_date
from workbench.core.errors import ConflictError, InputError
from workbench.services.records import DocumentInfo
from workbench.store.models import Case, Coding, Document, Turn

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from workbench.store.project import Project

KINDS = ("interview", "document", "fieldnote", "survey", "other")


def case_by_name(session: Session, name: str) -> Case:
    case = session.scalar(select(Case).where(Case.name == name))
    if case is None:
        case = Case(name=name, attributes={})
        session.add(case)
        session.flush()
    return case


def keep_source(project: Project, raw: bytes, digest: str, suffix: str) -> Path:
    """Content-addressed copy: writing it twice is harmless, so it may precede the commit
    (a process killed before its commit leaves a file that the next open removes)."""
    from workbench.store.sources import keep_file

    return keep_file(project.sources_dir, f"{digest}{suffix.lower()}", raw)


def import_file(
    project: Project,
    *,
    path: str | Path,
    title: str | None = None,
    kind: str = "document",
    case: str | None = None,
    date: str | None = None,
    attributes: dict[str, Any] | None = None,
    allow_duplicate: bool = False,
    actor: str | None = None,
) -> DocumentInfo:
    """Import one file of any supported format; its failure is raised, not reported."""
    from workbench.ingest.metadata import DocumentMeta
    from workbench.services.imports import ImportItem, import_documents

    if kind not in KINDS:
        raise InputError(f"bad kind {kind!r}: one of {', '.join(KINDS)}")
    if date:
        parse_date(date)
    meta = DocumentMeta(title, kind, date, case, {k: str(v) for k, v in (attributes or {}).items()})
    [outcome] = import_documents(
        project, [ImportItem(Path(path), meta)], allow_duplicate=allow_duplicate, actor=actor
    )
    if outcome.status == "skipped":
        raise ConflictError(outcome.reason, path=path)
    if outcome.status != "imported" or outcome.document_id is None:
        raise InputError(outcome.reason, path=path)
    return document_info(project, outcome.document_id)


def document_info(project: Project, document_id: int) -> DocumentInfo:
    with project.uow() as uow:
        s = uow.session
        doc = s.get_one(Document, document_id)
        case = s.get(Case, doc.case_id) if doc.case_id else None
        codings = (
            s.scalar(select(func.count()).select_from(Coding).where(Coding.document_id == doc.id))
            or 0
        )
        turns = (
            s.scalar(select(func.count()).select_from(Turn).where(Turn.document_id == doc.id)) or 0
        )
        return _doc_info(doc, case.name if case else None, codings, turns)


def _doc_info(doc: Document, case: str | None, codings: int, turns: int) -> DocumentInfo:
    from workbench.core.dates import range_from_iso

    date = None
    if doc.date_start and doc.date_end and doc.date_precision:
        date = str(range_from_iso(doc.date_start, doc.date_end, doc.date_precision))
    return DocumentInfo(
        id=doc.id,
        guid=doc.guid,
        title=doc.title,
        kind=doc.kind,
        case=case,
        date=date,
        length=doc.length,
        sha256=doc.sha256,
        codings=codings,
        turns=turns,
        attributes=dict(doc.attributes or {}),
    )


def list_documents(project: Project) -> list[DocumentInfo]:
    with project.uow() as uow:
        s = uow.session
        cases = dict(s.execute(select(Case.id, Case.name)).all())
        codings = dict(
            s.execute(select(Coding.document_id, func.count()).group_by(Coding.document_id)).all()
        )
        turns = dict(
            s.execute(select(Turn.document_id, func.count()).group_by(Turn.document_id)).all()
        )
        docs = s.scalars(
            select(Document).options(defer(Document.text, raiseload=True)).order_by(Document.id)
        ).all()
        return [
            _doc_info(
                d,
                cases.get(d.case_id) if d.case_id else None,
                codings.get(d.id, 0),
                turns.get(d.id, 0),
            )
            for d in docs
        ]
