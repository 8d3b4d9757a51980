"""Agreement between coders: load units and codings, hand plain data to ``agreement``.

Only documents that every compared coder coded are compared (unless documents are
named, or ``partial`` is set): a document one coder never opened is not a disagreement.
Documents left out that way are listed in the run and said out loud in its notes, since
a coder who read a document and found nothing to code is a real disagreement the lead may
want counted (``partial`` counts them, the missing coder as coding nothing). Units are sentences,
speaker turns (documents without turns fall back to paragraphs), paragraphs or
characters. ``rollup`` counts a child code as its top-level parent.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import select

from workbench.agreement import (
    DocumentCodings,
    agreement_by_code,
    align_units,
    binary_unitized_alpha,
)
from workbench.agreement.document_bootstrap import ONE_DOCUMENT, continuum_intervals
from workbench.agreement.holsti import HolstiResult, holsti_index
from workbench.agreement.unitized_classic import (
    ClassicUnitizedResult,
    classic_unitized_alpha_documents,
)
from workbench.core.errors import InputError
from workbench.ingest.text import paragraph_spans
from workbench.services.resolve import CodeResolver, coder_by_handle, document_by_ref
from workbench.store.models import Coding, Document, Sentence, Turn

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from workbench.agreement import AgreementReportResult, UnitizedAlphaResult
    from workbench.agreement.intervals import IntervalResult
    from workbench.store.project import Project

UNITS = ("sentence", "turn", "paragraph", "character")
_R = TypeVar("_R", "UnitizedAlphaResult", ClassicUnitizedResult)
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
class LeftOut:
    """A document some but not all of the compared coders coded, hence not compared."""

    id: int
    title: str
    coded_by: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AgreementRun:
    """The statistics plus what a reader needs to interpret them."""

    report: AgreementReportResult
    unit: str
    documents: tuple[str, ...]
    code_paths: dict[str, str]
    unitized: tuple[UnitizedAlphaResult, ...]
    notes: tuple[str, ...]
    document_ids: tuple[int, ...] = ()
    left_out: tuple[LeftOut, ...] = ()
    holsti: tuple[HolstiResult, ...] = ()  # per code, then pooled over codes
    unitized_classic: tuple[ClassicUnitizedResult, ...] = ()  # per code (1995/2004 u-alpha)
    clustered: bool = True


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


def check_coders(coders: list[str]) -> None:
    """Two or more coders, each named once."""
    if len(coders) < 2:
        raise InputError("agreement needs at least two coders (--coders a,b)")
    seen: set[str] = set()
    for handle in coders:
        if handle in seen:
            raise InputError(
                f"--coders names {handle!r} twice: agreement compares different coders"
            )
        seen.add(handle)


def load_documents(
    project: Project,
    *,
    coders: list[str],
    unit: str = "sentence",
    codes: list[str] | None = None,
    documents: list[str] | None = None,
    rollup: bool = False,
    partial: bool = False,
    left_out: list[LeftOut] | None = None,
) -> tuple[list[LoadedDocument], dict[str, str], list[str]]:
    """Units and each coder's (start, end, code) segments for the compared documents.

    Documents coded by only some of ``coders`` are compared when ``partial`` (the others
    count as coding nothing there); otherwise they are appended to ``left_out`` and named
    in a note.
    """
    if unit not in UNITS:
        raise InputError(f"unit must be one of {', '.join(UNITS)}, not {unit!r}")
    check_coders(coders)
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
        ids = compared_documents(
            s,
            rows=[(doc_id, coder_id) for doc_id, coder_id, *_ in rows],
            who=who,
            coders=coders,
            documents=documents,
            partial=partial,
            left_out=left_out,
            notes=notes,
        )
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


def who_id(who: dict[int, str], handle: str) -> int:
    return next(i for i, h in who.items() if h == handle)


def compared_documents(
    s: Session,
    *,
    rows: list[tuple[int, int]],
    who: dict[int, str],
    coders: list[str],
    documents: list[str] | None,
    partial: bool,
    left_out: list[LeftOut] | None,
    notes: list[str],
) -> list[int]:
    """The documents to compare, from (document, coder) pairs of the coders' codings.

    Named ``documents`` are compared as named. Otherwise documents every coder coded, and
    with ``partial`` also those only some coded; those left out are added to ``left_out``
    and named in the first note, so that nothing is dropped silently.
    """
    if documents:
        return list(dict.fromkeys(document_by_ref(s, d).id for d in documents))
    per_doc: dict[int, set[int]] = {}
    for doc_id, coder_id in rows:
        per_doc.setdefault(doc_id, set()).add(coder_id)
    ids = sorted(d for d, cs in per_doc.items() if len(cs) == len(who) or partial)
    some = sorted(d for d, cs in per_doc.items() if len(cs) < len(who))
    if some and not partial:
        titles = {
            row.id: row.title
            for row in s.execute(select(Document.id, Document.title).where(Document.id.in_(some)))
        }
        found = [
            LeftOut(d, titles[d], tuple(c for c in coders if who_id(who, c) in per_doc[d]))
            for d in some
        ]
        if left_out is not None:
            left_out.extend(found)
        shown = "; ".join(f"{x.title!r} (only {', '.join(x.coded_by)})" for x in found[:3])
        more = f" and {len(found) - 3} more" if len(found) > 3 else ""
        notes.insert(
            0,
            f"{len(found)} document{'s' if len(found) != 1 else ''} coded by only "
            f"some of {', '.join(coders)} left out: {shown}{more}; --include-partial "
            "compares them, a coder without codings there counting as coding nothing",
        )
    return ids


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
    partial: bool = False,
    bootstrap_method: str = "units",
    cluster_by_document: bool = True,
) -> AgreementRun:
    """Every statistic per code and pooled over the compared documents.

    Intervals are computed across documents (``cluster_by_document``): the kappa family
    and percent agreement always, alpha when ``bootstrap`` replicates are asked for.
    """
    if over_time not in BINS:
        raise InputError(f"--over-time must be one of {', '.join(BINS)}")
    if min_share is not None and not 0 < min_share <= 1:
        raise InputError("--min-share must be in (0, 1]")
    if bootstrap < 0:
        raise InputError("--bootstrap must be 0 or more replicates")
    left_out: list[LeftOut] = []
    loaded, paths, notes = load_documents(
        project,
        coders=coders,
        unit=unit,
        codes=codes,
        documents=documents,
        rollup=rollup,
        partial=partial,
        left_out=left_out,
    )
    clustered = cluster_by_document and len(loaded) >= 2
    if cluster_by_document and len(loaded) < 2:
        notes.append("one document compared: intervals treat its units as independent")
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
        domains=_domains(project),
        coders=coders,
        codes=code_list,
        min_share=min_share,
        exclude_uncoded=exclude_uncoded,
        bootstrap_replicates=bootstrap,
        rng=seed,
        cluster_by_document=clustered,
        bootstrap_method=bootstrap_method,
    )
    code_list = [c.code for c in report.codes]
    unitized, classic = _unitized(loaded, coders, code_list, bootstrap=bootstrap, seed=seed)
    if bootstrap and len(loaded) < 2:
        notes.append(f"the continuum alphas' intervals resample documents: {ONE_DOCUMENT}")
    segments = {str(d.id): d.segments for d in loaded}
    holsti = (
        *(holsti_index(segments, coders, codes={code}) for code in code_list),
        holsti_index(segments, coders),
    )
    return AgreementRun(
        report,
        unit,
        tuple(d.title for d in loaded),
        paths,
        unitized,
        tuple(notes),
        document_ids=tuple(d.id for d in loaded),
        left_out=tuple(left_out),
        holsti=holsti,
        clustered=clustered,
        unitized_classic=classic,
    )


def _domains(project: Project) -> dict[str, str]:
    """Each code's domain: its top-level code (the codes of one subtree form one variable)."""
    with project.uow() as uow:
        resolver = CodeResolver(uow.session)
        out = {}
        for code in resolver.codes.values():
            top = code
            while top.parent_id is not None:
                top = resolver.codes[top.parent_id]
            out[code.guid] = top.guid
        return out


