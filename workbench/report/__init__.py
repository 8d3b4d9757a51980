"""Reports as data, rendered to Markdown, self-contained HTML, Word, CSV/JSON and charts.

A report is built once (``workbench.services.reports`` gathers the project's results and
calls a builder here: ``phase_report``, ``agreement_report``, ``codebook_report``,
``segment_report``, ``matrix_report``) into a ``Report``: sections of paragraphs, tables
with raw values, chart specs and quotations. Renderers turn that one object into each
format (``markdown``, ``html``, ``docx``, ``tabular``) and ``export.write_report`` writes
it. Nothing here opens a project; matplotlib and python-docx load only when a chart or a
.docx is made.
"""

from __future__ import annotations

from workbench.report.export import FORMATS, write_figures, write_report
from workbench.report.model import (
    BulletList,
    Column,
    DefinitionList,
    Figure,
    MemoNote,
    Paragraph,
    QuoteBlock,
    Report,
    Section,
    Table,
)
from workbench.report.palette import COLOUR, GREYSCALE, Palette, palette_for

__all__ = [
    "COLOUR",
    "FORMATS",
    "GREYSCALE",
    "BulletList",
    "Column",
    "DefinitionList",
    "Figure",
    "MemoNote",
    "Palette",
    "Paragraph",
    "QuoteBlock",
    "Report",
    "Section",
    "Table",
    "palette_for",
    "write_figures",
    "write_report",
]
