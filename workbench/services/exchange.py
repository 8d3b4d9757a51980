"""REFI-QDA exchange: export a project (``.qdpx``) or codebook (``.qdc``), import either.

Export reads the project into the plain values of ``workbench.interop.refi``
(one read transaction, plus the event dates as ``collect_events`` resolves them)
and writes the file atomically. Import reads and checks the whole file first
(``read_qdpx`` / ``read_qdc``: nothing is stored if any of it is wrong), analyses
the new documents' texts as a document import does (speaker turns, sentences,
date mentions), then writes everything in one transaction: a failure at any
point leaves the project as it was. Only the copies of the source texts kept
under ``sources/`` may precede the commit; they are content-addressed, so a
leftover is harmless and a retry reuses it.

Re-importing is safe: what the project already holds is matched and kept, not
duplicated. Codes match by id (a file's GUID, or the workbench id its extension
data names) or by the GUID the workbench exports them under; coders by handle or
exported GUID; documents by GUID (same text required) or, failing that, by
identical text; codings by GUID or by the same span, code and coder; memos by GUID;
cases by name; a bracket scheme by name when its phases are the same (a
different scheme of the same name is imported as "<name> (imported)").
"""

from __future__ import annotations

import hashlib
import itertools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Table, select

from workbench.core.dates import range_from_iso
from workbench.core.errors import ConflictError, InputError
from workbench.interop.refi import (
    ExchangeCase,
    ExchangeCode,
    ExchangeCoder,
    ExchangeCoding,
    ExchangeDocument,
    ExchangeEvent,
    ExchangeMemo,
    ExchangePhase,
    ExchangeProject,
    ExchangeScheme,
    code_guid,
    coder_guid,
    derived_guid,
    read_qdc,
    read_qdpx,
    write_qdc,
    write_qdpx,
)
from workbench.services.audit import record
from workbench.services.documents import keep_source
from workbench.store.bulk import insert_rows
from workbench.store.models import (
    BracketScheme,
    Case,
    Code,
    Coder,
    Coding,
    DateMention,
    Document,
    Memo,
    Phase,
    Sentence,
    Turn,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from workbench.interop.refi import ArchiveLimits, RefiReadResult
    from workbench.store.project import Project

HANDLE_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    format: str  # qdpx | qdc
    size: int
    coders: int = 0
    codes: int = 0
    documents: int = 0
    codings: int = 0
    memos: int = 0
    cases: int = 0
    events: int = 0
    phases: int = 0

    def describe(self) -> str:
        if self.format == "qdc":
            return f"wrote {self.path} ({self.codes} codes)"
        return (
            f"wrote {self.path}: {self.documents} documents, {self.codes} codes, "
            f"{self.coders} coders, {self.codings} codings, {self.memos} memos, "
            f"{self.cases} cases, {self.events} dated events, {self.phases} phases"
        )


@dataclass(frozen=True, slots=True)
class RefiImportResult:
    """What an import added, what it found already there, and what it left out."""

    path: str
    format: str  # qdpx | qdc
    codebook: str | None
    documents: int = 0
    documents_matched: int = 0
    codes: int = 0
    codes_matched: int = 0
    coders: int = 0
    codings: int = 0
    codings_present: int = 0
    memos: int = 0
    cases: int = 0
    phases: int = 0
    event_dates: int = 0
    warnings: tuple[str, ...] = ()

    def describe(self) -> str:
        """One line for the CLI."""
        if self.format == "qdc":
            return (
                f"imported {self.codes} codes into codebook {self.codebook!r} "
                f"({self.codes_matched} already there)"
            )
        return (
            f"imported {self.documents} documents ({self.documents_matched} already there), "
            f"{self.codes} codes ({self.codes_matched} already there), {self.coders} coders, "
            f"{self.codings} codings ({self.codings_present} already there), "
            f"{self.memos} memos, {self.cases} cases, {self.phases} phases, "
            f"{self.event_dates} event dates"
        )


# -- export -------------------------------------------------------------------------------


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
    """The whole project as exchange values (one read transaction, plus the event dates)."""
    from workbench.services.bracketing import collect_events

    events = collect_events(project)
    with project.uow() as uow:
        s = uow.session
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
            events=tuple(
                ExchangeEvent(
                    coding_guid[int(e.event_id)],
                    range_from_iso(e.start, e.end, e.precision),
                    e.date_source,
                )
                for e in events.dated
                if int(e.event_id) in coding_guid
            ),
        )


