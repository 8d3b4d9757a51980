"""Agreement between coders: load units and codings, hand plain data to ``agreement``.

Only documents that every compared coder coded are compared (unless documents are
named): a document one coder never opened is not a disagreement. Units are sentences,
speaker turns (documents without turns fall back to paragraphs), paragraphs or
characters. ``rollup`` counts a child code as its top-level parent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from workbench.agreement import (
    DocumentCodings,
    agreement_by_code,
    align_units,
    binary_unitized_alpha,
)
from workbench.core.errors import InputError
from workbench.ingest.text import paragraph_spans
from workbench.services.resolve import CodeResolver, coder_by_handle, document_by_ref
from workbench.store.models import Coding, Document, Sentence, Turn

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from workbench.agreement import AgreementReportResult, UnitizedAlphaResult
    from workbench.store.project import Project

UNITS = ("sentence", "turn", "paragraph", "character")
BINS = ("year", "none")


@dataclass(frozen=True, slots=True)
class LoadedDocument:
    id: int
    title: str
    text: str
    year: int | None
    units: tuple[tuple[int, int], ...] | str
    segments: dict[str, list[tuple[int, int, str]]]


@dataclass(frozen=True, slots=True)
class AgreementRun:
    """The statistics plus what a reader needs to interpret them."""

    report: AgreementReportResult
    unit: str
    documents: tuple[str, ...]
    code_paths: dict[str, str]
    unitized: tuple[UnitizedAlphaResult, ...]
    notes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Disagreement:
    document: str
    start: int
    end: int
    text: str
    code: str
    with_code: tuple[str, ...]
    without_code: tuple[str, ...]


def _units(s: Session, doc: Document, unit: str, notes: list[str]) -> Any:
    if unit == "character":
        return "character"
    if unit == "sentence":
        rows = s.execute(
            select(Sentence.start, Sentence.end)
            .where(Sentence.document_id == doc.id)
            .order_by(Sentence.start)
        ).all()
        if rows:
            return tuple((a, b) for a, b in rows)
        notes.append(f"{doc.title!r} has no sentences stored: paragraphs used")
    if unit == "turn":
        rows = s.execute(
            select(Turn.start, Turn.end).where(Turn.document_id == doc.id).order_by(Turn.start)
        ).all()
        if rows:
            return tuple((a, b) for a, b in rows)
        notes.append(f"{doc.title!r} has no speaker turns: paragraphs used")
    return paragraph_spans(doc.text) or ((0, doc.length),)


def load_documents(
    project: Project,
    *,
    coders: list[str],
    unit: str = "sentence",
    codes: list[str] | None = None,
    documents: list[str] | None = None,
    rollup: bool = False,
) -> tuple[list[LoadedDocument], dict[str, str], list[str]]:
    """Units and each coder's (start, end, code) segments for the compared documents."""
    if unit not in UNITS:
        raise InputError(f"unit must be one of {', '.join(UNITS)}, not {unit!r}")
    if len(coders) < 2:
        raise InputError("agreement needs at least two coders (--coders a,b)")
    notes: list[str] = []
    with project.uow() as uow:
        s = uow.session
        resolver = CodeResolver(s)
        who = {coder_by_handle(s, c).id: c for c in coders}

        def label(code_id: int) -> str:
            code = resolver.codes[code_id]
            while rollup and code.parent_id is not None:
                code = resolver.codes[code.parent_id]
            return code.guid

        wanted = {label(resolver.get(c).id) for c in codes} if codes else None
        rows = s.execute(
            select(
                Coding.document_id, Coding.coder_id, Coding.start, Coding.end, Coding.code_id
            ).where(Coding.coder_id.in_(who))
        ).all()
        by_doc: dict[int, dict[str, list[tuple[int, int, str]]]] = {}
        for doc_id, coder_id, start, end, code_id in rows:
            code = label(code_id)
            segs = by_doc.setdefault(doc_id, {c: [] for c in coders})
            if wanted is None or code in wanted:
                segs[who[coder_id]].append((start, end, code))
        if documents:
            ids = [document_by_ref(s, d).id for d in documents]
        else:
            per_doc = {}
            for doc_id, coder_id, *_ in rows:
                per_doc.setdefault(doc_id, set()).add(coder_id)
            ids = sorted(d for d, cs in per_doc.items() if len(cs) == len(who))
        if not ids:
            raise InputError(f"no document was coded by all of {', '.join(coders)}")
        loaded = []
        for doc_id in ids:
            doc = s.get_one(Document, doc_id)
            loaded.append(
                LoadedDocument(
                    doc.id,
                    doc.title,
                    doc.text,
                    doc.date_start.year if doc.date_start else None,
                    _units(s, doc, unit, notes),
                    by_doc.get(doc_id, {c: [] for c in coders}),
                )
            )
        paths = {c.guid: resolver.path(c) for c in resolver.codes.values()}
    return loaded, paths, notes


