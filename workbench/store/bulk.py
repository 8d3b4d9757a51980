"""Bulk inserts of plain tuples straight to the driver.

An import writes tens of thousands of sentence and date-mention rows; SQLAlchemy's
per-row parameter processing costs three times what SQLite's own ``executemany``
does. These rows are plain integers, strings and dates, so they go to the driver
as tuples, with the placeholder style of the dialect in use (SQLite or psycopg).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sqlalchemy import Table
    from sqlalchemy.engine import Connection

_PLACEHOLDER = {"qmark": "?", "format": "%s", "pyformat": "%s", "numeric": ":{n}"}


def insert_rows(
    conn: Connection, table: Table, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    if not rows:
        return
    dialect = conn.dialect
    style = _PLACEHOLDER.get(dialect.paramstyle)
    if style is None:  # an unusual driver: let SQLAlchemy do it
        conn.execute(table.insert(), [dict(zip(columns, r, strict=True)) for r in rows])
        return
    quote = dialect.identifier_preparer.quote
    marks = ", ".join(style.format(n=i + 1) for i in range(len(columns)))
    sql = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in columns)}) VALUES ({marks})"
    )
    conn.exec_driver_sql(sql, list(rows))
