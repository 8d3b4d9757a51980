"""The report as data: built once, rendered to Markdown, HTML, DOCX, CSV and JSON.

A report is a tree of sections holding a handful of block kinds. Renderers never compute
anything: every number is already in a ``Table`` (raw values, formatted by the column's
kind), every chart is a ``Figure`` holding a chart *spec* (plain data, see ``chartspec``),
and every quotation is a ``QuoteBlock`` that knows its source. Keeping raw values in the
cells is what lets one table serve both a Word appendix ("0.72") and R ("0.7215...").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from collections.abc import Iterator

    from workbench.report.chartspec import ChartSpec

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")

CellValue = str | int | float | dt.date | None
ColumnKind = Literal["text", "int", "float", "share", "percent", "p", "date", "count"]
FigureWidth = Literal["column", "wide"]


@dataclass(frozen=True, slots=True)
class Column:
    """One table column: ``key`` names it in CSV/JSON, ``label`` in the printed table.

    ``kind`` decides display formatting (``float`` with ``digits`` decimals, ``share`` as a
    percentage, ``p`` as a p-value, ``count`` as a number that may be fractional);
    ``undefined`` is what a ``None`` cell prints as ("undefined" for statistics that cannot
    be computed, a dash for "not applicable"). ``hide_if_empty`` leaves the column out of
    the printed table when no row has a value (bootstrap columns of a run without one).
    """

    key: str
    label: str
    kind: ColumnKind = "text"
    digits: int | None = None
    undefined: str = "–"
    display: bool = True
    hide_if_empty: bool = False


@dataclass(frozen=True, slots=True)
class Table:
    """A rectangular table with a stable ``id`` (the CSV file suffix and the JSON key).

    Columns with ``display=False`` are data for R and pandas only (ids, raw bounds).
    ``emphasis_rows`` are printed bold (totals, the pooled row). ``wide`` asks the DOCX
    renderer for a landscape page. ``shown=False`` keeps a table out of the printed report
    while still exporting it (e.g. every disagreement, when the text shows a few).
    ``vertical_headers`` prints numeric columns' labels bottom-to-top (matrices whose
    columns are many cases or codes) in Word and HTML.
    """

    id: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[CellValue, ...], ...]
    notes: tuple[str, ...] = ()
    emphasis_rows: frozenset[int] = frozenset()
    wide: bool = False
    shown: bool = True
    vertical_headers: bool = False

    def __post_init__(self) -> None:
        width = len(self.columns)
        for i, row in enumerate(self.rows):
            if len(row) != width:
                raise ValueError(f"table {self.id!r}: row {i} has {len(row)} cells, not {width}")

    @property
    def display_columns(self) -> tuple[int, ...]:
        return tuple(
            i
            for i, c in enumerate(self.columns)
            if c.display and not (c.hide_if_empty and all(row[i] is None for row in self.rows))
        )

    def column(self, key: str) -> tuple[CellValue, ...]:
        """Every value of one column, by key (tests and builders read tables this way)."""
        index = next(i for i, c in enumerate(self.columns) if c.key == key)
        return tuple(row[index] for row in self.rows)


@dataclass(frozen=True, slots=True)
class Paragraph:
    """Running text. ``style`` "note" is set smaller (method notes, caveats)."""

    text: str
    style: Literal["body", "note"] = "body"


@dataclass(frozen=True, slots=True)
class BulletList:
    items: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DefinitionList:
    """Term and explanation pairs: a code's criteria, a manifest, a method's settings."""

    items: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class QuoteBlock:
    """A quoted segment with where it comes from, and optionally the words around it.

    ``before`` and ``after`` are context (printed lighter, with ellipses); ``attribution``
    is the line a reader cites: source, case, date and how the date was found.
    """

    text: str
    attribution: str
    before: str = ""
    after: str = ""
    label: str | None = None
    memos: tuple[MemoNote, ...] = ()


@dataclass(frozen=True, slots=True)
class MemoNote:
    """A researcher's memo, printed as theirs: who wrote it, when, and what it is about.

    Set apart from the report's own text (a memo is an interpretation, not a finding), in a
    ``QuoteBlock``'s ``memos`` (a coding's memo under its quote) or as a block of its own
    (a project, document or code memo). The body keeps its paragraphs; every renderer
    treats it as untrusted text (escaped in Markdown and HTML, XML-safe in Word).
    """

    body: str
    author: str
    title: str | None = None
    date: str | None = None
    about: str | None = None

    @property
    def heading(self) -> str:
        """ "Memo by ana, 2026-12-01 (on …): Title" """
        head = f"Memo by {self.author}" + (f", {self.date}" if self.date else "")
        if self.about:
            head += f" (on {self.about})"
        return head + (f": {self.title}" if self.title else "")

    @property
    def paragraphs(self) -> tuple[str, ...]:
        """The body's paragraphs (blank lines part them), each on one line."""
        parts = (" ".join(p.split()) for p in _PARAGRAPH_BREAK.split(self.body))
        return tuple(p for p in parts if p)


