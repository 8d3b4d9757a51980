"""Coding actions: add, remove, list, import and export coded segments."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import String, select, type_coerce

from workbench.coding.exchange import (
    EXPORT_FIELDS,
    BadRowsError,
    CodingRow,
    locate_quote,
    parse_rows,
)
from workbench.core import csvcell
from workbench.core.dates import DateRange, format_range, parse_date, range_from_iso
from workbench.core.errors import ConflictError, InputError, NotFoundError
from workbench.core.gcpause import cycle_collector_paused
from workbench.core.span import Span
from workbench.services.audit import record
from workbench.services.records import CodingInfo
from workbench.services.resolve import CodeResolver, coder_by_handle, document_by_ref
from workbench.store.models import Coder, Coding, Document

if TYPE_CHECKING:
    from sqlalchemy import ColumnElement, Select
    from sqlalchemy.engine import Connection
    from sqlalchemy.orm import Session

    from workbench.store.session import UnitOfWork

ORIGINS = ("manual", "suggested", "adjudicated", "imported")


def coding_snapshot(c: Coding) -> dict[str, Any]:
    """What the audit log keeps of a coding, enough to restore it exactly (undo)."""
    return {
        "guid": c.guid,
        "document_id": c.document_id,
        "start": c.start,
        "end": c.end,
        "code_id": c.code_id,
        "coder_id": c.coder_id,
        "origin": c.origin,
        "memo": c.memo,
        "event_start": c.event_start.isoformat() if c.event_start else None,
        "event_end": c.event_end.isoformat() if c.event_end else None,
        "event_precision": c.event_precision,
    }


def event_range(c: Coding) -> DateRange | None:
    """The coding's own event date, when the coder gave one."""
    if c.event_start and c.event_end and c.event_precision:
        return range_from_iso(c.event_start, c.event_end, c.event_precision)
    return None


def _event_text(c: Coding) -> str | None:
    own = event_range(c)
    return format_range(own) if own else None


def _insert(
    s: Session,
    *,
    doc: Document,
    span: Span,
    code_id: int,
    coder: Coder,
    origin: str,
    memo: str | None,
    event: DateRange | None,
    actor: str | None,
) -> Coding:
    span.check_within(doc.length, where=f"document {doc.title!r}")
    exists = s.scalar(
        select(Coding.id).where(
            Coding.document_id == doc.id,
            Coding.start == span.start,
            Coding.end == span.end,
            Coding.code_id == code_id,
            Coding.coder_id == coder.id,
        )
    )
    if exists is not None:
        raise ConflictError(
            f"{coder.handle} already coded [{span.start}, {span.end}) of {doc.title!r} "
            f"with this code (#{exists})"
        )
    coding = Coding(
        document_id=doc.id,
        start=span.start,
        end=span.end,
        code_id=code_id,
        coder_id=coder.id,
        origin=origin,
        memo=memo,
        event_start=event.start if event else None,
        event_end=event.end if event else None,
        event_precision=str(event.precision) if event else None,
    )
    s.add(coding)
    s.flush()
    record(
        s,
        actor=actor or coder.handle,
        action="coding.add",
        entity="coding",
        entity_id=coding.guid,
        after=coding_snapshot(coding),
    )
    return coding


def add_coding(
    uow: UnitOfWork,
    *,
    document: str | int,
    code: str,
    coder: str,
    start: int | None = None,
    end: int | None = None,
    quote: str | None = None,
    event_date: str | None = None,
    memo: str | None = None,
    origin: str = "manual",
) -> CodingInfo:
    if origin not in ORIGINS:
        raise InputError(f"bad origin {origin!r}")
    event = parse_date(event_date) if event_date else None
    with uow:
        s = uow.session
        doc = document_by_ref(s, document)
        if start is None or end is None:
            if quote is None:
                raise InputError("give --start and --end, or --quote")
            try:
                start, end = locate_quote(doc.text, quote)
            except ValueError as exc:
                raise InputError(f"{exc} {doc.title!r}") from None
        span = Span(start, end)
        resolver = CodeResolver(s)
        target = resolver.get_usable(code)
        who = coder_by_handle(s, coder)
        coding = _insert(
            s,
            doc=doc,
            span=span,
            code_id=target.id,
            coder=who,
            origin=origin,
            memo=memo,
            event=event,
            actor=who.handle,
        )
        return _info(coding, doc, resolver, who.handle)


