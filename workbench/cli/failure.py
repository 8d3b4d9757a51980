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
    return f"internal error: {type(exc).__name__}: {text}"
