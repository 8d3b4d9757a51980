"""Importing documents: one transaction per document, the original kept by hash."""

from __future__ import annotations

import hashlib
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import defer

from workbench.core.dates import parse_date
from workbench.core.errors import ConflictError, InputError
from workbench.services.audit import record
from workbench.services.records import DocumentInfo
from workbench.store.models import Case, Coding, Document, Turn

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from workbench.store.project import Project

KINDS = ("interview", "document", "fieldnote", "survey", "other")


def _normalise(raw: bytes, path: Path) -> str:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (bad byte at offset {exc.start})", path=path) from None
    if "\x00" in text:
        raise InputError("looks binary (contains NUL bytes)", path=path)
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc")
    if not text.strip():
        raise InputError("empty document", path=path)
    return text


def case_by_name(session: Session, name: str) -> Case:
    case = session.scalar(select(Case).where(Case.name == name))
    if case is None:
        case = Case(name=name, attributes={})
        session.add(case)
        session.flush()
    return case


def keep_source(project: Project, raw: bytes, digest: str, suffix: str) -> Path:
    """Content-addressed copy: writing it twice is harmless, so it may precede the commit."""
    target = project.sources_dir / f"{digest}{suffix.lower()}"
    if not target.exists():
        project.sources_dir.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(target.suffix + ".part")
        tmp.write_bytes(raw)
        tmp.replace(target)
    return target


def import_text_file(
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
    p = Path(path)
    if kind not in KINDS:
        raise InputError(f"bad kind {kind!r}: one of {', '.join(KINDS)}")
    when = parse_date(date) if date else None
    limit = int(project.config.import_.get("max_file_mb", 50)) * 1024 * 1024
    try:
        if p.is_dir():
            raise InputError("is a folder, not a file", path=p)
        size = p.stat().st_size
        if size > limit:
            raise InputError(f"file is {size} bytes, over the {limit}-byte limit", path=p)
        raw = p.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path=p) from None
    except PermissionError:
        raise InputError("cannot read the file (permission denied)", path=p) from None
    if p.suffix.lower() not in (".txt", ".text", ".md"):
        raise InputError(f"unsupported file type {p.suffix or '(none)'!r}", path=p)
    text = _normalise(raw, p)
    digest = hashlib.sha256(raw).hexdigest()
    uow = project.uow()
    with uow:
        s = uow.session
        if not allow_duplicate:
            dup = s.scalar(select(Document).where(Document.source_sha256 == digest).limit(1))
            if dup is not None:
                raise ConflictError(
                    f"already imported as {dup.title!r} (#{dup.id}); "
                    "use --allow-duplicate to import it again",
                    path=p,
                )
        stored = keep_source(project, raw, digest, p.suffix)
        doc = Document(
            title=title or p.stem,
            kind=kind,
            text=text,
            sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
            source_sha256=digest,
            source_name=p.name,
            source_path=str(stored.relative_to(project.root)),
            length=len(text),
            date_start=when.start if when else None,
            date_end=when.end if when else None,
            date_precision=str(when.precision) if when else None,
            case_id=case_by_name(s, case).id if case else None,
            attributes=dict(attributes or {}),
        )
        s.add(doc)
        s.flush()
        record(
            s,
            actor=actor,
            action="document.import",
            entity="document",
            entity_id=doc.guid,
            after={"title": doc.title, "source": p.name, "sha256": doc.sha256},
        )
        return _doc_info(doc, case, 0, 0)


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
