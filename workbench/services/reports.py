"""Reports: gather what each report needs from the other services, hand it to ``report``.

This is the only module that calls services for reports; the builders in
``workbench.report`` are pure (results in, a ``Report`` out) and the renderers never see
a project. Each ``build_*_report`` returns the report as data; ``workbench.report.export``
writes it in any format.

Defaults a reader must know are printed in the report itself: which coders (``consensus``
when adjudicated codings exist, otherwise every coder's codings together), which scheme,
and the command that rebuilds the report.
"""

from __future__ import annotations

import datetime as dt
import shlex
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from workbench import __version__
from workbench.core.errors import InputError
from workbench.report.inputs import CodeLabel, CodeNames, Provenance

if TYPE_CHECKING:
    from collections.abc import Sequence

    from workbench.report.model import MemoNote, Report
    from workbench.services.memos import MemoInfo
    from workbench.services.records import CodeInfo, CodingInfo
    from workbench.store.project import Project

REPORTS = ("phases", "agreement", "codebook", "segments", "matrix")
CONSENSUS = "consensus"


# --------------------------------------------------------------------------- shared


def _command(kind: str, options: Sequence[tuple[str, object]]) -> str:
    """The ``workbench report`` command that rebuilds this report (format and file aside)."""
    words = ["workbench", "report", kind]
    for flag, value in options:
        if value is None or value is False:
            continue
        if value is True:
            words.append(flag)
        elif isinstance(value, list | tuple):
            words += [flag, ",".join(str(v) for v in value)]
        else:
            words += [flag, str(value)]
    return shlex.join(words)


def _provenance(
    project: Project,
    kind: str,
    options: Sequence[tuple[str, object]],
    coders: Sequence[str],
    settings: Sequence[tuple[str, str]] = (),
) -> Provenance:
    return Provenance(
        project=project.name,
        workbench_version=__version__,
        generated=dt.datetime.now(dt.UTC).replace(microsecond=0),
        command=_command(kind, options),
        coders=tuple(coders),
        settings=tuple(settings),
    )


def _codes(project: Project) -> list[CodeInfo]:
    from workbench.services.codebook import list_codes

    return list_codes(project.reader(), include_inactive=True)


def code_names(codes: Sequence[CodeInfo]) -> CodeNames:
    """Code ids to names and paths, in codebook order."""
    return CodeNames(
        tuple(CodeLabel(c.guid, c.name, c.path, c.depth, c.parent_guid) for c in codes)
    )


def default_coders(
    project: Project, given: Sequence[str] | None, *, required: bool = True
) -> list[str]:
    """``given``; else ``consensus`` if it has codings; else every coder with codings.

    With no codings at all this is an error, unless not ``required`` (a codebook report
    is worth having before anyone has coded)."""
    from workbench.services.coders import list_coders

    if given:
        return list(given)
    coders = [c for c in list_coders(project.reader()) if c.codings]
    if any(c.handle == CONSENSUS for c in coders):
        return [CONSENSUS]
    if not coders and required:
        raise InputError("no codings yet: code some segments first")
    return sorted(c.handle for c in coders)


def _coder_note(coders: Sequence[str], given: Sequence[str] | None) -> str:
    if not coders:
        return "No codings yet."
    if given:
        return f"Codings of {', '.join(coders)}."
    if list(coders) == [CONSENSUS]:
        return "Codings of the consensus coder (adjudicated codings); use --coder to choose."
    return (
        f"Codings of every coder together ({', '.join(coders)}); where several coders coded "
        "the same document, each coder's segments count. Use --coder to choose."
    )


def _memos(project: Project) -> list[MemoInfo]:
    """Every memo of the project, oldest first (a report reads as the thinking went)."""
    from workbench.services.memos import list_memos

    return sorted(list_memos(project), key=lambda m: (m.updated_at, m.id))


def _note(memo: MemoInfo) -> MemoNote:
    from workbench.report.model import MemoNote

    return MemoNote(memo.body, memo.coder, memo.title, memo.updated_at.date().isoformat())


# --------------------------------------------------------------------------- phases


