"""Codebook actions: validate, diff, load a revision, show, find, rename, merge, retire."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, select, update

from workbench.codebook.diff import CodebookDiffResult, diff_codebook
from workbench.codebook.load import load_codebook
from workbench.codebook.lookup import CodeEntry, CodeIndex, CodeMatch
from workbench.codebook.model import Codebook, CodeSpec
from workbench.core.errors import ConflictError, InputError
from workbench.services.audit import check_version, record
from workbench.services.records import CodeInfo
from workbench.services.resolve import CodeResolver, coding_counts
from workbench.store.models import Code, Coding, Memo, utcnow

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from workbench.store.project import Project
    from workbench.store.session import UnitOfWork

SPEC_FIELDS = (
    "description",
    "inclusion",
    "exclusion",
    "colour",
    "shortcut",
    "status",
)
LIST_FIELDS = ("examples", "keywords", "synonyms", "phase_markers")


@dataclass(frozen=True, slots=True)
class CodebookLoadResult:
    codebook: str
    name: str
    diff: CodebookDiffResult
    retired: tuple[str, ...]
    merged: tuple[tuple[str, str, int], ...]  # source, target, codings moved
    deleted: tuple[str, ...]


def validate_codebook(path: str | Path) -> Codebook:
    return load_codebook(path)


def _spec_of(code: Code, guids: dict[int, str]) -> CodeSpec:
    return CodeSpec(
        id=code.guid,
        name=code.name,
        parent=guids.get(code.parent_id) if code.parent_id else None,
        description=code.description,
        inclusion=code.inclusion,
        exclusion=code.exclusion,
        examples=tuple(code.examples),
        colour=code.colour,
        shortcut=code.shortcut,
        keywords=tuple(code.keywords),
        synonyms=tuple(code.synonyms),
        phase_markers=tuple(code.phase_markers),
        status=code.status,
        ordinal=code.ordinal,
    )


def _current_specs(session: Session, codebook_id: str) -> tuple[list[Code], list[CodeSpec]]:
    all_codes = session.scalars(select(Code)).all()
    guids = {c.id: c.guid for c in all_codes}
    mine = [c for c in all_codes if c.codebook == codebook_id and c.status != "merged"]
    return mine, [_spec_of(c, guids) for c in mine]


def diff_codebook_file(uow: UnitOfWork, *, path: str | Path) -> tuple[Codebook, CodebookDiffResult]:
    """The changes a load would make; a dropped code's detail says how many codings it has."""
    book = load_codebook(path)
    with uow:
        codes, specs = _current_specs(uow.session, book.id)
        live = [sp for sp in specs if sp.status != "retired" or sp.id in book.by_id]
        diff = diff_codebook(live, book)
        counts = coding_counts(uow.session)
        ids = {c.guid: c.id for c in codes}
        changes = tuple(
            replace(ch, detail=f"{ch.detail} ({counts.get(ids[ch.id], 0)} codings)")
            if ch.kind == "removed"
            else ch
            for ch in diff.changes
        )
        return book, replace(diff, changes=changes)


