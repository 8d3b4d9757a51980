"""What a lead reviews: the disagreements between two coders, document by document.

A disagreement is a region (``agreement.disagreement_regions``): the units where the
coders' verdicts on a code differ, exactly as ``workbench agree`` and ``workbench
disagreements`` count them, joined with the segments behind the dispute. Each
comes with both sides' segments and what the consensus decided so far:

* ``open``: nothing decided yet;
* ``taken``: the consensus codes the region with one of the disputed codes (a
  segment was taken, both were, an edited span, or ``consensus adopt`` did it);
* ``neither``: a standing "neither" decision covers it (``take_neither``).

Date disagreements are items too (``kind == "date"``): a passage both coders coded with
the same code (matched as for date agreement, ``agreement.matching``) that they date
differently. Their dates are the ones bracketing uses (own, else a mention, else the
document's). Such an item is settled once the consensus coding of that code there has
a date of its own (``adjudication.take_date``; adopting agreements gives a consensus
coding a date only when the coders' dates agree).

Only documents every compared coder coded are compared, as for agreement. Each
function is one read-only transaction (the document view is a second one) and
returns plain values for the TUI and the CLI.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from workbench.agreement import CodedSpan, DisagreementRegion, disagreement_regions
from workbench.core.errors import InputError
from workbench.services.adjudication import CONSENSUS, NeitherMark, neither_marks
from workbench.services.agreement import UNITS, _units
from workbench.services.reading import open_document
from workbench.services.resolve import CodeResolver, coder_by_handle, document_by_ref
from workbench.store.models import Case, Code, Coder, Coding, Document

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from workbench.services.reading import DocumentView, SegmentInfo
    from workbench.store.project import Project

OPEN, TAKEN, NEITHER = "open", "taken", "neither"
CODE, DATE = "code", "date"


@dataclass(frozen=True, slots=True)
class ReviewSide:
    """One coder's segments in a disagreement (none: that coder did not code it)."""

    coder: str
    segments: tuple[SegmentInfo, ...]


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """One disagreement to settle, with both sides and what the consensus has there."""

    document_id: int
    start: int
    end: int
    units: tuple[tuple[int, int], ...]
    codes: tuple[str, ...]  # disputed codes (guids)
    code_paths: tuple[str, ...]
    sides: tuple[ReviewSide, ...]
    consensus: tuple[SegmentInfo, ...]  # consensus segments of the disputed codes here
    state: str  # open | taken | neither
    decided: str | None  # how it was settled, in words
    kind: str = CODE  # code | date
    dates: tuple[tuple[str, str | None, str], ...] = ()  # date items: (coder, date, source)

    @property
    def settled(self) -> bool:
        return self.state != OPEN

    def side(self, coder: str) -> ReviewSide:
        return next(s for s in self.sides if s.coder == coder)

    @property
    def segment_ids(self) -> tuple[int, ...]:
        return tuple(seg.id for side in self.sides for seg in side.segments)


@dataclass(frozen=True, slots=True)
class DocumentReview:
    """A document opened for review: its view (text, every coder's segments) and items."""

    document: DocumentView
    coders: tuple[str, ...]
    unit: str
    code: str | None
    items: tuple[ReviewItem, ...]
    notes: tuple[str, ...]

    @property
    def open_items(self) -> list[ReviewItem]:
        return [i for i in self.items if not i.settled]


@dataclass(frozen=True, slots=True)
class ReviewRow:
    """One line of the review's document list."""

    id: int
    title: str
    case: str | None
    open: int
    settled: int

    @property
    def total(self) -> int:
        return self.open + self.settled


@dataclass(frozen=True, slots=True)
class ReviewOverview:
    coders: tuple[str, ...]
    unit: str
    code: str | None
    code_path: str | None
    rows: tuple[ReviewRow, ...]
    notes: tuple[str, ...]

    @property
    def open(self) -> int:
        return sum(r.open for r in self.rows)


def _check(
    s: Session, coders: list[str], unit: str, code: str | None
) -> tuple[str | None, str | None]:
    """Validate the review's settings; the code filter's guid and path."""
    if unit not in UNITS:
        raise InputError(f"unit must be one of {', '.join(UNITS)}, not {unit!r}")
    if len(coders) < 2 or len(set(coders)) < len(coders):
        raise InputError("a review compares at least two different coders (e.g. ana,ben)")
    if CONSENSUS in coders:
        raise InputError("compare the coders, not the consensus: it is what the review builds")
    for handle in coders:
        coder_by_handle(s, handle)
    if code is None:
        return None, None
    resolver = CodeResolver(s)
    found = resolver.get(code)
    return found.guid, resolver.path(found)