def build_phase_report(
    project: Project,
    *,
    scheme: str | None = None,
    coders: Sequence[str] | None = None,
    level: int | None = None,
    freq: str = "quarter",
    basis: str = "event",
    bootstrap: int = 200,
    seed: int = 1,
    time_basis: bool = True,
    memos: bool = True,
) -> Report:
    """Bracket the project (as ``workbench bracket`` does) and write the result up.

    With phase markers in the codebook the report adds the rule-based phase map (default
    rules, as ``bracket --phase-map``); with ``time_basis`` it brackets on both time
    bases (as ``workbench time-basis``) and says what the basis changes. Each exemplar
    quote comes with its memos, unless not ``memos``."""
    from workbench.report.phase_report import build_phase_report as build
    from workbench.services.bracketing import run_bracketing
    from workbench.services.case_bracketing import project_case_names, run_case_timing
    from workbench.services.codings import list_codings
    from workbench.services.phase_map import phase_map_rules

    chosen = default_coders(project, coders)
    params: dict[str, Any] = {"bin_unit": freq, "bootstrap": bootstrap, "seed": seed}
    try:
        setup = phase_map_rules(project, level=level)
    except InputError:  # the codebook marks no phase: no map to report
        setup = None
    result, events = run_bracketing(
        project,
        scheme=scheme,
        coders=chosen,
        level=level,
        basis=basis,
        params=params,
        rules=setup.rules if setup else None,
    )
    justifications: dict[str, str] = {}
    description = None
    if scheme:
        from workbench.services.phases import list_phases

        justifications = {
            p.label: p.justification for p in list_phases(project, scheme=scheme) if p.justification
        }
        description = _scheme_description(project, scheme)
    wanted = {
        e.event_id
        for seg in (result.researcher, result.proposal.segmentation)
        if seg is not None
        for p in seg.phases
        for e in p.exemplars
    }
    quotes: dict[int | str, str] = {}
    exemplar_memos: dict[int | str, list[MemoNote]] = {}
    if wanted:
        from workbench.report.model import MemoNote

        for coder in chosen:
            for c in list_codings(project.reader(), coder=coder):
                if c.id in wanted:
                    quotes[c.id] = c.quote
                    if memos and c.memo and c.memo.strip():
                        exemplar_memos.setdefault(c.id, []).append(MemoNote(c.memo, c.coder))
        for m in _memos(project) if memos else ():
            if m.kind == "segment" and m.coding_id in wanted:
                exemplar_memos.setdefault(m.coding_id, []).append(_note(m))
    options = [
        ("--scheme", scheme),
        ("--coder", chosen),
        ("--level", level),
        ("--freq", freq),
        ("--basis", basis if basis != "event" else None),
        ("--bootstrap", bootstrap if bootstrap != 200 else None),
        ("--seed", seed if seed != 1 else None),
        ("--no-memos", not memos),
    ]
    provenance = _provenance(project, "phases", options, events.coders or chosen)
    timing = (
        run_case_timing(project, result, events, replicates=bootstrap, seed=seed)
        if project_case_names(project)
        else None
    )
    paths = None
    if timing is not None and not timing.note:
        from workbench.services.case_paths import compare_case_paths

        paths = compare_case_paths(result, timing)
    comparison, left_out, failed = None, 0, None
    if time_basis:
        from workbench.services.time_basis import compare_bases

        try:
            run = compare_bases(project, scheme=scheme, coders=chosen, level=level, params=params)
            comparison, left_out = run.comparison, run.n_event_only
        except InputError as exc:
            failed = f"bracketing on narration time could not be done ({exc})"
    return build(
        result,
        provenance=provenance,
        codes=code_names(_codes(project)),
        scheme=scheme,
        scheme_description=description,
        justifications=justifications,
        basis=basis,
        level=level,
        quotes=quotes,
        exemplar_memos=exemplar_memos,
        case_timing=timing,
        case_paths=paths,
        phase_map_rules=setup.rules if setup else None,
        phase_map_notes=setup.notes if setup else (),
        time_basis=comparison,
        time_basis_left_out=left_out,
        time_basis_failed=failed,
    )


