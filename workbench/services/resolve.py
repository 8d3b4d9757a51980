"""Turn what a user typed (a title, a code path, a handle) into rows, or a clear error."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import func, select

from workbench.core.errors import InputError, NotFoundError
from workbench.store.models import Code, Coder, Document

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def coder_by_handle(session: Session, handle: str) -> Coder:
    coder = session.scalar(select(Coder).where(Coder.handle == handle))
    if coder is None:
        raise NotFoundError(
            f"unknown coder {handle!r}: add it with 'workbench coders add {handle}'"
        )
    return coder


def document_by_ref(session: Session, ref: str | int) -> Document:
    """A document by id (``12`` or ``#12``), guid, or exact title."""
    text = str(ref).strip()
    digits = text.removeprefix("#")
    if digits.isdigit():
        doc = session.get(Document, int(digits))
        if doc is not None:
            return doc
    doc = session.scalar(select(Document).where(Document.guid == text))
    if doc is not None:
        return doc
    docs = session.scalars(select(Document).where(Document.title == text).limit(2)).all()
    if len(docs) == 1:
        return docs[0]
    if len(docs) > 1:
        raise InputError(f"several documents are titled {text!r}: use the id or guid")
    raise NotFoundError(f"no document {text!r} (give an id, a guid or the exact title)")


class CodeResolver:
    """Finds codes by stable id, by path ``Parent/Child``, or by a unique name.

    Loads the code table once: imports of many rows resolve thousands of codes.
    """

    def __init__(self, session: Session) -> None:
        self.codes = {c.id: c for c in session.scalars(select(Code))}
        self.by_guid = {c.guid: c for c in self.codes.values()}
        self.by_path: dict[str, Code] = {}
        self.by_name: dict[str, list[Code]] = {}
        for c in self.codes.values():
            self.by_path[self.path(c).casefold()] = c
            self.by_name.setdefault(c.name.casefold(), []).append(c)

    def path(self, code: Code) -> str:
        names: list[str] = []
        current: Code | None = code
        while current is not None:
            names.append(current.name)
            current = self.codes.get(current.parent_id) if current.parent_id else None
        return "/".join(reversed(names))

    def depth(self, code: Code) -> int:
        return self.path(code).count("/")

    def get(self, ref: str) -> Code:
        text = ref.strip()
        if text in self.by_guid:
            return self.by_guid[text]
        key = text.casefold()
        if key in self.by_path:
            return self.by_path[key]
        named = self.by_name.get(key, [])
        if len(named) == 1:
            return named[0]
        if len(named) > 1:
            paths = ", ".join(sorted(self.path(c) for c in named))
            raise InputError(f"code name {text!r} is ambiguous ({paths}): use its id or path")
        raise NotFoundError(f"no code {text!r} (try 'workbench codes find {text}')")

    def get_usable(self, ref: str) -> Code:
        code = self.get(ref)
        if code.status == "merged":
            target = self.codes.get(code.merged_into_id or -1)
            into = f" into {self.path(target)!r}" if target else ""
            raise InputError(f"code {self.path(code)!r} was merged{into}")
        if code.status == "retired":
            raise InputError(f"code {self.path(code)!r} is retired")
        return code


def coding_counts(session: Session) -> dict[int, int]:
    from workbench.store.models import Coding

    rows = session.execute(select(Coding.code_id, func.count()).group_by(Coding.code_id))
    return dict(rows.all())
