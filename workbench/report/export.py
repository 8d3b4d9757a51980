"""Write a report to disk in one format, plus its charts as SVG and PNG files.

Every file is written to ``NAME.part`` and renamed, so an interrupted export never leaves
a half-written report that looks whole. Markdown gets its charts in a folder beside it
(``report_figures/``) and links them; CSV writes the report's main table to the file asked
for and every other table beside it as ``STEM-TABLE.csv``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.report.palette import COLOUR

if TYPE_CHECKING:
    from pathlib import Path

    from workbench.report.model import Report
    from workbench.report.palette import Palette

FORMATS = ("md", "html", "docx", "csv", "json")


def write_report(
    report: Report,
    path: Path,
    fmt: str,
    *,
    palette: Palette = COLOUR,
    figures_dir: Path | None = None,
    raw_csv: bool = False,
) -> list[Path]:
    """Render ``report`` as ``fmt`` to ``path``; returns every file written, main file first.

    CSV cells that a spreadsheet would run as formulas are neutralised unless ``raw_csv``.

    ``figures_dir`` also writes each chart as ``ID.svg`` and ``ID.png`` there (for a
    journal's figure upload); Markdown always writes them, to ``STEM_figures`` by default.
    """
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    path.parent.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    if fmt == "md":
        from workbench.report.markdown import render_markdown

        folder = figures_dir or path.with_name(f"{path.stem}_figures")
        charts = write_figures(report, folder, palette=palette)
        links = {
            p.stem: p.relative_to(path.parent).as_posix()
            if p.is_relative_to(path.parent)
            else p.resolve().as_uri()
            for p in charts
            if p.suffix == ".svg"
        }
        _write(path, render_markdown(report, figure_paths=links).encode("utf-8"))
        return [path, *charts]
    if fmt == "html":
        from workbench.report.html import render_html

        _write(path, render_html(report, palette=palette).encode("utf-8"))
    elif fmt == "docx":
        from workbench.report.docx import render_docx

        _write(path, render_docx(report, palette=palette))
    elif fmt == "json":
        from workbench.report.tabular import render_json

        _write(path, render_json(report).encode("utf-8"))
    else:
        written += _write_csv(report, path, raw=raw_csv)
    if not written:
        written.append(path)
    if figures_dir is not None:
        written += write_figures(report, figures_dir, palette=palette)
    return written


def write_figures(report: Report, folder: Path, *, palette: Palette = COLOUR) -> list[Path]:
    """Each chart of the report as ``ID.svg`` and ``ID.png`` (300 dpi) in ``folder``."""
    from workbench.report.charts import figure_bytes

    figures = report.figures()
    if not figures:
        return []
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for figure in figures:
        for fmt in ("svg", "png"):
            target = folder / f"{figure.id}.{fmt}"
            _write(target, figure_bytes(figure, fmt, palette))
            out.append(target)
    return out


def _write_csv(report: Report, path: Path, *, raw: bool = False) -> list[Path]:
    from workbench.report.tabular import render_csv_tables

    tables = render_csv_tables(report, raw=raw)
    primary = report.primary_table if report.primary_table in tables else next(iter(tables))
    out = [path]
    _write(path, tables[primary].encode("utf-8"))
    for table_id, text in tables.items():
        if table_id != primary:
            target = path.with_name(f"{path.stem}-{table_id}{path.suffix or '.csv'}")
            _write(target, text.encode("utf-8"))
            out.append(target)
    return out


def _write(path: Path, data: bytes) -> None:
    part = path.with_name(path.name + ".part")
    part.write_bytes(data)
    part.replace(path)
