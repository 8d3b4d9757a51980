"""Coders: the people (and the consensus) whose codings the project keeps apart."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from workbench.core.errors import ConflictError, InputError
from workbench.services.audit import record
from workbench.services.records import CoderInfo
from workbench.store.models import Coder, Coding

if TYPE_CHECKING:
    from workbench.store.session import UnitOfWork

HANDLE_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}\Z")


def add_coder(
    uow: UnitOfWork,
    *,
    handle: str,
    name: str | None = None,
    role: str = "coder",
    actor: str | None = None,
) -> CoderInfo:
    if not HANDLE_RE.match(handle):
        raise InputError(f"bad coder handle {handle!r}: letters, digits, '.', '_', '-'")
    if role not in ("coder", "lead"):
        raise InputError(f"bad role {role!r}: coder or lead")
    with uow:
        s = uow.session
        if s.scalar(select(Coder).where(Coder.handle == handle)) is not None:
            raise ConflictError(f"coder {handle!r} already exists")
        coder = Coder(handle=handle, name=name, role=role)
        s.add(coder)
        s.flush()
        record(
            s,
            actor=actor or handle,
            action="coder.add",
            entity="coder",
            entity_id=handle,
            after={"name": name, "role": role},
        )
        return CoderInfo(coder.id, coder.handle, coder.name, coder.role, 0)


def list_coders(uow: UnitOfWork) -> list[CoderInfo]:
    with uow:
        s = uow.session
        counts = dict(
            s.execute(select(Coding.coder_id, func.count()).group_by(Coding.coder_id)).all()
        )
        return [
            CoderInfo(c.id, c.handle, c.name, c.role, counts.get(c.id, 0))
            for c in s.scalars(select(Coder).order_by(Coder.handle))
        ]