def _scheme_description(project: Project, scheme: str) -> str | None:
    from sqlalchemy import select

    from workbench.store.models import BracketScheme

    with project.reader() as uow:
        return uow.session.scalar(
            select(BracketScheme.description).where(BracketScheme.name == scheme)
        )


def _resolve_scheme(project: Project, scheme: str | None) -> tuple[str | None, str]:
    """``scheme``, else the project's only scheme; with the note a report prints about it."""
    from workbench.services.phases import list_phases

    if scheme:
        list_phases(project, scheme=scheme)  # raises NotFoundError for an unknown scheme
        return scheme, ""
    names = sorted({p.scheme for p in list_phases(project)})
    if len(names) == 1:
        return names[0], ""
    if not names:
        return None, "No bracket scheme yet: define phases ('workbench phases load') for this."
    return None, (
        f"The project has {len(names)} schemes ({', '.join(names)}): choose one with --scheme."
    )


def _phase_windows(project: Project, scheme: str) -> list[Any]:
    from workbench.report.matrices import PhaseWindow
    from workbench.services.phases import list_phases

    return [
        PhaseWindow(p.label, dt.date.fromisoformat(p.start), dt.date.fromisoformat(p.end))
        for p in list_phases(project, scheme=scheme)
    ]


def _codings(project: Project, coders: Sequence[str]) -> list[CodingInfo]:
    from workbench.services.codings import list_codings

    out: list[CodingInfo] = []
    for coder in coders:
        out += list_codings(project.reader(), coder=coder)
    return out


def _cases(project: Project) -> dict[int, str | None]:
    from workbench.services.documents import list_documents

    return {d.id: d.case for d in list_documents(project)}


def _case_order(cases: dict[int, str | None]) -> list[str]:
    from workbench.report.matrices import NO_CASE

    named = sorted({c for c in cases.values() if c})
    return [*named, NO_CASE] if any(c is None for c in cases.values()) else named


def _rollup(codes: Sequence[CodeInfo], level: int | None) -> dict[str, str]:
    """Each code id to its ancestor at depth ``level`` (itself when shallower or ``None``)."""
    parents = {c.guid: c.parent_guid for c in codes}
    depth = {c.guid: c.depth for c in codes}
    out = {}
    for c in codes:
        guid = c.guid
        while level is not None and depth[guid] > level and parents[guid] is not None:
            guid = parents[guid]  # type: ignore[assignment]
        out[c.guid] = guid
    return out


# --------------------------------------------------------------------------- agreement


def _agreement_coders(project: Project, given: Sequence[str] | None) -> list[str]:
    from workbench.services.coders import list_coders

    if given:
        return list(given)
    coders = [c for c in list_coders(project.reader()) if c.codings and c.handle != CONSENSUS]
    plain = [c.handle for c in coders if c.role == "coder"]
    chosen = plain if len(plain) >= 2 else [c.handle for c in coders]
    if len(chosen) < 2:
        raise InputError("agreement needs two coders with codings: pass --coder a,b")
    return sorted(chosen)


