"""Importing documents in batches: read, analyse, store one transaction per document.

Reading and parsing happen before any transaction, so a file that fails leaves
nothing behind and the others still import. spaCy runs over a batch of texts at
once (``nlp.pipe``); rows for turns, sentences and date mentions go in with bulk
inserts, since a long interview has thousands of them.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from workbench.core.dates import parse_date
from workbench.core.errors import ConflictError, InputError, WorkbenchError, os_error_reason
from workbench.core.names import one_line_name
from workbench.ingest.metadata import (
    SIDECAR_SUFFIX,
    DocumentMeta,
    read_manifest,
    read_sidecar,
    with_defaults,
)
from workbench.services.audit import record
from workbench.services.documents import case_by_name, keep_source
from workbench.services.import_workers import (  # noqa: F401 - PARALLEL_FROM is public here too
    PARALLEL_FROM,
    _Analysed,
    _analysed_entries,
    _Options,
)
from workbench.store.bulk import insert_rows
from workbench.store.models import DateMention, Document, Sentence, Turn

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from datetime import date

    from workbench.ingest.extracted import ExtractedText
    from workbench.store.project import Project
    from workbench.store.session import UnitOfWork


@dataclass(frozen=True, slots=True)
class ImportItem:
    path: Path
    meta: DocumentMeta = field(default_factory=DocumentMeta)
    encoding: str | None = None  # forced text encoding (``--encoding``), else detected


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    path: str
    status: str  # imported | skipped | failed
    reason: str = ""
    document_id: int | None = None
    title: str | None = None
    characters: int = 0
    turns: int = 0
    sentences: int = 0
    mentions: int = 0
    notes: str = ""  # what the user should know although it imported: a guessed encoding


@dataclass(slots=True)
class _Prepared:
    item: ImportItem
    meta: DocumentMeta
    raw_sha: str
    raw: bytes
    extracted: ExtractedText


def collect(
    paths: list[str | Path],
    *,
    meta: DocumentMeta | None = None,
    manifest: str | Path | None = None,
    encoding: str | None = None,
) -> tuple[list[ImportItem], list[ImportOutcome]]:
    """Files to import from paths (folders recursively, symlink loops cut) or a manifest.

    Per-file metadata wins over the command's flags; a manifest row wins over a sidecar.
    Problems found while collecting (a folder with no documents) come back as outcomes,
    and so does every file of a folder that will not be imported, with the reason
    (an unsupported format, a survey table, a hidden file). ``encoding`` forces the
    text encoding of every text file (see ``check_encoding``).
    """
    from workbench.ingest.registry import SUPPORTED_EXTENSIONS

    if encoding is not None:
        encoding = check_encoding(encoding)
    base = meta or DocumentMeta()
    if base.date:
        parse_date(base.date)  # a bad --date is the command's error, not every file's
    items: list[ImportItem] = []
    problems: list[ImportOutcome] = []
    if manifest is not None:
        for entry in read_manifest(Path(manifest)):
            side = read_sidecar(entry.path) if entry.path.is_file() else None
            merged = entry.meta.over(side.over(base) if side else base)
            items.append(ImportItem(entry.path, merged))
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            passed_over: list[tuple[Path, str]] = []
            found = list(_walk(p, SUPPORTED_EXTENSIONS, passed_over))
            problems.extend(ImportOutcome(str(f), "skipped", why) for f, why in passed_over)
            if not found:
                problems.append(ImportOutcome(str(p), "failed", "folder holds no documents"))
            files = found
        else:
            files = [p]
        for f in files:
            side = read_sidecar(f) if f.is_file() else None
            items.append(ImportItem(f, side.over(base) if side else base, encoding))
    if encoding is not None:
        items = [replace(i, encoding=encoding) for i in items]
    return items, problems


def check_encoding(name: str) -> str:
    """The codec's canonical name, or an ``InputError`` for an unknown encoding."""
    import codecs

    try:
        return codecs.lookup(name).name
    except LookupError:
        raise InputError(f"unknown encoding {name!r} (e.g. utf-8, cp1252, latin-1)") from None


def _passed_over_reason(path: Path) -> str:
    """Why a file found in a folder is not imported with it."""
    from workbench.ingest.registry import reader_for
    from workbench.ingest.survey import SURVEY_EXTENSIONS

    if path.name.startswith("."):
        return "hidden file, not imported"
    if path.suffix.lower() in SURVEY_EXTENSIONS:
        return (
            "a survey table is not imported with a folder: import it on its own "
            f"(workbench import {path.name})"
        )
    try:
        reader_for(path)
    except WorkbenchError as exc:
        return exc.message
    return "not imported"  # pragma: no cover - every supported file is collected


