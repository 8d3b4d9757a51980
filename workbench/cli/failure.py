"""One-line descriptions of failures that are not the user's input errors."""

from __future__ import annotations

from workbench.core.errors import os_error_reason

INTERNAL = 70
"""The exit status of a bug (sysexits' EX_SOFTWARE); every failure said here exits 1."""

_server: list[str] = []


def note_server(where: str | None) -> None:
    """Remember the database server this command works on, to name it if it goes away."""
    _server[:] = [where] if where else []


def exit_status(said: str) -> int:
    """``INTERNAL`` for a bug, 1 for a failure ``describe`` could say what it is."""
    return INTERNAL if said.startswith("internal error") else 1


def describe(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        return os_error_reason(exc)
    text = str(exc).splitlines()[0] if str(exc) else ""
    low = text.lower()
    if "readonly database" in low or "read-only" in low:
        return "the project database is read-only; nothing was changed"
    if "disk is full" in low or "database or disk is full" in low:
        return "the disk is full; nothing was saved by the failed action"
    if "database is locked" in low:
        return "the project database is busy (locked by another program); try again"
    server = _server_refusal(exc)
    if server:
        return server
    return f"internal error: {type(exc).__name__}: {text}"


_REFUSED_SIGNS = (
    "could not connect",
    "connection failed",
    "failed to resolve host",
    "password authentication failed",
    "no password supplied",
    "connection refused",
    "does not exist",
    "no pg_hba.conf entry",
)
"""The server could not be reached or refused the login: nothing was sent to it."""

_DROPPED_SIGNS = (
    "connection to server",
    "server closed the connection",
    "terminating connection",
    "connection is closed",
    "consuming input failed",
    "connection is lost",
    "the connection is lost",
)
"""The connection went away while the command was using it."""


def _server_refusal(exc: BaseException) -> str | None:
    """A database server that is down, unreachable or refuses the login, said as such.

    Opening a project reports these itself; this catches the same failures when the
    server goes away in the middle of a command, and says what became of the action
    under way. The server saves each action whole or not at all: one cut off before
    its commit was rolled back; only one cut off while committing may have been saved
    (the reply is what was lost), and the user is told to look before doing it again.
    The driver's first line is kept (it names the host, the port or the role, never a
    password: URLs here hold none).
    """
    kind = type(exc)
    if kind.__name__ not in ("OperationalError", "InterfaceError"):
        return None
    if not kind.__module__.startswith(("sqlalchemy", "psycopg")):
        return None
    cause = getattr(exc, "orig", None) or exc
    lines = [line.strip() for line in str(cause).splitlines() if line.strip()]
    first = lines[0] if lines else ""
    low = first.lower()
    where = f" {_server[0]}" if _server else ""
    if any(sign in low for sign in _REFUSED_SIGNS):
        return f"the database server{where} refused or dropped the connection: {first}"
    if not any(sign in low for sign in _DROPPED_SIGNS):
        return None
    statement = getattr(exc, "statement", None)
    if statement is None or statement.strip().upper().startswith("COMMIT"):
        return (
            f"the database server{where} dropped the connection while saving ({first}): "
            "the action may or may not have been saved, never half; look before running "
            "it again"
        )
    return (
        f"the database server{where} dropped the connection ({first}): the action under "
        "way was not saved (nothing is half-saved); run it again when the server is back"
    )