@dataclass(frozen=True, slots=True)
class Figure:
    """A chart spec with a caption; ``width`` is one journal column or the full text width."""

    id: str
    caption: str
    chart: ChartSpec
    width: FigureWidth = "wide"


Block = Paragraph | BulletList | DefinitionList | QuoteBlock | MemoNote | Table | Figure


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    blocks: tuple[Block, ...] = ()
    sections: tuple[Section, ...] = ()
    id: str | None = None


@dataclass(frozen=True, slots=True)
class Report:
    """A whole report: title, sections, the provenance a methods appendix needs.

    ``kind`` is the report's name ("phases", "agreement", ...). ``manifest`` is printed as
    the last section and exported verbatim in JSON. ``data`` is an optional JSON-safe copy
    of the full underlying result (e.g. the bracketing result) for the JSON export.
    ``extra_tables`` are exported to CSV/JSON but not printed.
    """

    kind: str
    title: str
    subtitle: str
    sections: tuple[Section, ...]
    manifest: tuple[tuple[str, str], ...] = ()
    extra_tables: tuple[Table, ...] = ()
    data: dict[str, object] | None = None
    primary_table: str | None = None
    generated: dt.datetime | None = None
    metadata: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        seen: set[str] = set()
        for block in (*self.blocks(), *self.extra_tables):
            if isinstance(block, Table | Figure):
                if block.id in seen:
                    raise ValueError(
                        f"report {self.kind!r}: duplicate table or figure id {block.id!r}"
                    )
                seen.add(block.id)

    def printed_sections(self) -> tuple[Section, ...]:
        """The sections a reader sees: the report's own, then the reproducibility manifest."""
        if not self.manifest:
            return self.sections
        manifest = Section(
            "Reproducibility manifest",
            (
                Paragraph(
                    "What is needed to reproduce this report, or to notice that it cannot be "
                    "reproduced: the software versions, the settings and fingerprints of the "
                    "inputs.",
                    style="note",
                ),
                DefinitionList(self.manifest),
            ),
            id="manifest",
        )
        return (*self.sections, manifest)

    def numbering(self) -> dict[str, str]:
        """ "Table 3", "Figure 1" by id, in reading order (data-only tables get no number)."""
        numbers: dict[str, str] = {}
        tables = figures = 0
        for block in self.blocks():
            if isinstance(block, Table) and block.shown:
                tables += 1
                numbers[block.id] = f"Table {tables}"
            elif isinstance(block, Figure):
                figures += 1
                numbers[block.id] = f"Figure {figures}"
        return numbers

    def tables(self) -> tuple[Table, ...]:
        """Every table, printed ones in reading order first, then the data-only ones."""
        return (*(b for b in self.blocks() if isinstance(b, Table)), *self.extra_tables)

    def figures(self) -> tuple[Figure, ...]:
        return tuple(b for b in self.blocks() if isinstance(b, Figure))

    def table(self, table_id: str) -> Table:
        for t in self.tables():
            if t.id == table_id:
                return t
        raise KeyError(table_id)

    def blocks(self) -> Iterator[Block]:
        def walk(section: Section) -> Iterator[Block]:
            yield from section.blocks
            for child in section.sections:
                yield from walk(child)

        for section in self.sections:
            yield from walk(section)


def slug(text: str) -> str:
    """A file- and anchor-safe id: lower case letters, digits and hyphens."""
    out = []
    for ch in text.lower():
        if ch.isascii() and ch.isalnum():
            out.append(ch)
        elif out and out[-1] != "-":
            out.append("-")
    return "".join(out).strip("-") or "x"