def _info(c: Coding, doc: Document, resolver: CodeResolver, coder: str) -> CodingInfo:
    code = resolver.codes[c.code_id]
    return CodingInfo(
        id=c.id,
        guid=c.guid,
        document_id=doc.id,
        document=doc.title,
        start=c.start,
        end=c.end,
        code=code.guid,
        code_path=resolver.path(code),
        coder=coder,
        origin=c.origin,
        event_date=_event_text(c),
        memo=c.memo,
        quote=doc.text[c.start : c.end],
    )


def remove_coding(uow: UnitOfWork, *, coding_id: int, actor: str | None) -> CodingInfo:
    with uow:
        s = uow.session
        coding = s.get(Coding, coding_id)
        if coding is None:
            raise NotFoundError(f"no coding #{coding_id}")
        doc = s.get_one(Document, coding.document_id)
        coder = s.get_one(Coder, coding.coder_id)
        info = _info(coding, doc, CodeResolver(s), coder.handle)
        record(
            s,
            actor=actor or coder.handle,
            action="coding.remove",
            entity="coding",
            entity_id=coding.guid,
            before=coding_snapshot(coding),
        )
        s.delete(coding)
        return info


def list_codings(
    uow: UnitOfWork,
    *,
    document: str | None = None,
    code: str | None = None,
    coder: str | None = None,
    include_children: bool = False,
    limit: int | None = None,
) -> list[CodingInfo]:
    """Coded segments with their text, in document order.

    One code's segments are read from the covering code index alone (migration 0005),
    without visiting the table row of each: titles, coder handles and memos come from
    small look-ups instead of joins. Quotes are cut in Python from each document's
    text, read once per document a few documents at a time (rows come in document
    order); cutting them in SQL with ``substr`` reads the whole text value again for
    every segment.
    """
    with uow:
        s = uow.session
        resolver = CodeResolver(s)
        conditions: list[ColumnElement[bool]] = []
        if document is not None:
            conditions.append(Coding.document_id == document_by_ref(s, document).id)
        if code is not None:
            target = resolver.get(code)
            ids = [target.id]
            if include_children:
                prefix = resolver.path(target) + "/"
                ids = [
                    c.id
                    for c in resolver.codes.values()
                    if c.id == target.id or resolver.path(c).startswith(prefix)
                ]
            conditions.append(Coding.code_id.in_(ids))
        if coder is not None:
            conditions.append(Coding.coder_id == coder_by_handle(s, coder).id)
        q = segment_query(conditions, limit)
        paths = {cid: resolver.path(c) for cid, c in resolver.codes.items()}
        guids = {cid: c.guid for cid, c in resolver.codes.items()}
        conn = s.connection()  # Core rows: the ORM's row loading doubles the cost
        with cycle_collector_paused():
            return _segments(conn, q, conditions, guids, paths)


def segment_query(conditions: list[ColumnElement[bool]], limit: int | None = None) -> Select[Any]:
    """The segment list's query: with a code condition, answered from the code index alone.

    Its columns and order are those of ``ix_codings_code_document`` (migration 0005);
    a column added here that the index lacks sends every row back to the table.
    """
    q = (
        select(
            Coding.id,
            Coding.guid,
            Coding.document_id,
            Coding.start,
            Coding.end,
            Coding.code_id,
            Coding.coder_id,
            Coding.origin,
            # as stored: range_from_iso reads ISO text, and 20,000 date objects cost
            type_coerce(Coding.event_start, String),
            type_coerce(Coding.event_end, String),
            Coding.event_precision,
        )
        .where(*conditions)
        .order_by(Coding.document_id, Coding.start, Coding.end, Coding.id)
    )
    return q if limit is None else q.limit(limit)


def segment_lookups(
    conn: Connection, conditions: list[ColumnElement[bool]]
) -> tuple[dict[int, str], dict[int, str]]:
    """What ``segment_query`` leaves out: coder handles, and the memos of the codings
    that have one (found through the partial index ``ix_codings_code_memo``)."""
    handles = dict(conn.execute(select(Coder.id, Coder.handle)).all())
    memos = dict(
        conn.execute(
            select(Coding.id, Coding.memo).where(*conditions, Coding.memo.is_not(None))
        ).all()
    )
    return handles, memos


