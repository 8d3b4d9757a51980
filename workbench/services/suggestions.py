"""Suggested codings for one document: learned from the project's codings, and date mentions.

Two kinds of suggestion:

* ``code``: a passage (a sentence, without a speaker's label) that a model trained on
  the codings so far gives a high probability for a code
  (``workbench.nlp.suggest_model``): the coder's own codings and, unless the project
  is blind, the team's. While a code has few codings, its codebook keywords and
  synonyms carry the weight (cold start). Suggestions come best first; each says why:
  the words that raised its probability and the most similar coded passage. Front
  matter, reference lists and page furniture are never suggested. Accepting codes
  the passage, stored with origin ``suggested``.
* ``date``: one of the coder's segments has no date of its own, and a date mention
  found at import dates it (inside the span, its sentence or its turn; see
  ``workbench.coding.eventdate``). Accepting makes that date the segment's own.

What a coder already coded with that code is not suggested again, and neither is
what they rejected: a rejection is an audit row (``suggestion.reject``) keyed by
the suggestion, so it is remembered across sessions without a schema change, and
it is a negative example for the model; an accepted suggestion is a coding, so a
positive one. The trained model is kept in memory per project and coder, keyed by
the state of the codings; after an accept or a reject it is retrained in a
background thread while the old one keeps answering, so neither key waits for it.
"""

from __future__ import annotations

import threading
from bisect import bisect_right
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from workbench.core.errors import InputError, NotFoundError
from workbench.services.audit import record
from workbench.services.reading import (
    SegmentInfo,
    code_table,
    resolver_for,
    segment_from_row,
    turn_marks,
)
from workbench.services.segments import apply_code, update_segment
from workbench.store.models import AuditEvent, Code, Coder, Coding, Document, Sentence, Turn

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy.orm import Session

    from workbench.nlp.suggest_model import SuggestModel, TrainingPassage
    from workbench.store.project import Project

REJECT = "suggestion.reject"


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One suggested coding (``kind`` ``code``) or segment date (``kind`` ``date``)."""

    key: str
    kind: str  # code | date
    document_id: int
    start: int
    end: int
    code: str  # the code's guid
    code_name: str
    colour: str | None
    reason: str
    event_date: str | None = None  # kind date: the date to give
    coding_id: int | None = None  # kind date: the segment to date
    probability: float | None = None  # kind code: the model's probability for the code
    words: tuple[str, ...] = ()  # kind code: the words behind it (or the keywords found)
    similar: str | None = None  # kind code: the most similar coded passage, quoted with where


_lock = threading.Lock()
_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="suggestions")
QUOTE = 60
MIN_WORDS = 4  # shorter passages (headings, "Yes.") are not suggested


@dataclass
class _Entry:
    """The model trained for one project and coder, and the codings' state it learned from."""

    state: tuple[object, ...] | None = None
    model: SuggestModel | None = None
    titles: dict[int, str] | None = None
    pending: Future[None] | None = None
    timer: threading.Timer | None = None
    again: bool = False
    # While the first model trains: the codebook keywords, their rates measured on the
    # codings (``SuggestModel.prior``), ready as soon as the codings are read.
    interim: SuggestModel | None = None
    read: threading.Event = field(default_factory=threading.Event)


_models: dict[tuple[str, str], _Entry] = {}


def _rejected(project: Project, document_id: int, coder: str) -> set[str]:
    with project.reader() as uow:
        keys = uow.session.scalars(
            select(AuditEvent.entity_id).where(
                AuditEvent.action == REJECT,
                AuditEvent.actor == coder,
                AuditEvent.entity_id.like(f"{document_id}:%"),
            )
        )
        return {k for k in keys if k is not None}


def _without_label(text: str, a: int, b: int, labels: dict[int, int]) -> tuple[int, int]:
    """A sentence that begins with a speaker label, from where the speech begins."""
    end = labels.get(a)
    if end is None or end <= a:
        return a, b
    while end < b and text[end].isspace():
        end += 1
    return (end, b) if end < b else (a, b)