def load_codebook_file(
    uow: UnitOfWork,
    *,
    path: str | Path,
    actor: str | None,
    retire: tuple[str, ...] = (),
    merge_into: dict[str, str] | None = None,
) -> CodebookLoadResult:
    """Bring the project's codes of this codebook to the file's revision, in one transaction."""
    book = load_codebook(path)
    merge_into = merge_into or {}
    with uow:
        s = uow.session
        existing, specs = _current_specs(s, book.id)
        live = [sp for sp in specs if sp.status != "retired" or sp.id in book.by_id]
        diff = diff_codebook(live, book)
        by_guid = {c.guid: c for c in s.scalars(select(Code))}
        for spec in book.codes:
            other = by_guid.get(spec.id)
            if other is not None and other.codebook != book.id:
                raise ConflictError(
                    f"code id {spec.id!r} already belongs to codebook {other.codebook!r}",
                    path=str(path),
                    line=spec.line,
                )
        counts = coding_counts(s)
        mine = {c.guid: c for c in existing}
        removed = list(diff.removed)
        for guid in (*retire, *merge_into):
            if guid not in removed:
                raise InputError(
                    f"--retire/--merge-into names {guid!r}, which the revised codebook does "
                    "not remove"
                )
        in_use = [
            g
            for g in removed
            if counts.get(mine[g].id, 0) and g not in retire and g not in merge_into
        ]
        if in_use:
            listing = ", ".join(f"{g} ({counts[mine[g].id]} codings)" for g in in_use)
            raise ConflictError(
                f"the revised codebook drops codes that have codings: {listing}; "
                "keep them with --retire ID or move their codings with --merge-into ID=NEW",
                path=str(path),
            )
        # 1. create or update every code of the file
        for spec in book.codes:
            code = mine.get(spec.id)
            if code is None:
                code = Code(guid=spec.id, codebook=book.id, name=spec.name)
                s.add(code)
                mine[spec.id] = code
            _apply_spec(code, spec)
        s.flush()
        for spec in book.codes:
            mine[spec.id].parent_id = mine[spec.parent].id if spec.parent else None
        # 2. what the file no longer has
        merged: list[tuple[str, str, int]] = []
        for guid, target_ref in merge_into.items():
            target = mine.get(target_ref) or CodeResolver(s).get(target_ref)
            if target.guid in removed:
                raise InputError(f"--merge-into target {target_ref!r} is itself removed")
            moved = _merge(s, mine[guid], target, actor)
            merged.append((guid, target.guid, moved))
        retired: list[str] = []
        for guid in retire:
            code = mine[guid]
            code.status = "retired"
            code.parent_id = None
            retired.append(guid)
        deleted: list[str] = []
        doomed = [g for g in removed if g not in retire and g not in merge_into]
        doomed_ids = [mine[g].id for g in doomed]
        if doomed_ids:
            s.execute(update(Code).where(Code.parent_id.in_(doomed_ids)).values(parent_id=None))
            s.execute(update(Memo).where(Memo.code_id.in_(doomed_ids)).values(code_id=None))
            s.execute(delete(Code).where(Code.id.in_(doomed_ids)))
            deleted.extend(doomed)
        record(
            s,
            actor=actor,
            action="codebook.load",
            entity="codebook",
            entity_id=book.id,
            after={
                "path": str(path),
                "added": [c.id for c in diff.added],
                "renamed": [list(r) for r in diff.renamed],
                "moved": [list(m) for m in diff.moved],
                "changed": [[i, list(f)] for i, f in diff.changed],
                "retired": retired,
                "merged": [list(m) for m in merged],
                "deleted": deleted,
            },
        )
    return CodebookLoadResult(
        book.id, book.name, diff, tuple(retired), tuple(merged), tuple(deleted)
    )


def _apply_spec(code: Code, spec: CodeSpec) -> None:
    changed = code.name != spec.name
    code.name = spec.name
    for f in SPEC_FIELDS:
        if getattr(code, f) != getattr(spec, f):
            setattr(code, f, getattr(spec, f))
            changed = True
    for f in LIST_FIELDS:
        value = list(getattr(spec, f))
        if getattr(code, f) != value:
            setattr(code, f, value)
            changed = True
    code.ordinal = spec.ordinal
    if changed and code.id is not None:
        code.version = (code.version or 1) + 1
        code.updated_at = utcnow()


def register_codebook(project: Project, path: str | Path) -> None:
    """Remember the file in ``workbench.yaml``, relative to the project folder so both can move."""
    entry = os.path.relpath(Path(path).resolve(), project.root.resolve())
    if entry not in project.config.codebooks:
        project.config.codebooks.append(entry)
        project.save_config()


def list_codes(uow: UnitOfWork, *, include_inactive: bool = False) -> list[CodeInfo]:
    """The code tree in display order, with coding counts."""
    with uow:
        s = uow.session
        resolver = CodeResolver(s)
        counts = coding_counts(s)
        codes = list(resolver.codes.values())
        children: dict[int | None, list[Code]] = {}
        for c in codes:
            children.setdefault(c.parent_id, []).append(c)
        for sibs in children.values():
            sibs.sort(key=lambda c: (c.codebook, c.ordinal, c.name))
        out: list[CodeInfo] = []

        def visit(parent: int | None, depth: int) -> None:
            for c in children.get(parent, []):
                if include_inactive or c.status == "active":
                    out.append(_info(c, resolver, depth, counts.get(c.id, 0)))
                visit(c.id, depth + 1)

        visit(None, 0)
        return out


