"""CSV and JSON for R and pandas: every table, with raw values and machine column names.

CSV is one file per table with a header of column keys (``snake_case``), empty cells for
missing values (``NA`` in R, ``NaN`` in pandas) and full-precision numbers; nothing above
the header, so ``read.csv`` and ``pd.read_csv`` need no options. JSON holds every table
as a list of records (``jsonlite::fromJSON`` and ``pd.DataFrame`` turn each into a data
frame) plus the manifest and, where the report has one, the full underlying result.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
from typing import TYPE_CHECKING, Any

from workbench.core import csvcell

if TYPE_CHECKING:
    from workbench.report.model import CellValue, Report, Table


def render_csv(table: Table, *, raw: bool = False) -> str:
    """One table as CSV text (RFC 4180, ``\\n`` line ends, UTF-8 when written).

    Text cells a spreadsheet would run as formulas get a leading ``'`` unless ``raw``
    (``workbench.core.csvcell``); numbers are never touched.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(csvcell.row((c.key for c in table.columns), raw=raw))
    for row in table.rows:
        writer.writerow([_csv_value(csvcell.cell(v, raw=raw)) for v in row])
    return buffer.getvalue()


def render_csv_tables(report: Report, *, raw: bool = False) -> dict[str, str]:
    """Every table of the report (printed and data-only) as CSV text, by table id."""
    return {t.id: render_csv(t, raw=raw) for t in report.tables()}


def render_json(report: Report) -> str:
    data: dict[str, Any] = {
        "report": report.kind,
        "title": report.title,
        "subtitle": report.subtitle,
        "generated": report.generated.isoformat() if report.generated else None,
        "metadata": dict(report.metadata),
        "manifest": dict(report.manifest),
        "primary_table": report.primary_table,
        "tables": {t.id: table_json(t) for t in report.tables()},
        "figures": [
            {"id": f.id, "caption": f.caption, "chart": type(f.chart).__name__}
            for f in report.figures()
        ],
    }
    if report.data is not None:
        data["data"] = report.data
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def table_json(table: Table) -> dict[str, Any]:
    keys = [c.key for c in table.columns]
    return {
        "title": table.title,
        "notes": list(table.notes),
        "columns": [{"key": c.key, "label": c.label, "kind": c.kind} for c in table.columns],
        "rows": [{k: _json_value(v) for k, v in zip(keys, row, strict=True)} for row in table.rows],
    }


def _csv_value(value: CellValue) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return repr(value) if math.isfinite(value) else ("Inf" if value > 0 else "-Inf")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _json_value(value: CellValue) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
