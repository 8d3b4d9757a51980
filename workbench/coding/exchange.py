"""The codings exchange format: CSV with a header, or JSON Lines.

Fields: ``document`` (title, id or guid), ``start`` and ``end`` (character offsets,
end exclusive) or ``quote`` (an exact passage to locate), ``code`` (id or path),
``coder``, and optional ``event_date`` and ``memo``. Reading is pure: it checks
each row's shape and reports every bad row with its line; resolving documents
and codes is the service's job.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any

from workbench.core import csvcell
from workbench.core.dates import DateRange, parse_date
from workbench.core.errors import InputError

FIELDS = ("document", "start", "end", "quote", "code", "coder", "event_date", "memo")
EXPORT_FIELDS = (
    "document",
    "start",
    "end",
    "code",
    "coder",
    "event_date",
    "memo",
    "origin",
    "code_path",
    "quote",
)
REQUIRED = ("document", "code", "coder")
MAX_OFFSET_DIGITS = 15
"""An offset has at most this many digits (a document of a thousand trillion characters);
more would overflow the database's 64-bit integers before anything else could refuse it."""


@dataclass(frozen=True, slots=True)
class CodingRow:
    line: int
    document: str
    code: str
    coder: str
    start: int | None
    end: int | None
    quote: str | None
    event_date: DateRange | None
    memo: str | None
    origin: str | None = None


class BadRowsError(InputError):
    """Every bad row of a file, so that the user fixes them all in one go."""

    def __init__(self, path: str, problems: list[InputError]) -> None:
        n = len(problems)
        super().__init__(f"{n} bad row{'s' if n != 1 else ''}; nothing was imported", path=path)
        self.problems = problems


def _int(value: Any, name: str) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(f"{name} must be a whole number")
    if isinstance(value, int):
        number = value
    else:
        text = str(value).strip()
        if not text.lstrip("-").isdigit():
            raise ValueError(f"{name} must be a whole number, not {text[:40]!r}")
        if len(text) > MAX_OFFSET_DIGITS:
            raise ValueError(f"{name} is too large ({len(text)} digits)")
        number = int(text)
    if abs(number) >= 10**MAX_OFFSET_DIGITS:
        raise ValueError(f"{name} is too large")
    return number


def _row(raw: dict[str, Any], line: int, path: str) -> CodingRow:
    def text(key: str) -> str | None:
        v = raw.get(key)
        if v is None:
            return None
        v = str(v)
        return v if v.strip() else None

    missing = [k for k in REQUIRED if text(k) is None]
    if missing:
        raise InputError(f"missing {', '.join(missing)}", path=path, line=line)
    try:
        start, end = _int(raw.get("start"), "start"), _int(raw.get("end"), "end")
    except ValueError as exc:
        raise InputError(str(exc), path=path, line=line) from None
    quote = raw.get("quote") if raw.get("quote") not in (None, "") else None
    if (start is None) != (end is None):
        raise InputError("give both start and end, or neither", path=path, line=line)
    if start is None and quote is None:
        raise InputError("give start and end, or a quote to locate", path=path, line=line)
    if start is not None and end is not None and (start < 0 or end <= start):
        raise InputError(
            f"bad offsets [{start}, {end}): need 0 <= start < end", path=path, line=line
        )
    event = None
    if text("event_date"):
        try:
            event = parse_date(str(raw["event_date"]))
        except InputError as exc:
            raise InputError(f"event_date: {exc.message}", path=path, line=line) from None
    return CodingRow(
        line=line,
        document=str(raw["document"]).strip(),
        code=str(raw["code"]).strip(),
        coder=str(raw["coder"]).strip(),
        start=start,
        end=end,
        quote=str(quote) if quote is not None else None,
        event_date=event,
        memo=text("memo"),
        origin=text("origin"),
    )


def read_rows(text: str, *, path: str, fmt: str) -> list[CodingRow]:
    """All rows of a file, or ``BadRowsError`` listing every bad one."""
    rows, problems = parse_rows(text, path=path, fmt=fmt)
    if problems:
        raise BadRowsError(path, problems)
    return rows


def parse_rows(text: str, *, path: str, fmt: str) -> tuple[list[CodingRow], list[InputError]]:
    """The well-formed rows and a problem for each malformed one (a bad header raises)."""
    rows: list[CodingRow] = []
    problems: list[InputError] = []
    if fmt == "csv":
        csvcell.allow_long_cells()
        reader = csv.DictReader(io.StringIO(text, newline=""))
        header = reader.fieldnames or []
        unknown = [h for h in header if h not in (*FIELDS, *EXPORT_FIELDS)]
        if not header:
            raise InputError("empty file: expected a CSV header", path=path, line=1)
        if unknown:
            raise InputError(
                f"unknown column(s) {', '.join(unknown)}; expected {', '.join(FIELDS)}",
                path=path,
                line=1,
            )
        for raw in reader:
            line = reader.line_num
            if None in raw:
                problems.append(InputError("more cells than header columns", path=path, line=line))
                continue
            raw = {k: csvcell.restore(v) if isinstance(v, str) else v for k, v in raw.items()}
            try:
                rows.append(_row(raw, line, path))
            except InputError as exc:
                problems.append(exc)
    elif fmt == "jsonl":
        for n, line_text in enumerate(text.splitlines(), start=1):
            if not line_text.strip():
                continue
            try:
                raw = json.loads(line_text)
            except json.JSONDecodeError as exc:
                problems.append(
                    InputError(f"not JSON: {exc.msg}", path=path, line=n, column=exc.colno)
                )
                continue
            except ValueError:  # an integer of more digits than Python converts (4,300)
                problems.append(InputError("a number too long to read", path=path, line=n))
                continue
            except RecursionError:
                problems.append(InputError("nested too deeply", path=path, line=n))
                continue
            if not isinstance(raw, dict):
                problems.append(InputError("each line must be a JSON object", path=path, line=n))
                continue
            try:  # "\ud800" is valid JSON but no text: nothing can store or print it
                json.dumps(raw, ensure_ascii=False).encode("utf-8")
            except UnicodeEncodeError:
                problems.append(
                    InputError("a lone surrogate (\\ud800-\\udfff) is not text", path=path, line=n)
                )
                continue
            unknown = [k for k in raw if k not in (*FIELDS, *EXPORT_FIELDS)]
            if unknown:
                problems.append(
                    InputError(f"unknown field(s) {', '.join(unknown)}", path=path, line=n)
                )
                continue
            try:
                rows.append(_row(raw, n, path))
            except InputError as exc:
                problems.append(exc)
    else:
        raise InputError(f"unknown format {fmt!r}: csv or jsonl", path=path)
    return rows, problems


def locate_quote(text: str, quote: str) -> tuple[int, int]:
    """Where an exact passage sits; it must occur exactly once."""
    first = text.find(quote)
    if first < 0:
        raise ValueError("quote not found in the document")
    if text.find(quote, first + 1) >= 0:
        n = text.count(quote)
        raise ValueError(
            f"quote occurs {n} times in the document: give start and end, or a longer quote"
        )
    return first, first + len(quote)
