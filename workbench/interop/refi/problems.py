"""Collecting what is wrong with a file, so that the user hears all of it at once.

An import reads the whole file before it decides: one missing source or one
selection past the end of its text is reported with every other problem of the
same file, each on its own line, and the file is refused as a whole. Warnings are
for what the workbench reads differently from the standard's letter, or leaves
out, without changing what it imports (the data-loss report of REFI-QDA 1.5,
section 7).
"""

from __future__ import annotations

from workbench.core.errors import InputError

MAX_PROBLEMS = 200
"""Problems kept for the report; a file with thousands of bad selections says so in a count."""


class RefiImportError(InputError):
    """A REFI-QDA file that cannot be imported; ``problems`` holds each reason.

    With one problem the error is that problem (path, line and message); with more,
    the message counts them and ``problems`` lists them, so the CLI prints one line
    each (as it does for a codings file with bad rows).
    """

    def __init__(
        self, path: str, problems: list[InputError], *, dropped: int = 0, hint: str = ""
    ) -> None:
        self.problems: list[InputError] = []
        if len(problems) == 1 and not dropped:
            only = problems[0]
            super().__init__(
                f"{only.message}; nothing was imported",
                path=only.path,
                line=only.line,
                column=only.column,
            )
            return
        total = len(problems) + dropped
        more = f" ({dropped} more not listed)" if dropped else ""
        super().__init__(f"{total} problems{more}{hint}; nothing was imported", path=path)
        self.problems = problems


class Problems:
    """Errors and warnings found while reading one file."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.located: str | None = None
        """The file that line numbers refer to (``x.qdpx!project.qde``), once known."""
        self.hint = ""
        self.errors: list[InputError] = []
        self.warnings: list[str] = []
        self._dropped = 0

    def error(self, message: str, *, line: int | None = None, path: str | None = None) -> None:
        if len(self.errors) >= MAX_PROBLEMS:
            self._dropped += 1
            return
        where = path or (self.located if line is not None and self.located else self.path)
        self.errors.append(InputError(message, path=where, line=line))

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def check(self) -> None:
        """Raise ``RefiImportError`` if any error was found."""
        if self.errors:
            raise RefiImportError(self.path, self.errors, dropped=self._dropped, hint=self.hint)
