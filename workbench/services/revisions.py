"""Revising a document: a new version of its text, with its codings carried over.

The document keeps its identity (id, guid, title, case, date), so agreement,
bracketing and exports go on treating it as the same source; the text it had is
kept whole in ``document_versions``. Every coding is re-anchored onto the new text
(``workbench.coding.reanchor``) in the same transaction that replaces the text, so no
coding ever points into a text it was not anchored to. Codings whose passage is
gone refuse the revision unless the researcher agrees to drop them; a dry run shows
where every coding would land first. Turns, sentences and date mentions are those of
the new text. Standing "neither" decisions of the review move with their passages.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, delete, select, update

from workbench.coding.reanchor import LOST, MIN_SCORE, Anchor, reanchor
from workbench.core.errors import ConflictError, InputError
from workbench.core.span import Span
from workbench.services import adjudication
from workbench.services.audit import record
from workbench.services.documents import keep_source
from workbench.services.resolve import CodeResolver, document_by_ref
from workbench.store.models import (
    Coder,
    Coding,
    DateMention,
    Document,
    DocumentVersion,
    Sentence,
    Turn,
    utcnow,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from workbench.store.project import Project

ACTION = "document.revise"
HOWS = ("same", "moved", "fuzzy", "lost")


@dataclass(frozen=True, slots=True)
class CarriedCoding:
    """One coding's passage in the old text and where it lands in the new."""

    coding_id: int
    guid: str
    code: str
    coder: str
    how: str  # same | moved | fuzzy | lost
    score: float
    old_start: int
    old_end: int
    new_start: int | None
    new_end: int | None
    old_quote: str
    new_quote: str | None


@dataclass(frozen=True, slots=True)
class RevisionReport:
    document_id: int
    title: str
    source: str
    revision: int  # the new version's number (the current one's, for a dry run)
    applied: bool
    codings: tuple[CarriedCoding, ...]
    dropped: int = 0
    turns: int = 0
    sentences: int = 0
    mentions: int = 0

    def count(self, how: str) -> int:
        return sum(1 for c in self.codings if c.how == how)

    @property
    def counts(self) -> dict[str, int]:
        return {how: self.count(how) for how in HOWS}


def revise_document(
    project: Project,
    *,
    document: str | int,
    path: str | Path,
    actor: str | None = None,
    dry_run: bool = False,
    drop_lost: bool = False,
    min_score: float = MIN_SCORE,
) -> RevisionReport:
    """Replace a document's text by the file's, carrying its codings over.

    Raises ``ConflictError`` (nothing written) when the file holds the same text, or
    when codings would be lost and ``drop_lost`` is not given.
    """
    from workbench.services.imports import read_revision, store_analysis

    if not 0 < min_score <= 100:
        raise InputError(f"bad minimum score {min_score}: give a similarity from 1 to 100")
    source = Path(path)
    with project.uow() as uow:
        doc = document_by_ref(uow.session, document)
        anchor_date = doc.date_start
    prepared, analysed = read_revision(project, source, anchor_date)
    new_text = prepared.extracted.text
    new_sha = hashlib.sha256(new_text.encode("utf-8")).hexdigest()
    with project.uow() as uow:
        s = uow.session
        doc = document_by_ref(s, document)
        if new_sha == doc.sha256:
            raise ConflictError(
                f"same text as version {doc.revision} of {doc.title!r}: nothing to revise",
                path=source,
            )
        old_text = doc.text
        rows = _codings(s, doc.id)
        anchors = reanchor(
            old_text, new_text, [Span(r[1], r[2]) for r in rows], min_score=min_score
        )
        carried = tuple(
            _carried(row, a, old_text, new_text) for row, a in zip(rows, anchors, strict=True)
        )
        lost = [c for c in carried if c.how == LOST]
        if dry_run:
            return RevisionReport(doc.id, doc.title, source.name, doc.revision, False, carried)
        if lost and not drop_lost:
            first = lost[0]
            raise ConflictError(
                f"{len(lost)} coding(s) of {doc.title!r} cannot be found in the revised text "
                f"(first: {_short(first.old_quote)!r}, {first.code} by {first.coder}); "
                "--dry-run shows where each coding would land, --drop-lost removes those",
                path=source,
            )
        stored = keep_source(project, prepared.raw, prepared.raw_sha, source.suffix)
        s.add(
            DocumentVersion(
                document_id=doc.id,
                revision=doc.revision,
                text=old_text,
                sha256=doc.sha256,
                source_sha256=doc.source_sha256,
                source_name=doc.source_name,
                source_path=doc.source_path,
                length=doc.length,
                imported_at=doc.imported_at,
                replaced_by=actor,
            )
        )
        before = _version(doc)
        doc.text, doc.sha256, doc.length = new_text, new_sha, len(new_text)
        doc.source_sha256, doc.source_name = prepared.raw_sha, source.name
        doc.source_path = os.path.relpath(stored, project.root)
        doc.revision += 1
        s.flush()
        conn = s.connection()
        for table in (Turn, Sentence, DateMention):
            conn.execute(delete(table).where(table.document_id == doc.id))
        turns, sentences, mentions = store_analysis(
            conn, doc.id, prepared.extracted, analysed, project.config.speakers
        )
        now = utcnow()
        moved = [
            c
            for c in carried
            if c.how != LOST and (c.new_start, c.new_end) != (c.old_start, c.old_end)
        ]
        if moved:
            conn.execute(
                update(Coding).where(Coding.id == bindparam("cid")),
                [
                    {"cid": c.coding_id, "start": c.new_start, "end": c.new_end, "updated_at": now}
                    for c in moved
                ],
            )
        if lost:
            conn.execute(delete(Coding).where(Coding.id.in_([c.coding_id for c in lost])))
        _move_decisions(s, doc.id, old_text, new_text, actor, min_score)
        record(
            s,
            actor=actor,
            action=ACTION,
            entity="document",
            entity_id=doc.guid,
            before=before,
            after={
                **_version(doc),
                "counts": {how: sum(1 for c in carried if c.how == how) for how in HOWS},
                "dropped": [_dropped(c) for c in lost],
            },
        )
        return RevisionReport(
            doc.id,
            doc.title,
            source.name,
            doc.revision,
            True,
            carried,
            dropped=len(lost),
            turns=len(turns),
            sentences=len(sentences),
            mentions=len(mentions),
        )