Passages = dict[int, tuple[str, list[tuple[int, int]], list[tuple[str, ...]]]]


def _askers(text: str, turns: list[tuple[int, int, str]]) -> set[str]:
    """Speakers most of whose turns ask something: interviewers, moderators."""
    asked: dict[str, list[bool]] = {}
    for a, b, sp in turns:
        asked.setdefault(sp, []).append("?" in text[a:b])
    return {sp for sp, qs in asked.items() if len(qs) >= 2 and 2 * sum(qs) >= len(qs)}


def _passages(s: Session, document_ids: list[int]) -> Passages:
    """Each document's text, its passages (sentences, speaker labels left out) and their tags
    (``question``, ``asker``: see ``TrainingPassage.tags``)."""
    if not document_ids:
        return {}
    texts = dict(
        s.execute(select(Document.id, Document.text).where(Document.id.in_(document_ids))).all()
    )
    turns: dict[int, list[tuple[int, int, str]]] = {}
    for d, a, b, sp in s.execute(
        select(Turn.document_id, Turn.start, Turn.end, Turn.speaker).where(
            Turn.document_id.in_(document_ids)
        )
    ):
        turns.setdefault(d, []).append((a, b, sp))
    sentences: dict[int, list[tuple[int, int]]] = {}
    for d, a, b in s.execute(
        select(Sentence.document_id, Sentence.start, Sentence.end)
        .where(Sentence.document_id.in_(document_ids))
        .order_by(Sentence.document_id, Sentence.start)
    ):
        sentences.setdefault(d, []).append((a, b))
    out: Passages = {}
    for d, text in texts.items():
        own = sorted(turns.get(d, []))
        labels = {t.start: t.label_end for t in turn_marks(text, own)}
        askers = _askers(text, own)
        asking = [(a, b) for a, b, sp in own if sp in askers]
        spans = [_without_label(text, a, b, labels) for a, b in sentences.get(d, [])]
        tags = []
        for a, b in spans:
            tag = ("question",) if text[a:b].rstrip().endswith("?") else ()
            if any(t0 <= a < t1 for t0, t1 in asking):
                tag = (*tag, "asker")
            tags.append(tag)
        out[d] = (text, spans, tags)
    return out


def _around(said: list[str], k: int) -> tuple[str, str]:
    """The sentences before and after the ``k``-th (its context for the model)."""
    return (said[k - 1] if k > 0 else "", said[k + 1] if k + 1 < len(said) else "")


def _scope(coder: str, blind: bool) -> list[object]:
    """Whose codings teach the model: the coder's own, and the team's unless blind."""
    if not blind:
        return []
    return [Coding.coder_id.in_(select(Coder.id).where(Coder.handle == coder))]


def _state(s: Session, coder: str, blind: bool) -> tuple[object, ...]:
    """A cheap fingerprint of everything the model learns from (codings, rejections, codes)."""
    codings = s.execute(
        select(
            func.count(Coding.id),
            func.max(Coding.id),
            func.sum(Coding.code_id),
            func.sum(Coding.start + Coding.end),
        ).where(*_scope(coder, blind))
    ).one()
    rejects = s.execute(
        select(func.count(AuditEvent.id), func.max(AuditEvent.id)).where(
            AuditEvent.action == REJECT, AuditEvent.actor == coder
        )
    ).one()
    codes = s.execute(
        select(func.count(Code.id), func.max(Code.id)).where(Code.status == "active")
    ).one()
    return (blind, *codings, *rejects, *codes)


def _keywords(s: Session) -> dict[str, tuple[str, ...]]:
    return {
        guid: tuple(k for k in (*(kws or ()), *(syns or ())) if k.strip())
        for guid, kws, syns in s.execute(
            select(Code.guid, Code.keywords, Code.synonyms).where(Code.status == "active")
        )
        if kws or syns
    }


