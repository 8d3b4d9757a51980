"""Import: read and check the whole file, analyse new texts, then write it all in one transaction.

See the package's docstring for how what a file holds meets what the project has.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.core.errors import InputError
from workbench.interop.refi import read_qdc, read_qdpx
from workbench.services.audit import record
from workbench.services.documents import keep_source
from workbench.services.exchange.extras_in import DocumentFiles, ExtrasIn, merge_config
from workbench.services.exchange.results import RefiImportResult, audit_of
from workbench.services.exchange.writer import ImportWriter, match_document, sha_of

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from workbench.interop.refi import ArchiveLimits, ExchangeDocument
    from workbench.store.project import Project

HANDLE_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")


def import_refi(
    project: Project,
    *,
    path: str | Path,
    actor: str | None = None,
    limits: ArchiveLimits | None = None,
    strict: bool = False,
) -> RefiImportResult:
    """Import a ``.qdpx`` project or a ``.qdc`` codebook, chosen by the extension."""
    suffix = Path(path).suffix.lower()
    if suffix == ".qdpx":
        return import_qdpx(project, path=path, actor=actor, limits=limits, strict=strict)
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
    strict: bool = False,
) -> RefiImportResult:
    """Import a REFI-QDA project: all of it in one transaction, or nothing.

    A partial project (source files missing from the archive) imports what it
    holds and its warnings name each source left out; ``strict`` refuses it.
    """
    p = Path(path)
    if not p.is_file():
        raise InputError("no such file" if not p.exists() else "not a file", path=p)
    read = read_qdpx(
        p, label=str(p), limits=limits, fallback_coder=_fallback_handle(actor), strict=strict
    )
    bundle = read.project
    with project.uow() as uow:
        new_docs = _new_documents(uow.session, bundle.documents)
    originals = DocumentFiles(bundle.extra, bundle.files)
    saved_config = (dict(project.config.speakers), list(project.config.codebooks))
    config_notes: list[str] = []
    config_changed = merge_config(project, bundle.extra, config_notes)  # turns take roles
    try:
        analyses = _analyse(project, new_docs)
        stored = {}
        for d in new_docs:
            original = originals.original(d.guid)
            raw, digest, suffix = original or (
                d.raw or d.text.encode("utf-8"),
                sha_of(d.raw, d.text),
                ".txt",
            )
            stored[d.guid] = keep_source(project, raw, digest, suffix)
        with project.uow() as uow:
            writer = ImportWriter(uow.session, project, str(p), actor, read)
            writer.coders(bundle.coders)
            writer.codes(bundle.codes)
            writer.cases(bundle.cases)
            writer.documents(bundle.documents, analyses, stored)
            writer.codings(bundle.codings)
            writer.memos(bundle.memos)
            writer.schemes(bundle.schemes)
            ExtrasIn(writer, bundle.extra).restore()
            writer.warnings.extend(config_notes)
            result = writer.result("qdpx")
            record(
                uow.session,
                actor=actor,
                action="refi.import",
                entity="file",
                entity_id=p.name,
                after=audit_of(result),
            )
    except BaseException:
        project.config.speakers, project.config.codebooks = saved_config
        raise
    if config_changed:
        project.save_config()
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
        writer = ImportWriter(uow.session, project, str(p), actor, read)
        writer.codes(read.project.codes)
        result = writer.result("qdc")
        record(
            uow.session,
            actor=actor,
            action="refi.import",
            entity="file",
            entity_id=p.name,
            after=audit_of(result),
        )
    return result


def _new_documents(s: Session, docs: tuple[ExchangeDocument, ...]) -> list[ExchangeDocument]:
    """The documents of the file that the project does not hold yet."""
    return [d for d in docs if match_document(s, d) is None]


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