def _state(
    region: DisagreementRegion,
    document_id: int,
    consensus: list[tuple[int, int, str]],
    marks: list[NeitherMark],
    paths: dict[str, str],
) -> tuple[str, str | None]:
    disputed = set(region.codes)
    for a, b, code in consensus:
        if code in disputed and a < region.end and region.start < b:
            return TAKEN, f"the consensus codes [{a}, {b}) with {paths.get(code, code)}"
    for mark in marks:
        if mark.settles(document_id, region.start, region.end, region.codes):
            how = f"took {mark.took}'s reading (no code)" if mark.took else "neither"
            return NEITHER, f"{how}, decided by {mark.actor or 'someone'}"
    return OPEN, None


def default_review_coders(project: Project) -> list[str]:
    """The two coders (not the consensus) with the most codings: whom a lead compares first."""
    with project.uow() as uow:
        rows = uow.session.execute(
            select(Coder.handle, func.count(Coding.id))
            .join(Coding, Coding.coder_id == Coder.id)
            .where(Coder.handle != CONSENSUS)
            .group_by(Coder.handle)
            .order_by(func.count(Coding.id).desc(), Coder.handle)
            .limit(2)
        ).all()
    return [handle for handle, _ in rows]


def review_overview(
    project: Project,
    *,
    coders: list[str],
    unit: str = "sentence",
    code: str | None = None,
    documents: list[str] | None = None,
) -> ReviewOverview:
    """Every compared document (or those named) with its open and settled disagreements."""
    notes: list[str] = []
    with project.uow() as uow:
        s = uow.session
        guid, path = _check(s, coders, unit, code)
        who = {c.id: c.handle for c in s.scalars(select(Coder))}
        wanted = {h: i for i, h in who.items()}
        ids = [wanted[c] for c in coders]
        if CONSENSUS in wanted:
            ids.append(wanted[CONSENSUS])
        rows = s.execute(
            select(
                Coding.id,
                Coding.document_id,
                Coding.coder_id,
                Coding.start,
                Coding.end,
                Code.guid,
                Coding.event_start,
            )
            .join(Code, Code.id == Coding.code_id)
            .where(Coding.coder_id.in_(ids))
        ).all()
        by_doc: dict[int, list[tuple[int, str, int, int, str]]] = {}
        consensus_dated: set[int] = set()
        for cid, doc_id, coder_id, a, b, code_guid, event_start in rows:
            by_doc.setdefault(doc_id, []).append((cid, who[coder_id], a, b, code_guid))
            if event_start is not None and who[coder_id] == CONSENSUS:
                consensus_dated.add(cid)
        compared = [
            d for d, segs in by_doc.items() if set(coders) <= {coder for _, coder, *_ in segs}
        ]
        if documents:
            named = {document_by_ref(s, d).id for d in documents}
            compared = sorted(named)
            by_doc = {d: by_doc.get(d, []) for d in set(by_doc) | named}
        partly = sum(
            1
            for d, segs in by_doc.items()
            if d not in compared and any(coder != CONSENSUS for _, coder, *_ in segs)
        )
        if partly:
            notes.append(
                f"{partly} document{'s' if partly != 1 else ''} coded by only some of "
                f"{', '.join(coders)} {'are' if partly != 1 else 'is'} not compared"
            )
        paths = _paths(s)
        marks = neither_marks(s)
        docs = s.execute(
            select(Document.id, Document.title, Case.name)
            .outerjoin(Case, Case.id == Document.case_id)
            .where(Document.id.in_(compared))
            .order_by(Document.id)
        ).all()
        dates = _resolved_dates(project, coders)
        out = []
        for doc_id, title, case in docs:
            doc = s.get_one(Document, doc_id)
            segs = by_doc[doc_id]
            spans = [
                CodedSpan(cid, coder, a, b, g)
                for cid, coder, a, b, g in segs
                if coder != CONSENSUS and (guid is None or g == guid)
            ]
            consensus = [(a, b, g) for _, coder, a, b, g in segs if coder == CONSENSUS]
            regions = disagreement_regions(doc.length, _units(s, doc, unit, notes), spans, coders)
            states = [_state(r, doc_id, consensus, marks, paths)[0] for r in regions]
            dated = [
                _Dated(cid, coder, a, b, g, dates.get(cid, (None, "none"))[0])
                for cid, coder, a, b, g in segs
                if coder in coders and (guid is None or g == guid)
            ]
            settled_dates = [(a, b, g) for cid, coder, a, b, g in segs if cid in consensus_dated]
            states += [state for *_, state in _date_disagreements(dated, coders, settled_dates)]
            n_open = states.count(OPEN)
            out.append(ReviewRow(doc_id, title, case, n_open, len(states) - n_open))
    return ReviewOverview(tuple(coders), unit, guid, path, tuple(out), tuple(notes))


def _paths(s: Session) -> dict[str, str]:
    """Code guid -> path, for the words a lead reads."""
    resolver = CodeResolver(s)
    return {c.guid: resolver.path(c) for c in resolver.codes.values()}