def _codings(s: Session, document_id: int) -> list[tuple[int, int, int, str, str, str]]:
    resolver = CodeResolver(s)
    rows = s.execute(
        select(Coding.id, Coding.start, Coding.end, Coding.guid, Coding.code_id, Coder.handle)
        .join(Coder, Coder.id == Coding.coder_id)
        .where(Coding.document_id == document_id)
        .order_by(Coding.start, Coding.end, Coding.id)
    ).all()
    return [
        (cid, start, end, guid, resolver.path(resolver.codes[code_id]), handle)
        for cid, start, end, guid, code_id, handle in rows
    ]


def _carried(
    row: tuple[int, int, int, str, str, str], a: Anchor, old: str, new: str
) -> CarriedCoding:
    cid, start, end, guid, code, coder = row
    return CarriedCoding(
        coding_id=cid,
        guid=guid,
        code=code,
        coder=coder,
        how=a.how,
        score=a.score,
        old_start=start,
        old_end=end,
        new_start=a.span.start if a.span else None,
        new_end=a.span.end if a.span else None,
        old_quote=old[start:end],
        new_quote=new[a.span.start : a.span.end] if a.span else None,
    )


def _move_decisions(
    s: Session, document_id: int, old: str, new: str, actor: str | None, min_score: float
) -> None:
    """Carry the review's standing "neither" decisions on this document over too."""
    marks = adjudication.neither_marks(s, document_id=document_id)
    if not marks:
        return
    anchors = reanchor(old, new, [Span(m.start, m.end) for m in marks], min_score=min_score)
    for mark, a in zip(marks, anchors, strict=True):
        if a.span == a.old:
            continue
        after = None
        if a.span is not None:
            after = {**mark.as_dict(), "start": a.span.start, "end": a.span.end}
        record(
            s,
            actor=actor,
            action=adjudication.MOVED,
            entity=adjudication.ENTITY,
            entity_id=mark.key,
            before=mark.as_dict(),
            after=after,
        )


def _version(doc: Document) -> dict[str, Any]:
    return {
        "revision": doc.revision,
        "sha256": doc.sha256,
        "source": doc.source_name,
        "length": doc.length,
    }


def _dropped(c: CarriedCoding) -> dict[str, Any]:
    return {
        "guid": c.guid,
        "code": c.code,
        "coder": c.coder,
        "start": c.old_start,
        "end": c.old_end,
        "quote": c.old_quote,
    }


def _short(text: str, width: int = 60) -> str:
    one = " ".join(text.split())
    return one if len(one) <= width else one[: width - 1] + "…"


def document_versions(project: Project, *, document: str | int) -> list[dict[str, Any]]:
    """The document's versions, oldest first, the current one last."""
    with project.uow() as uow:
        s = uow.session
        doc = document_by_ref(s, document)
        rows = s.execute(
            select(
                DocumentVersion.revision,
                DocumentVersion.source_name,
                DocumentVersion.length,
                DocumentVersion.sha256,
                DocumentVersion.imported_at,
                DocumentVersion.replaced_at,
                DocumentVersion.replaced_by,
            )
            .where(DocumentVersion.document_id == doc.id)
            .order_by(DocumentVersion.revision)
        ).all()
        out = [
            {
                "revision": r.revision,
                "source": r.source_name,
                "length": r.length,
                "sha256": r.sha256[:12],
                "since": r.imported_at.isoformat(timespec="seconds"),
                "replaced": r.replaced_at.isoformat(timespec="seconds"),
                "by": r.replaced_by,
            }
            for r in rows
        ]
        out.append(
            {
                "revision": doc.revision,
                "source": doc.source_name,
                "length": doc.length,
                "sha256": doc.sha256[:12],
                "since": (rows[-1].replaced_at if rows else doc.imported_at).isoformat(
                    timespec="seconds"
                ),
                "replaced": None,
                "by": None,
            }
        )
        return out
