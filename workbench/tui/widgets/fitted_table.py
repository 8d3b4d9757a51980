"""Tables that fit the terminal without cutting a figure: widths from the content.

A ``DataTable`` column of a fixed width crops what does not fit, silently: a date
"2000-10-12" in a nine-cell column reads "2000-10-1", a different date. So every
table here says which of its columns hold figures (dates, numbers, offsets,
p-values, intervals) and which hold words (titles, names, labels):

* a figure column (``Column.figure``) is as wide as its widest cell and header, at
  any terminal size;
* word columns share what is left, by weight, never wider than their widest cell
  (unless one is marked to take any room to spare), and a cell that does not fit ends in "…".

When the figures alone are wider than the terminal, the word columns keep their
minimum and the table scrolls sideways: a figure is never cut.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

if TYPE_CHECKING:
    from collections.abc import Sequence

    from textual.widgets import DataTable

SCROLLBAR = 2
"""Cells kept free at the right for the table's vertical scrollbar."""


@dataclass(frozen=True, slots=True)
class Column:
    """One column: ``figure`` columns are never cut; word columns get "…"."""

    label: str
    key: str | None = None
    figure: bool = False
    justify: Literal["left", "right"] = "left"
    minimum: int = 8
    """Word columns: the narrowest they get (or their widest cell, if narrower)."""
    weight: int = 1
    """Word columns: their share of the room left by the figures."""
    rest: bool = False
    """Word columns: takes the room left when every column has its widest cell (a title)."""
    wrap: bool = False
    """Word columns: wrap onto the lines a row has anyway (its figures' lines) before "…"."""


def _lines(value: str | Text) -> int:
    return (value.plain if isinstance(value, Text) else value).count("\n") + 1


def _natural(label: str, cells: Sequence[str | Text]) -> int:
    widths = [cell_len(label)]
    for c in cells:
        plain = c.plain if isinstance(c, Text) else c
        widths.extend(cell_len(line) for line in plain.split("\n"))
    return max(widths)


def fits(
    columns: Sequence[Column],
    rows: Sequence[Sequence[str | Text]],
    width: int,
    *,
    padding: int = 1,
    whole: bool = False,
) -> bool:
    """Whether the figures and the word columns' minimums (``whole``: every word) fit
    ``width`` without scrolling."""
    natural = [_natural(c.label, [r[i] for r in rows]) for i, c in enumerate(columns)]
    need = sum(
        n if c.figure or whole else min(c.minimum, n) for c, n in zip(columns, natural, strict=True)
    )
    return need + SCROLLBAR + 2 * padding * len(columns) <= width


def fit_widths(
    columns: Sequence[Column],
    rows: Sequence[Sequence[str | Text]],
    width: int,
    *,
    padding: int = 1,
) -> list[int]:
    """The width of each column (without its ``padding`` cells either side) in ``width``."""
    natural = [_natural(c.label, [r[i] for r in rows]) for i, c in enumerate(columns)]
    widths = [n if c.figure else min(c.minimum, n) for c, n in zip(columns, natural, strict=True)]
    room = width - SCROLLBAR - 2 * padding * len(columns) - sum(widths)
    words = [i for i, c in enumerate(columns) if not c.figure]
    while room > 0:
        growing = [i for i in words if widths[i] < natural[i]]
        if not growing:
            break
        total = sum(columns[i].weight for i in growing)
        given = 0
        for i in growing:
            share = max(1, room * columns[i].weight // total)
            add = min(share, natural[i] - widths[i], room - given)
            widths[i] += add
            given += add
            if given >= room:
                break
        room -= given
    rest = [i for i in words if columns[i].rest]
    if room > 0 and rest:  # a title takes what is left, so the table spans the screen
        widths[rest[0]] += room
    return widths


def _cell(value: str | Text, column: Column, width: int, height: int) -> Text:
    text = value.copy() if isinstance(value, Text) else Text(value)
    text.justify = column.justify
    text.no_wrap = True  # line breaks still break; nothing else does
    if column.figure:
        return text
    if column.wrap and height > 1 and "\n" not in text.plain:
        text.no_wrap = False
        lines = list(text.wrap(Console(width=width), width, justify="left"))
        for line in lines:
            line.rstrip()
        if len(lines) > height:
            rest = Text(" ").join(lines[height - 1 :])
            lines = [*lines[: height - 1], rest]
    else:
        lines = list(text.split("\n", allow_blank=True))
    for line in lines:
        line.truncate(width, overflow="ellipsis")
    out = Text("\n", justify=column.justify, no_wrap=True, overflow="ellipsis").join(lines)
    out.justify = column.justify
    return out


def fill_table(
    table: DataTable[object],
    columns: Sequence[Column],
    rows: Sequence[tuple[Sequence[str | Text], str | None]],
    width: int,
) -> None:
    """Replace ``table``'s columns and rows: ``rows`` are (cells, key) pairs.

    A row with a line break in a cell is as many lines high as it needs.
    """
    cells = [r[0] for r in rows]
    widths = fit_widths(columns, cells, width, padding=table.cell_padding)
    keep = table.cursor_coordinate
    table.clear(columns=True)
    for c, w in zip(columns, widths, strict=True):
        table.add_column(c.label, key=c.key, width=w)
    for values, key in rows:
        high = max(
            (_lines(v) for v, c in zip(values, columns, strict=True) if c.figure or not c.wrap),
            default=1,
        )
        row = [_cell(v, c, w, high) for v, c, w in zip(values, columns, widths, strict=True)]
        table.add_row(*row, key=key, height=high)
    if rows:
        table.move_cursor(
            row=min(keep.row, len(rows) - 1), column=min(keep.column, len(columns) - 1)
        )
