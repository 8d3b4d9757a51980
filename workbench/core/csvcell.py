"""CSV cells that a spreadsheet will not run, and CSV reading without a cell-size limit.

A cell whose text begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
taken by Excel, LibreOffice and Google Sheets for a formula (OWASP, "CSV Injection"):
``=HYPERLINK(...)`` in a memo becomes a link, ``+cmd|' /C calc'!A0`` a command. Every
CSV the workbench writes neutralises such cells by default, by putting a single quote
in front, which a spreadsheet shows as text. Plain numbers (``-0.25``, ``+3``,
``1e-05``) are left alone: they are data, not formulas.

The escape is reversible, so a file the workbench wrote reads back exactly: a cell is
neutralised when it matches ``'*[=+\\-@\\t\\r]`` at its start (also when it already
begins with quotes, so a memo that really starts with ``'=`` gets one more), and
``restore`` drops exactly one leading quote from a cell that matches ``'+[=+\\-@\\t\\r]``.

Python's ``csv`` module refuses a field longer than 131,072 characters by default; a
long coded passage or memo is longer than that, so readers lift the limit once (the
files they read are already bounded by the project's ``max_file_mb``).
"""

from __future__ import annotations

import csv
import re
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

TRIGGERS = "=+-@\t\r"
"""Leading characters that make a spreadsheet read a cell as a formula (OWASP)."""

_NEEDS_QUOTE = re.compile(r"'*[=+\-@\t\r]")
_QUOTED = re.compile(r"'+[=+\-@\t\r]")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def neutralise(value: str) -> str:
    """``value`` as a cell a spreadsheet shows as text (plain numbers unchanged)."""
    if not value or not _NEEDS_QUOTE.match(value) or _NUMBER.fullmatch(value):
        return value
    return "'" + value


def restore(value: str) -> str:
    """The inverse of ``neutralise`` for a cell read back from a file it wrote."""
    if _QUOTED.match(value):
        return value[1:]
    return value


def cell(value: Any, *, raw: bool = False) -> Any:
    """A value for ``csv.writer``: text neutralised unless ``raw``; numbers as they are."""
    if raw or not isinstance(value, str):
        return value
    return neutralise(value)


def row(values: Iterable[Any], *, raw: bool = False) -> list[Any]:
    return [cell(v, raw=raw) for v in values]


def record(values: Mapping[str, Any], *, raw: bool = False) -> dict[str, Any]:
    """A ``csv.DictWriter`` row with every text cell neutralised unless ``raw``."""
    return {k: cell(v, raw=raw) for k, v in values.items()}


def allow_long_cells() -> None:
    """Let ``csv`` read cells of any length (the default stops at 131,072 characters)."""
    limit = min(sys.maxsize, 2**31 - 1)
    if csv.field_size_limit() < limit:
        csv.field_size_limit(limit)
