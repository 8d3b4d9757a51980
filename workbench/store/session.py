"""Units of work: one transaction per user action.

A service opens ``with uow:`` once; leaving the block commits, an exception rolls
back, so a failed action leaves the database as it was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from types import TracebackType

    from sqlalchemy.engine import Engine


class UnitOfWork:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._factory = sessionmaker(engine, expire_on_commit=False)
        self._session: Session | None = None

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("unit of work used outside 'with'")
        return self._session

    def __enter__(self) -> Self:
        if self._session is not None:
            raise RuntimeError("unit of work is not re-entrant: one transaction per action")
        self._session = self._factory()
        self._session.begin()
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
        finally:
            session.close()
            self._session = None
