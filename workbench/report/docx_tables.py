"""Word tables: column widths that fit the figures, styles, header rows, orientation.

Word lays a table out from the widths it is given; python-docx gives every column the
same width, which wraps "2001-07-01" over two lines beside a half-empty text column. The
widths here come from the printed text: numbers and dates never wrap, text columns share
what is left. Matrices may print their column labels bottom-to-top so that twenty cases
or codes fit across a page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from workbench.report.formatting import format_cell, xml_text
from workbench.report.markdown import NUMERIC

if TYPE_CHECKING:
    from workbench.report.model import Table

TABLE_FONT_PT = 8.0
WIDE_TABLE_FONT_PT = 7.0
TABLE_STYLE = "Table Text"
WIDE_TABLE_STYLE = "Table Text Small"
CHAR_IN_PER_PT = 0.0082  # an average Calibri (or Arial) character per point of size
CELL_PAD_IN = 0.17  # Word's default cell margins, both sides
LINE_IN_PER_PT = 1.35 / 72


def table_font(table: Table) -> float:
    return WIDE_TABLE_FONT_PT if len(table.display_columns) > 10 else TABLE_FONT_PT


def _natural(
    table: Table, font_pt: float, text_cap: int
) -> tuple[dict[int, float], dict[int, float]]:
    """Widths (inches) numbers need exactly, and widths text would like, by display column."""
    char = CHAR_IN_PER_PT * font_pt
    fixed: dict[int, float] = {}
    flexible: dict[int, float] = {}
    for j, i in enumerate(table.display_columns):
        column = table.columns[i]
        longest = max((len(format_cell(row[i], column)) for row in table.rows), default=0)
        numeric = column.kind in NUMERIC or column.kind == "date"
        if table.vertical_headers and column.kind in NUMERIC:
            word = LINE_IN_PER_PT * font_pt / char  # a rotated label is one line wide
        else:
            word = max((len(w) for w in column.label.split()), default=1) * 1.1
        if numeric:
            fixed[j] = max(longest, word, 2) * char + CELL_PAD_IN
        else:
            flexible[j] = max(min(longest, text_cap), word, 5) * char + CELL_PAD_IN
    return fixed, flexible


def needs_landscape(table: Table, available: float) -> bool:
    """Whether the numbers and about 24 characters of each text column would not fit across
    ``available`` inches (the table then gets a landscape page)."""
    fixed, flexible = _natural(table, table_font(table), 24)
    return sum(fixed.values()) + sum(flexible.values()) > available


def column_widths(table: Table, available: float, font_pt: float) -> list[float]:
    """Widths in inches filling ``available``: numbers, dates and headers' longest words
    get what they need, text columns share the rest up to about 32 characters each."""
    fixed, flexible = _natural(table, font_pt, 32)
    rest = available - sum(fixed.values())
    if flexible and rest > 0.6 * len(flexible):
        scale = rest / sum(flexible.values())
        widths = {**fixed, **{j: w * scale for j, w in flexible.items()}}
    else:  # too many columns: shrink everything alike
        widths = {**fixed, **flexible}
        total = sum(widths.values())
        widths = {j: w * available / total for j, w in widths.items()}
    return [widths[j] for j in range(len(table.display_columns))]


def add_table_styles(document: Any) -> None:
    """Paragraph styles for table cells, so that even an empty cell has the table's size.
    Their ids are ``TABLE_STYLE`` and ``WIDE_TABLE_STYLE`` without spaces."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt

    for name, size in ((TABLE_STYLE, TABLE_FONT_PT), (WIDE_TABLE_STYLE, WIDE_TABLE_FONT_PT)):
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["Normal"]
        style.font.size = Pt(size)
        style.paragraph_format.space_before = Pt(0)
        style.paragraph_format.space_after = Pt(0)
        style.paragraph_format.line_spacing = 1.0


def fill_cell(cell: Any, text: str, style: str, *, bold: bool, right: bool) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph = cell.paragraphs[0]
    # Set the style id directly: python-docx's by-name look-up scans every style each time.
    paragraph._p.style = style
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if text:
        paragraph.add_run(xml_text(text)).bold = bold or None


def repeat_header(row: Any) -> None:
    """Mark the row as a header row, which Word repeats at the top of every page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    properties.append(flag)


def vertical_header(cell: Any, row: Any, label: str, font_pt: float) -> None:
    """Print the label bottom-to-top and make the header row tall enough for it."""
    from docx.enum.table import WD_ROW_HEIGHT_RULE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Inches

    direction = OxmlElement("w:textDirection")
    direction.set(qn("w:val"), "btLr")
    cell._tc.get_or_add_tcPr().append(direction)
    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.LEFT
    height = len(label) * CHAR_IN_PER_PT * font_pt * 1.1 + 0.12
    current = row.height.inches if row.height is not None else 0.0
    if height > current:
        row.height = Inches(height)
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST


def shade(cell: Any, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)
