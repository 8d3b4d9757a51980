"""Codebook work from the coding view: new code, in-vivo code, rename, recolour, move, retire.

Each edit is one transaction with an audit row holding the code before and after
(``code.create``, ``code.edit``), so ``services.history`` undoes and redoes it like
a coding action. An in-vivo code (the selected words become a new code, applied to
them) is one step: the new code and its first coding undo together.

The project is where codes live once a coder edits them; the YAML file follows
when the coder says so (``save_codebook``, ``workbench codebook save``), and
``workbench codebook diff FILE`` lists what the file and the project disagree on
until then. Saving writes the file afresh (its comments are not kept; the file
as it was is kept beside it as ``.bak``).
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from sqlalchemy import func, select

from workbench.codebook.load import COLOUR_RE, ID_RE, load_codebook
from workbench.core.errors import ConflictError, InputError, NotFoundError
from workbench.core.names import one_line_name, shown, unsafe_characters
from workbench.services.audit import record
from workbench.services.codebook import _info
from workbench.services.resolve import CodeResolver, coding_counts
from workbench.store.models import Code, Coding, Memo, utcnow

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from workbench.services.reading import SegmentInfo
    from workbench.services.records import CodeInfo
    from workbench.store.project import Project

CREATE, EDIT = "code.create", "code.edit"
UNDO, REDO = "code.undo", "code.redo"
SNAPSHOT_FIELDS = ("codebook", "name", "colour", "parent", "status", "shortcut", "description")
IN_VIVO_MAX = 60  # characters of the selection a code name keeps
PALETTE: Final = (
    ("blue", "#1f77b4"),
    ("orange", "#ff7f0e"),
    ("green", "#2ca02c"),
    ("red", "#d62728"),
    ("purple", "#9467bd"),
    ("brown", "#8c564b"),
    ("pink", "#e377c2"),
    ("grey", "#7f7f7f"),
    ("olive", "#bcbd22"),
    ("cyan", "#17becf"),
)


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = _Unset()


def code_snapshot(session: Session, code: Code) -> dict[str, Any]:
    """The code as an edit changes it (the parent by guid: ids differ between projects)."""
    parent = session.get(Code, code.parent_id) if code.parent_id else None
    return {
        "guid": code.guid,
        "codebook": code.codebook,
        "name": code.name,
        "colour": code.colour,
        "parent": parent.guid if parent else None,
        "status": code.status,
        "shortcut": code.shortcut,
        "description": code.description,
    }


def same_code(session: Session, code: Code | None, snap: dict[str, Any] | None) -> bool:
    if code is None or snap is None:
        return code is None and snap is None
    now = code_snapshot(session, code)
    return all(now[k] == snap.get(k) for k in SNAPSHOT_FIELDS)


def write_code(session: Session, code: Code | None, snap: dict[str, Any] | None) -> Code | None:
    """Make the code equal to ``snap``: create it, change it, or (None) delete it."""
    if snap is None:
        if code is not None:
            session.delete(code)
            session.flush()
        return None
    if code is None:
        code = Code(guid=snap["guid"], codebook=snap["codebook"], name=snap["name"])
        code.ordinal = _next_ordinal(session, snap["codebook"])
        session.add(code)
    code.name = snap["name"]
    code.colour = snap["colour"]
    code.status = snap["status"]
    code.shortcut = snap["shortcut"]
    code.description = snap["description"]
    parent = snap["parent"]
    code.parent_id = session.scalar(select(Code.id).where(Code.guid == parent)) if parent else None
    code.version = (code.version or 1) + 1
    code.updated_at = utcnow()
    session.flush()
    return code


def removable(session: Session, code: Code) -> bool:
    """Whether a new code can go again (undo of its creation): no codings, children, memos."""
    uses = (
        session.scalar(select(func.count()).select_from(Coding).where(Coding.code_id == code.id))
        or 0
    )
    kids = session.scalar(select(func.count()).select_from(Code).where(Code.parent_id == code.id))
    memos = session.scalar(select(func.count()).select_from(Memo).where(Memo.code_id == code.id))
    return not (uses or kids or memos)


def _next_ordinal(session: Session, codebook: str) -> int:
    top = session.scalar(select(func.max(Code.ordinal)).where(Code.codebook == codebook))
    return int(top or 0) + 1


def _slug(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")
    return slug[:40].strip("-") or "code"


def _new_guid(session: Session, name: str) -> str:
    base = _slug(name)
    taken = set(session.scalars(select(Code.guid).where(Code.guid.like(f"{base}%"))))
    guid, n = base, 2
    while guid in taken:
        guid, n = f"{base}-{n}", n + 1
    if not ID_RE.match(guid):
        guid = f"c-{guid}"
    return guid


def clean_name(name: str) -> str:
    """A typed code name on one line; characters a terminal acts on are refused, named."""
    clean = " ".join(name.split())
    bad = unsafe_characters(clean)
    if bad:
        raise InputError(f"code name {shown(clean)} holds {', '.join(bad)}: remove it")
    if not clean:
        raise InputError("a code needs a name: it is empty")
    if len(clean) > 200:
        raise InputError(f"a code name has at most 200 characters, not {len(clean)}")
    return clean


def _check_sibling(session: Session, name: str, parent_id: int | None, own: int | None) -> None:
    clash = session.scalar(
        select(Code.id).where(
            Code.parent_id.is_(None) if parent_id is None else Code.parent_id == parent_id,
            func.lower(Code.name) == name.lower(),
            Code.status != "merged",
            *([Code.id != own] if own is not None else []),
        )
    )
    if clash is not None:
        raise ConflictError(f"a code beside it is already named {name!r}")


def _colour(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    text = value.strip().lower()
    named = dict(PALETTE)
    if text in named:
        return named[text]
    if not text.startswith("#"):
        text = "#" + text
    if not COLOUR_RE.match(text):
        names = ", ".join(n for n, _ in PALETTE)
        raise InputError(f"bad colour {value!r}: use #RRGGBB or one of {names}")
    return text


def _default_codebook(session: Session, parent: Code | None) -> str:
    if parent is not None:
        return parent.codebook
    books = session.scalars(
        select(Code.codebook).group_by(Code.codebook).order_by(func.count().desc())
    ).all()
    return books[0] if books else "project"


def _created(
    session: Session,
    *,
    name: str,
    actor: str | None,
    parent: str | None,
    colour: str | None,
    description: str | None,
) -> Code:
    resolver = CodeResolver(session)
    above = resolver.get_usable(parent) if parent else None
    clean = clean_name(name)
    _check_sibling(session, clean, above.id if above else None, None)
    book = _default_codebook(session, above)
    code = Code(
        guid=_new_guid(session, clean),
        codebook=book,
        name=clean,
        parent_id=above.id if above else None,
        colour=_colour(colour),
        description=(description or "").strip() or None,
        ordinal=_next_ordinal(session, book),
    )
    session.add(code)
    session.flush()
    record(
        session,
        actor=actor,
        action=CREATE,
        entity="code",
        entity_id=code.guid,
        before=None,
        after=code_snapshot(session, code),
    )
    return code


def _as_info(session: Session, code: Code) -> CodeInfo:
    resolver = CodeResolver(session)
    return _info(code, resolver, resolver.depth(code), coding_counts(session).get(code.id, 0))


def create_code(
    project: Project,
    *,
    name: str,
    actor: str | None,
    parent: str | None = None,
    colour: str | None = None,
    description: str | None = None,
) -> CodeInfo:
    """A new active code (under ``parent``, or at the top of the main codebook)."""
    with project.uow() as uow:
        code = _created(
            uow.session,
            name=name,
            actor=actor,
            parent=parent,
            colour=colour,
            description=description,
        )
        return _as_info(uow.session, code)


@dataclass(frozen=True, slots=True)
class InVivoResult:
    code: CodeInfo
    segment: SegmentInfo


def in_vivo_name(text: str) -> str:
    """The code name the selected words give: one line, quotes trimmed, at most 60 chars."""
    words = one_line_name(text).strip(" \"'“”‘’.,;:!?")
    if len(words) > IN_VIVO_MAX:
        cut = words[:IN_VIVO_MAX].rsplit(" ", 1)[0]
        words = cut + "…"
    return words


def in_vivo_code(
    project: Project,
    *,
    document_id: int,
    start: int,
    end: int,
    coder: str,
    parent: str | None = None,
) -> InVivoResult:
    """The selected words become a new code, applied to them: one action, one undo."""
    from workbench.core.span import Span
    from workbench.services.codings import _insert
    from workbench.services.history import BATCH, BATCH_ENTITY
    from workbench.services.reading import code_table, local_resolver, segment_from_row
    from workbench.services.resolve import coder_by_handle
    from workbench.store.models import Document

    with project.uow() as uow:
        s = uow.session
        doc = s.get(Document, document_id)
        if doc is None:
            raise NotFoundError(f"no document #{document_id}")
        Span(start, end).check_within(doc.length, where=f"document {doc.title!r}")
        name = in_vivo_name(doc.text[start:end])
        if not name:
            raise InputError("the selection has no words to name a code after")
        who = coder_by_handle(s, coder)
        record(
            s,
            actor=who.handle,
            action=BATCH,
            entity=BATCH_ENTITY,
            entity_id=None,
            after={"size": 2, "description": f"in-vivo code {name!r}"},
        )
        code = _created(
            s, name=name, actor=who.handle, parent=parent, colour=None, description=None
        )
        row = _insert(
            s,
            doc=doc,
            span=Span(start, end),
            code_id=code.id,
            coder=who,
            origin="manual",
            memo=None,
            event=None,
            actor=who.handle,
        )
        resolver = local_resolver(s, document_id, row.start, row.end)
        segment = segment_from_row(row, who.handle, code_table(s), resolver)
        return InVivoResult(_as_info(s, code), segment)


def edit_code(
    project: Project,
    *,
    code: str,
    actor: str | None,
    name: str | _Unset = UNSET,
    colour: str | _Unset | None = UNSET,
    parent: str | _Unset | None = UNSET,
    status: str | _Unset = UNSET,
) -> CodeInfo:
    """Rename, recolour, move (``parent``; None: to the top) or retire/reactivate a code."""
    with project.uow() as uow:
        s = uow.session
        resolver = CodeResolver(s)
        target = resolver.get(code)
        if target.status == "merged":
            raise ConflictError(
                f"code {resolver.path(target)!r} was merged: edit the code it went into"
            )
        before = code_snapshot(s, target)
        parent_id = target.parent_id
        if not isinstance(parent, _Unset):
            if parent is None:
                parent_id = None
            else:
                above = resolver.get_usable(parent)
                walk: Code | None = above
                while walk is not None:
                    if walk.id == target.id:
                        raise InputError(
                            f"cannot move {target.name!r} under itself or one of its children"
                        )
                    walk = resolver.codes.get(walk.parent_id) if walk.parent_id else None
                parent_id = above.id
        new_name = target.name if isinstance(name, _Unset) else clean_name(name)
        if new_name.lower() != target.name.lower() or parent_id != target.parent_id:
            _check_sibling(s, new_name, parent_id, target.id)
        if not isinstance(status, _Unset) and status not in ("active", "retired"):
            raise InputError(f"bad status {status!r}: active or retired")
        target.name = new_name
        target.parent_id = parent_id
        if not isinstance(colour, _Unset):
            target.colour = _colour(colour)
        if not isinstance(status, _Unset):
            target.status = status
        after = code_snapshot(s, target)
        if after == before:
            raise ConflictError(f"code {resolver.path(target)!r} is like that already")
        target.version += 1
        target.updated_at = utcnow()
        s.flush()
        record(
            s,
            actor=actor,
            action=EDIT,
            entity="code",
            entity_id=target.guid,
            before=before,
            after=after,
        )
        return _as_info(s, target)


# ---------------------------------------------------------------------- the YAML file


@dataclass(frozen=True, slots=True)
class SavedCodebook:
    codebook: str
    path: Path
    codes: int
    backup: Path | None


def _registered_file(project: Project, codebook: str) -> Path | None:
    for entry in project.config.codebooks:
        path = (project.root / entry).resolve()
        try:
            if load_codebook(path).id == codebook:
                return path
        except (InputError, OSError):
            continue
    return None


def codebook_yaml(project: Project, *, codebook: str | None = None) -> tuple[str, str]:
    """``(codebook id, YAML text)`` of the project's codebook as it is now."""
    import yaml

    with project.reader() as uow:
        s = uow.session
        books = sorted(set(s.scalars(select(Code.codebook))))
        if not books:
            raise NotFoundError("this project has no codebook")
        if codebook is None:
            if len(books) > 1:
                raise InputError(
                    f"several codebooks ({', '.join(books)}): name one with --codebook"
                )
            codebook = books[0]
        if codebook not in books:
            raise NotFoundError(f"no codebook {codebook!r} (have: {', '.join(books)})")
        codes = [
            c
            for c in s.scalars(select(Code).where(Code.codebook == codebook))
            if c.status != "merged"
        ]
        guids = {c.id: c.guid for c in s.scalars(select(Code))}
        source = _registered_file(project, codebook)
        header: dict[str, Any] = {"id": codebook, "name": codebook}
        if source is not None:
            book = load_codebook(source)
            header = {"id": book.id, "name": book.name}
            if book.version:
                header["version"] = book.version
            if book.description:
                header["description"] = book.description
        children: dict[int | None, list[Code]] = {}
        for c in codes:
            parent = c.parent_id if c.parent_id in {x.id for x in codes} else None
            children.setdefault(parent, []).append(c)
        for sibs in children.values():
            sibs.sort(key=lambda c: (c.ordinal, c.name))

        def entry(c: Code) -> dict[str, Any]:
            out: dict[str, Any] = {"id": c.guid, "name": c.name}
            if c.parent_id and c.parent_id not in {x.id for x in codes}:
                out["parent"] = guids[c.parent_id]
            for key in ("shortcut", "colour", "status"):
                value = getattr(c, key)
                if value and not (key == "status" and value == "active"):
                    out[key] = value
            for key in ("phase_markers", "keywords", "synonyms"):
                if getattr(c, key):
                    out[key] = list(getattr(c, key))
            for key in ("description", "inclusion", "exclusion"):
                if getattr(c, key):
                    out[key] = getattr(c, key)
            if c.examples:
                out["examples"] = list(c.examples)
            kids = children.get(c.id, [])
            if kids:
                out["children"] = [entry(k) for k in kids]
            return out

        data = {"codebook": header, "codes": [entry(c) for c in children.get(None, [])]}
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=96)
    note = (
        f"# Codebook {codebook!r}, written by 'workbench codebook save' from the project.\n"
        "# Ids are permanent: codings refer to them.\n\n"
    )
    return codebook, note + text


def save_codebook(
    project: Project, *, codebook: str | None = None, path: str | Path | None = None
) -> SavedCodebook:
    """Write the project's codebook to its YAML file (or ``path``); the old file -> ``.bak``."""
    from workbench.codebook.load import parse_codebook

    book_id, text = codebook_yaml(project, codebook=codebook)
    target = Path(path) if path is not None else _registered_file(project, book_id)
    if target is None:
        target = project.root / f"{book_id}.yaml"
    parsed = parse_codebook(text, path=str(target))  # what is written must load again
    backup = None
    if target.exists():
        backup = target.with_name(target.name + ".bak")
        shutil.copy2(target, backup)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(target)
    if path is None or str(Path(path).resolve()) not in {
        str((project.root / e).resolve()) for e in project.config.codebooks
    }:
        from workbench.services.codebook import register_codebook

        register_codebook(project, target)
    return SavedCodebook(book_id, target, len(parsed.codes), backup)