def build_agreement_report(
    project: Project,
    *,
    coders: Sequence[str] | None = None,
    unit: str = "sentence",
    codes: Sequence[str] | None = None,
    rollup: bool = False,
    min_share: float | None = None,
    exclude_uncoded: bool = False,
    bootstrap: int = 1000,
    seed: int = 1,
    over_time: str = "none",
    examples: int = 3,
    dates: bool = True,
    scheme: str | None = None,
    date_basis: str = "resolved",
) -> Report:
    """Agreement as ``workbench agree`` computes it, with examples of the units split on,
    agreement on the dates of passages both coders coded and, with ``scheme``, on phases."""
    from workbench.report.agreement_report import build_agreement_report as build
    from workbench.report.inputs import DisagreementExample
    from workbench.services.agreement import compute_agreement, list_all_disagreements

    chosen = _agreement_coders(project, coders)
    run = compute_agreement(
        project,
        coders=chosen,
        unit=unit,
        codes=list(codes) if codes else None,
        min_share=min_share,
        exclude_uncoded=exclude_uncoded,
        rollup=rollup,
        bootstrap=bootstrap,
        seed=seed,
        over_time=over_time,
    )
    found: list[DisagreementExample] = []
    split = list_all_disagreements(
        project,
        coders=chosen,
        codes=list(codes) if codes else None,
        unit=unit,
        min_share=min_share,
        rollup=rollup,
    )
    for code in run.report.codes:
        percent = code.statistics.percent_agreement.value
        if percent is None or percent >= 1.0:
            continue  # nothing to show: the coders never split on this code
        for d in split.get(code.code, []):
            found.append(
                DisagreementExample(
                    code.code, d.document, d.start, d.end, d.text, d.with_code, d.without_code
                )
            )
    options = [
        ("--coder", chosen),
        ("--unit", unit if unit != "sentence" else None),
        ("--codes", list(codes) if codes else None),
        ("--rollup", rollup),
        ("--min-share", min_share),
        ("--exclude-uncoded", exclude_uncoded),
        ("--bootstrap", bootstrap or None),
        ("--seed", seed if seed != 1 else None),
        ("--over-time", over_time if over_time != "none" else None),
        ("--no-dates", not dates),
        ("--phases", scheme),
        ("--date-basis", date_basis if date_basis != "resolved" else None),
    ]
    names = code_names(_codes(project))
    from workbench.services.date_report import date_sections

    extra = date_sections(
        project, chosen, codes, rollup, names, dates, scheme, date_basis, bootstrap, seed
    )
    return build(
        run.report,
        provenance=_provenance(project, "agreement", options, chosen),
        codes=names,
        unit=run.unit,
        documents=run.documents,
        unitized=run.unitized,
        holsti=run.holsti,
        unitized_classic=run.unitized_classic,
        notes=run.notes,
        disagreements=found,
        examples_per_code=examples,
        rollup=rollup,
        extra_sections=extra,
        left_out=tuple((d.title, ", ".join(d.coded_by)) for d in run.left_out),
    )


# --------------------------------------------------------------------------- codebook


def _codebook_infos(project: Project) -> list[Any]:
    from workbench.report.inputs import CodebookInfo
    from workbench.services.codebook import validate_codebook

    out = []
    for entry in project.config.codebooks:
        try:
            book = validate_codebook(project.root / entry)
        except Exception:  # a moved or broken file: the codes in the database still report
            continue
        out.append(CodebookInfo(book.id, book.name, book.version, book.description))
    return out


def build_codebook_report(
    project: Project,
    *,
    coders: Sequence[str] | None = None,
    scheme: str | None = None,
    memos: bool = True,
) -> Report:
    """The codebook with each code's definition, criteria, examples and frequencies; the
    project's memos after its introduction and each code's under its definition (every
    coder's: a memo is read by the whole team), unless not ``memos``."""
    from collections import Counter

    from workbench.report.codebook_report import build_codebook_report as build
    from workbench.report.inputs import CodeDefinition
    from workbench.report.matrices import CodedSpan, code_by_case, code_by_phase

    infos = _codes(project)
    chosen = default_coders(project, coders, required=False)
    codings = _codings(project, chosen)
    cases = _cases(project)
    counts = Counter(c.code for c in codings)
    documents: dict[str, set[int]] = {}
    for c in codings:
        documents.setdefault(c.code, set()).add(c.document_id)
    spans = [
        CodedSpan(str(c.document_id), cases.get(c.document_id), c.start, c.end, c.code, c.coder)
        for c in codings
    ]
    order = [c.guid for c in infos]
    by_case = code_by_case(spans, codes=order, cases=_case_order(cases)) if spans else None
    scheme_name, scheme_note = _resolve_scheme(project, scheme)
    by_phase = None
    if scheme_name is not None and chosen:
        by_phase = code_by_phase(
            _dated(project, chosen), _phase_windows(project, scheme_name), codes=order
        )
    definitions = [
        CodeDefinition(
            id=c.guid,
            name=c.name,
            path=c.path,
            depth=c.depth,
            parent=c.parent_guid,
            status=c.status,
            description=c.description,
            inclusion=c.inclusion,
            exclusion=c.exclusion,
            examples=c.examples,
            keywords=c.keywords,
            synonyms=c.synonyms,
            phase_markers=c.phase_markers,
            shortcut=c.shortcut,
            codings=counts.get(c.guid, 0),
        )
        for c in infos
        if c.status == "active" or counts.get(c.guid, 0)
    ]
    options = [
        ("--coder", chosen if coders else None),
        ("--scheme", scheme),
        ("--no-memos", not memos),
    ]
    project_memos: list[MemoNote] = []
    code_memos: dict[str, list[MemoNote]] = {}
    for m in _memos(project) if memos else ():
        if m.kind == "project":
            project_memos.append(_note(m))
        elif m.kind == "code" and m.code_guid is not None:
            code_memos.setdefault(m.code_guid, []).append(_note(m))
    return build(
        definitions,
        provenance=_provenance(project, "codebook", options, chosen),
        codebooks=_codebook_infos(project),
        by_case=by_case,
        by_phase=by_phase,
        documents_per_code={k: len(v) for k, v in documents.items()},
        coder_note=_coder_note(chosen, coders),
        scheme=scheme_name,
        scheme_note=scheme_note,
        project_memos=project_memos,
        code_memos=code_memos,
        memos_left_out=not memos,
    )


