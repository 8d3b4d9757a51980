"""Suggested codings for one document: codebook keywords found by lemma, and date mentions.

Two kinds of suggestion:

* ``code``: a sentence holds a keyword (or synonym) of a code, matched by lemma
  (``workbench.nlp.KeywordMatcher``: "open days" finds the keyword "open day").
  Accepting codes the sentence, stored with origin ``suggested``.
* ``date``: one of the coder's segments has no date of its own, and a date mention
  found at import dates it (inside the span, its sentence or its turn; see
  ``workbench.coding.eventdate``). Accepting makes that date the segment's own.

What a coder already coded with that code is not suggested again, and neither is
what they rejected: a rejection is an audit row (``suggestion.reject``) keyed by
the suggestion, so it is remembered across sessions without a schema change.
"""

from __future__ import annotations

import threading
from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

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
    from workbench.nlp.lemmas import KeywordMatcher
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


_matchers: dict[tuple[tuple[str, tuple[str, ...]], ...], KeywordMatcher] = {}
_lock = threading.Lock()


def _matcher(keywords: dict[str, tuple[str, ...]], model: str | None) -> KeywordMatcher:
    """One matcher per codebook state: lemmatising the keywords once per session."""
    from workbench.nlp.lemmas import KeywordMatcher
    from workbench.nlp.pipeline import make_pipeline

    key = tuple(sorted(keywords.items()))
    with _lock:
        found = _matchers.get(key)
        if found is None:
            found = KeywordMatcher(keywords, make_pipeline(model))
            _matchers.clear()
            _matchers[key] = found
        return found


def _rejected(project: Project, document_id: int, coder: str) -> set[str]:
    with project.uow() as uow:
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


def suggest_codings(project: Project, *, document_id: int, coder: str) -> list[Suggestion]:
    """Suggestions for ``coder`` in one document, in text order (dates first at a tie)."""
    with project.uow() as uow:
        s = uow.session
        text = s.scalar(select(Document.text).where(Document.id == document_id))
        if text is None:
            raise NotFoundError(f"no document #{document_id}")
        labels = {
            t.start: t.label_end
            for t in turn_marks(
                text,
                [
                    (a, b, sp)
                    for a, b, sp in s.execute(
                        select(Turn.start, Turn.end, Turn.speaker).where(
                            Turn.document_id == document_id
                        )
                    )
                ],
            )
        }
        sentences = [
            _without_label(text, a, b, labels)
            for a, b in s.execute(
                select(Sentence.start, Sentence.end)
                .where(Sentence.document_id == document_id)
                .order_by(Sentence.start)
            )
        ]
        codes = s.execute(
            select(Code.id, Code.guid, Code.name, Code.colour, Code.keywords, Code.synonyms).where(
                Code.status == "active"
            )
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
    by_guid = {guid: (cid, name, colour) for cid, guid, name, colour, _, _ in codes}
    keywords = {
        guid: tuple(k for k in (*kws, *syns) if k.strip())
        for _, guid, _, _, kws, syns in codes
        if kws or syns
    }
    if keywords and text:
        starts = [a for a, _ in sentences]
        found: dict[tuple[int, int, str], list[str]] = {}
        for m in _matcher(keywords, project.config.nlp.get("model"))(text):
            i = bisect_right(starts, m.start) - 1
            a, b = sentences[i] if i >= 0 and sentences[i][1] >= m.end else (m.start, m.end)
            words = found.setdefault((a, b, m.code_id), [])
            if m.keyword not in words:
                words.append(m.keyword)
        for (a, b, guid), words in found.items():
            cid, name, colour = by_guid[guid]
            if any(c == cid and s0 < b and a < e0 for c, s0, e0 in coded):
                continue
            key = f"{document_id}:code:{a}:{b}:{guid}"
            if key in rejected:
                continue
            shown = ", ".join(repr(w) for w in words[:3])
            out.append(
                Suggestion(
                    key=key,
                    kind="code",
                    document_id=document_id,
                    start=a,
                    end=b,
                    code=guid,
                    code_name=name,
                    colour=colour,
                    reason=f"keyword {shown}" if len(words) == 1 else f"keywords {shown}",
                )
            )
    out.sort(key=lambda x: (x.start, x.kind != "date", x.end, x.code_name))
    return out


def accept_suggestion(project: Project, *, suggestion: Suggestion, coder: str) -> SegmentInfo:
    """Store a suggestion: a code one as a coding with origin ``suggested``, a date one as the
    segment's own event date."""
    if suggestion.kind == "code":
        return apply_code(
            project,
            document_id=suggestion.document_id,
            start=suggestion.start,
            end=suggestion.end,
            code=suggestion.code,
            coder=coder,
            origin="suggested",
        )
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