def _overlaps(a: int, b: int, c: int, d: int) -> bool:
    """Whether ``[c, d)`` covers at least half of the shorter of it and ``[a, b)``."""
    shared = min(b, d) - max(a, c)
    return shared > 0 and 2 * shared >= min(b - a, d - c)


def _training(s: Session, coder: str, blind: bool) -> tuple[list[TrainingPassage], dict[int, str]]:
    """The passages of every document coded (or rejected in): their codes and rejections."""
    from workbench.nlp.suggest_model import TrainingPassage

    active = dict(s.execute(select(Code.id, Code.guid).where(Code.status == "active")).all())
    me = s.scalar(select(Coder.id).where(Coder.handle == coder))
    codings: dict[int, list[tuple[int, int, str]]] = {}
    mine: dict[int, list[tuple[int, int, str]]] = {}  # the coder's own (the calibrator's labels)
    theirs: dict[int, list[tuple[int, int, str]]] = {}  # teammates' (``TrainingPassage.theirs``)
    for d, a, b, cid, who in s.execute(
        select(Coding.document_id, Coding.start, Coding.end, Coding.code_id, Coding.coder_id).where(
            *_scope(coder, blind)
        )
    ):
        if cid in active:
            codings.setdefault(d, []).append((a, b, active[cid]))
            into = mine if who == me else theirs
            into.setdefault(d, []).append((a, b, active[cid]))
    rejects: dict[int, list[tuple[int, int, str]]] = {}
    for key in s.scalars(
        select(AuditEvent.entity_id).where(AuditEvent.action == REJECT, AuditEvent.actor == coder)
    ):
        parts = (key or "").split(":")
        if len(parts) == 5 and parts[1] == "code" and parts[0].isdigit():
            rejects.setdefault(int(parts[0]), []).append((int(parts[2]), int(parts[3]), parts[4]))
    ids = sorted(set(codings) | set(rejects))
    titles = dict(s.execute(select(Document.id, Document.title).where(Document.id.in_(ids))).all())
    out: list[TrainingPassage] = []
    for d, (text, spans, tags) in _passages(s, ids).items():
        starts = [a for a, _ in spans]
        marks: list[set[str]] = [set() for _ in spans]
        rejected: list[set[str]] = [set() for _ in spans]
        own: list[set[str]] = [set() for _ in spans]
        team: list[set[str]] = [set() for _ in spans]
        for source, into in ((codings, marks), (rejects, rejected), (mine, own), (theirs, team)):
            for c, e, code in source.get(d, []):
                i = max(bisect_right(starts, c) - 1, 0)
                while i < len(spans) and spans[i][0] < e:
                    if _overlaps(*spans[i], c, e):
                        into[i].add(code)
                    i += 1
        said = [" ".join(text[a:b].split()) for a, b in spans]
        for k, ((a, b), codes, no, tag, by_me, by_them) in enumerate(
            zip(spans, marks, rejected, tags, own, team, strict=True)
        ):
            words = said[k]
            if len(words.split()) < MIN_WORDS and not codes:
                continue
            quote = words[:QUOTE] + ("…" if len(words) > QUOTE else "")
            out.append(
                TrainingPassage(
                    words,
                    frozenset(codes),
                    frozenset(no),
                    (d, a, b, quote),
                    tag,
                    _around(said, k),
                    d,
                    frozenset(by_me) if d in mine else None,
                    frozenset(by_them),
                )
            )
    return out, titles