def compute_agreement(
    project: Project,
    *,
    coders: list[str],
    unit: str = "sentence",
    codes: list[str] | None = None,
    documents: list[str] | None = None,
    min_share: float | None = None,
    exclude_uncoded: bool = False,
    rollup: bool = False,
    bootstrap: int = 0,
    seed: int = 1,
    over_time: str = "none",
) -> AgreementRun:
    if over_time not in BINS:
        raise InputError(f"--over-time must be one of {', '.join(BINS)}")
    if min_share is not None and not 0 < min_share <= 1:
        raise InputError("--min-share must be in (0, 1]")
    loaded, paths, notes = load_documents(
        project, coders=coders, unit=unit, codes=codes, documents=documents, rollup=rollup
    )
    docs = {}
    for d in loaded:
        groups = None
        if over_time == "year":
            n = len(d.text) if d.units == "character" else len(d.units)
            groups = [str(d.year) if d.year else "undated"] * n
        docs[f"{d.title} #{d.id}"] = DocumentCodings(len(d.text), d.segments, d.units, groups)
    code_list = sorted({c for d in loaded for segs in d.segments.values() for *_, c in segs})
    report = agreement_by_code(
        docs,
        coders=coders,
        codes=code_list,
        min_share=min_share,
        exclude_uncoded=exclude_uncoded,
        bootstrap_replicates=bootstrap,
        rng=seed,
    )
    unitized = _unitized(loaded, coders, [c.code for c in report.codes])
    return AgreementRun(report, unit, tuple(d.title for d in loaded), paths, unitized, tuple(notes))


def _unitized(
    loaded: list[LoadedDocument], coders: list[str], codes: list[str]
) -> tuple[UnitizedAlphaResult, ...]:
    """|u-alpha per code on one continuum: the documents laid end to end."""
    offset = 0
    continuum: dict[str, list[tuple[int, int, str]]] = {c: [] for c in coders}
    for d in loaded:
        for coder, segs in d.segments.items():
            continuum[coder].extend((a + offset, b + offset, code) for a, b, code in segs)
        offset += len(d.text)
    return tuple(binary_unitized_alpha(offset, continuum, codes=[code]) for code in codes)


def list_disagreements(
    project: Project,
    *,
    coders: list[str],
    code: str,
    unit: str = "sentence",
    documents: list[str] | None = None,
    min_share: float | None = None,
    rollup: bool = False,
) -> list[Disagreement]:
    """Every unit where the coders differ on ``code``, with its text."""
    loaded, paths, _ = load_documents(
        project, coders=coders, unit=unit, codes=[code], documents=documents, rollup=rollup
    )
    with project.uow() as uow:
        guid = CodeResolver(uow.session).get(code).guid
    out = []
    for d in loaded:
        spans = [[(a, b) for a, b, c in d.segments[coder] if c == guid] for coder in coders]
        aligned = align_units(len(d.text), d.units, spans, min_share=min_share)
        for row, unit_index in zip(aligned.matrix, aligned.unit_index, strict=True):
            values = [bool(v) for v in row]
            if all(values) or not any(values):
                continue
            if d.units == "character":
                start, end = int(unit_index), int(unit_index) + 1
            else:
                start, end = d.units[int(unit_index)]
            out.append(
                Disagreement(
                    d.title,
                    start,
                    end,
                    d.text[start:end],
                    paths.get(guid, guid),
                    tuple(c for c, v in zip(coders, values, strict=True) if v),
                    tuple(c for c, v in zip(coders, values, strict=True) if not v),
                )
            )
    return out
