"""Errors that reach the user as one line.

Every error the user can cause (a bad file, a bad date, an unknown code) is a
``WorkbenchError``. The CLI prints ``str(error)`` on one line and exits non-zero;
anything else is a bug and shows a traceback with ``--verbose``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path


class WorkbenchError(Exception):
    """A user-facing error, optionally located in a file at a line and column."""

    exit_code = 1

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.column = column

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = self.path
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        return f"{where}{self.message}"


class InputError(WorkbenchError):
    """Malformed input: a file, a date, an offset, a codebook."""


class NotFoundError(WorkbenchError):
    """A document, code, coder or project that does not exist."""


class ConflictError(WorkbenchError):
    """An action that would break an invariant (duplicate import, removed code in use...)."""


class ProjectError(WorkbenchError):
    """A project folder or database that cannot be opened as it is."""


class RefusedError(WorkbenchError):
    """An action the database server refused for this login (team mode's rules)."""


def os_error_reason(exc: OSError) -> str:
    """One line for a failed write or read of the machine's, not the user's, making."""
    import errno

    if exc.errno == errno.ENOSPC:
        return "the disk is full; nothing was saved by the failed action"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        where = f" ({exc.filename})" if exc.filename else ""
        return f"cannot write{where}: the folder is read-only or not yours"
    return f"{exc.strerror or exc}{f' ({exc.filename})' if exc.filename else ''}"
