"""What only the workbench keeps, gathered for export: so that a round trip loses nothing.

The standard has no place for indicators, a lead's "neither" decisions, the
speaker map, the codebook files a project was loaded from, earlier versions of a
revised document, the files documents were imported from, merged codes, version
counters and exact timestamps (the standard's are to the second). They travel as
JSON values in the extension comment (``ExchangeProject.extra``) and as
``workbench/`` archive members (``ExchangeProject.files``); ``restore`` in
``extras_in`` puts them back. Other tools ignore both.

Every value is keyed by what identifies it across projects (a document's GUID, a
code's id, a coder's handle, a scheme's name), never by a database row id.
"""

from __future__ import annotations

import hashlib
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from workbench.store.models import (
    BracketScheme,
    Case,
    Code,
    Coder,
    Coding,
    Document,
    DocumentVersion,
    Indicator,
    Memo,
    Phase,
    Setting,
)

if TYPE_CHECKING:
    from datetime import date, datetime

    from sqlalchemy.orm import Session

    from workbench.store.project import Project


def stamp(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def gather(s: Session, project: Project) -> tuple[dict[str, Any], dict[str, bytes]]:
    """``(extra, files)`` for ``ExchangeProject``: every workbench-only value of the project."""
    coders = {c.id: c for c in s.scalars(select(Coder))}
    codes = {c.id: c for c in s.scalars(select(Code))}
    cases = {c.id: c.name for c in s.scalars(select(Case))}
    docs = {d.id: d for d in s.scalars(select(Document).order_by(Document.id))}
    files: dict[str, bytes] = {}
    documents: dict[str, Any] = {}
    for d in docs.values():
        entry: dict[str, Any] = {
            "source_name": d.source_name,
            "source_sha256": d.source_sha256,
            "revision": d.revision,
            "imported_at": stamp(d.imported_at),
            "supersedes": docs[d.supersedes_id].guid if d.supersedes_id in docs else None,
        }
        original = _original(project, d.source_path)
        if original is not None:
            name = f"originals/{PurePosixPath(d.source_path or '').name}"
            files[name] = original
            entry["original"] = name
        documents[d.guid] = entry
    versions = []
    for v in s.scalars(select(DocumentVersion).order_by(DocumentVersion.id)):
        guid = docs[v.document_id].guid
        name = f"versions/{guid}/{v.revision}.txt"
        files[name] = v.text.encode("utf-8")
        original = _original(project, v.source_path)
        if original is not None:
            files[f"originals/{PurePosixPath(v.source_path or '').name}"] = original
        versions.append(
            {
                "document": guid,
                "revision": v.revision,
                "text": name,
                "source_sha256": v.source_sha256,
                "source_name": v.source_name,
                "original": (
                    f"originals/{PurePosixPath(v.source_path or '').name}"
                    if original is not None
                    else None
                ),
                "imported_at": stamp(v.imported_at),
                "replaced_at": stamp(v.replaced_at),
                "replaced_by": v.replaced_by,
            }
        )
    code_id = {c.id: c.guid for c in codes.values()}
    schemes = {b.id: b for b in s.scalars(select(BracketScheme))}
    extra: dict[str, Any] = {
        "documents": documents,
        "versions": versions,
        "coders": {c.handle: {"created": stamp(c.created_at)} for c in coders.values()},
        "codes": {
            c.guid: {"version": c.version, "updated": stamp(c.updated_at)} for c in codes.values()
        },
        "merged_codes": [
            {
                "id": c.guid,
                "name": c.name,
                "codebook": c.codebook,
                "parent": code_id.get(c.parent_id) if c.parent_id else None,
                "merged_into": code_id.get(c.merged_into_id) if c.merged_into_id else None,
                "description": c.description,
                "inclusion": c.inclusion,
                "exclusion": c.exclusion,
                "examples": list(c.examples or ()),
                "colour": c.colour,
                "shortcut": c.shortcut,
                "keywords": list(c.keywords or ()),
                "synonyms": list(c.synonyms or ()),
                "phase_markers": list(c.phase_markers or ()),
                "ordinal": c.ordinal,
                "version": c.version,
                "updated": stamp(c.updated_at),
            }
            for c in codes.values()
            if c.status == "merged"
        ],
        "codings": {
            guid: [stamp(created), stamp(updated)]
            for guid, created, updated in s.execute(
                select(Coding.guid, Coding.created_at, Coding.updated_at)
            )
        },
        "memos": {
            m.guid: [stamp(m.created_at), stamp(m.updated_at)] for m in s.scalars(select(Memo))
        },
        "schemes": {
            b.name: {
                "created": stamp(b.created_at),
                "created_by": coders[b.created_by_id].handle if b.created_by_id in coders else None,
                "version": b.version,
            }
            for b in schemes.values()
        },
        "phases": [
            {
                "scheme": schemes[p.scheme_id].name,
                "label": p.label,
                "ordinal": p.ordinal,
                "version": p.version,
            }
            for p in s.scalars(select(Phase))
        ],
        "indicators": [
            {
                "name": i.name,
                "start": day(i.date_start),
                "end": day(i.date_end),
                "precision": i.precision,
                "value": i.value,
                "unit": i.unit,
                "source": i.source,
                "case": cases.get(i.case_id) if i.case_id else None,
                "attributes": dict(i.attributes or {}),
            }
            for i in s.scalars(select(Indicator).order_by(Indicator.id))
        ],
        "neither": _neither(s, docs),
        "settings": {row.key: row.value for row in s.scalars(select(Setting))},
        "speakers": dict(project.config.speakers),
        "codebooks": _codebooks(project),
    }
    return extra, files


def _original(project: Project, source_path: str | None) -> bytes | None:
    """The file a document was imported from, as the project keeps it (if it still does)."""
    if not source_path:
        return None
    path = project.root / source_path
    try:
        return path.read_bytes() if path.is_file() else None
    except OSError:
        return None


def _neither(s: Session, docs: dict[int, Document]) -> list[dict[str, Any]]:
    from workbench.services.adjudication import neither_marks

    return [
        {
            "key": m.key,
            "document": docs[m.document_id].guid,
            "start": m.start,
            "end": m.end,
            "codes": list(m.codes),
            "coders": list(m.coders),
            "took": m.took,
            "actor": m.actor,
        }
        for m in neither_marks(s)
        if m.document_id in docs
    ]


def _codebooks(project: Project) -> list[dict[str, Any]]:
    """The codebook files the project was loaded from: as written, where, and their digest."""
    out = []
    for entry in project.config.codebooks:
        path = (project.root / entry).resolve()
        try:
            digest = _sha(path.read_bytes())
        except OSError:
            digest = None
        out.append({"entry": entry, "path": str(path), "sha256": digest})
    return out


def relocate_codebooks(
    project: Project, entries: list[dict[str, Any]], warnings: list[str]
) -> list[str]:
    """The links to add to ``project``'s codebooks: each file found again (same digest)
    beside the new project, or where it was; a link not found is kept and said."""
    out: list[str] = []
    for item in entries:
        entry, where, digest = item.get("entry"), item.get("path"), item.get("sha256")
        if not isinstance(entry, str):
            continue
        candidates = [project.root / entry] + ([Path(where)] if isinstance(where, str) else [])
        found = None
        for candidate in candidates:
            try:
                if candidate.is_file() and (
                    digest is None or _sha(candidate.read_bytes()) == digest
                ):
                    found = candidate
                    break
            except OSError:
                continue
        if found is None:
            warnings.append(
                f"codebook file {entry!r} was not found here (nor at {where}); "
                "the link is kept in workbench.yaml as the exported project had it"
            )
            link = entry
        else:
            import os

            link = os.path.relpath(found.resolve(), project.root.resolve())
        if link not in project.config.codebooks and link not in out:
            out.append(link)
    return out
