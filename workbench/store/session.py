"""Units of work: one transaction per user action.

A service opens ``with uow:`` once; leaving the block commits, an exception rolls
back, so a failed action leaves the database as it was.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Self

from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from workbench.core.errors import ConflictError, RefusedError
from workbench.store.db import writer

if TYPE_CHECKING:
    from types import TracebackType

    from sqlalchemy.engine import Engine


_open = threading.local()


def _open_units() -> dict[str, int]:
    units: dict[str, int] | None = getattr(_open, "units", None)
    if units is None:
        units = _open.units = {}
    return units


class UnitOfWork:
    """One transaction; on SQLite a writing unit takes the write lock at BEGIN.

    ``write=False`` is for actions that only read: they begin DEFERRED, so readers
    never queue behind each other or behind an import (WAL lets them read while a
    writer works). A unit opened while another is open in the same thread on the
    same database (a service that reads through another service) also begins
    DEFERRED: taking the write lock again from a second connection would wait on the
    first one, which is waiting on it.
    """

    def __init__(self, engine: Engine, *, write: bool = True) -> None:
        self.engine = engine
        self.write = write
        self._key = str(engine.url)
        self._writer = sessionmaker(writer(engine), expire_on_commit=False)
        self._reader = sessionmaker(engine, expire_on_commit=False)
        self._session: Session | None = None

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("unit of work used outside 'with'")
        return self._session

    def __enter__(self) -> Self:
        if self._session is not None:
            raise RuntimeError("unit of work is not re-entrant: one transaction per action")
        units = _open_units()
        nested = units.get(self._key, 0) > 0
        factory = self._writer if self.write and not nested else self._reader
        self._session = factory()
        try:
            self._session.begin()
        except BaseException:
            self._session.close()
            self._session = None
            raise
        units[self._key] = units.get(self._key, 0) + 1
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session = self.session
        try:
            if exc_type is None:
                session.commit()
            else:
                session.rollback()
        except BaseException as failure:
            session.rollback()
            refused = translate(failure)
            if refused is not None:
                raise refused from None
            raise
        finally:
            session.close()
            self._session = None
            units = _open_units()
            units[self._key] -= 1
            if not units[self._key]:
                del units[self._key]
        if exc is not None:
            refused = translate(exc)
            if refused is not None:
                raise refused from None


def translate(exc: BaseException) -> Exception | None:
    """The server's refusals and lost races as one-line user errors, else ``None``.

    A team member's login may be refused by grants, row-level security or the
    guard triggers (SQLSTATE 42501); an edit of a row someone else changed since
    it was read fails the version check instead of overwriting their work.
    """
    if isinstance(exc, StaleDataError):
        return ConflictError(
            "someone else changed or removed this row meanwhile; reload and try again"
        )
    if isinstance(exc, IntegrityError) and _is_duplicate_coding(exc):
        return ConflictError(
            "this coder already coded this span with this code (saved meanwhile, perhaps "
            "from another window or by a retry); nothing was added"
        )
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        state = getattr(exc.orig, "sqlstate", None)
        if state == "42501":
            detail = str(exc.orig).splitlines()[0].strip()
            return RefusedError(f"the server refused: {detail}")
    return None


def _is_duplicate_coding(exc: IntegrityError) -> bool:
    said = str(exc.orig)
    # PostgreSQL names the index; SQLite lists its columns.
    return "uq_codings_span" in said or (
        "UNIQUE constraint failed: codings.coder_id, codings.document_id, codings.code_id" in said
    )
