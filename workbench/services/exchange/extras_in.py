"""Putting the workbench-only data of an imported file back (see ``extras`` for what it is).

The data comes from a file, so every value is type-checked; an entry that does
not check is left out and counted in one warning. Only rows this import created
get their exact timestamps and version counters back: what the project already
held is never rewritten. Project settings that live in ``workbench.yaml`` (the
speaker map, the codebook files) are merged there after the database commit, the
project's own entries winning over the file's, each clash said.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from workbench.interop.refi import code_guid
from workbench.services.audit import record
from workbench.services.exchange.extras import relocate_codebooks
from workbench.store.models import (
    Case,
    Code,
    Coder,
    DocumentVersion,
    Indicator,
    Setting,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

    from workbench.services.exchange.writer import ImportWriter
    from workbench.store.project import Project

PRECISIONS = {"day", "month", "quarter", "season", "half", "year", "decade", "range"}


def text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def whole(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def moment(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed


def day(value: object) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def table(extra: Mapping[str, Any], key: str) -> dict[str, Any]:
    value = extra.get(key)
    return value if isinstance(value, dict) else {}


def rows(extra: Mapping[str, Any], key: str) -> list[dict[str, Any]]:
    value = extra.get(key)
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


class DocumentFiles:
    """A document's own metadata and files as the file carries them (checked on use)."""

    def __init__(self, extra: Mapping[str, Any], files: Mapping[str, bytes]) -> None:
        self.meta = table(extra, "documents")
        self.files = files

    def entry(self, guid: str) -> dict[str, Any]:
        value = self.meta.get(guid)
        return value if isinstance(value, dict) else {}

    def original(self, guid: str) -> tuple[bytes, str, str] | None:
        """``(bytes, sha256, suffix)`` of the file the document was imported from, if the
        archive carries it and it is the file the document names (same digest)."""
        entry = self.entry(guid)
        return self.checked(text(entry.get("original")), text(entry.get("source_sha256")))

    def checked(self, name: str | None, digest: str | None) -> tuple[bytes, str, str] | None:
        if name is None or digest is None or name not in self.files:
            return None
        data = self.files[name]
        if hashlib.sha256(data).hexdigest() != digest:
            return None
        return data, digest, PurePosixPath(name).suffix


