"""One-line descriptions of failures that are not the user's input errors."""

from __future__ import annotations

from workbench.core.errors import os_error_reason


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


_SERVER_SIGNS = (
    "connection to server",
    "could not connect",
    "connection failed",
    "failed to resolve host",
    "password authentication failed",
    "no password supplied",
    "server closed the connection",
    "terminating connection",
    "connection refused",
    "does not exist",
    "no pg_hba.conf entry",
    "connection is closed",
    "consuming input failed",
)


def _server_refusal(exc: BaseException) -> str | None:
    """A database server that is down, unreachable or refuses the login, said as such.

    Opening a project reports these itself; this catches the same failures when the
    server goes away in the middle of a command. The driver's first line is kept (it
    names the host, the port or the role, never a password: URLs here hold none).
    """
    kind = type(exc)
    if kind.__name__ not in ("OperationalError", "InterfaceError"):
        return None
    if not kind.__module__.startswith(("sqlalchemy", "psycopg")):
        return None
    cause = getattr(exc, "orig", None) or exc
    lines = [line.strip() for line in str(cause).splitlines() if line.strip()]
    first = lines[0] if lines else ""
    if not any(sign in first.lower() for sign in _SERVER_SIGNS):
        return None
    return f"the database server refused or dropped the connection: {first}"
