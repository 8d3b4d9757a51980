"""Actions that survive a lost connection: each is saved once, even when it is sent twice.

A coding view keeps an action the database did not confirm and sends it again when
the connection is back. Sending it again is only safe if the first attempt did not
commit, and a lost connection cannot say: the commit may have reached the server
with the reply lost on the way back. Re-running "apply code" would then code the
span twice; re-running "undo" would undo two actions.

So every attempt of one action carries the same client-made id, the *request*:

* The caller runs the service inside ``with action_request(request_id):``. The
  first audit row the action writes (``audit.record``; every change writes one, in
  its own transaction) also writes a marker row, ``entity="request"``,
  ``entity_id=<request id>``, in the same transaction. The marker and the change
  commit together or not at all, so "the marker exists" means exactly "the action
  is saved". The ``(entity, entity_id)`` index finds it.
* Before sending an action again, the caller asks ``request_outcome``. On
  PostgreSQL both the action (before its marker) and this check take a
  transaction-scoped advisory lock on the request id. An earlier attempt that
  is still alive on the server (its commit on the way) holds the lock until it
  commits or rolls back, so the check never answers "not saved" for an
  attempt that will commit a moment later: it answers "in doubt" and the caller
  asks again. An attempt that never took the lock never sent its commit either
  (the client sends the commit only after every earlier statement answered), so
  it can never commit. SQLite runs in this process: a failed call has ended its
  transaction before the error reaches the caller.
* "Saved": the caller does not send it again. "Not saved": sending it again
  (with the same id) is safe.

Nothing else changes: services keep their signatures, and calls made without a
request (the command line, tests) write no marker. The guarantee covers changes
that write an audit row, which every workbench action does; a read sent twice
does no harm.
"""

from __future__ import annotations

import contextlib
import enum
import uuid
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import exc as sa_exc
from sqlalchemy import func, select

from workbench.core.errors import ConflictError
from workbench.store.models import AuditEvent

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sqlalchemy.orm import Session

    from workbench.store.project import Project

REQUEST_ENTITY = "request"


class AlreadySavedError(ConflictError):
    """The action of this request id is already saved: a retry does nothing."""


SAVED_ACTION = "request.saved"

_current: ContextVar[str | None] = ContextVar("workbench_request", default=None)

# PostgreSQL SQLSTATEs that mean "the connection or the server went away", and
# that a later attempt may not meet: connection exceptions (class 08), and the
# server shutting down or not yet accepting connections.
_LOST_SQLSTATES = ("57P01", "57P02", "57P03")
# SQLite result codes for a database file that cannot be reached (its folder or
# drive went away, a network share dropped).
_LOST_SQLITE = ("SQLITE_CANTOPEN", "SQLITE_IOERR")


def new_request_id() -> str:
    return str(uuid.uuid4())


@contextlib.contextmanager
def action_request(request_id: str) -> Iterator[None]:
    """Service calls made inside this block mark their change with ``request_id``."""
    token = _current.set(request_id)
    try:
        yield
    finally:
        _current.reset(token)


def current_request() -> str | None:
    return _current.get()


def _lock_key(request_id: str) -> int:
    """A signed 64-bit advisory-lock key from the request id."""
    return int.from_bytes(uuid.UUID(request_id).bytes[:8], "big", signed=True)


def mark_request(
    session: Session,
    *,
    actor: str | None,
    action: str,
    entity: str,
    entity_id: str | None,
    document_id: int | None,
) -> None:
    """Write the current request's marker, once per transaction (called by ``audit.record``)."""
    request_id = _current.get()
    if request_id is None or session.info.get("request_marked") == request_id:
        return
    session.info["request_marked"] = request_id
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(_lock_key(request_id))))
    # Sent again although it was saved (the caller did not ask ``request_outcome``):
    # refused, so that a retry never does the action twice. The lock above (or
    # SQLite's write lock, taken at BEGIN) orders the attempts.
    saved = select(AuditEvent.id).where(
        AuditEvent.entity == REQUEST_ENTITY, AuditEvent.entity_id == request_id
    )
    if session.scalar(saved.limit(1)) is not None:
        raise AlreadySavedError(f"this action ({action}) was already saved; not done twice")
    session.add(
        AuditEvent(
            actor=actor,
            action=SAVED_ACTION,
            entity=REQUEST_ENTITY,
            entity_id=request_id,
            after={
                "action": action,
                "entity": entity,
                "entity_id": entity_id,
                "document_id": document_id,
            },
        )
    )


class Outcome(enum.Enum):
    SAVED = "saved"
    NOT_SAVED = "not saved"
    IN_DOUBT = "in doubt"  # an earlier attempt is still finishing on the server


@dataclass(frozen=True, slots=True)
class RequestOutcome:
    """Whether a request's action is saved, and what it changed (when it is)."""

    outcome: Outcome
    action: str | None = None
    document_id: int | None = None


def request_outcome(project: Project, request_id: str) -> RequestOutcome:
    """Whether the action sent with ``request_id`` committed (see the module docstring)."""
    with project.uow() as uow:
        s = uow.session
        if s.get_bind().dialect.name == "postgresql":
            got = s.scalar(select(func.pg_try_advisory_xact_lock(_lock_key(request_id))))
            if not got:
                return RequestOutcome(Outcome.IN_DOUBT)
        after = s.scalar(
            select(AuditEvent.after)
            .where(AuditEvent.entity == REQUEST_ENTITY, AuditEvent.entity_id == request_id)
            .limit(1)
        )
        if after is None:
            return RequestOutcome(Outcome.NOT_SAVED)
        return RequestOutcome(Outcome.SAVED, after.get("action"), after.get("document_id"))


def is_connection_lost(error: BaseException) -> bool:
    """Whether ``error`` says the database could not be reached (worth trying again later).

    Lost or refused connections, a server shutting down, a SQLite file that cannot
    be opened or read. Not: constraint violations, bad SQL, a full disk, a busy
    (locked) SQLite file, which another attempt would meet again or which the
    user must hear about at once.
    """
    if isinstance(error, sa_exc.DBAPIError):
        if error.connection_invalidated:
            return True
        if not isinstance(error, sa_exc.OperationalError | sa_exc.InterfaceError):
            return False
        error = error.orig if error.orig is not None else error
    return _dbapi_lost(error)


def _dbapi_lost(error: BaseException) -> bool:
    kind = type(error)
    module = kind.__module__
    if module.startswith("psycopg"):
        import psycopg

        if isinstance(error, psycopg.InterfaceError):
            return True
        if not isinstance(error, psycopg.OperationalError):
            return False
        state: Any = getattr(error, "sqlstate", None)
        return state is None or state.startswith("08") or state in _LOST_SQLSTATES
    if module.startswith("sqlite3") and kind.__name__ == "OperationalError":
        name = str(getattr(error, "sqlite_errorname", ""))
        if name:
            return name.startswith(_LOST_SQLITE)
        text = str(error).lower()
        return "unable to open database file" in text or "disk i/o error" in text
    return False