def _unitized(
    loaded: list[LoadedDocument],
    coders: list[str],
    codes: list[str],
    *,
    bootstrap: int = 0,
    seed: int = 1,
) -> tuple[tuple[UnitizedAlphaResult, ...], tuple[ClassicUnitizedResult, ...]]:
    """|u-alpha (2016) per code on one continuum, the documents laid end to end, and
    u-alpha (1995/2004) with each document keeping its own gaps (so that the figure does
    not depend on the order of the documents); with ``bootstrap`` replicates, each with
    its interval across documents (always documents: a continuum has no units to draw)."""
    offset = 0
    continuum: dict[str, list[tuple[int, int, str]]] = {c: [] for c in coders}
    for d in loaded:
        for coder, segs in d.segments.items():
            continuum[coder].extend((a + offset, b + offset, code) for a, b, code in segs)
        offset += len(d.text)
    binary = tuple(binary_unitized_alpha(offset, continuum, codes=[code]) for code in codes)
    classic: tuple[ClassicUnitizedResult, ...] = ()
    if offset > 0:
        classic = classic_unitized_alpha_documents(
            [(len(d.text), d.segments) for d in loaded], codes
        )
    if bootstrap <= 0 or offset == 0:
        return binary, classic
    found = continuum_intervals(
        [(len(d.text), d.segments) for d in loaded],
        codes,
        n_replicates=bootstrap,
        rng=seed,
    )
    binary = tuple(
        _with_interval(result, found.binary.get(code))
        for result, code in zip(binary, codes, strict=True)
    )
    classic = tuple(
        _with_interval(result, found.classic.get(code))
        for result, code in zip(classic, codes, strict=True)
    )
    return binary, classic


def _with_interval(result: _R, found: tuple[IntervalResult | None, str | None] | None) -> _R:
    """The result with its interval, or the reason it has none (nothing if undefined)."""
    if found is None or result.value is None:
        return result
    return replace(result, interval=found[0], interval_reason=found[1])


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
    with project.uow() as uow:
        guid = CodeResolver(uow.session).get(code).guid
    found = list_all_disagreements(
        project,
        coders=coders,
        codes=[code],
        unit=unit,
        documents=documents,
        min_share=min_share,
        rollup=rollup,
    )
    return found.get(guid, [])


def list_all_disagreements(
    project: Project,
    *,
    coders: list[str],
    codes: list[str] | None = None,
    unit: str = "sentence",
    documents: list[str] | None = None,
    min_share: float | None = None,
    rollup: bool = False,
) -> dict[str, list[Disagreement]]:
    """The units where the coders differ, per code (guid), loading the documents once."""
    check_coders(coders)
    loaded, paths, _ = load_documents(
        project, coders=coders, unit=unit, codes=codes, documents=documents, rollup=rollup
    )
    out: dict[str, list[Disagreement]] = {}
    for d in loaded:
        present = sorted({c for segs in d.segments.values() for *_, c in segs})
        for guid in present:
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
                out.setdefault(guid, []).append(
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
