"""Export: the project read into exchange values (one read transaction), written atomically."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from workbench.core.dates import range_from_iso
from workbench.core.errors import InputError
from workbench.interop.refi import (
    ExchangeCase,
    ExchangeCode,
    ExchangeCoder,
    ExchangeCoding,
    ExchangeDocument,
    ExchangeMemo,
    ExchangePhase,
    ExchangeProject,
    ExchangeScheme,
    code_guid,
    coder_guid,
    derived_guid,
    write_qdc,
    write_qdpx,
)
from workbench.services.exchange.extras import gather
from workbench.services.exchange.results import ExportResult
from workbench.store.models import (
    BracketScheme,
    Case,
    Code,
    Coder,
    Coding,
    Document,
    Memo,
    Phase,
    Turn,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from workbench.store.project import Project


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.part")
    tmp.write_bytes(data)
    tmp.replace(path)


def _exchange_codes(s: Session) -> tuple[list[ExchangeCode], dict[int, str]]:
    """Every code but merged ones, and code row id -> exported GUID (merged ones follow
    their target, so nothing points at a code that is not exported)."""
    rows = {c.id: c for c in s.scalars(select(Code).order_by(Code.codebook, Code.ordinal, Code.id))}
    guid_of: dict[int, str] = {}
    for code in rows.values():
        target, hops = code, 0
        while target.status == "merged" and target.merged_into_id in rows and hops < len(rows):
            target, hops = rows[target.merged_into_id], hops + 1
        guid_of[code.id] = code_guid(target.guid)
    out = []
    for c in rows.values():
        if c.status == "merged":
            continue
        parent = rows.get(c.parent_id) if c.parent_id else None
        out.append(
            ExchangeCode(
                guid=code_guid(c.guid),
                id=c.guid,
                name=c.name,
                codebook=c.codebook,
                parent=guid_of[parent.id] if parent is not None else None,
                description=c.description,
                inclusion=c.inclusion,
                exclusion=c.exclusion,
                examples=tuple(c.examples or ()),
                colour=c.colour,
                shortcut=c.shortcut,
                keywords=tuple(c.keywords or ()),
                synonyms=tuple(c.synonyms or ()),
                phase_markers=tuple(c.phase_markers or ()),
                status=c.status,
                ordinal=c.ordinal,
            )
        )
    return out, guid_of


def _range(start: Any, end: Any, precision: str | None) -> Any:
    return range_from_iso(start, end, precision) if start and end and precision else None


def read_project(project: Project) -> ExchangeProject:
    """The whole project as exchange values, in one read transaction."""
    with project.reader() as uow:
        s = uow.session
        extra, files = gather(s, project)
        coders = {c.id: c for c in s.scalars(select(Coder).order_by(Coder.id))}
        codes, code_guid_of = _exchange_codes(s)
        cases = {c.id: c for c in s.scalars(select(Case).order_by(Case.id))}
        docs = list(s.scalars(select(Document).order_by(Document.id)))
        timed: dict[int, list[tuple[int, int | None, int | None]]] = {}
        for doc_id, start, start_ms, end_ms in s.execute(
            select(Turn.document_id, Turn.start, Turn.start_ms, Turn.end_ms)
            .where((Turn.start_ms.is_not(None)) | (Turn.end_ms.is_not(None)))
            .order_by(Turn.document_id, Turn.start)
        ):
            timed.setdefault(doc_id, []).append((start, start_ms, end_ms))
        doc_guid = {d.id: d.guid for d in docs}
        codings = list(s.scalars(select(Coding).order_by(Coding.document_id, Coding.start)))
        coding_guid = {c.id: c.guid for c in codings}
        memos = list(s.scalars(select(Memo).order_by(Memo.id)))
        schemes = []
        for scheme in s.scalars(select(BracketScheme).order_by(BracketScheme.name)):
            phases = s.scalars(
                select(Phase).where(Phase.scheme_id == scheme.id).order_by(Phase.start)
            )
            schemes.append(
                ExchangeScheme(
                    scheme.name,
                    tuple(ExchangePhase(p.label, p.start, p.end, p.justification) for p in phases),
                    scheme.description,
                )
            )
        handle = {cid: coder_guid(c.handle) for cid, c in coders.items()}
        return ExchangeProject(
            name=project.name,
            coders=tuple(
                ExchangeCoder(coder_guid(c.handle), c.handle, c.name, c.role)
                for c in coders.values()
            ),
            codes=tuple(codes),
            cases=tuple(
                ExchangeCase(
                    derived_guid("case", c.name),
                    c.name,
                    {str(k): str(v) for k, v in (c.attributes or {}).items()},
                )
                for c in cases.values()
            ),
            documents=tuple(
                ExchangeDocument(
                    guid=d.guid,
                    title=d.title,
                    text=d.text,
                    kind=d.kind,
                    date=_range(d.date_start, d.date_end, d.date_precision),
                    case=cases[d.case_id].name if d.case_id in cases else None,
                    attributes={str(k): str(v) for k, v in (d.attributes or {}).items()},
                    created=d.imported_at,
                    source_name=d.source_name,
                    turn_times=tuple(timed.get(d.id, ())),
                )
                for d in docs
            ),
            codings=tuple(
                ExchangeCoding(
                    guid=c.guid,
                    document=doc_guid[c.document_id],
                    start=c.start,
                    end=c.end,
                    code=code_guid_of[c.code_id],
                    coder=handle[c.coder_id],
                    origin=c.origin,
                    memo=c.memo,
                    event=_range(c.event_start, c.event_end, c.event_precision),
                    created=c.created_at,
                    updated=c.updated_at,
                )
                for c in codings
            ),
            memos=tuple(
                ExchangeMemo(
                    guid=m.guid,
                    body=m.body,
                    title=m.title,
                    coder=handle.get(m.coder_id),
                    document=doc_guid.get(m.document_id) if m.document_id else None,
                    code=code_guid_of.get(m.code_id) if m.code_id else None,
                    coding=coding_guid.get(m.coding_id) if m.coding_id else None,
                    created=m.created_at,
                    updated=m.updated_at,
                )
                for m in memos
            ),
            schemes=tuple(schemes),
            extra=extra,
            files=files,
        )


def export_qdpx(
    project: Project, *, out: str | Path | None = None, offsets: str = "codepoints"
) -> ExportResult:
    """Write the project as a ``.qdpx`` (default: ``exports/<project>.qdpx``).

    ``offsets="utf16"`` writes selection positions in UTF-16 code units, as NVivo
    reads them; the default is the standard's code points.
    """
    if offsets not in ("codepoints", "utf16"):
        raise InputError(f"offsets must be 'codepoints' or 'utf16', not {offsets!r}")
    bundle = read_project(project)
    data = write_qdpx(bundle, utf16=offsets == "utf16")
    target = Path(out) if out is not None else project.exports_dir / f"{project.name}.qdpx"
    _write_atomically(target, data)
    return ExportResult(
        path=target,
        format="qdpx",
        size=len(data),
        coders=len(bundle.coders),
        codes=len(bundle.codes),
        documents=len(bundle.documents),
        codings=len(bundle.codings),
        memos=len(bundle.memos),
        cases=len(bundle.cases),
        events=sum(c.event is not None for c in bundle.codings),
        offsets=offsets,
        phases=sum(len(s.phases) for s in bundle.schemes),
    )


def export_qdc(
    project: Project, *, out: str | Path | None = None, codebook: str | None = None
) -> ExportResult:
    """Write the codes (of one codebook, or all) as a ``.qdc`` codebook."""
    with project.reader() as uow:
        codes, _ = _exchange_codes(uow.session)
    if codebook is not None:
        known = sorted({c.codebook for c in codes})
        codes = [c for c in codes if c.codebook == codebook]
        if not codes:
            raise InputError(
                f"no codebook {codebook!r} in the project (it has: {', '.join(known) or 'none'})"
            )
        inside = {c.guid for c in codes}
        codes = [c if c.parent in inside else _without_parent(c) for c in codes]
    if not codes:
        raise InputError("the project has no codes to export")
    data = write_qdc(tuple(codes))
    name = codebook or project.name
    target = Path(out) if out is not None else project.exports_dir / f"{name}.qdc"
    _write_atomically(target, data)
    return ExportResult(path=target, format="qdc", size=len(data), codes=len(codes))


def _without_parent(code: ExchangeCode) -> ExchangeCode:
    from dataclasses import replace

    return replace(code, parent=None)