def _train(
    project: Project,
    coder: str,
    read: Callable[[SuggestModel, dict[int, str]], None] | None = None,
    previous: SuggestModel | None = None,
) -> tuple[tuple[object, ...], _Entry]:
    """Read the codings and train; ``read`` gets the keyword-only model (``SuggestModel.prior``)
    as soon as the codings are read, before the fits; ``previous`` (the model in memory) may
    lend its calibrator."""
    from workbench.nlp.suggest_model import SuggestModel
    from workbench.services.team import is_blind

    blind = is_blind(project)
    with project.reader() as uow:
        s = uow.session
        state = _state(s, coder, blind)
        passages, titles = _training(s, coder, blind)
        keywords = _keywords(s)
    if read is not None:
        read(SuggestModel.prior(passages, keywords), titles)
    model = SuggestModel.train(passages, keywords, previous=previous)
    return state, _Entry(state, model, titles)


def _key(project: Project, coder: str) -> tuple[str, str]:
    return (str(project.root.resolve()), coder)


RETRAIN_AFTER = 1.5  # seconds of quiet after an accept or reject before retraining


def _retrain_soon(project: Project, coder: str, delay: float = 0.0) -> None:
    """Retrain in the background after ``delay`` seconds; the model in memory keeps answering
    until it is done. A run of accepts and rejects leads to one retraining, after the last."""
    key = _key(project, coder)

    def read(interim: SuggestModel, titles: dict[int, str]) -> None:
        with _lock:
            if entry.model is None:
                entry.interim, entry.titles = interim, titles
        entry.read.set()

    def job() -> None:
        try:
            _, fresh = _train(project, coder, read, entry.model)
        except Exception:  # the project closed, or a read failed: keep the old model
            return
        finally:
            entry.read.set()  # nobody waits for an interim model that will not come
        with _lock:
            entry.state, entry.model, entry.titles = fresh.state, fresh.model, fresh.titles
            entry.interim = None

    def submit() -> None:
        with _lock:
            entry.timer = None
            if entry.pending is not None and not entry.pending.done():
                entry.again = True  # retrain once more when this one is done
                return
            entry.pending = _executor.submit(run)

    def run() -> None:
        job()
        with _lock:
            again, entry.again = entry.again, False
        if again:
            job()

    with _lock:
        entry = _models.setdefault(key, _Entry())
        if entry.timer is not None:
            entry.timer.cancel()
            entry.timer = None
        if delay <= 0:
            if entry.pending is not None and not entry.pending.done():
                entry.again = True
                return
            entry.pending = _executor.submit(run)
            return
        entry.timer = threading.Timer(delay, submit)
        entry.timer.daemon = True
        entry.timer.start()


def prepare_suggestions(project: Project, coder: str) -> None:
    """Train ``coder``'s model in the background now, so that the first F3 finds it ready."""
    _retrain_soon(project, coder)


def settle(timeout: float | None = 30.0) -> None:
    """Run any waiting retraining now and wait for it to finish (tests and benchmarks)."""
    with _lock:
        waiting = [e for e in _models.values() if e.timer is not None]
    for e in waiting:
        if e.timer is not None:
            e.timer.cancel()
            e.timer.function()  # type: ignore[attr-defined]
    with _lock:
        pending = [e.pending for e in _models.values() if e.pending is not None]
    for f in pending:
        f.result(timeout=timeout)


def _model(
    project: Project, coder: str, wait: bool = True
) -> tuple[SuggestModel, dict[int, str], bool]:
    """The model for ``coder``, its documents' titles, and whether it is the interim one.

    The cached model when the codings have not changed; a stale one (while a fresh one
    trains in the background). With none yet: trained now (``wait``), or, without
    ``wait``, the keyword-only interim model while the training runs in the background."""
    from workbench.services.team import is_blind

    key = _key(project, coder)
    with _lock:
        entry = _models.get(key)
    if entry is not None and entry.model is not None:
        with project.reader() as uow:
            state = _state(uow.session, coder, is_blind(project))
        if state != entry.state:
            _retrain_soon(project, coder)
        return entry.model, entry.titles or {}, False
    if not wait:
        if entry is None or entry.pending is None or entry.pending.done():
            _retrain_soon(project, coder)
            with _lock:
                entry = _models[key]
        entry.read.wait()
        with _lock:
            if entry.model is not None:
                return entry.model, entry.titles or {}, False
            if entry.interim is not None:
                return entry.interim, entry.titles or {}, True
    if entry is not None and entry.pending is not None:
        entry.pending.result()
        if entry.model is not None:
            return entry.model, entry.titles or {}, False
    _, fresh = _train(project, coder)
    with _lock:
        entry = _models.setdefault(key, _Entry())
        entry.state, entry.model, entry.titles = fresh.state, fresh.model, fresh.titles
    assert fresh.model is not None
    return fresh.model, fresh.titles or {}, False


