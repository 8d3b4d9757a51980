"""What the coding view reads: the document list, one document with its segments, the codebook.

Each function is one read-only transaction and returns plain values (never ORM
rows), so the TUI can render them from its own thread. Reading a long transcript
uses Core selects of the needed columns: a 100,000-word interview with 5,000
codings loads in tens of milliseconds.

``only_coder`` is how blind mode is kept: when set, the codings of every other
coder are never read, so they cannot leak into the view, the counts or the
coded share.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from sqlalchemy import and_, func, select

from workbench.coding.eventdate import DatedMention, EventDateResolver, ResolvedDate
from workbench.core.dates import DateRange, format_range, range_from_iso
from workbench.core.errors import NotFoundError
from workbench.core.span import Span, merge_spans
from workbench.ingest.text import paragraph_spans
from workbench.services.resolve import CodeResolver
from workbench.store.models import (
    Case,
    Code,
    Coder,
    Coding,
    DateMention,
    Document,
    Sentence,
    Turn,
)

if TYPE_CHECKING:
    import datetime
    from collections.abc import Collection
    from datetime import date

    from sqlalchemy.orm import Session

    from workbench.services.records import CodeInfo
    from workbench.store.project import Project


@dataclass(frozen=True, slots=True)
class SegmentInfo:
    """A coded segment as the coding view shows it, with its resolved event date."""

    id: int
    guid: str
    document_id: int
    start: int
    end: int
    code_id: int
    code: str  # the code's stable id (guid)
    code_name: str
    code_path: str
    colour: str | None
    coder: str
    origin: str
    memo: str | None
    own_date: str | None
    event_date: str | None
    date_source: str  # own | mention | document | none
    date_scope: str | None = None  # span | sentence | turn, for mentions
    date_mention: str | None = None  # the mention's surface text

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)


@dataclass(frozen=True, slots=True)
class TurnMark:
    """A speaker turn; ``label_end`` is where its ``Speaker:`` label ends (== start if none)."""

    start: int
    end: int
    speaker: str
    label_end: int


@dataclass(frozen=True, slots=True)
class MentionInfo:
    """A date mention the pipeline found: ``[start, end)`` reads ``text`` and means ``date``."""

    start: int
    end: int
    text: str
    date: str


@dataclass(frozen=True, slots=True)
class DocumentRow:
    """One line of the document list."""

    id: int
    title: str
    kind: str
    case: str | None
    date: str | None
    date_start: datetime.date | None
    date_end: datetime.date | None
    length: int
    coded_share: float  # share of characters covered by any (visible) coding
    codings: int  # visible codings
    mine: int  # codings by the current coder


@dataclass(frozen=True, slots=True)
class DocumentView:
    """A document opened for coding: text, structure, date mentions and segments."""

    id: int
    title: str
    kind: str
    case: str | None
    date: str | None
    text: str
    turns: tuple[TurnMark, ...]
    sentences: tuple[tuple[int, int], ...]
    paragraphs: tuple[tuple[int, int], ...]
    mentions: tuple[MentionInfo, ...]
    segments: tuple[SegmentInfo, ...]
    coders: tuple[str, ...]


class _CodeNames:
    """Code id -> (guid, name, path, colour), built once per transaction."""

    def __init__(self, session: Session) -> None:
        resolver = CodeResolver(session)
        self.rows: dict[int, tuple[str, str, str, str | None]] = {
            c.id: (c.guid, c.name, resolver.path(c), c.colour) for c in resolver.codes.values()
        }


def _range(start: date | None, end: date | None, precision: str | None) -> DateRange | None:
    if start is None or end is None or precision is None:
        return None
    return range_from_iso(start, end, precision)


@lru_cache(maxsize=4096)
def _format(r: DateRange) -> str:
    return format_range(r)


def _fmt(r: DateRange | None) -> str | None:
    return _format(r) if r is not None else None


def document_date(
    doc_start: date | None, doc_end: date | None, precision: str | None
) -> str | None:
    return _fmt(_range(doc_start, doc_end, precision))


def _document_date(session: Session, document_id: int) -> DateRange | None:
    doc = (
        session.connection()
        .execute(
            select(Document.date_start, Document.date_end, Document.date_precision).where(
                Document.id == document_id
            )
        )
        .one_or_none()
    )
    if doc is None:
        raise NotFoundError(f"no document #{document_id}")
    return _range(*doc)


def resolver_for(session: Session, document_id: int) -> EventDateResolver:
    """The event-date resolver of a whole document (its mentions, sentences, turns, date)."""
    doc_date = _document_date(session, document_id)
    return _resolver(session, document_id, doc_date, _mentions(session, document_id))


def local_resolver(
    session: Session, document_id: int, start: int, end: int, *, margin: int = 0
) -> EventDateResolver:
    """A resolver that knows only what resolving ``[start, end)`` needs.

    The span's sentences and turns, and the mentions inside them (plus ``margin``
    characters either side, for ``nearby``), found through the ``(document, start)``
    indexes: resolving one segment of a 100,000-word transcript reads a few rows,
    not the whole document's structure.
    """
    conn = session.connection()
    stop = max(end, start + 1)

    def around(model: type[Sentence] | type[Turn]) -> list[tuple[int, int]]:
        first = conn.execute(
            select(model.start, model.end)
            .where(model.document_id == document_id, model.start <= start)
            .order_by(model.start.desc())
            .limit(1)
        ).first()
        rest = conn.execute(
            select(model.start, model.end)
            .where(model.document_id == document_id, model.start > start, model.start < stop)
            .order_by(model.start)
        ).all()
        return [(a, b) for a, b in ([first] if first is not None else []) + list(rest)]

    turns = around(Turn)
    sentences = around(Sentence)
    lo = min([start, *(a for a, _ in turns + sentences)]) - margin
    hi = max([end, *(b for _, b in turns + sentences)]) + margin
    mentions = _mentions(session, document_id, lo - MAX_MENTION, hi)
    return EventDateResolver(
        mentions=mentions,
        sentences=sentences,
        turns=turns,
        document=_document_date(session, document_id),
    )


MAX_MENTION = 200  # characters: the longest mention text the importer stores


def _mentions(
    session: Session, document_id: int, lo: int | None = None, hi: int | None = None
) -> list[DatedMention]:
    q = select(
        DateMention.start,
        DateMention.end,
        DateMention.text,
        DateMention.date_start,
        DateMention.date_end,
        DateMention.precision,
        DateMention.kind,
    ).where(DateMention.document_id == document_id)
    if lo is not None and hi is not None:
        q = q.where(DateMention.start >= lo, DateMention.start < hi)
    rows = session.connection().execute(q.order_by(DateMention.start)).all()
    return [DatedMention(s, e, t, range_from_iso(a, b, p), k) for s, e, t, a, b, p, k in rows]


def _resolver(
    session: Session, document_id: int, doc_date: DateRange | None, mentions: list[DatedMention]
) -> EventDateResolver:
    conn = session.connection()
    sentences = conn.execute(
        select(Sentence.start, Sentence.end).where(Sentence.document_id == document_id)
    ).all()
    turns = conn.execute(select(Turn.start, Turn.end).where(Turn.document_id == document_id)).all()
    return EventDateResolver(
        mentions=mentions,
        sentences=[(a, b) for a, b in sentences],
        turns=[(a, b) for a, b in turns],
        document=doc_date,
    )


def segment_from_row(
    row: Coding,
    coder: str,
    codes: dict[int, tuple[str, str, str, str | None]],
    resolver: EventDateResolver,
) -> SegmentInfo:
    """A ``SegmentInfo`` from a coding row (used by the services that change codings)."""
    return build_segment(
        row.id,
        row.guid,
        row.document_id,
        row.start,
        row.end,
        row.code_id,
        coder,
        row.origin,
        row.memo,
        _range(row.event_start, row.event_end, row.event_precision),
        codes,
        resolver,
    )


def build_segment(
    coding_id: int,
    guid: str,
    document_id: int,
    start: int,
    end: int,
    code_id: int,
    coder: str,
    origin: str,
    memo: str | None,
    own: DateRange | None,
    codes: dict[int, tuple[str, str, str, str | None]],
    resolver: EventDateResolver,
) -> SegmentInfo:
    code_guid, name, path, colour = codes[code_id]
    got: ResolvedDate = resolver.resolve(start, end, own)
    return SegmentInfo(
        id=coding_id,
        guid=guid,
        document_id=document_id,
        start=start,
        end=end,
        code_id=code_id,
        code=code_guid,
        code_name=name,
        code_path=path,
        colour=colour,
        coder=coder,
        origin=origin,
        memo=memo,
        own_date=_fmt(own),
        event_date=_fmt(got.range),
        date_source=str(got.source),
        date_scope=str(got.scope) if got.scope is not None else None,
        date_mention=got.mention.text if got.mention is not None else None,
    )


def code_table(session: Session) -> dict[int, tuple[str, str, str, str | None]]:
    return _CodeNames(session).rows


def segment_info(project: Project, coding_id: int) -> SegmentInfo:
    """One coding as the coding view shows it."""
    with project.reader() as uow:
        s = uow.session
        row = s.get(Coding, coding_id)
        if row is None:
            raise NotFoundError(f"no coding #{coding_id}")
        coder = s.scalar(select(Coder.handle).where(Coder.id == row.coder_id)) or "?"
        resolver = local_resolver(s, row.document_id, row.start, row.end)
        return segment_from_row(row, coder, code_table(s), resolver)


def turn_marks(text: str, turns: list[tuple[int, int, str]]) -> tuple[TurnMark, ...]:
    """Turns with the extent of their ``Speaker:`` label (labels are part of the stored text)."""
    out = []
    for start, end, speaker in turns:
        line_end = text.find("\n", start, end)
        stop = min(end, start + 120) if line_end < 0 else min(line_end, start + 120)
        colon = text.find(":", start, stop)
        label_end = colon + 1 if colon >= 0 else start
        out.append(TurnMark(start, end, speaker, label_end))
    return tuple(out)


def paragraph_units(text: str, turn_starts: list[int]) -> tuple[tuple[int, int], ...]:
    """Blank-line blocks, split where a speaker turn begins (a turn is a paragraph)."""
    out: list[tuple[int, int]] = []
    starts = sorted(turn_starts)
    for a, b in paragraph_spans(text):
        i = bisect_right(starts, a)
        cut = a
        while i < len(starts) and starts[i] < b:
            if starts[i] > cut:
                piece_end = cut + len(text[cut : starts[i]].rstrip())
                if piece_end > cut:
                    out.append((cut, piece_end))
            cut = starts[i]
            i += 1
        out.append((cut, b))
    return tuple(out)


def open_document(
    project: Project, *, document_id: int, only_coder: str | None = None
) -> DocumentView:
    """Everything the coding view shows of one document, in one read transaction."""
    with project.reader() as uow:
        s = uow.session
        conn = s.connection()  # Core rows: the ORM's per-row cost adds up over 5,000 codings
        doc = conn.execute(
            select(
                Document.title,
                Document.kind,
                Document.text,
                Document.date_start,
                Document.date_end,
                Document.date_precision,
                Case.name,
            )
            .outerjoin(Case, Case.id == Document.case_id)
            .where(Document.id == document_id)
        ).one_or_none()
        if doc is None:
            raise NotFoundError(f"no document #{document_id}")
        title, kind, text, d_start, d_end, d_prec, case = doc
        doc_date = _range(d_start, d_end, d_prec)
        mentions = _mentions(s, document_id)
        resolver = _resolver(s, document_id, doc_date, mentions)
        turn_rows = conn.execute(
            select(Turn.start, Turn.end, Turn.speaker)
            .where(Turn.document_id == document_id)
            .order_by(Turn.start)
        ).all()
        sentence_rows = conn.execute(
            select(Sentence.start, Sentence.end)
            .where(Sentence.document_id == document_id)
            .order_by(Sentence.start)
        ).all()
        coders = dict(conn.execute(select(Coder.id, Coder.handle)).all())
        codes = code_table(s)
        q = select(
            Coding.id,
            Coding.guid,
            Coding.start,
            Coding.end,
            Coding.code_id,
            Coding.coder_id,
            Coding.origin,
            Coding.memo,
            Coding.event_start,
            Coding.event_end,
            Coding.event_precision,
        ).where(Coding.document_id == document_id)
        if only_coder is not None:
            q = q.join(Coder, Coder.id == Coding.coder_id).where(Coder.handle == only_coder)
        rows = conn.execute(q.order_by(Coding.start, Coding.end, Coding.id)).all()
        segments = tuple(
            build_segment(
                cid,
                guid,
                document_id,
                start,
                end,
                code_id,
                coders.get(coder_id, "?"),
                origin,
                memo,
                _range(es, ee, ep),
                codes,
                resolver,
            )
            for cid, guid, start, end, code_id, coder_id, origin, memo, es, ee, ep in rows
        )
        turns = turn_marks(text, [(a, b, sp) for a, b, sp in turn_rows])
        return DocumentView(
            id=document_id,
            title=title,
            kind=kind,
            case=case,
            date=_fmt(doc_date),
            text=text,
            turns=turns,
            sentences=tuple((a, b) for a, b in sentence_rows),
            paragraphs=paragraph_units(text, [t.start for t in turns]),
            mentions=tuple(
                MentionInfo(m.start, m.end, m.text, format_range(m.range)) for m in mentions
            ),
            segments=segments,
            coders=tuple(sorted({seg.coder for seg in segments})),
        )


def list_document_rows(
    project: Project,
    *,
    coder: str,
    only_coder: str | None = None,
    document_ids: Collection[int] | None = None,
) -> list[DocumentRow]:
    """The document list: metadata, coded share and counts (only ``only_coder``'s when blind).

    ``document_ids``: only these rows (a live update of the few documents others changed).
    """
    with project.reader() as uow:
        s = uow.session
        cases = dict(s.execute(select(Case.id, Case.name)).all())
        coder_ids = dict(s.execute(select(Coder.handle, Coder.id)).all())
        me = coder_ids.get(coder)
        q = select(Coding.document_id, Coding.start, Coding.end, Coding.coder_id)
        if only_coder is not None:
            q = q.where(Coding.coder_id == coder_ids.get(only_coder, -1))
        if document_ids is not None:
            q = q.where(Coding.document_id.in_(list(document_ids)))
        spans: dict[int, list[Span]] = {}
        mine: dict[int, int] = {}
        for doc_id, start, end, coder_id in s.execute(q):
            spans.setdefault(doc_id, []).append(Span(start, end))
            if coder_id == me:
                mine[doc_id] = mine.get(doc_id, 0) + 1
        doc_q = select(
            Document.id,
            Document.title,
            Document.kind,
            Document.case_id,
            Document.date_start,
            Document.date_end,
            Document.date_precision,
            Document.length,
        )
        if document_ids is not None:
            doc_q = doc_q.where(Document.id.in_(list(document_ids)))
        docs = s.execute(doc_q.order_by(Document.id)).all()
        out = []
        for doc_id, title, kind, case_id, ds, de, dp, length in docs:
            covered = sum(len(sp) for sp in merge_spans(spans.get(doc_id, [])))
            out.append(
                DocumentRow(
                    id=doc_id,
                    title=title,
                    kind=kind,
                    case=cases.get(case_id) if case_id else None,
                    date=_fmt(_range(ds, de, dp)),
                    date_start=ds,
                    date_end=de,
                    length=length,
                    coded_share=covered / length if length else 0.0,
                    codings=len(spans.get(doc_id, [])),
                    mine=mine.get(doc_id, 0),
                )
            )
        return out


def list_codebook(project: Project, *, only_coder: str | None = None) -> list[CodeInfo]:
    """The active code tree with coding counts (only ``only_coder``'s codings when blind)."""
    from workbench.services.codebook import list_codes

    codes = list_codes(project.reader())
    if only_coder is None:
        return codes
    with project.reader() as uow:
        counts = dict(
            uow.session.execute(
                select(Coding.code_id, func.count())
                .join(Coder, and_(Coder.id == Coding.coder_id, Coder.handle == only_coder))
                .group_by(Coding.code_id)
            ).all()
        )
    return [replace(c, codings=counts.get(c.id, 0)) for c in codes]


def recent_codes(project: Project, *, coder: str, limit: int = 8) -> list[str]:
    """Guids of the codes this coder applied most recently, newest first (for the picker)."""
    with project.reader() as uow:
        rows = uow.session.execute(
            select(Code.guid, func.max(Coding.created_at).label("last"))
            .join(Coding, Coding.code_id == Code.id)
            .join(Coder, Coder.id == Coding.coder_id)
            .where(Coder.handle == coder, Code.status == "active")
            .group_by(Code.guid)
            .order_by(func.max(Coding.created_at).desc())
            .limit(limit)
        ).all()
    return [guid for guid, _ in rows]


def list_cases(project: Project) -> list[str]:
    with project.reader() as uow:
        return list(uow.session.scalars(select(Case.name).order_by(Case.name)))


def coder_exists(project: Project, handle: str) -> bool:
    with project.reader() as uow:
        return uow.session.scalar(select(Coder.id).where(Coder.handle == handle)) is not None