def _walk(
    root: Path, extensions: frozenset[str], passed_over: list[tuple[Path, str]] | None = None
) -> Iterator[Path]:
    """Supported files under ``root``; the others go to ``passed_over`` with the reason."""
    seen: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            st = folder.stat()
        except OSError:
            continue
        if (st.st_dev, st.st_ino) in seen:  # a symlink loop, or a folder linked twice
            continue
        seen.add((st.st_dev, st.st_ino))
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        subfolders = []
        for entry in entries:
            hidden = entry.name.startswith(".")
            if entry.is_dir(follow_symlinks=True):
                if not hidden:
                    subfolders.append(Path(entry.path))
            elif entry.is_file(follow_symlinks=True) and not entry.name.endswith(SIDECAR_SUFFIX):
                if not hidden and Path(entry.name).suffix.lower() in extensions:
                    yield Path(entry.path)
                elif passed_over is not None:
                    passed_over.append((Path(entry.path), _passed_over_reason(Path(entry.path))))
        stack.extend(reversed(subfolders))


def _prepare(item: ImportItem, max_bytes: int) -> _Prepared:
    from workbench.ingest.files import check_file, read_bytes
    from workbench.ingest.registry import reader_for

    check_file(item.path, max_bytes)
    reader = reader_for(item.path)
    raw = read_bytes(item.path, max_bytes)
    meta = with_defaults(item.meta, item.path)
    if meta.date:
        parse_date(meta.date)
    if item.encoding is not None and item.path.suffix.lower() in TEXT_SUFFIXES:
        extracted = reader(_transcoded(raw, item.encoding, item.path), item.path)
        forced = {"encoding": item.encoding, "encoding_forced": "yes"}
        extracted = replace(extracted, metadata={**extracted.metadata, **forced})
    else:
        extracted = reader(raw, item.path)
    return _Prepared(item, meta, hashlib.sha256(raw).hexdigest(), raw, extracted)


TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ".html", ".htm", ".vtt", ".srt"})
"""Formats whose bytes are text in some encoding, which ``--encoding`` can force."""


def _transcoded(raw: bytes, encoding: str, path: Path) -> bytes:
    """``raw`` read in the forced ``encoding``, as UTF-8 for the reader."""
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not valid {encoding} (byte {exc.start}); leave out --encoding to detect it",
            path=path,
        ) from None
    return text.encode("utf-8")


def encoding_note(metadata: dict[str, str]) -> str:
    """A note when the text was not UTF-8 and its encoding was guessed."""
    encoding = metadata.get("encoding")
    if (
        not encoding
        or metadata.get("encoding_forced")
        or encoding.replace("-", "_")
        in (
            "utf_8",
            "utf_8_sig",
            "ascii",
        )
    ):
        return ""
    return (
        f"not UTF-8: read as {encoding} (a guess); if letters look wrong, import again "
        "with --encoding"
    )


def _options(project: Project) -> _Options:
    return _Options(
        max_bytes=int(float(project.config.import_.get("max_file_mb", 50)) * 1024 * 1024),
        day_first=bool(project.config.nlp.get("day_first", True)),
        model=project.config.nlp.get("model"),
    )


def read_revision(project: Project, path: Path, anchor: date | None) -> tuple[_Prepared, _Analysed]:
    """Read and analyse one file as a new version of a document; errors are raised.

    ``anchor`` is the document's date, against which relative dates ("last year")
    in the text are resolved, as at its import.
    """
    from workbench.nlp import analyse

    opts = _options(project)
    prepared = _prepare(ImportItem(path), opts.max_bytes)
    [analysis] = analyse(
        [(prepared.extracted.text, anchor)],
        day_first=opts.day_first,
        model=opts.model,
        breaks=[tuple(t.start for t in prepared.extracted.turns)],
    )
    return prepared, _Analysed(analysis.sentences, analysis.mentions)


