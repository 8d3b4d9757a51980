"""Print results as an aligned table, JSON or CSV, so scripts and notebooks can use them."""

from __future__ import annotations

import csv
import json
import sys
from typing import TYPE_CHECKING, Any

import click

from workbench.cli.common import F, raw_csv, raw_csv_option
from workbench.core import csvcell

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

FORMATS = ("table", "json", "csv")

_format = click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="Output format.",
)


def format_option(f: F) -> F:
    """``--format`` and, for its CSV, ``--raw-csv``."""
    return _format(raw_csv_option(f))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.3f}"
    if isinstance(value, (list, tuple)):
        return ", ".join(_cell(v) for v in value)
    return str(value).replace("\n", " ")


def emit(rows: Sequence[Mapping[str, Any]], columns: Sequence[str], fmt: str) -> None:
    if fmt == "json":
        click.echo(
            json.dumps(
                [{c: r.get(c) for c in columns} for r in rows],
                indent=2,
                ensure_ascii=False,
                default=str,
            )
        )
        return
    if fmt == "csv":
        writer = csv.DictWriter(
            sys.stdout, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n"
        )
        writer.writeheader()
        for r in rows:
            writer.writerow(csvcell.record({c: _cell(r.get(c)) for c in columns}, raw=raw_csv()))
        return
    if not rows:
        click.echo("(none)")
        return
    cells = [[_cell(r.get(c)) for c in columns] for r in rows]
    # The last column is never cut: it is usually the reason or the quote.
    limits = [60] * (len(columns) - 1) + [10_000]
    widths = [
        max(len(c), *(min(len(row[i]), limits[i]) for row in cells)) for i, c in enumerate(columns)
    ]
    click.echo("  ".join(c.upper().ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip())
    for row in cells:
        parts = [
            (v if len(v) <= 60 else v[:59] + "…").ljust(w) for v, w in zip(row, widths, strict=True)
        ]
        click.echo("  ".join(parts).rstrip())


def emit_mapping(data: Mapping[str, Any], fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))
        return
    emit([{"key": k, "value": v} for k, v in data.items()], ["key", "value"], fmt)