def _dated(project: Project, coders: Sequence[str], level: int | None = None) -> list[Any]:
    """(code, start, end) of every dated segment, dated as the bracketing dates them."""
    from workbench.report.matrices import DatedCode
    from workbench.services.bracketing import collect_events

    events = collect_events(project, coders=coders, level=level)
    return [DatedCode(e.theme, e.start, e.end) for e in events.dated]


# --------------------------------------------------------------------------- segments


def build_segment_report(
    project: Project,
    *,
    coders: Sequence[str] | None = None,
    codes: Sequence[str] | None = None,
    context: int = 120,
    limit: int | None = None,
    memos: bool = True,
) -> Report:
    """Every segment of each code (``codes`` and their sub-codes; default: all), in context;
    each segment with its memos, and the memos on the documents shown (every coder's),
    unless not ``memos``."""
    from workbench.report.inputs import SegmentRecord
    from workbench.report.segment_report import build_segment_report as build
    from workbench.services.retrieval import retrieve_segments

    if context < 0:
        raise InputError("--context must be 0 or more characters")
    infos = _codes(project)
    chosen = default_coders(project, coders)
    wanted = _subtree(project, infos, codes)
    used = {c.code for c in _codings(project, chosen)}
    records: list[SegmentRecord] = []
    totals: dict[str, int] = {}
    for info in infos:
        if info.guid not in wanted or info.guid not in used:
            continue
        found = []
        for coder in chosen:
            result = retrieve_segments(
                project,
                code=info.guid,
                include_children=False,
                coder=coder,
                context=context,
                limit=limit,
            )
            totals[info.guid] = totals.get(info.guid, 0) + result.total
            found += list(result.segments)
        found.sort(key=lambda r: (r.segment.document_id, r.segment.start, r.segment.end))
        if limit is not None:
            found = found[:limit]
        records += [
            SegmentRecord(
                coding_id=r.segment.id,
                code=info.guid,
                document=r.document,
                case=r.case,
                start=r.segment.start,
                end=r.segment.end,
                coder=r.segment.coder,
                before=r.before,
                quote=r.quote,
                after=r.after,
                event_date=r.segment.event_date,
                date_source=r.segment.date_source,
                memo=r.segment.memo if memos else None,
                document_id=r.segment.document_id,
            )
            for r in found
        ]
    document_memos: list[tuple[str, list[MemoNote]]] = []
    if memos:
        on_coding: dict[int, list[MemoNote]] = {}
        on_document: dict[int, list[MemoNote]] = {}
        for m in _memos(project):
            if m.kind == "segment" and m.coding_id is not None:
                on_coding.setdefault(m.coding_id, []).append(_note(m))
            elif m.kind == "document" and m.document_id is not None:
                on_document.setdefault(m.document_id, []).append(_note(m))
        records = [replace(r, memos=tuple(on_coding.get(r.coding_id, ()))) for r in records]
        titles: dict[int, str] = {}
        for r in sorted(records, key=lambda r: (r.document, r.document_id or 0)):
            if r.document_id is not None:
                titles.setdefault(r.document_id, r.document)
        document_memos = [(t, on_document[d]) for d, t in titles.items() if d in on_document]
    options = [
        ("--coder", chosen if coders else None),
        ("--codes", list(codes) if codes else None),
        ("--context", context if context != 120 else None),
        ("--limit", limit),
        ("--no-memos", not memos),
    ]
    return build(
        records,
        provenance=_provenance(project, "segments", options, chosen),
        codes=code_names(infos),
        coder_note=_coder_note(chosen, coders),
        context=context,
        totals=totals,
        document_memos=document_memos,
        memos_left_out=not memos,
    )