def import_documents(
    project: Project,
    items: list[ImportItem],
    *,
    allow_duplicate: bool = False,
    actor: str | None = None,
    on_outcome: Callable[[ImportOutcome], None] | None = None,
) -> list[ImportOutcome]:
    """Import every item; one transaction per document; failures are outcomes, not raises."""
    opts = _options(project)
    outcomes: list[ImportOutcome] = []

    def done(outcome: ImportOutcome) -> None:
        outcomes.append(outcome)
        if on_outcome is not None:
            on_outcome(outcome)

    own = [item for item in items if is_own_database(project, item.path)]
    for item in own:
        done(ImportOutcome(str(item.path), "failed", OWN_DATABASE))
    items = [item for item in items if item not in own]
    with project.uow() as uow:
        known = set(uow.session.scalars(select(Document.source_sha256)))
    batch = _GroupCommit(project, done)
    try:
        for entry in _analysed_entries(items, opts):
            if isinstance(entry, ImportOutcome):
                done(entry)
                continue
            prepared, analysed = entry
            if prepared.raw_sha in known and not allow_duplicate:
                done(
                    ImportOutcome(
                        str(prepared.item.path),
                        "skipped",
                        "already imported (same file); --allow-duplicate imports it again",
                    )
                )
                continue
            try:
                batch.add(prepared, analysed, actor)
            except WorkbenchError as exc:
                done(ImportOutcome(str(prepared.item.path), "failed", exc.message))
                continue
            except OSError as exc:  # keeping the original: a full disk, a read-only folder
                done(ImportOutcome(str(prepared.item.path), "failed", os_error_reason(exc)))
                continue
            known.add(prepared.raw_sha)
        batch.commit()
    finally:
        batch.close()
    return outcomes


OWN_DATABASE = "is this project's own database (or its log); not read, not imported"


def is_own_database(project: Project, path: Path) -> bool:
    """Whether ``path`` (a link, perhaps) is the project's database or one of its files.

    Reading it would be no import at all, and closing the descriptor that read it
    would drop this process's SQLite locks on it (``store.sqlitefile``).
    """
    try:
        return path.resolve() in project.database_files
    except (OSError, RuntimeError):  # a loop of links: reading it says so
        return False


class _GroupCommit:
    """Documents stored a few at a time: each whole or not at all, reported once on disk.

    Each document goes into its own SAVEPOINT, so one that fails leaves the others;
    the transaction commits every ``size`` documents or ``seconds``, and only then
    are those documents reported imported. An fsync'd commit per document cost a
    quarter of a large import's time; a kill loses at most the unreported batch.
    """

    def __init__(
        self,
        project: Project,
        report: Callable[[ImportOutcome], None],
        size: int = 16,
        seconds: float = 0.5,
    ) -> None:
        self._project = project
        self._report = report
        self._size = size
        self._seconds = seconds
        self._uow: UnitOfWork | None = None
        self._pending: list[ImportOutcome] = []
        self._since = 0.0

    def add(self, p: _Prepared, analysis: Any, actor: str | None) -> None:
        stored = keep_source(self._project, p.raw, p.raw_sha, p.item.path.suffix)
        if self._uow is None:
            self._uow = self._project.uow().__enter__()
            self._since = time.monotonic()
        s = self._uow.session
        savepoint = s.begin_nested()
        try:
            outcome = _insert(
                s,
                self._project,
                p.meta,
                p.extracted,
                analysis,
                raw_sha=p.raw_sha,
                source=p.item.path,
                stored=stored,
                actor=actor,
            )
            savepoint.commit()
        except BaseException:
            savepoint.rollback()
            raise
        self._pending.append(outcome)
        if len(self._pending) >= self._size or time.monotonic() - self._since >= self._seconds:
            self.commit()

    def commit(self) -> None:
        if self._uow is None:
            return
        uow, self._uow = self._uow, None
        uow.__exit__(None, None, None)
        pending, self._pending = self._pending, []
        for outcome in pending:
            self._report(outcome)

    def close(self) -> None:
        """Roll back what was not committed (after an unexpected error)."""
        if self._uow is not None:
            uow, self._uow = self._uow, None
            self._pending = []
            uow.__exit__(RuntimeError, RuntimeError("import interrupted"), None)


def _reason(exc: WorkbenchError) -> str:
    where = f"line {exc.line}: " if exc.line is not None else ""
    return where + exc.message


def one_line_title(given: str | None, source: Path) -> str:
    """A title on one line without control characters or bidi overrides: a file name may
    hold a newline or an escape sequence, and titles are printed in tables and terminals
    (``core.names``)."""
    return one_line_name(given or source.stem) or "untitled"


