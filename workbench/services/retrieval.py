"""Retrieval: every segment of a code across documents, with context and resolved dates.

Filters by case, coder and event date; the date filter keeps segments whose
*resolved* event date (own, mention or document; see ``workbench.coding.eventdate``)
overlaps the range asked for, so "2001-2004" finds what happened then, not what
was said then. The segments come from the code index alone (``segment_query``); the
context of the segments shown comes from the database (``substr``), so a query over
a large project never loads whole documents.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import case as sql_case
from sqlalchemy import func, select

from workbench.core.dates import DateRange, parse_date, range_from_iso
from workbench.services.codings import segment_lookups, segment_query
from workbench.services.reading import SegmentInfo, build_segment, code_table, resolver_for
from workbench.services.resolve import CodeResolver, coder_by_handle
from workbench.store.models import Case, Coding, Document

if TYPE_CHECKING:
    from sqlalchemy import ColumnElement
    from sqlalchemy.engine import Connection

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
    with project.reader() as uow:
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
        conditions: list[ColumnElement[bool]] = [Coding.code_id.in_(ids)]
        if coder:
            conditions.append(Coding.coder_id == coder_by_handle(s, coder).id)
        conn = s.connection()
        # the code index answers this alone (see segment_query); the rest is small look-ups
        rows = conn.execute(segment_query(conditions)).all()
        docs = {
            i: (title, case_name)
            for i, title, case_name in conn.execute(
                select(Document.id, Document.title, Case.name).outerjoin(
                    Case, Case.id == Document.case_id
                )
            )
        }
        if case:
            rows = [r for r in rows if docs[r[2]][1] == case]
        resolvers: dict[int, EventDateResolver] = {}

        def resolver_of(doc_id: int) -> EventDateResolver:
            if doc_id not in resolvers:
                resolvers[doc_id] = resolver_for(s, doc_id)
            return resolvers[doc_id]

        def own(r: Any) -> DateRange | None:
            return range_from_iso(r[8], r[9], r[10]) if r[8] and r[9] and r[10] else None

        if window is not None:  # the resolved date of every segment decides
            kept = []
            for r in rows:
                got = resolver_of(r[2]).resolve(r[3], r[4], own(r)).range
                if got is not None and got.end >= window.start and got.start <= window.end:
                    kept.append(r)
            rows = kept
        total = len(rows)
        shown = rows if limit is None else rows[:limit]
        if not shown:
            return RetrievalResult(root, _paths(resolver, ids), (), total)
        handles, memos = segment_lookups(conn, conditions)
        chunks = _context(conn, [r[0] for r in shown], context)
        names = code_table(s)
        out: list[RetrievedSegment] = []
        for r in shown:
            cid, guid, doc_id, start, end, code_id, coder_id, origin = r[:8]
            seg = build_segment(
                cid,
                guid,
                doc_id,
                start,
                end,
                code_id,
                handles[coder_id],
                origin,
                memos.get(cid),
                own(r),
                names,
                resolver_of(doc_id),
            )
            lo_value, chunk = chunks[cid]
            a, b = start - lo_value, end - lo_value
            title, case_name = docs[doc_id]
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
        return RetrievalResult(root, _paths(resolver, ids), tuple(out), total)


def _paths(resolver: CodeResolver, ids: list[int]) -> tuple[str, ...]:
    return tuple(resolver.path(resolver.codes[i]) for i in ids)


def _context(conn: Connection, coding_ids: list[int], context: int) -> dict[int, tuple[int, str]]:
    """Each shown segment's text with ``context`` characters either side, cut by the database.

    Only for the segments shown (a page of them), so a large project's documents are
    never all loaded; ``substr`` reads a document's text once per segment, which is
    why it is not used for the whole result.
    """
    out: dict[int, tuple[int, str]] = {}
    for i in range(0, len(coding_ids), 500):
        part = coding_ids[i : i + 500]
        lo = sql_case((Coding.start > context, Coding.start - context), else_=0)
        for cid, lo_value, chunk in conn.execute(
            select(Coding.id, lo, func.substr(Document.text, lo + 1, Coding.end - lo + context))
            .join(Document, Document.id == Coding.document_id)
            .where(Coding.id.in_(part))
        ):
            out[cid] = (lo_value, chunk or "")
    return out
