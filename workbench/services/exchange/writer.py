"""Writing an imported bundle into the open session, matching what the project holds."""

from __future__ import annotations

import hashlib
import itertools
import os
from typing import TYPE_CHECKING, Any

from sqlalchemy import Table, select

from workbench.core.errors import ConflictError, InputError
from workbench.interop.refi import ExchangeCase, code_guid, coder_guid, derived_guid
from workbench.services.exchange.extras_in import DocumentFiles, moment, text, whole
from workbench.services.exchange.results import RefiImportResult
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
    from pathlib import Path

    from sqlalchemy.orm import Session

    from workbench.interop.refi import (
        ExchangeCode,
        ExchangeCoder,
        ExchangeCoding,
        ExchangeDocument,
        ExchangeMemo,
        ExchangeScheme,
        RefiReadResult,
    )
    from workbench.store.project import Project


def sha_of(raw: bytes | None, text: str) -> str:
    return hashlib.sha256(raw if raw is not None else text.encode("utf-8")).hexdigest()


def text_sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _table(model: type[Any]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


def match_document(s: Session, x: ExchangeDocument) -> Document | None:
    """The project's document for ``x``: same GUID, else the only one with the same text."""
    row = s.scalar(select(Document).where(Document.guid == x.guid))
    if row is not None:
        return row
    same = s.scalars(select(Document).where(Document.sha256 == text_sha(x.text)).limit(2)).all()
    return same[0] if len(same) == 1 else None


class ImportWriter:
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
        self.files = read.project.files
        self.originals = DocumentFiles(read.project.extra, read.project.files)
        # Rows this import created, for the extras (exact stamps, counters, versions).
        self.created_coders: dict[str, Coder] = {}
        self.created_codes: dict[str, Code] = {}
        self.created_documents: dict[str, Document] = {}
        self.created_codings: dict[str, Coding] = {}
        self.created_memos: dict[str, Memo] = {}
        self.created_schemes: dict[str, BracketScheme] = {}
        self.created_phases: dict[tuple[str, str], Phase] = {}

    def keep(self, original: tuple[bytes, str, str]) -> str:
        """Keep an original file under ``sources/`` (content-addressed); its project path."""
        from workbench.services.documents import keep_source

        data, digest, suffix = original
        return os.path.relpath(keep_source(self.project, data, digest, suffix), self.project.root)

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
                self.created_coders[row.handle] = row
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
            self.created_codes[row.guid] = row
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
            row = match_document(self.s, x)
            if row is not None:
                if row.guid == x.guid and row.sha256 != text_sha(x.text):
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
            row = self.insert_document(x, analyses[x.guid], stored[x.guid])
            self.doc_rows[x.guid] = self.created_documents[x.guid] = row
            self.bump("documents")
        for guid, row in self.created_documents.items():  # a revision's predecessor
            before = self.doc_rows.get(text(self.originals.entry(guid).get("supersedes")) or "")
            if before is not None:
                row.supersedes_id = before.id

    def insert_document(self, x: ExchangeDocument, analysis: Any, stored: Path) -> Document:
        from workbench.ingest.turns import detect_turns

        meta = self.originals.entry(x.guid)
        doc = Document(
            guid=x.guid,
            title=x.title,
            kind=x.kind,
            text=x.text,
            sha256=text_sha(x.text),
            source_sha256=text(meta.get("source_sha256")) or sha_of(x.raw, x.text),
            source_name=text(meta.get("source_name")) or x.source_name,
            source_path=os.path.relpath(stored, self.project.root),
            revision=max(1, whole(meta.get("revision")) or 1),
            length=len(x.text),
            date_start=x.date.start if x.date else None,
            date_end=x.date.end if x.date else None,
            date_precision=str(x.date.precision) if x.date else None,
            case_id=self.case_id(x.case),
            attributes=dict(x.attributes),
        )
        created = moment(meta.get("imported_at")) or x.created
        if created is not None:
            doc.imported_at = created
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
        self.bump("characters", len(x.text))
        self.bump("turns", len(turns))
        self.bump("sentences", len(sentences))
        self.bump("mentions", len(mentions))
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
        self.created_codings.update(rows)

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
            self.created_memos[x.guid] = memo = Memo(
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
            self.s.add(memo)
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
            self.created_schemes[x.name] = scheme
            labels: set[str] = set()
            for i, p in enumerate(phases):
                label = p.label
                if label in labels:
                    raise InputError(f"bracket scheme {x.name!r} has two phases {label!r}")
                labels.add(label)
                phase = Phase(
                    scheme_id=scheme.id,
                    label=label,
                    start=p.start,
                    end=p.end,
                    justification=p.justification,
                    ordinal=i,
                )
                self.s.add(phase)
                self.created_phases[(x.name, label)] = phase
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
            characters=self.n.get("characters", 0),
            turns=self.n.get("turns", 0),
            sentences=self.n.get("sentences", 0),
            mentions=self.n.get("mentions", 0),
            indicators=self.n.get("indicators", 0),
            decisions=self.n.get("decisions", 0),
            warnings=tuple(self.warnings),
        )
