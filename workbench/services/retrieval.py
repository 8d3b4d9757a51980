"""Retrieval: every segment of a code across documents, with context and resolved dates.

Filters by case, coder and event date; the date filter keeps segments whose
*resolved* event date (own, mention or document; see ``workbench.coding.eventdate``)
overlaps the range asked for, so "2001-2004" finds what happened then, not what
was said then. Context comes from the database (``substr``), so a query over a
large project never loads whole documents.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import case as sql_case
from sqlalchemy import func, select

from workbench.core.dates import parse_date, range_from_iso
from workbench.services.reading import SegmentInfo, build_segment, code_table, resolver_for
from workbench.services.resolve import CodeResolver, coder_by_handle
from workbench.store.models import Case, Coder, Coding, Document

if TYPE_CHECKING:
    from workbench.coding.eventdate import EventDateResolver
    from workbench.store.project import Project


@dataclass(frozen=True, slots=True)
class RetrievedSegment:
    """A segment with the words around it and where it comes from."""

    segment: SegmentInfo
    document: str
    case: str | None
    before: str
    quote: str
    after: str


@dataclass(frozen=True, slots=True)
class RetrievalResult:
    code_path: str
    codes: tuple[str, ...]  # paths of the codes searched (the code and, if asked, its children)
    segments: tuple[RetrievedSegment, ...]
    total: int  # segments that passed the filters (``segments`` may be cut at ``limit``)


def _trim_before(text: str) -> str:
    cut = text.find(" ")
    return text[cut + 1 :] if 0 <= cut < len(text) // 2 else text


def _trim_after(text: str) -> str:
    cut = text.rfind(" ")
    return text[:cut] if cut > len(text) // 2 else text


def retrieve_segments(
    project: Project,
    *,
    code: str,
    include_children: bool = True,
    case: str | None = None,
    coder: str | None = None,
    date: str | None = None,
    context: int = 120,
    limit: int | None = 500,
) -> RetrievalResult:
    """Segments of ``code`` (and its children), in document order, with ``context`` chars."""
    window = parse_date(date) if date and date.strip() else None
    with project.uow() as uow:
        s = uow.session
        resolver = CodeResolver(s)
        target = resolver.get(code)
        root = resolver.path(target)
        ids = [target.id]
        if include_children:
            ids = [
                c.id
                for c in resolver.codes.values()
                if (resolver.path(c) + "/").startswith(root + "/")
            ]
        lo = sql_case((Coding.start > context, Coding.start - context), else_=0)
        q = (
            select(
                Coding.id,
                Coding.guid,
                Coding.document_id,
                Coding.start,
                Coding.end,
                Coding.code_id,
                Coder.handle,
                Coding.origin,
                Coding.memo,
                Coding.event_start,
                Coding.event_end,
                Coding.event_precision,
                Document.title,
                Case.name,
                lo,
                func.substr(Document.text, lo + 1, Coding.end - lo + context),
            )
            .join(Document, Document.id == Coding.document_id)
            .join(Coder, Coder.id == Coding.coder_id)
            .outerjoin(Case, Case.id == Document.case_id)
            .where(Coding.code_id.in_(ids))
        )
        if case:
            q = q.where(Case.name == case)
        if coder:
            q = q.where(Coding.coder_id == coder_by_handle(s, coder).id)
        rows = s.execute(q.order_by(Document.id, Coding.start, Coding.end, Coding.id)).all()
        names = code_table(s)
        resolvers: dict[int, EventDateResolver] = {}
        out: list[RetrievedSegment] = []
        total = 0
        for (
            cid,
            guid,
            doc_id,
            start,
            end,
            code_id,
            handle,
            origin,
            memo,
            es,
            ee,
            ep,
            title,
            case_name,
            lo_value,
            chunk,
        ) in rows:
            if doc_id not in resolvers:
                resolvers[doc_id] = resolver_for(s, doc_id)
            own = range_from_iso(es, ee, ep) if es and ee and ep else None
            seg = build_segment(
                cid,
                guid,
                doc_id,
                start,
                end,
                code_id,
                handle,
                origin,
                memo,
                own,
                names,
                resolvers[doc_id],
            )
            if window is not None:
                got = resolvers[doc_id].resolve(start, end, own).range
                if got is None or got.end < window.start or got.start > window.end:
                    continue
            total += 1
            if limit is not None and len(out) >= limit:
                continue
            chunk = chunk or ""
            a, b = start - lo_value, end - lo_value
            out.append(
                RetrievedSegment(
                    segment=seg,
                    document=title,
                    case=case_name,
                    before=_trim_before(chunk[:a]) if lo_value else chunk[:a],
                    quote=chunk[a:b],
                    after=_trim_after(chunk[b:]),
                )
            )
        return RetrievalResult(
            code_path=root,
            codes=tuple(resolver.path(resolver.codes[i]) for i in ids),
            segments=tuple(out),
            total=total,
        )