def wait_for_suggestions(project: Project, coder: str, timeout: float | None = 60.0) -> None:
    """Wait until ``coder``'s model (being trained in the background) is ready."""
    with _lock:
        entry = _models.get(_key(project, coder))
    if entry is not None and entry.pending is not None:
        entry.pending.result(timeout=timeout)


def _reason(p: float, words: tuple[str, ...], source: str, similar: str | None) -> str:
    if source == "keywords":
        shown = ", ".join(repr(w) for w in words[:3])
        return f"keyword {shown}" if len(words) == 1 else f"keywords {shown}"
    parts = [f"{p:.0%}"]
    if words:
        parts.append("words " + ", ".join(words))
    if similar:
        parts.append(f"like {similar}")
    return " · ".join(parts)


@dataclass(frozen=True, slots=True)
class SuggestionsNow:
    """Suggestions given at once, and whether they are the interim ones: from the codebook's
    keywords (their rates measured on the codings) while the model is still learning."""

    items: list[Suggestion]
    interim: bool


def suggest_codings(project: Project, *, document_id: int, coder: str) -> list[Suggestion]:
    """Suggestions for ``coder`` in one document: dates first (in text order), then codings,
    most probable first. Waits for the model if it is still training."""
    return _suggest(project, document_id, coder, wait=True).items


def suggest_codings_now(project: Project, *, document_id: int, coder: str) -> SuggestionsNow:
    """Suggestions without waiting for a model still in training: then from the keywords
    (``SuggestionsNow.interim``); ``wait_for_suggestions`` then ``suggest_codings`` give the
    learned ones."""
    return _suggest(project, document_id, coder, wait=False)