def _subtree(project: Project, infos: Sequence[CodeInfo], codes: Sequence[str] | None) -> set[str]:
    """The ids of ``codes`` and every code beneath them (all codes when ``None``)."""
    if not codes:
        return {c.guid for c in infos}
    from workbench.services.resolve import CodeResolver

    with project.reader() as uow:
        resolver = CodeResolver(uow.session)
        roots = [resolver.path(resolver.get(ref)) for ref in codes]
    return {c.guid for c in infos if any(c.path == r or c.path.startswith(r + "/") for r in roots)}


# --------------------------------------------------------------------------- matrices


def build_matrix_report(
    project: Project,
    *,
    coders: Sequence[str] | None = None,
    scheme: str | None = None,
    level: int | None = 0,
    within: int = 200,
) -> Report:
    """Code x case, code x phase and co-occurrence matrices (codes rolled up to ``level``)."""
    from workbench.report.matrices import (
        CodedSpan,
        DatedCode,
        code_by_case,
        code_by_phase,
        cooccurrence,
    )
    from workbench.report.matrix_report import build_matrix_report as build

    if within < 0:
        raise InputError("--within must be 0 or more characters")
    infos = _codes(project)
    chosen = default_coders(project, coders)
    up = _rollup(infos, level)
    cases = _cases(project)
    spans = [
        CodedSpan(str(c.document_id), cases.get(c.document_id), c.start, c.end, up[c.code], c.coder)
        for c in _codings(project, chosen)
    ]
    rows = [
        c.guid
        for c in infos
        if up[c.guid] == c.guid and (c.status == "active" or any(s.code == c.guid for s in spans))
    ]
    used = [c for c in rows if any(s.code == c for s in spans)]
    by_case = code_by_case(spans, codes=rows, cases=_case_order(cases))
    scheme_name, scheme_note = _resolve_scheme(project, scheme)
    by_phase = None
    if scheme_name is not None:
        dated = [DatedCode(up[e.code], e.start, e.end) for e in _dated(project, chosen)]
        by_phase = code_by_phase(dated, _phase_windows(project, scheme_name), codes=rows)
    options = [
        ("--coder", chosen if coders else None),
        ("--scheme", scheme),
        ("--level", level),
        ("--within", within if within != 200 else None),
    ]
    deepest = max((c.depth for c in infos), default=0)
    level_note = (
        "Codes as coded."
        if level is None or level >= deepest
        else f"Codes are rolled up to depth {level} of the codebook "
        f"({'top-level codes' if level == 0 else 'their ancestors at that depth'}); "
        "pass --level to change it."
    )
    return build(
        provenance=_provenance(project, "matrix", options, chosen),
        codes=code_names(infos),
        by_case=by_case,
        overlap=cooccurrence(spans, codes=used),
        within=cooccurrence(spans, within=within, codes=used),
        within_chars=within,
        by_phase=by_phase,
        scheme=scheme_name,
        coder_note=_coder_note(chosen, coders),
        level_note=level_note,
        scheme_note=scheme_note,
    )


def build_report(project: Project, kind: str, **options: Any) -> Report:
    """Dispatch by report name (what the CLI and the TUI call)."""
    builders = {
        "phases": build_phase_report,
        "agreement": build_agreement_report,
        "codebook": build_codebook_report,
        "segments": build_segment_report,
        "matrix": build_matrix_report,
    }
    if kind not in builders:
        raise InputError(f"report must be one of {', '.join(REPORTS)}, not {kind!r}")
    build: Any = builders[kind]  # five signatures; each checks its own options
    report: Report = build(project, **options)
    return report