class ExtrasIn:
    """Restores the extras into the writer's open session, after the standard's data."""

    def __init__(self, writer: ImportWriter, extra: Mapping[str, Any]) -> None:
        self.w = writer
        self.s = writer.s
        self.extra = extra
        self.bad = 0

    def restore(self) -> None:
        if not self.extra:
            return
        self.stamps()
        self.merged_codes()
        self.indicators()
        self.neither()
        self.settings()
        self.versions()
        if self.bad:
            self.w.warnings.append(
                f"{self.bad} workbench-only value(s) of the file are not in the expected form; "
                "left out"
            )

    # -- exact timestamps and counters of the rows this import created ---------------

    def stamps(self) -> None:
        coders = table(self.extra, "coders")
        for handle, row in self.w.created_coders.items():
            entry = coders.get(handle)
            if isinstance(entry, dict) and (when := moment(entry.get("created"))):
                row.created_at = when
        codes = table(self.extra, "codes")
        for guid, row in self.w.created_codes.items():
            entry = codes.get(guid)
            if not isinstance(entry, dict):
                continue
            if (version := whole(entry.get("version"))) and version > 0:
                row.version = version
            if when := moment(entry.get("updated")):
                row.updated_at = when
        for key, created_rows in (
            ("codings", self.w.created_codings),
            ("memos", self.w.created_memos),
        ):
            stamps = table(self.extra, key)
            for guid, row in created_rows.items():
                pair = stamps.get(guid)
                if isinstance(pair, list) and len(pair) == 2:
                    if when := moment(pair[0]):
                        row.created_at = when
                    if when := moment(pair[1]):
                        row.updated_at = when
        schemes = table(self.extra, "schemes")
        by_handle = {c.handle: c.id for c in self.s.scalars(select(Coder))}
        for name, scheme in self.w.created_schemes.items():
            entry = schemes.get(name)
            if not isinstance(entry, dict):
                continue
            if when := moment(entry.get("created")):
                scheme.created_at = when
            who = text(entry.get("created_by"))
            if who in by_handle:
                scheme.created_by_id = by_handle[who]
            if (version := whole(entry.get("version"))) and version > 0:
                scheme.version = version
        phases = {
            (text(p.get("scheme")), text(p.get("label"))): p for p in rows(self.extra, "phases")
        }
        for (name, label), phase in self.w.created_phases.items():
            entry = phases.get((name, label))
            if entry is None:
                continue
            if (ordinal := whole(entry.get("ordinal"))) is not None:
                phase.ordinal = ordinal
            if (version := whole(entry.get("version"))) and version > 0:
                phase.version = version
        self.s.flush()

    # -- tables the standard has no place for -----------------------------------------

    def merged_codes(self) -> None:
        """Codes merged into others: kept as they were, pointing at their targets."""
        by_guid = {c.guid: c for c in self.s.scalars(select(Code))}
        pending = []
        for entry in rows(self.extra, "merged_codes"):
            cid, name, book = (
                text(entry.get("id")),
                text(entry.get("name")),
                text(entry.get("codebook")),
            )
            if cid is None or name is None or book is None:
                self.bad += 1
                continue
            if cid in by_guid:
                continue
            row = Code(
                guid=cid,
                codebook=book,
                name=name,
                description=text(entry.get("description")),
                inclusion=text(entry.get("inclusion")),
                exclusion=text(entry.get("exclusion")),
                examples=[e for e in entry.get("examples") or [] if isinstance(e, str)],
                colour=text(entry.get("colour")),
                shortcut=text(entry.get("shortcut")),
                keywords=[e for e in entry.get("keywords") or [] if isinstance(e, str)],
                synonyms=[e for e in entry.get("synonyms") or [] if isinstance(e, str)],
                phase_markers=[e for e in entry.get("phase_markers") or [] if isinstance(e, str)],
                status="merged",
                ordinal=whole(entry.get("ordinal")) or 0,
                version=max(1, whole(entry.get("version")) or 1),
            )
            if when := moment(entry.get("updated")):
                row.updated_at = when
            self.s.add(row)
            by_guid[cid] = row
            pending.append((row, text(entry.get("parent")), text(entry.get("merged_into"))))
        self.s.flush()
        for row, parent, target in pending:
            row.parent_id = by_guid[parent].id if parent in by_guid else None
            row.merged_into_id = by_guid[target].id if target in by_guid else None
        self.s.flush()

    def indicators(self) -> None:
        cases = {c.name: c.id for c in self.s.scalars(select(Case))}
        present = {
            (i.name, i.date_start, i.date_end, i.precision, i.value, i.unit, i.source)
            for i in self.s.scalars(select(Indicator))
        }
        added = 0
        for entry in rows(self.extra, "indicators"):
            name, start, end = (
                text(entry.get("name")),
                day(entry.get("start")),
                day(entry.get("end")),
            )
            precision, value = text(entry.get("precision")), entry.get("value")
            if (
                name is None
                or start is None
                or end is None
                or end < start
                or precision not in PRECISIONS
                or not isinstance(value, int | float)
                or isinstance(value, bool)
            ):
                self.bad += 1
                continue
            unit, source = text(entry.get("unit")), text(entry.get("source"))
            key = (name, start, end, precision, float(value), unit, source)
            if key in present:
                continue
            present.add(key)
            attrs = entry.get("attributes")
            case = text(entry.get("case"))
            self.s.add(
                Indicator(
                    name=name,
                    date_start=start,
                    date_end=end,
                    precision=precision,
                    value=float(value),
                    unit=unit,
                    source=source,
                    case_id=cases.get(case) if case else None,
                    attributes=dict(attrs) if isinstance(attrs, dict) else {},
                )
            )
            added += 1
        self.w.bump("indicators", added)
        self.s.flush()

    def neither(self) -> None:
        """A lead's standing "neither" decisions, recorded as the lead recorded them."""
        from workbench.services.adjudication import ENTITY, NEITHER, neither_marks

        standing = {m.key for m in neither_marks(self.s)}
        for entry in rows(self.extra, "neither"):
            key, doc = (
                text(entry.get("key")),
                self.w.doc_rows.get(text(entry.get("document")) or ""),
            )
            start, end = whole(entry.get("start")), whole(entry.get("end"))
            codes = entry.get("codes")
            if (
                key is None
                or doc is None
                or start is None
                or end is None
                or not 0 <= start < end <= doc.length
                or not isinstance(codes, list)
            ):
                self.bad += 1
                continue
            if key in standing:
                continue
            ids = []
            for cid in codes:
                row = self.w.code_rows.get(code_guid(cid)) if isinstance(cid, str) else None
                if row is None:
                    break
                ids.append(row.guid)
            else:
                coders = [c for c in entry.get("coders") or [] if isinstance(c, str)]
                record(
                    self.s,
                    actor=text(entry.get("actor")),
                    action=NEITHER,
                    entity=ENTITY,
                    entity_id=key,
                    after={
                        "document_id": doc.id,
                        "start": start,
                        "end": end,
                        "codes": sorted(ids),
                        "coders": coders,
                        "took": text(entry.get("took")),
                    },
                )
                self.w.bump("decisions")
                continue
            self.bad += 1

    def settings(self) -> None:
        have = {row.key: row for row in self.s.scalars(select(Setting))}
        for key, value in table(self.extra, "settings").items():
            if not isinstance(value, str) or len(key) > 64:
                self.bad += 1
                continue
            if key not in have:
                self.s.add(Setting(key=key, value=value))
            elif have[key].value != value:
                self.w.warnings.append(
                    f"project setting {key!r} is {have[key].value!r} here and {value!r} in the "
                    "file; kept the project's"
                )
        self.s.flush()

    def versions(self) -> None:
        """Earlier texts of revised documents (only for documents this import created)."""
        for entry in rows(self.extra, "versions"):
            guid = text(entry.get("document"))
            doc = self.w.created_documents.get(guid or "")
            if doc is None:
                continue
            revision, name = whole(entry.get("revision")), text(entry.get("text"))
            data = self.w.files.get(name or "")
            imported, replaced = moment(entry.get("imported_at")), moment(entry.get("replaced_at"))
            if revision is None or data is None or imported is None or replaced is None:
                self.bad += 1
                continue
            body = data.decode("utf-8", errors="strict")
            original = self.w.originals.checked(
                text(entry.get("original")), text(entry.get("source_sha256"))
            )
            stored = self.w.keep(original) if original is not None else None
            self.s.add(
                DocumentVersion(
                    document_id=doc.id,
                    revision=revision,
                    text=body,
                    sha256=hashlib.sha256(body.encode("utf-8")).hexdigest(),
                    source_sha256=text(entry.get("source_sha256")),
                    source_name=text(entry.get("source_name")),
                    source_path=stored,
                    length=len(body),
                    imported_at=imported,
                    replaced_at=replaced,
                    replaced_by=text(entry.get("replaced_by")),
                )
            )
        self.s.flush()


def merge_config(project: Project, extra: Mapping[str, Any], warnings: list[str]) -> bool:
    """Add the file's speaker roles and codebook links to ``workbench.yaml`` (in memory);
    True when something changed (the caller saves it after the commit)."""
    changed = False
    for label, role in table(extra, "speakers").items():
        if not isinstance(role, str):
            continue
        have = project.config.speakers.get(label)
        if have is None:
            project.config.speakers[label] = role
            changed = True
        elif have != role:
            warnings.append(
                f"speaker {label!r} is {have!r} in this project and {role!r} in the file; "
                "kept the project's"
            )
    links = relocate_codebooks(project, rows(extra, "codebooks"), warnings)
    if links:
        project.config.codebooks.extend(links)
        changed = True
    return changed
