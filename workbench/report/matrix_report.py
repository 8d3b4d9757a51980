"""Code matrices, each as a table and a heat map: code x case, code x phase, co-occurrence.

Matrices are how a cross-case or cross-phase comparison is shown in qualitative work
(Miles and Huberman's displays): the table gives exact counts to quote, the heat map the
pattern at a glance. Co-occurrence comes twice, as strict overlap and within a distance,
because codes of one passage are often applied to neighbouring sentences, not the same one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.report.chartspec import HeatmapChart
from workbench.report.formatting import plural
from workbench.report.matrices import NO_CASE, OUTSIDE
from workbench.report.model import Column, Figure, Paragraph, Report, Section, Table

if TYPE_CHECKING:
    from workbench.report.inputs import CodeNames, Provenance
    from workbench.report.matrices import MatrixResult
    from workbench.report.model import CellValue

WIDE_COLUMNS = 9


def build_matrix_report(
    *,
    provenance: Provenance,
    codes: CodeNames,
    by_case: MatrixResult,
    overlap: MatrixResult,
    within: MatrixResult,
    within_chars: int,
    by_phase: MatrixResult | None = None,
    scheme: str | None = None,
    coder_note: str = "",
    level_note: str = "",
    scheme_note: str = "",
) -> Report:
    """Rows of every matrix are code ids, in the order the caller wants them printed."""
    n_segments = sum(by_case.row_totals())
    intro = Paragraph(
        f"{plural(n_segments, 'coded segment')}, {plural(len(by_case.rows), 'code')}, "
        f"{plural(len([c for c in by_case.columns if c != NO_CASE]), 'case')}. "
        f"{coder_note} {level_note}".strip()
    )
    sections = [
        Section("About these matrices", (intro,), id="about"),
        _section(
            "Code × case",
            "by-case",
            "Segments per code and case",
            by_case,
            codes,
            "Counts are coded segments. Documents without a case count under “(no case)”.",
            totals=True,
        ),
    ]
    if by_phase is not None:
        sections.append(
            _section(
                "Code × phase",
                "by-phase",
                f"Segments per code and phase (scheme “{scheme}”)",
                by_phase,
                codes,
                "A segment counts in the phase holding the middle of its event-date range "
                "(its own date, else a date mentioned in or near it, else its document's date)"
                + (
                    f"; segments dated outside every phase count under “{OUTSIDE}”."
                    if OUTSIDE in by_phase.columns
                    else "."
                ),
                totals=True,
            )
        )
    elif scheme_note:
        sections.append(Section("Code × phase", (Paragraph(scheme_note),), id="by-phase"))
    sections += [
        _section(
            "Co-occurrence: overlapping segments",
            "overlap",
            "Pairs of overlapping segments per pair of codes",
            overlap,
            codes,
            "Pairs of segments of two codes, by the same coder in the same document, that "
            "share at least one character. The diagonal is each code's own number of "
            "segments, for scale (greyed out in the heat map).",
            square=True,
        ),
        _section(
            f"Co-occurrence: within {within_chars} characters",
            "within",
            f"Pairs of segments at most {within_chars} characters apart",
            within,
            codes,
            f"As above, but counting pairs that overlap or lie at most {within_chars} "
            "characters apart in the same document.",
            square=True,
        ),
    ]
    return Report(
        kind="matrix",
        title="Code matrices",
        subtitle=f"{provenance.project} · {plural(n_segments, 'segment')} · {provenance.date}",
        sections=tuple(sections),
        manifest=(
            *provenance.manifest(),
            ("Scheme", scheme or "none"),
            ("Co-occurrence distance", f"{within_chars} characters"),
        ),
        primary_table="by-case",
        generated=provenance.generated,
        metadata={"project": provenance.project},
    )


def _section(
    heading: str,
    table_id: str,
    title: str,
    matrix: MatrixResult,
    codes: CodeNames,
    note: str,
    *,
    totals: bool = False,
    square: bool = False,
) -> Section:
    rows: list[tuple[CellValue, ...]] = []
    for code, values in zip(matrix.rows, matrix.values, strict=True):
        extra = (sum(values),) if totals else ()
        rows.append((code, codes.label(code, frozenset(matrix.rows)), *values, *extra))
    if totals:
        column_totals = matrix.column_totals()
        rows.append((None, "Total", *column_totals, sum(column_totals)))
    headers = list(matrix.columns)
    columns = (
        Column("code_id", "Code id", display=False),
        Column("code", "Code"),
        *(Column(h, h, "int") for h in headers),
        *((Column("total", "Total", "int"),) if totals else ()),
    )
    table_notes = [note]
    if square:
        table_notes.append("Columns are code ids; the rows give their names.")
    table = Table(
        table_id,
        title,
        columns,
        tuple(rows),
        notes=tuple(table_notes),
        emphasis_rows=frozenset({len(rows) - 1}) if totals else frozenset(),
        wide=len(columns) > WIDE_COLUMNS,
        vertical_headers=True,
    )
    labels = tuple(codes.label(c, frozenset(matrix.rows)) for c in matrix.rows)
    chart = HeatmapChart(
        row_labels=labels,
        column_labels=labels if square else matrix.columns,
        values=matrix.values,
        value_label="segment pairs" if square else "segments",
        muted_diagonal=square,
    )
    wide = square or len(matrix.columns) > 8
    figure = Figure(
        f"{table_id}-heatmap",
        f"{title} as a heat map (darker: more"
        + ("; the diagonal, each code's own count, is greyed out" if square else "")
        + ").",
        chart,
        width="wide" if wide else "column",
    )
    return Section(heading, (table, figure), id=table_id)
