"""Dated quantitative values (survey waves, counts) from a CSV, for triangulating phases.

Columns: ``indicator`` (or ``name``), ``date`` (any form ``parse_date`` reads),
``value`` (a number; ``55%`` is read as 55 with unit ``%``), and optional ``unit``,
``case`` and ``source``; other columns become attributes. Every bad row is reported.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from workbench.core import csvcell
from workbench.core.dates import DateRange, parse_date
from workbench.core.errors import InputError

if TYPE_CHECKING:
    from pathlib import Path

KNOWN = ("indicator", "name", "date", "value", "unit", "case", "source")


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    line: int
    name: str
    when: DateRange
    value: float
    unit: str | None
    case: str | None
    source: str | None
    attributes: dict[str, str] = field(default_factory=dict)


def read_indicators(path: Path) -> tuple[list[IndicatorRow], list[InputError]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise InputError("no such file", path=path) from None
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text", path=path) from None
    csvcell.allow_long_cells()
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    if not header:
        raise InputError("empty file: expected a CSV header", path=path, line=1)
    missing = [c for c in ("date", "value") if c not in header]
    if "indicator" not in header and "name" not in header:
        missing.insert(0, "indicator")
    if missing:
        raise InputError(f"missing column(s): {', '.join(missing)}", path=path, line=1)
    rows: list[IndicatorRow] = []
    problems: list[InputError] = []
    for raw in reader:
        line = reader.line_num
        if any("\x00" in v for v in raw.values() if isinstance(v, str)):
            problems.append(
                InputError("text may not contain a NUL character", path=path, line=line)
            )
            continue
        try:
            rows.append(_row(raw, line, path))
        except InputError as exc:
            problems.append(InputError(exc.message, path=path, line=line))
    return rows, problems


def _row(raw: dict[str, str | None], line: int, path: Path) -> IndicatorRow:
    def get(key: str) -> str | None:
        v = raw.get(key)
        return v.strip() if v and v.strip() else None

    name = get("indicator") or get("name")
    if not name:
        raise InputError("missing indicator name")
    date_text = get("date")
    if not date_text:
        raise InputError("missing date")
    when = parse_date(date_text)
    value_text = get("value")
    if value_text is None:
        raise InputError("missing value")
    unit = get("unit")
    if value_text.endswith("%"):
        value_text, unit = value_text[:-1].strip(), unit or "%"
    try:
        value = float(value_text.replace(",", ""))
    except ValueError:
        raise InputError(f"value {value_text[:40]!r} is not a number") from None
    if not math.isfinite(value):  # nan, inf, 1e999: no figure to triangulate with
        raise InputError(f"value {value_text[:40]!r} is not a finite number")
    attributes = {k: v.strip() for k, v in raw.items() if k not in KNOWN and v and v.strip()}
    return IndicatorRow(line, name, when, value, unit, get("case"), get("source"), attributes)