def _insert(
    s: Any,
    project: Project,
    meta: DocumentMeta,
    extracted: ExtractedText,
    analysis: Any,
    *,
    raw_sha: str,
    source: Path,
    stored: Path,
    actor: str | None,
) -> ImportOutcome:
    text = extracted.text
    when = parse_date(meta.date) if meta.date else None
    roles = project.config.speakers
    doc = Document(
        title=one_line_title(meta.title, source),
        kind=meta.kind or "document",
        text=text,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        source_sha256=raw_sha,
        source_name=source.name,
        source_path=os.path.relpath(stored, project.root),
        length=len(text),
        date_start=when.start if when else None,
        date_end=when.end if when else None,
        date_precision=str(when.precision) if when else None,
        case_id=case_by_name(s, meta.case).id if meta.case else None,
        attributes={**{k: str(v) for k, v in extracted.metadata.items()}, **meta.attributes},
    )
    s.add(doc)
    s.flush()
    turns, sentences, mentions = store_analysis(s.connection(), doc.id, extracted, analysis, roles)
    record(
        s,
        actor=actor,
        action="document.import",
        entity="document",
        entity_id=doc.guid,
        after={
            "title": doc.title,
            "source": source.name,
            "sha256": doc.sha256,
            "turns": len(turns),
            "sentences": len(sentences),
            "mentions": len(mentions),
        },
    )
    return ImportOutcome(
        str(source),
        "imported",
        "",
        doc.id,
        doc.title,
        len(text),
        len(turns),
        len(sentences),
        len(mentions),
        encoding_note(extracted.metadata),
    )


def store_analysis(
    conn: Any, document_id: int, extracted: ExtractedText, analysis: Any, roles: dict[str, str]
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Insert a document's turns, sentences and date mentions; returns the rows."""
    turns = [
        (document_id, i, t.start, t.end, t.speaker, roles.get(t.speaker), t.start_ms, t.end_ms)
        for i, t in enumerate(extracted.turns)
    ]
    sentences = [(document_id, i, a, b) for i, (a, b) in enumerate(analysis.sentences)]
    mentions = [
        (
            document_id,
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
    insert_rows(
        conn,
        Turn.__table__,
        ("document_id", "ordinal", "start", "end", "speaker", "role", "start_ms", "end_ms"),
        turns,
    )
    insert_rows(conn, Sentence.__table__, ("document_id", "ordinal", "start", "end"), sentences)
    insert_rows(
        conn,
        DateMention.__table__,
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
    return turns, sentences, mentions


def import_survey(
    project: Project,
    *,
    path: str | Path,
    text_columns: list[str] | None = None,
    respondent_column: str | None = None,
    meta: DocumentMeta | None = None,
    allow_duplicate: bool = False,
    actor: str | None = None,
    encoding: str | None = None,
) -> list[ImportOutcome]:
    """One document per row (or per respondent); the whole file is one transaction."""
    from workbench.ingest.files import read_bytes
    from workbench.ingest.survey import read_survey
    from workbench.nlp import analyse

    p = Path(path)
    if is_own_database(project, p):
        raise InputError(OWN_DATABASE, path=p)
    max_bytes = int(float(project.config.import_.get("max_file_mb", 50)) * 1024 * 1024)
    docs = read_survey(
        p,
        text_columns=text_columns,
        respondent_column=respondent_column,
        max_bytes=max_bytes,
        encoding=check_encoding(encoding) if encoding else None,
    )
    raw = read_bytes(p, max_bytes)
    raw_sha = hashlib.sha256(raw).hexdigest()
    base = meta or DocumentMeta()
    if base.date:
        parse_date(base.date)
    with project.uow() as uow:
        if not allow_duplicate and uow.session.scalar(
            select(Document.id).where(Document.source_sha256 == raw_sha).limit(1)
        ):
            raise ConflictError(
                "already imported (same file); --allow-duplicate imports it again", path=p
            )
    anchor = parse_date(base.date).start if base.date else None
    analyses = list(
        analyse(
            [(d.document.text, anchor) for d in docs],
            day_first=bool(project.config.nlp.get("day_first", True)),
            model=project.config.nlp.get("model"),
        )
    )
    stored = keep_source(project, raw, raw_sha, p.suffix)
    outcomes = []
    with project.uow() as uow:
        for d, analysis in zip(docs, analyses, strict=True):
            attrs = {**base.attributes, **d.attributes}
            if d.respondent is not None:
                attrs["respondent"] = d.respondent
            row_meta = DocumentMeta(
                title=d.name,
                kind=base.kind or "survey",
                date=base.date,
                case=base.case,
                attributes=attrs,
            )
            outcomes.append(
                _insert(
                    uow.session,
                    project,
                    row_meta,
                    d.document,
                    analysis,
                    raw_sha=raw_sha,
                    source=p,
                    stored=stored,
                    actor=actor,
                )
            )
    return outcomes