def _segments(
    conn: Connection,
    q: Select[Any],
    conditions: list[ColumnElement[bool]],
    guids: dict[int, str],
    paths: dict[int, str],
) -> list[CodingInfo]:
    """Run the segment query and build the records, with titles, handles, memos, quotes."""
    rows = conn.execute(q).all()
    if not rows:
        return []
    handles, memos = segment_lookups(conn, conditions)
    texts = _DocumentTexts(conn, [r[2] for r in rows])
    events: dict[tuple[Any, Any, str], str | None] = {}  # ISO text, or dates on PostgreSQL

    def event(start: Any, end: Any, precision: str | None) -> str | None:
        if not (start and end and precision):
            return None
        key = (start, end, precision)
        if key not in events:
            events[key] = format_range(range_from_iso(start, end, precision))
        return events[key]

    out: list[CodingInfo] = []
    memo = memos.get
    for doc_id, group in groupby(rows, key=itemgetter(2)):  # rows come in document order
        title, text = texts.get(doc_id)
        out.extend(
            [
                CodingInfo(
                    cid,
                    guid,
                    doc_id,
                    title,
                    start,
                    end,
                    guids[code_id],
                    paths[code_id],
                    handles[coder_id],
                    origin,
                    event(ev_start, ev_end, ev_precision) if ev_start is not None else None,
                    memo(cid),
                    text[start:end],
                )
                for (
                    cid,
                    guid,
                    _,
                    start,
                    end,
                    code_id,
                    coder_id,
                    origin,
                    ev_start,
                    ev_end,
                    ev_precision,
                ) in group
            ]
        )
    return out


class _DocumentTexts:
    """Titles and texts for rows in document order, fetched ``batch`` documents at a time."""

    def __init__(self, conn: Connection, document_ids: list[int], batch: int = 32) -> None:
        self._conn = conn
        self._order = list(dict.fromkeys(document_ids))
        self._next = 0
        self._batch = batch
        self._docs: dict[int, tuple[str, str]] = {}

    def get(self, document_id: int) -> tuple[str, str]:
        doc = self._docs.get(document_id)
        if doc is None:
            wanted = self._order[self._next : self._next + self._batch]
            if document_id not in wanted:
                wanted = [document_id]
            else:
                self._next += len(wanted)
            # ids are integers from the database: a plain IN list skips the
            # statement compiler's per-call parameter expansion (the dominant cost here)
            ids = ",".join(str(int(i)) for i in wanted)
            self._docs = {
                i: (title, text)
                for i, title, text in self._conn.exec_driver_sql(
                    f"SELECT id, title, text FROM documents WHERE id IN ({ids})"
                )
            }
            doc = self._docs[document_id]
        return doc


@dataclass(frozen=True, slots=True)
class ImportCodingsResult:
    imported: int
    coders_added: tuple[str, ...]
    documents: int


def _format_for(path: Path, fmt: str | None) -> str:
    if fmt:
        return fmt
    ext = path.suffix.lower()
    if ext == ".csv":
        return "csv"
    if ext in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    raise InputError(
        "cannot tell the format from the extension: use .csv or .jsonl, or --as", path=path
    )


def import_codings(
    uow: UnitOfWork,
    *,
    path: str | Path,
    fmt: str | None = None,
    origin: str = "imported",
    add_coders: bool = False,
    actor: str | None = None,
) -> ImportCodingsResult:
    """All rows or none: every bad row is reported with its line and reason."""
    p = Path(path)
    try:
        text = p.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise InputError("no such file", path=p) from None
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start})", path=p) from None
    rows, problems = parse_rows(text, path=str(p), fmt=_format_for(p, fmt))
    with uow:
        s = uow.session
        resolver = CodeResolver(s)
        docs: dict[str, Document] = {}
        coders = {c.handle: c for c in s.scalars(select(Coder))}
        added: list[str] = []
        seen: set[tuple[int, int, int, int, int]] = set()
        count = 0
        for row in rows:
            try:
                coding = _import_row(
                    s, row, resolver, docs, coders, added, add_coders, origin, actor, seen
                )
                count += coding
            except InputError as exc:
                problems.append(InputError(exc.message, path=str(p), line=row.line))
            except (NotFoundError, ConflictError) as exc:
                problems.append(InputError(exc.message, path=str(p), line=row.line))
        if problems:
            raise BadRowsError(str(p), sorted(problems, key=lambda e: e.line or 0))
        record(
            s,
            actor=actor,
            action="codings.import",
            entity="file",
            entity_id=p.name,
            after={"rows": count, "coders_added": added},
        )
        return ImportCodingsResult(count, tuple(added), len(docs))


