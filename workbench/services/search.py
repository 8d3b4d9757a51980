"""Search: the words of a query across the project's documents, keyword in context.

The documents are narrowed by the database's own full-text index
(``store.search_index``: FTS5 in SQLite, a word index in PostgreSQL), then the
query's pattern (``workbench.coding.find``) runs over each remaining text, so the
index only has to find a superset and every hit is one the pattern says it is,
the same on both back ends. Regular expressions cannot use the index: they read
every text the other filters leave.

Filters narrow by code (hits inside a segment of the code or its children, by
any coder or by one), document (title words, id or guid), kind, case, speaker
(the turn the hit starts in) and the document's date.

``code_hits`` codes every hit (or those chosen) in one transaction, recorded as
one action that one undo takes back (``services.history``, ``coding.batch``).
"""

from __future__ import annotations

import bisect
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.exc import OperationalError, ProgrammingError

from workbench.coding.find import (
    MODES,
    WORD,
    Pattern,
    QueryError,
    compile_query,
    find_all,
    query_words,
    snippet,
)
from workbench.core.dates import parse_date
from workbench.core.errors import InputError
from workbench.services.resolve import CodeResolver, coder_by_handle
from workbench.store.models import Case, Coding, Document, Turn
from workbench.store.search_index import (
    index_condition,
    prefer_index,
    stale_words,
    texts,
    vocabulary,
)

if TYPE_CHECKING:
    from sqlalchemy import ColumnElement
    from sqlalchemy.orm import Session

    from workbench.store.project import Project

KINDS = ("interview", "document", "fieldnote", "survey", "other")


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One match, with the words around it and where it is."""

    document_id: int
    document: str
    kind: str
    case: str | None
    start: int
    end: int
    before: str
    match: str
    after: str
    speaker: str | None = None
    codes: tuple[str, ...] = ()  # paths of the codes whose segments cover the hit


@dataclass(frozen=True, slots=True)
class SearchResult:
    query: str
    mode: str
    hits: tuple[SearchHit, ...]
    total: int  # hits that passed the filters (``hits`` may be cut at ``limit``)
    documents: int  # documents with at least one hit
    scanned: int  # documents whose text was read
    indexed: bool  # whether the full-text index narrowed the documents
    seconds: float
    notes: tuple[str, ...] = ()  # what the user should know (variants taken, a cut list)

    @property
    def truncated(self) -> bool:
        return len(self.hits) < self.total


@dataclass(frozen=True, slots=True)
class SearchFilters:
    code: str | None = None
    coder: str | None = None
    document: str | None = None
    document_id: int | None = None
    kind: str | None = None
    case: str | None = None
    speaker: str | None = None
    date: str | None = None
    shown_coder: str | None = None
    """Blind mode: the codes listed at each hit are this coder's only."""


def _code_ids(resolver: CodeResolver, ref: str) -> tuple[str, list[int]]:
    target = resolver.get(ref)
    root = resolver.path(target)
    ids = [c.id for c in resolver.codes.values() if (resolver.path(c) + "/").startswith(root + "/")]
    return root, ids