def _info(c: Code, resolver: CodeResolver, depth: int, count: int) -> CodeInfo:
    parent = resolver.codes.get(c.parent_id) if c.parent_id else None
    return CodeInfo(
        id=c.id,
        guid=c.guid,
        codebook=c.codebook,
        name=c.name,
        path=resolver.path(c),
        parent_guid=parent.guid if parent else None,
        depth=depth,
        status=c.status,
        colour=c.colour,
        shortcut=c.shortcut,
        description=c.description,
        inclusion=c.inclusion,
        exclusion=c.exclusion,
        examples=tuple(c.examples),
        keywords=tuple(c.keywords),
        synonyms=tuple(c.synonyms),
        phase_markers=tuple(c.phase_markers),
        codings=count,
        version=c.version,
    )


def code_index(codes: list[CodeInfo]) -> CodeIndex:
    return CodeIndex([CodeEntry(c.guid, c.name, c.path, c.keywords, c.synonyms) for c in codes])


def find_codes(uow: UnitOfWork, *, query: str, limit: int = 10) -> list[CodeMatch]:
    return code_index(list_codes(uow)).find(query, limit=limit)


def rename_code(
    uow: UnitOfWork,
    *,
    code: str,
    new_name: str,
    actor: str | None,
    expected_version: int | None = None,
) -> CodeInfo:
    from workbench.services.codebook_edits import clean_name

    new_name = clean_name(new_name)
    with uow:
        s = uow.session
        resolver = CodeResolver(s)
        target = resolver.get(code)
        check_version(
            s,
            entity="code",
            entity_id=target.guid,
            what=f"code {resolver.path(target)!r}",
            current=target.version,
            expected=expected_version,
        )
        clash = s.scalar(
            select(func.count())
            .select_from(Code)
            .where(
                Code.parent_id.is_(target.parent_id)
                if target.parent_id is None
                else Code.parent_id == target.parent_id,
                func.lower(Code.name) == new_name.lower(),
                Code.id != target.id,
            )
        )
        if clash:
            raise ConflictError(f"a sibling code is already named {new_name!r}")
        before = {"name": target.name}
        target.name = new_name
        target.version += 1
        target.updated_at = utcnow()
        record(
            s,
            actor=actor,
            action="code.rename",
            entity="code",
            entity_id=target.guid,
            before=before,
            after={"name": new_name},
        )
        s.flush()
        return _info(target, CodeResolver(s), 0, coding_counts(s).get(target.id, 0))


def _merge(s: Session, source: Code, target: Code, actor: str | None) -> int:
    if source.id == target.id:
        raise InputError("cannot merge a code into itself")
    # A coder who already coded the same span with the target would get a duplicate.
    target_keys = {
        (r.document_id, r.start, r.end, r.coder_id)
        for r in s.execute(
            select(Coding.document_id, Coding.start, Coding.end, Coding.coder_id).where(
                Coding.code_id == target.id
            )
        )
    }
    src_rows = s.execute(
        select(Coding.id, Coding.document_id, Coding.start, Coding.end, Coding.coder_id).where(
            Coding.code_id == source.id
        )
    ).all()
    dupes = [r.id for r in src_rows if (r.document_id, r.start, r.end, r.coder_id) in target_keys]
    if dupes:
        s.execute(delete(Coding).where(Coding.id.in_(dupes)))
    moved = s.execute(
        update(Coding).where(Coding.code_id == source.id).values(code_id=target.id)
    ).rowcount
    s.execute(update(Code).where(Code.parent_id == source.id).values(parent_id=target.id))
    s.execute(update(Memo).where(Memo.code_id == source.id).values(code_id=target.id))
    source.status = "merged"
    source.merged_into_id = target.id
    source.parent_id = None
    source.shortcut = None
    source.version += 1
    record(
        s,
        actor=actor,
        action="code.merge",
        entity="code",
        entity_id=source.guid,
        before={"codings": len(src_rows)},
        after={"into": target.guid, "moved": moved, "duplicates_dropped": len(dupes)},
    )
    return int(moved)


def merge_codes(uow: UnitOfWork, *, source: str, target: str, actor: str | None) -> int:
    with uow:
        resolver = CodeResolver(uow.session)
        return _merge(uow.session, resolver.get(source), resolver.get_usable(target), actor)


def retire_code(uow: UnitOfWork, *, code: str, actor: str | None) -> None:
    with uow:
        target = CodeResolver(uow.session).get(code)
        if target.status != "active":
            raise ConflictError(f"code {target.name!r} is already {target.status}")
        target.status = "retired"
        target.version += 1
        record(
            uow.session,
            actor=actor,
            action="code.retire",
            entity="code",
            entity_id=target.guid,
            before={"status": "active"},
            after={"status": "retired"},
        )