def _import_row(
    s: Session,
    row: CodingRow,
    resolver: CodeResolver,
    docs: dict[str, Document],
    coders: dict[str, Coder],
    added: list[str],
    add_coders: bool,
    origin: str,
    actor: str | None,
    seen: set[tuple[int, int, int, int, int]],
) -> int:
    doc = docs.get(row.document)
    if doc is None:
        doc = docs[row.document] = document_by_ref(s, row.document)
    if row.start is not None and row.end is not None:
        start, end = row.start, row.end
        if row.quote is not None and doc.text[start:end] != row.quote:
            raise InputError(f"quote does not match the text at [{start}, {end})")
    else:
        try:
            start, end = locate_quote(doc.text, row.quote or "")
        except ValueError as exc:
            raise InputError(str(exc)) from None
    code = resolver.get_usable(row.code)
    coder = coders.get(row.coder)
    if coder is None:
        if not add_coders:
            raise InputError(f"unknown coder {row.coder!r} (add it first, or use --add-coders)")
        coder = Coder(handle=row.coder, role="coder")
        s.add(coder)
        s.flush()
        coders[row.coder] = coder
        added.append(row.coder)
    key = (doc.id, start, end, code.id, coder.id)
    if key in seen:
        raise InputError("the same coding appears twice in the file")
    seen.add(key)
    row_origin = row.origin if row.origin in ORIGINS else origin
    _insert(
        s,
        doc=doc,
        span=Span(start, end),
        code_id=code.id,
        coder=coder,
        origin=row_origin,
        memo=row.memo,
        event=row.event_date,
        actor=actor,
    )
    return 1


@dataclass(frozen=True, slots=True)
class ExportedCodings:
    """The exchange file's text and how many codings it holds (not lines: quotes span lines)."""

    text: str
    codings: int


def export_codings(uow: UnitOfWork, *, fmt: str, raw: bool = False, **filters: Any) -> str:
    """Codings in the exchange format; ``import_codings`` reads the result back.

    CSV cells a spreadsheet would run as formulas are neutralised unless ``raw``
    (``workbench.core.csvcell``); the import undoes it, so the file still round-trips.
    """
    return export_codings_counted(uow, fmt=fmt, raw=raw, **filters).text


def export_codings_counted(
    uow: UnitOfWork, *, fmt: str, raw: bool = False, **filters: Any
) -> ExportedCodings:
    """``export_codings`` with the number of codings written."""
    rows = list_codings(uow, **filters)
    with uow:
        titles = [t for (t,) in uow.session.execute(select(Document.title))]
    unique = {t for t in titles if titles.count(t) == 1} if len(titles) < 5000 else set(titles)
    records = []
    for r in rows:
        records.append(
            {
                "document": r.document if r.document in unique else str(r.document_id),
                "start": r.start,
                "end": r.end,
                "code": r.code,
                "coder": r.coder,
                "event_date": r.event_date or "",
                "memo": r.memo or "",
                "origin": r.origin,
                "code_path": r.code_path,
                "quote": r.quote,
            }
        )
    if fmt == "jsonl":
        text = "".join(json.dumps(rec, ensure_ascii=False) + "\n" for rec in records)
        return ExportedCodings(text, len(records))
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(EXPORT_FIELDS), lineterminator="\n")
        writer.writeheader()
        writer.writerows(csvcell.record(rec, raw=raw) for rec in records)
        return ExportedCodings(buf.getvalue(), len(records))
    raise InputError(f"unknown format {fmt!r}: csv or jsonl")