def search(
    project: Project,
    *,
    query: str,
    mode: str = "exact",
    filters: SearchFilters | None = None,
    limit: int | None = 500,
    context: int = 40,
    min_score: float = 80.0,
) -> SearchResult:
    """Every match of ``query`` in the project's documents (filtered), in document order."""
    t0 = time.perf_counter()
    f = filters or SearchFilters()
    if mode not in MODES:
        raise InputError(f"unknown search mode {mode!r} (one of {', '.join(MODES)})")
    if f.kind and f.kind not in KINDS:
        raise InputError(f"unknown document kind {f.kind!r} (one of {', '.join(KINDS)})")
    window = parse_date(f.date) if f.date and f.date.strip() else None
    notes: list[str] = []
    with project.reader() as uow:
        s = uow.session
        conditions: list[ColumnElement[bool]] = []
        if f.document_id is not None:
            conditions.append(Document.id == f.document_id)
        if f.document:
            ref = f.document.strip()
            if ref.isdigit():
                conditions.append(Document.id == int(ref))
            else:
                conditions.append(
                    or_(Document.guid == ref, Document.title.ilike(f"%{_like(ref)}%", escape="\\"))
                )
        if f.kind:
            conditions.append(Document.kind == f.kind)
        if f.case:
            case_id = s.scalar(select(Case.id).where(Case.name == f.case))
            if case_id is None:
                raise InputError(f"no case {f.case!r}")
            conditions.append(Document.case_id == case_id)
        if window is not None:
            conditions.append(
                and_(
                    Document.date_start.is_not(None),
                    Document.date_start <= window.end,
                    Document.date_end >= window.start,
                )
            )
        if f.speaker:
            conditions.append(
                exists().where(Turn.document_id == Document.id, Turn.speaker.ilike(f.speaker))
            )
        resolver = CodeResolver(s)
        code_ids: list[int] = []
        coder_id: int | None = None
        if f.coder:
            coder_id = coder_by_handle(s, f.coder).id
        if f.code:
            _root, code_ids = _code_ids(resolver, f.code)
            coded = select(Coding.document_id).where(Coding.code_id.in_(code_ids))
            if coder_id is not None:
                coded = coded.where(Coding.coder_id == coder_id)
            conditions.append(Document.id.in_(coded))

        pattern = _compile(s, query, mode, conditions, min_score)
        if mode == "fuzzy":
            taken = [", ".join(v[1:]) for v in pattern.variants if len(v) > 1]
            if taken:
                notes.append("fuzzy: also " + "; ".join(taken))
        indexed = False
        try:
            with s.begin_nested():
                found = index_condition(s, pattern)
        except (OperationalError, ProgrammingError):
            found = None
        if found is not None:
            conditions.append(found)
            indexed = True
            prefer_index(s)
        coded_spans: dict[int, list[tuple[int, int]]] = {}
        if f.code:
            q = select(Coding.document_id, Coding.start, Coding.end).where(
                Coding.code_id.in_(code_ids)
            )
            if coder_id is not None:
                q = q.where(Coding.coder_id == coder_id)
            for doc_id, a, b in s.execute(q):
                coded_spans.setdefault(doc_id, []).append((a, b))
        # First every candidate text is scanned as it arrives (nothing else may be asked of
        # the connection meanwhile); a text is kept only while its hits may be shown, or
        # until the speaker filter has seen them.
        found_docs: list[tuple[int, str, str, str | None, str | None, list[tuple[int, int]]]] = []
        scanned = 0
        seen = 0  # hits before the speaker filter
        rows = texts(
            s,
            select(Document.id, Document.title, Document.kind, Case.name, Document.text)
            .outerjoin(Case, Case.id == Document.case_id)
            .where(*conditions)
            .order_by(Document.title, Document.id),
        )
        for doc_id, title, kind, case_name, body in rows:
            scanned += 1
            spans = list(find_all(pattern, body))
            if spans and f.code:
                inside = coded_spans.get(doc_id, [])
                spans = [(a, b) for a, b in spans if any(x < b and a < y for x, y in inside)]
            if not spans:
                continue
            keep = f.speaker is not None or limit is None or seen < limit
            found_docs.append((doc_id, title, kind, case_name, body if keep else None, spans))
            seen += len(spans)
        # Then the hits are counted and the first ``limit`` put in context, with what is
        # known about them (speaker, codes) read for all their documents at once.
        total = with_hits = in_context = 0
        speaker_key = f.speaker.casefold() if f.speaker else None
        shown_id = coder_by_handle(s, f.shown_coder).id if f.shown_coder else None
        turns = _turns(s, [d[0] for d in found_docs if speaker_key is not None or d[4] is not None])
        shown: list[tuple[int, str, str, str | None, str, list[tuple[int, int]]]] = []
        for doc_id, title, kind, case_name, body, spans in found_docs:
            if speaker_key is not None:
                spans = [
                    (a, b)
                    for a, b in spans
                    if (_speaker(turns.get(doc_id), a) or "").casefold() == speaker_key
                ]
            if not spans:
                continue
            with_hits += 1
            total += len(spans)
            room = len(spans) if limit is None else max(0, limit - in_context)
            if room and body is not None:
                shown.append((doc_id, title, kind, case_name, body, spans[:room]))
                in_context += len(spans[:room])
        cover = _covering(s, resolver, {d[0]: d[5] for d in shown}, shown_id)
        hits = [
            SearchHit(
                doc_id,
                title,
                kind,
                case_name,
                a,
                b,
                *snippet(body, a, b, width=context),
                _speaker(turns.get(doc_id), a),
                cover.get((doc_id, a, b), ()),
            )
            for doc_id, title, kind, case_name, body, spans in shown
            for a, b in spans
        ]
        if limit is not None and total > limit:
            notes.append(f"showing the first {limit:,} of {total:,} hits")
        return SearchResult(
            query,
            mode,
            tuple(hits),
            total,
            with_hits,
            scanned,
            indexed,
            time.perf_counter() - t0,
            tuple(notes),
        )


def _compile(
    session: Session,
    query: str,
    mode: str,
    conditions: list[ColumnElement[bool]],
    min_score: float,
) -> Pattern:
    """The query's pattern; in fuzzy mode, with variants from the corpus's own words.

    The words come from the index's vocabulary where the back end has one, else from
    the texts the filters leave. A server's vocabulary keeps the words of revised or
    deleted texts: variants no document has any more are dropped and the rest taken again.
    """
    vocab: list[str] | None = None
    if mode == "fuzzy":
        words = query_words(query)
        vocab = vocabulary(session, words) if words else []
        if vocab is None:
            found: set[str] = set()
            for (body,) in session.execute(select(Document.text).where(*conditions)):
                found.update(w.casefold() for w in WORD.findall(body))
            vocab = sorted(found)
    try:
        pattern = compile_query(query, mode, vocabulary=vocab, min_score=min_score)
        for _ in range(3):  # each round drops what the last one took stale
            taken = sorted({v for vs in pattern.variants for v in vs[1:]})
            stale = stale_words(session, taken)
            if not stale:
                break
            vocab = [w for w in vocab or () if w not in stale]
            pattern = compile_query(query, mode, vocabulary=vocab, min_score=min_score)
    except QueryError as exc:
        raise InputError(str(exc)) from None
    return pattern