def export_qdpx(project: Project, *, out: str | Path | None = None) -> ExportResult:
    """Write the project as a ``.qdpx`` (default: ``exports/<project>.qdpx``)."""
    bundle = read_project(project)
    data = write_qdpx(bundle)
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
        events=len(bundle.events),
        phases=sum(len(s.phases) for s in bundle.schemes),
    )


def export_qdc(
    project: Project, *, out: str | Path | None = None, codebook: str | None = None
) -> ExportResult:
    """Write the codes (of one codebook, or all) as a ``.qdc`` codebook."""
    with project.uow() as uow:
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


# -- import -------------------------------------------------------------------------------


def import_refi(
    project: Project,
    *,
    path: str | Path,
    actor: str | None = None,
    limits: ArchiveLimits | None = None,
) -> RefiImportResult:
    """Import a ``.qdpx`` project or a ``.qdc`` codebook, chosen by the extension."""
    suffix = Path(path).suffix.lower()
    if suffix == ".qdpx":
        return import_qdpx(project, path=path, actor=actor, limits=limits)
    if suffix == ".qdc":
        return import_qdc(project, path=path, actor=actor)
    raise InputError("not a REFI-QDA file: expected .qdpx or .qdc", path=path)


def _fallback_handle(actor: str | None) -> str | None:
    if actor and set(actor) <= HANDLE_CHARS and actor[0].isalnum() and len(actor) <= 64:
        return actor
    return None


def import_qdpx(
    project: Project,
    *,
    path: str | Path,
    actor: str | None = None,
    limits: ArchiveLimits | None = None,
) -> RefiImportResult:
    """Import a REFI-QDA project: all of it in one transaction, or nothing."""
    p = Path(path)
    if not p.is_file():
        raise InputError("no such file" if not p.exists() else "not a file", path=p)
    read = read_qdpx(p, label=str(p), limits=limits, fallback_coder=_fallback_handle(actor))
    bundle = read.project
    with project.uow() as uow:
        new_docs = _new_documents(uow.session, bundle.documents)
    analyses = _analyse(project, new_docs)
    stored = {
        d.guid: keep_source(project, d.raw or d.text.encode("utf-8"), _sha(d.raw, d.text), ".txt")
        for d in new_docs
    }
    with project.uow() as uow:
        writer = _Writer(uow.session, project, str(p), actor, read)
        writer.coders(bundle.coders)
        writer.codes(bundle.codes)
        writer.cases(bundle.cases)
        writer.documents(bundle.documents, analyses, stored)
        writer.codings(bundle.codings)
        writer.memos(bundle.memos)
        writer.schemes(bundle.schemes)
        result = writer.result("qdpx")
        record(
            uow.session,
            actor=actor,
            action="refi.import",
            entity="file",
            entity_id=p.name,
            after=_audit(result),
        )
    return result


def import_qdc(project: Project, *, path: str | Path, actor: str | None = None) -> RefiImportResult:
    """Import a REFI-QDA codebook into the project (one transaction)."""
    p = Path(path)
    max_bytes = int(float(project.config.import_.get("max_file_mb", 50)) * 1024 * 1024)
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        raise InputError("no such file", path=p) from None
    if size > max_bytes:
        raise InputError(f"refused: larger than {max_bytes // (1024 * 1024)} MB", path=p)
    read = read_qdc(p.read_bytes(), label=str(p))
    with project.uow() as uow:
        writer = _Writer(uow.session, project, str(p), actor, read)
        writer.codes(read.project.codes)
        result = writer.result("qdc")
        record(
            uow.session,
            actor=actor,
            action="refi.import",
            entity="file",
            entity_id=p.name,
            after=_audit(result),
        )
    return result


def _audit(result: RefiImportResult) -> dict[str, Any]:
    return {
        k: getattr(result, k)
        for k in (
            "format",
            "codebook",
            "documents",
            "documents_matched",
            "codes",
            "codes_matched",
            "coders",
            "codings",
            "codings_present",
            "memos",
            "cases",
            "phases",
            "event_dates",
        )
    } | {"warnings": len(result.warnings)}


def _sha(raw: bytes | None, text: str) -> str:
    return hashlib.sha256(raw if raw is not None else text.encode("utf-8")).hexdigest()