def _suggest(project: Project, document_id: int, coder: str, *, wait: bool) -> SuggestionsNow:
    from workbench.nlp.suggest_model import choose, skipped_spans

    with project.reader() as uow:
        s = uow.session
        if s.scalar(select(Document.id).where(Document.id == document_id)) is None:
            raise NotFoundError(f"no document #{document_id}")
        text, sentences, tags = _passages(s, [document_id]).get(document_id, ("", [], []))
        codes = s.execute(
            select(Code.id, Code.guid, Code.name, Code.colour).where(Code.status == "active")
        ).all()
        mine = s.scalars(
            select(Coding)
            .join(Coder, Coder.id == Coding.coder_id)
            .where(Coding.document_id == document_id, Coder.handle == coder)
            .order_by(Coding.start)
        ).all()
        names = code_table(s)
        resolver = resolver_for(s, document_id)
        dated = [
            segment_from_row(row, coder, names, resolver) for row in mine if row.event_start is None
        ]
        coded = [(c.code_id, c.start, c.end) for c in mine]
    rejected = _rejected(project, document_id, coder)
    out: list[Suggestion] = []
    for seg in dated:
        # A mention inside the coded words dates it already; one in its sentence or
        # turn is a guess worth confirming.
        if seg.date_source != "mention" or seg.date_scope == "span" or seg.event_date is None:
            continue
        key = f"{document_id}:date:{seg.guid}:{seg.event_date}"
        if key in rejected:
            continue
        out.append(
            Suggestion(
                key=key,
                kind="date",
                document_id=document_id,
                start=seg.start,
                end=seg.end,
                code=seg.code,
                code_name=seg.code_name,
                colour=seg.colour,
                reason=f"date {seg.event_date} from {seg.date_mention!r} in its {seg.date_scope}",
                event_date=seg.event_date,
                coding_id=seg.id,
            )
        )
    out.sort(key=lambda x: x.start)
    by_guid = {guid: (cid, name, colour) for cid, guid, name, colour in codes}
    skip = skipped_spans(text)
    skip_starts = [a for a, _ in skip]
    candidates: list[tuple[int, int]] = []
    features: list[tuple[str, tuple[str, ...], tuple[str, str]]] = []
    said = [" ".join(text[a:b].split()) for a, b in sentences]
    for k, ((a, b), tag) in enumerate(zip(sentences, tags, strict=True)):
        i = bisect_right(skip_starts, a) - 1
        if i >= 0 and skip[i][0] <= a < skip[i][1]:
            continue
        if len(said[k].split()) < MIN_WORDS:
            continue
        candidates.append((a, b))
        features.append((said[k], tag, _around(said, k)))
    if not candidates:
        return SuggestionsNow(out, False)
    model, titles, interim = _model(project, coder, wait)
    mine_by_code: dict[int, list[tuple[int, int]]] = {}
    for cid, c0, c1 in coded:
        mine_by_code.setdefault(cid, []).append((c0, c1))
    scored = model.score(features, document_id)
    fresh = []
    for sc in scored:
        a, b = candidates[sc.passage]
        if sc.code not in by_guid:
            continue
        cid, _, _ = by_guid[sc.code]
        if any(c0 < b and a < c1 for c0, c1 in mine_by_code.get(cid, ())):
            continue
        if f"{document_id}:code:{a}:{b}:{sc.code}" in rejected:
            continue
        fresh.append(sc)
    for sc in choose(fresh):
        a, b = candidates[sc.passage]
        cid, name, colour = by_guid[sc.code]
        similar = None
        if sc.similar is not None:
            d, _, _, quote = sc.similar
            similar = f"“{quote}” ({titles.get(d, f'document #{d}')})"
        out.append(
            Suggestion(
                key=f"{document_id}:code:{a}:{b}:{sc.code}",
                kind="code",
                document_id=document_id,
                start=a,
                end=b,
                code=sc.code,
                code_name=name,
                colour=colour,
                reason=_reason(sc.probability, sc.words, sc.source, similar),
                probability=round(sc.probability, 3),
                words=sc.words,
                similar=similar,
            )
        )
    return SuggestionsNow(out, interim)


def accept_suggestion(project: Project, *, suggestion: Suggestion, coder: str) -> SegmentInfo:
    """Store a suggestion: a code one as a coding with origin ``suggested``, a date one as the
    segment's own event date."""
    if suggestion.kind == "code":
        seg = apply_code(
            project,
            document_id=suggestion.document_id,
            start=suggestion.start,
            end=suggestion.end,
            code=suggestion.code,
            coder=coder,
            origin="suggested",
        )
        _retrain_soon(project, coder, RETRAIN_AFTER)
        return seg
    if suggestion.kind == "date" and suggestion.coding_id is not None:
        return update_segment(
            project, coding_id=suggestion.coding_id, coder=coder, event_date=suggestion.event_date
        )
    raise InputError(f"cannot accept a suggestion of kind {suggestion.kind!r}")


def reject_suggestion(project: Project, *, suggestion: Suggestion, coder: str) -> None:
    """Remember that ``coder`` rejected this suggestion (it is not offered again)."""
    with project.uow() as uow:
        record(
            uow.session,
            actor=coder,
            action=REJECT,
            entity="suggestion",
            entity_id=suggestion.key,
            after={"kind": suggestion.kind, "code": suggestion.code, "reason": suggestion.reason},
        )
    if suggestion.kind == "code":
        _retrain_soon(project, coder, RETRAIN_AFTER)