def review_document(
    project: Project,
    *,
    document_id: int,
    coders: list[str],
    unit: str = "sentence",
    code: str | None = None,
) -> DocumentReview:
    """One document's disagreements between ``coders``, with every side's segments."""
    notes: list[str] = []
    with project.uow() as uow:
        guid, _ = _check(uow.session, coders, unit, code)
    view = open_document(project, document_id=document_id)
    with project.uow() as uow:
        s = uow.session
        units = _units(s, s.get_one(Document, document_id), unit, notes)
        marks = neither_marks(s, document_id=document_id)
        paths = _paths(s)
    by_id = {seg.id: seg for seg in view.segments}
    spans = [
        CodedSpan(seg.id, seg.coder, seg.start, seg.end, seg.code)
        for seg in view.segments
        if seg.coder in coders and (guid is None or seg.code == guid)
    ]
    consensus = [seg for seg in view.segments if seg.coder == CONSENSUS]
    plain = [(seg.start, seg.end, seg.code) for seg in consensus]
    items = []
    for region in disagreement_regions(len(view.text), units, spans, coders):
        state, how = _state(region, document_id, plain, marks, paths)
        members = [by_id[i] for i in region.segments]
        disputed = set(region.codes)
        items.append(
            ReviewItem(
                document_id=document_id,
                start=region.start,
                end=region.end,
                units=region.units,
                codes=region.codes,
                code_paths=tuple(paths.get(c, c) for c in region.codes),
                sides=tuple(
                    ReviewSide(c, tuple(m for m in members if m.coder == c)) for c in coders
                ),
                consensus=tuple(
                    seg
                    for seg in consensus
                    if seg.code in disputed and seg.start < region.end and region.start < seg.end
                ),
                state=state,
                decided=how,
            )
        )
    segments = [
        _Dated(seg.id, seg.coder, seg.start, seg.end, seg.code, seg.event_date)
        for seg in view.segments
        if seg.coder in coders and (guid is None or seg.code == guid)
    ]
    dated_consensus = [(c.start, c.end, c.code) for c in consensus if c.own_date]
    for members, (a, b, code), state in _date_disagreements(segments, coders, dated_consensus):
        taken = [c for c in consensus if c.code == code and c.start < b and a < c.end]
        own = next((c.own_date for c in taken if c.own_date), None)
        member_segments = [by_id[m] for m in members]
        items.append(
            ReviewItem(
                document_id=document_id,
                start=a,
                end=b,
                units=((a, b),),
                codes=(code,),
                code_paths=(paths.get(code, code),),
                sides=tuple(
                    ReviewSide(c, tuple(m for m in member_segments if m.coder == c)) for c in coders
                ),
                consensus=tuple(taken),
                state=state,
                decided=f"the consensus dates it {own}" if own else None,
                kind=DATE,
                dates=tuple((m.coder, m.event_date, m.date_source) for m in member_segments),
            )
        )
    items.sort(key=lambda it: (it.start, it.end, it.kind))
    return DocumentReview(view, tuple(coders), unit, guid, tuple(items), tuple(notes))


@dataclass(frozen=True, slots=True)
class _Dated:
    """A coder's segment with its resolved date, for finding date disagreements."""

    id: int
    coder: str
    start: int
    end: int
    code: str
    date: str | None


def _date_disagreements(
    segments: list[_Dated], coders: list[str], dated_consensus: list[tuple[int, int, str]]
) -> list[tuple[tuple[int, ...], tuple[int, int, str], str]]:
    """Matched passages whose coders give different dates: (members, (start, end, code),
    state); settled when a consensus coding of the code there has a date of its own."""
    from workbench.agreement.matching import match_segments

    by_code: dict[str, dict[str, list[tuple[int, int, int]]]] = {}
    date_of = {seg.id: seg.date for seg in segments}
    for seg in segments:
        by_code.setdefault(seg.code, {}).setdefault(seg.coder, []).append(
            (seg.id, seg.start, seg.end)
        )
    found = []
    for code, per_coder in by_code.items():
        for unit in match_segments(per_coder, coders):
            members = tuple(m for m in unit.members if m is not None)
            given = {date_of[m] for m in members if date_of[m]}
            if len(members) < 2 or len(given) < 2:
                continue
            settled = any(
                c == code and a < unit.end and unit.start < b for a, b, c in dated_consensus
            )
            found.append((members, (unit.start, unit.end, code), TAKEN if settled else OPEN))
    return found


def _resolved_dates(project: Project, coders: list[str]) -> dict[int, tuple[str | None, str]]:
    """Each coding's date as bracketing resolves it (text) and its source."""
    from workbench.core.dates import DateRange, Precision, format_range
    from workbench.services.bracketing import collect_events

    known = {str(p) for p in Precision}
    out: dict[int, tuple[str | None, str]] = {}
    for event in collect_events(project, coders=coders).dated:
        precision = Precision(event.precision) if event.precision in known else Precision.RANGE
        out[int(event.event_id)] = (
            format_range(DateRange(event.start, event.end, precision)),
            event.date_source,
        )
    return out