def _text_sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _table(model: type[Any]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


def _match_document(s: Session, x: ExchangeDocument) -> Document | None:
    """The project's document for ``x``: same GUID, else the only one with the same text."""
    row = s.scalar(select(Document).where(Document.guid == x.guid))
    if row is not None:
        return row
    same = s.scalars(select(Document).where(Document.sha256 == _text_sha(x.text)).limit(2)).all()
    return same[0] if len(same) == 1 else None


def _new_documents(s: Session, docs: tuple[ExchangeDocument, ...]) -> list[ExchangeDocument]:
    """The documents of the file that the project does not hold yet."""
    return [d for d in docs if _match_document(s, d) is None]


def _analyse(project: Project, docs: list[ExchangeDocument]) -> dict[str, Any]:
    """Sentences and date mentions of the new texts, before the write transaction."""
    if not docs:
        return {}
    from workbench.nlp import analyse

    results = analyse(
        [(d.text, d.date.start if d.date else None) for d in docs],
        day_first=bool(project.config.nlp.get("day_first", True)),
        model=project.config.nlp.get("model"),
    )
    return {d.guid: a for d, a in zip(docs, results, strict=True)}


class _Writer:
    """Writes an imported bundle into the open session, matching what is there."""

    def __init__(
        self, s: Session, project: Project, path: str, actor: str | None, read: RefiReadResult
    ) -> None:
        self.s = s
        self.path = path
        self.codebooks: set[str] = set()
        self.project = project
        self.actor = actor
        self.read = read
        self.coder_rows: dict[str, Coder] = {}
        self.code_rows: dict[str, Code] = {}
        self.doc_rows: dict[str, Document] = {}
        self.coding_ids: dict[str, int] = {}
        self.case_ids: dict[str, int] = {}
        self.n: dict[str, int] = {}
        self.warnings = list(read.warnings)

    def bump(self, key: str, by: int = 1) -> None:
        self.n[key] = self.n.get(key, 0) + by

    def coders(self, coders: tuple[ExchangeCoder, ...]) -> None:
        existing = list(self.s.scalars(select(Coder)))
        by_handle = {c.handle.casefold(): c for c in existing}
        by_guid = {coder_guid(c.handle): c for c in existing}
        for x in coders:
            row = by_guid.get(x.guid) or by_handle.get(x.handle.casefold())
            if row is None:
                row = Coder(handle=x.handle, name=x.name, role=x.role)
                self.s.add(row)
                self.s.flush()
                by_handle[row.handle.casefold()] = row
                self.bump("coders")
            self.coder_rows[x.guid] = row

    def codes(self, codes: tuple[ExchangeCode, ...]) -> None:
        existing = {c.guid: c for c in self.s.scalars(select(Code))}
        by_export_guid = {code_guid(c.guid): c for c in existing.values()}
        by_id = {c.id: c for c in existing.values()}
        for x in codes:  # parents come before their children
            row = existing.get(x.id) or by_export_guid.get(x.guid)
            if row is not None:
                hops = 0
                while row.status == "merged" and row.merged_into_id in by_id and hops < 100:
                    row, hops = by_id[row.merged_into_id], hops + 1
                self.code_rows[x.guid] = row
                self.bump("codes_matched")
                continue
            parent = self.code_rows.get(x.parent) if x.parent else None
            row = Code(
                guid=x.id,
                codebook=x.codebook,
                parent_id=parent.id if parent is not None else None,
                name=x.name,
                description=x.description,
                inclusion=x.inclusion,
                exclusion=x.exclusion,
                examples=list(x.examples),
                colour=x.colour,
                shortcut=x.shortcut,
                keywords=list(x.keywords),
                synonyms=list(x.synonyms),
                phase_markers=list(x.phase_markers),
                status=x.status,
                ordinal=x.ordinal,
            )
            self.s.add(row)
            self.s.flush()
            existing[row.guid] = row
            by_id[row.id] = row
            self.code_rows[x.guid] = row
            self.codebooks.add(x.codebook)
            self.bump("codes")

    def cases(self, cases: tuple[ExchangeCase, ...]) -> None:
        names = {c.name: c.id for c in self.s.scalars(select(Case))}
        for x in cases:
            if x.name in names:
                self.case_ids[x.name] = names[x.name]
                continue
            row = Case(name=x.name, attributes=dict(x.attributes))
            self.s.add(row)
            self.s.flush()
            names[x.name] = self.case_ids[x.name] = row.id
            self.bump("cases")

    def case_id(self, name: str | None) -> int | None:
        if name is None:
            return None
        if name not in self.case_ids:
            self.cases((ExchangeCase(derived_guid("case", name), name),))
        return self.case_ids[name]

    def documents(
        self,
        docs: tuple[ExchangeDocument, ...],
        analyses: dict[str, Any],
        stored: dict[str, Path],
    ) -> None:
        for x in docs:
            row = _match_document(self.s, x)
            if row is not None:
                if row.guid == x.guid and row.sha256 != _text_sha(x.text):
                    raise ConflictError(
                        f"document {x.guid} ({row.title!r}) is already in the project with a "
                        f"different text; the file's {x.title!r} cannot replace it",
                        path=self.path,
                    )
                if row.guid != x.guid:
                    self.warnings.append(
                        f"source {x.title!r} has the same text as document {row.title!r}; "
                        "its codings go there"
                    )
                self.doc_rows[x.guid] = row
                self.bump("documents_matched")
                continue
            if x.guid not in analyses:  # matched when planned, gone since: refuse, do not guess
                raise ConflictError(
                    f"the project changed during the import (document {x.title!r}); try again",
                    path=self.path,
                )
            self.doc_rows[x.guid] = self.insert_document(x, analyses[x.guid], stored[x.guid])
            self.bump("documents")

    def insert_document(self, x: ExchangeDocument, analysis: Any, stored: Path) -> Document:
        from workbench.ingest.turns import detect_turns

        doc = Document(
            guid=x.guid,
            title=x.title,
            kind=x.kind,
            text=x.text,
            sha256=_text_sha(x.text),
            source_sha256=_sha(x.raw, x.text),
            source_name=x.source_name,
            source_path=os.path.relpath(stored, self.project.root),
            length=len(x.text),
            date_start=x.date.start if x.date else None,
            date_end=x.date.end if x.date else None,
            date_precision=str(x.date.precision) if x.date else None,
            case_id=self.case_id(x.case),
            attributes=dict(x.attributes),
        )
        if x.created is not None:
            doc.imported_at = x.created
        self.s.add(doc)
        self.s.flush()
        roles = self.project.config.speakers
        times = {start: (a, b) for start, a, b in x.turn_times}
        turns = []
        for i, t in enumerate(detect_turns(x.text)):
            start_ms, end_ms = times.get(t.start, (t.start_ms, t.end_ms))
            turns.append(
                (doc.id, i, t.start, t.end, t.speaker, roles.get(t.speaker), start_ms, end_ms)
            )
        sentences = [(doc.id, i, a, b) for i, (a, b) in enumerate(analysis.sentences)]
        mentions = [
            (
                doc.id,
                m.start,
                m.end,
                m.text[:200],
                m.range.start,
                m.range.end,
                str(m.range.precision),
                m.inferred,
                str(m.kind),
            )
            for m in analysis.mentions
        ]
        conn = self.s.connection()
        insert_rows(
            conn,
            _table(Turn),
            ("document_id", "ordinal", "start", "end", "speaker", "role", "start_ms", "end_ms"),
            turns,
        )
        insert_rows(conn, _table(Sentence), ("document_id", "ordinal", "start", "end"), sentences)
        insert_rows(
            conn,
            _table(DateMention),
            (
                "document_id",
                "start",
                "end",
                "text",
                "date_start",
                "date_end",
                "precision",
                "inferred",
                "kind",
            ),
            mentions,
        )
        return doc

    def codings(self, codings: tuple[ExchangeCoding, ...]) -> None:
        doc_ids = [d.id for d in self.doc_rows.values()]
        present = {
            (r.document_id, r.start, r.end, r.code_id, r.coder_id): r.id
            for r in self.s.execute(
                select(
                    Coding.id,
                    Coding.document_id,
                    Coding.start,
                    Coding.end,
                    Coding.code_id,
                    Coding.coder_id,
                ).where(Coding.document_id.in_(doc_ids))
            )
        }
        guids = dict(
            self.s.execute(
                select(Coding.guid, Coding.id).where(Coding.guid.in_([c.guid for c in codings]))
            ).all()
        )
        rows: list[tuple[str, Coding]] = []
        for x in codings:
            doc = self.doc_rows.get(x.document)
            if doc is None:
                continue
            code, coder = self.code_rows[x.code], self.coder_rows[x.coder]
            key = (doc.id, x.start, x.end, code.id, coder.id)
            if x.guid in guids or key in present:
                self.coding_ids[x.guid] = guids.get(x.guid) or present[key]
                self.bump("codings_present")
                continue
            if x.end > doc.length:  # pragma: no cover - inbound checks against the same text
                raise InputError(f"coding {x.guid} runs past the end of {doc.title!r}")
            row = Coding(
                guid=x.guid,
                document_id=doc.id,
                start=x.start,
                end=x.end,
                code_id=code.id,
                coder_id=coder.id,
                origin=x.origin,
                memo=x.memo,
                event_start=x.event.start if x.event else None,
                event_end=x.event.end if x.event else None,
                event_precision=str(x.event.precision) if x.event else None,
            )
            if x.created is not None:
                row.created_at = x.created
            if x.updated is not None:
                row.updated_at = x.updated
            present[key] = -1
            rows.append((x.guid, row))
            self.bump("codings")
            if x.event is not None:
                self.bump("event_dates")
        self.s.add_all([row for _, row in rows])
        self.s.flush()
        self.coding_ids.update({guid: row.id for guid, row in rows})

    def memos(self, memos: tuple[ExchangeMemo, ...]) -> None:
        present = set(
            self.s.scalars(select(Memo.guid).where(Memo.guid.in_([m.guid for m in memos])))
        )
        for x in memos:
            if x.guid in present:
                continue
            coder = self.coder_rows.get(x.coder or "")
            if coder is None:  # pragma: no cover - inbound attributes every note
                continue
            doc = self.doc_rows.get(x.document or "")
            code = self.code_rows.get(x.code or "")
            self.s.add(
                Memo(
                    guid=x.guid,
                    coder_id=coder.id,
                    title=x.title,
                    body=x.body,
                    document_id=doc.id if doc else None,
                    code_id=code.id if code else None,
                    coding_id=self.coding_ids.get(x.coding or ""),
                    **({"created_at": x.created} if x.created else {}),
                    **({"updated_at": x.updated} if x.updated else {}),
                )
            )
            self.bump("memos")
        self.s.flush()

    def schemes(self, schemes: tuple[ExchangeScheme, ...]) -> None:
        for x in schemes:
            phases = sorted(x.phases, key=lambda p: p.start)
            for a, b in itertools.pairwise(phases):
                if b.start <= a.end:
                    raise InputError(
                        f"bracket scheme {x.name!r}: phases {a.label!r} and {b.label!r} overlap"
                    )
            name = x.name
            existing = self.s.scalar(select(BracketScheme).where(BracketScheme.name == name))
            if existing is not None:
                have = [
                    (p.label, p.start, p.end)
                    for p in self.s.scalars(
                        select(Phase).where(Phase.scheme_id == existing.id).order_by(Phase.start)
                    )
                ]
                if have == [(p.label, p.start, p.end) for p in phases]:
                    continue
                n = 1
                while existing is not None:
                    name = f"{x.name} (imported)" if n == 1 else f"{x.name} (imported {n})"
                    existing = self.s.scalar(
                        select(BracketScheme).where(BracketScheme.name == name)
                    )
                    n += 1
                self.warnings.append(
                    f"bracket scheme {x.name!r} exists with other phases; imported as {name!r}"
                )
            scheme = BracketScheme(name=name, description=x.description)
            self.s.add(scheme)
            self.s.flush()
            labels: set[str] = set()
            for i, p in enumerate(phases):
                label = p.label
                if label in labels:
                    raise InputError(f"bracket scheme {x.name!r} has two phases {label!r}")
                labels.add(label)
                self.s.add(
                    Phase(
                        scheme_id=scheme.id,
                        label=label,
                        start=p.start,
                        end=p.end,
                        justification=p.justification,
                        ordinal=i,
                    )
                )
                self.bump("phases")
        self.s.flush()

    def result(self, fmt: str) -> RefiImportResult:
        return RefiImportResult(
            path=self.path,
            format=fmt,
            codebook=", ".join(sorted(self.codebooks)) or None,
            documents=self.n.get("documents", 0),
            documents_matched=self.n.get("documents_matched", 0),
            codes=self.n.get("codes", 0),
            codes_matched=self.n.get("codes_matched", 0),
            coders=self.n.get("coders", 0),
            codings=self.n.get("codings", 0),
            codings_present=self.n.get("codings_present", 0),
            memos=self.n.get("memos", 0),
            cases=self.n.get("cases", 0),
            phases=self.n.get("phases", 0),
            event_dates=self.n.get("event_dates", 0),
            warnings=tuple(self.warnings),
        )