def _like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


Turns = tuple[list[int], list[tuple[int, str]]]


def _turns(session: Session, document_ids: list[int]) -> dict[int, Turns]:
    """Each document's turns (starts; ends and speakers), in order, for these documents."""
    out: dict[int, Turns] = {}
    for part in range(0, len(document_ids), 500):  # a bounded statement
        rows = session.execute(
            select(Turn.document_id, Turn.start, Turn.end, Turn.speaker)
            .where(Turn.document_id.in_(document_ids[part : part + 500]))
            .order_by(Turn.document_id, Turn.start)
        )
        for doc_id, a, b, speaker in rows:
            starts, rest = out.setdefault(doc_id, ([], []))
            starts.append(a)
            rest.append((b, speaker))
    return out


def _speaker(turns: Turns | None, offset: int) -> str | None:
    if turns is None:
        return None
    starts, rest = turns
    i = bisect.bisect_right(starts, offset) - 1
    if i < 0 or offset >= rest[i][0]:
        return None
    return rest[i][1]


def _covering(
    session: Session,
    resolver: CodeResolver,
    spans: dict[int, list[tuple[int, int]]],
    coder_id: int | None = None,
) -> dict[tuple[int, int, int], tuple[str, ...]]:
    """The codes whose segments overlap each hit (any coder's, or one coder's in blind mode).

    One query for all the documents shown, each narrowed to the stretch its hits cover.
    """
    ranges = [
        and_(Coding.document_id == d, Coding.start < hs[-1][1], Coding.end > hs[0][0])
        for d, hs in spans.items()
        if hs
    ]
    if not ranges:
        return {}
    out: dict[tuple[int, int, int], tuple[str, ...]] = {}
    for part in range(0, len(ranges), 200):  # a bounded statement, however many documents
        q = select(Coding.document_id, Coding.start, Coding.end, Coding.code_id).where(
            or_(*ranges[part : part + 200])
        )
        if coder_id is not None:
            q = q.where(Coding.coder_id == coder_id)
        rows: dict[int, list[tuple[int, int, int]]] = {}
        for doc_id, x, y, c in session.execute(q):
            rows.setdefault(doc_id, []).append((x, y, c))
        for doc_id, found in rows.items():
            for a, b in spans[doc_id]:
                names = sorted(
                    {resolver.path(resolver.codes[c]) for x, y, c in found if x < b and a < y}
                )
                if names:
                    out[(doc_id, a, b)] = tuple(names)
    return out


# ---------------------------------------------------------------------- coding the hits


@dataclass(frozen=True, slots=True)
class CodedHits:
    """What ``code_hits`` did: the codings made and the hits already coded so."""

    code_path: str
    added: int
    already: int
    documents: tuple[int, ...]


def code_hits(
    project: Project,
    *,
    hits: list[tuple[int, int, int]],
    code: str,
    coder: str,
) -> CodedHits:
    """Code every ``(document_id, start, end)`` with ``code``: one transaction, one undo.

    Hits the coder already coded so are left as they are (counted in ``already``);
    whitespace-only spans are refused as everywhere else.
    """
    from workbench.core.span import Span
    from workbench.services.audit import record
    from workbench.services.codings import _insert

    if not hits:
        raise InputError("no hits to code")
    with project.uow() as uow:
        s = uow.session
        resolver = CodeResolver(s)
        target = resolver.get_usable(code)
        path = resolver.path(target)
        who = coder_by_handle(s, coder)
        existing = set(
            s.execute(
                select(Coding.document_id, Coding.start, Coding.end).where(
                    Coding.coder_id == who.id,
                    Coding.code_id == target.id,
                    Coding.document_id.in_({h[0] for h in hits}),
                )
            ).all()
        )
        docs = {
            d.id: d
            for d in s.scalars(select(Document).where(Document.id.in_({h[0] for h in hits})))
        }
        todo = []
        already = 0
        for doc_id, a, b in sorted(set(hits)):
            if (doc_id, a, b) in existing:
                already += 1
            elif doc_id not in docs:
                raise InputError(f"no document #{doc_id}")
            else:
                todo.append((doc_id, a, b))
        if todo:
            record(
                s,
                actor=who.handle,
                action="coding.batch",
                entity="coding_batch",
                entity_id=None,
                after={"size": len(todo), "description": f"code {len(todo)} hits as {path}"},
            )
        for doc_id, a, b in todo:
            _insert(
                s,
                doc=docs[doc_id],
                span=Span(a, b),
                code_id=target.id,
                coder=who,
                origin="manual",
                memo=None,
                event=None,
                actor=who.handle,
            )
        return CodedHits(path, len(todo), already, tuple(sorted({h[0] for h in todo})))
