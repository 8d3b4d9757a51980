"""Word (.docx) with real headings, real tables and embedded PNG charts.

Researchers paste from this file into a thesis or an appendix, so everything is made of
Word's own parts: Heading styles (the navigation pane and a table of contents work),
tables with a repeating header row, "Caption" paragraphs for table and figure numbers,
"Quote" paragraphs for quotations. Tables with many columns get a landscape page.
``python-docx`` is imported inside the functions (it pulls in lxml; reports that never
make a .docx should not pay for it).
"""

from __future__ import annotations

import io
import struct
from typing import TYPE_CHECKING, Any

from workbench.report.docx_tables import (
    TABLE_FONT_PT,
    TABLE_STYLE,
    WIDE_TABLE_STYLE,
    add_table_styles,
    column_widths,
    fill_cell,
    needs_landscape,
    repeat_header,
    shade,
    table_font,
    vertical_header,
)
from workbench.report.formatting import fold, format_cell, xml_text
from workbench.report.markdown import NUMERIC
from workbench.report.model import (
    BulletList,
    DefinitionList,
    Figure,
    MemoNote,
    Paragraph,
    QuoteBlock,
    Table,
)
from workbench.report.palette import COLOUR

if TYPE_CHECKING:
    from collections.abc import Mapping

    from workbench.report.model import Block, Report, Section
    from workbench.report.palette import Palette

NOTE_FONT_PT = 8.5
GREY = (0x59, 0x59, 0x59)
EMU = 914400  # English Metric Units per inch
CAPTION_IN = 0.9  # room for a figure's caption below it
PORTRAIT_TEXT_IN = (21.0 - 2 * 2.0) / 2.54  # A4 with 2 cm margins


def render_docx(report: Report, *, palette: Palette = COLOUR) -> bytes:
    """The report as .docx bytes (A4, 2 cm margins, page numbers in the footer)."""
    import docx
    from docx.shared import Cm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)
    add_table_styles(document)
    _page_number_footer(section)
    props = document.core_properties
    props.title = xml_text(report.title)
    props.subject = xml_text(report.subtitle)
    props.author = "workbench"
    props.keywords = f"workbench, {report.kind}"
    if report.generated is not None:
        props.created = report.generated.replace(tzinfo=None)
        props.modified = report.generated.replace(tzinfo=None)

    writer = _Writer(document, report.numbering(), palette)
    writer.paragraph("Title", report.title)
    if report.subtitle:
        writer.paragraph("Subtitle", report.subtitle)
    for child in report.printed_sections():
        writer.section(child, 1)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


class _Writer:
    def __init__(self, document: Any, numbers: Mapping[str, str], palette: Palette) -> None:
        self.document = document
        self.numbers = numbers
        self.palette = palette

    def paragraph(self, style_id: str, text: str = "") -> Any:
        """A paragraph in a built-in style, set by id: python-docx's look-up by style name
        scans every style each time, which dominates long reports."""
        paragraph = self.document.add_paragraph(xml_text(text))
        paragraph._p.style = style_id
        return paragraph

    def section(self, section: Section, level: int) -> None:
        tables = [b for b in section.blocks if isinstance(b, Table) and b.shown]
        if tables:  # the heading goes on the page its first table needs
            self.orient(self.wants_landscape(tables[0]))
        self.paragraph(f"Heading{min(level, 9)}", section.title)
        for block in section.blocks:
            self.block(block)
        for child in section.sections:
            self.section(child, level + 1)

    def block(self, block: Block) -> None:
        from docx.shared import Pt

        d = self.document
        if isinstance(block, Paragraph):
            paragraph = d.add_paragraph(xml_text(block.text))
            if block.style == "note":
                for run in paragraph.runs:
                    run.font.size = Pt(NOTE_FONT_PT)
        elif isinstance(block, BulletList):
            for item in block.items:
                self.paragraph("ListBullet", item)
        elif isinstance(block, DefinitionList):
            self.definitions(block)
        elif isinstance(block, QuoteBlock):
            self.quote(block)
        elif isinstance(block, MemoNote):
            self.memo(block)
        elif isinstance(block, Table):
            if block.shown:
                self.table(block)
        elif isinstance(block, Figure):
            self.figure(block)

    def definitions(self, block: DefinitionList) -> None:
        from docx.shared import Cm

        for term, text in block.items:
            paragraph = self.document.add_paragraph()
            paragraph.paragraph_format.left_indent = Cm(0.6)
            paragraph.paragraph_format.first_line_indent = Cm(-0.6)
            paragraph.paragraph_format.space_after = 0
            paragraph.add_run(xml_text(f"{term}: ")).bold = True
            paragraph.add_run(xml_text(text))

    def quote(self, block: QuoteBlock) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt, RGBColor

        paragraph = self.paragraph("Quote")
        paragraph.paragraph_format.space_after = Pt(0)
        if block.label:
            label = paragraph.add_run(xml_text(f"{block.label}: "))
            label.italic = False
            label.bold = True
        if block.before:
            context = paragraph.add_run(xml_text("…" + fold(block.before)))
            context.font.color.rgb = RGBColor(*GREY)
        quoted = paragraph.add_run(xml_text(" ".join(block.text.split())))
        # The coded words stand out from their context; a lone quote needs no emphasis.
        quoted.bold = bool(block.before or block.after) or None
        if block.after:
            context = paragraph.add_run(xml_text(fold(block.after) + "…"))
            context.font.color.rgb = RGBColor(*GREY)
        source = self.paragraph("Quote")
        source.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = source.add_run(xml_text("— " + block.attribution))
        run.font.size = Pt(NOTE_FONT_PT)
        run.italic = False
        for memo in block.memos:
            self.memo(memo, indent_cm=1.6)

    def memo(self, memo: MemoNote, indent_cm: float = 0.6) -> None:
        """A memo set apart from the report's text: indented, its author's line in bold,
        then its paragraphs, in grey so a reader never takes it for a finding."""
        from docx.shared import Cm, Pt, RGBColor

        paragraphs = memo.paragraphs or ("",)
        for k, text in enumerate(paragraphs):
            paragraph = self.document.add_paragraph()
            paragraph.paragraph_format.left_indent = Cm(indent_cm)
            paragraph.paragraph_format.space_after = Pt(4 if k == len(paragraphs) - 1 else 0)
            paragraph.paragraph_format.keep_together = True
            if k == 0:
                paragraph.add_run(xml_text(memo.heading + ". ")).bold = True
            run = paragraph.add_run(xml_text(text))
            run.font.color.rgb = RGBColor(*GREY)

    def text_width(self) -> float:
        section = self.document.sections[-1]
        return float((section.page_width - section.left_margin - section.right_margin) / EMU)

    def wants_landscape(self, table: Table) -> bool:
        return table.wide and needs_landscape(table, PORTRAIT_TEXT_IN)

    def table(self, table: Table) -> None:
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.shared import Inches, Pt

        self.orient(self.wants_landscape(table))
        caption = self.paragraph("Caption")
        caption.add_run(f"{self.numbers[table.id]}. ").bold = True
        caption.add_run(xml_text(table.title))
        caption.paragraph_format.keep_with_next = True
        shown = table.display_columns
        grid = self.document.add_table(rows=len(table.rows) + 1, cols=len(shown))
        grid.style = self.document.styles["Table Grid"]
        grid.alignment = WD_TABLE_ALIGNMENT.LEFT
        grid.autofit = False
        font_pt = table_font(table)
        for j, width in enumerate(column_widths(table, self.text_width(), font_pt)):
            grid.columns[j].width = Inches(width)
            for cell in grid.columns[j].cells:
                cell.width = Inches(width)
        style = (WIDE_TABLE_STYLE if font_pt < TABLE_FONT_PT else TABLE_STYLE).replace(" ", "")
        header = grid.rows[0]
        repeat_header(header)
        for j, i in enumerate(shown):
            column = table.columns[i]
            cell = header.cells[j]
            numeric = column.kind in NUMERIC
            fill_cell(cell, column.label, style, bold=True, right=numeric)
            shade(cell, "E7E6E6")
            if table.vertical_headers and numeric:
                vertical_header(cell, header, column.label, font_pt)
        for r, row in enumerate(table.rows, start=1):
            bold = (r - 1) in table.emphasis_rows
            cells = grid.rows[r].cells
            for j, i in enumerate(shown):
                column = table.columns[i]
                text = format_cell(row[i], column)
                fill_cell(cells[j], text, style, bold=bold, right=column.kind in NUMERIC)
        if table.notes and table.rows:
            for cell in grid.rows[-1].cells:  # the notes never start a page on their own
                cell.paragraphs[0].paragraph_format.keep_with_next = True
        for note in table.notes:
            paragraph = self.document.add_paragraph()
            run = paragraph.add_run(xml_text(note))
            run.font.size = Pt(NOTE_FONT_PT - 0.5)
            run.italic = True
            paragraph.paragraph_format.space_after = Pt(2)
        if not table.notes:
            self.document.add_paragraph()

    def figure(self, figure: Figure) -> None:
        from docx.shared import Inches

        from workbench.report.charts import figure_bytes
        from workbench.report.charts.canvas import width_in

        png = figure_bytes(figure, "png", self.palette)
        pixels_wide, pixels_high = struct.unpack(">II", png[16:24])  # the PNG's IHDR chunk
        section = self.document.sections[-1]
        if section.page_width > section.page_height:
            # A chart taller than a landscape page (with its caption) goes on a portrait one.
            text_height = (section.page_height - section.top_margin - section.bottom_margin) / EMU
            tall = min(width_in(figure.width), self.text_width()) * pixels_high / pixels_wide
            if tall > text_height - CAPTION_IN:
                self.orient(False)
        width = min(width_in(figure.width), self.text_width())
        paragraph = self.document.add_paragraph()
        paragraph.paragraph_format.keep_with_next = True
        paragraph.add_run().add_picture(io.BytesIO(png), width=Inches(width))
        caption = self.paragraph("Caption")
        caption.add_run(f"{self.numbers[figure.id]}. ").bold = True
        caption.add_run(xml_text(figure.caption))

    def orient(self, landscape: bool) -> None:
        """Start a new page section in the orientation asked for, if it is not the current."""
        from docx.enum.section import WD_ORIENT, WD_SECTION
        from docx.shared import Cm

        current = self.document.sections[-1]
        if landscape == (current.page_width > current.page_height):
            return
        new = self.document.add_section(WD_SECTION.NEW_PAGE)
        new.page_width, new.page_height = current.page_height, current.page_width
        new.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        # A landscape page is short: narrower top and bottom margins keep a long table whole.
        margin = Cm(1.27 if landscape else 2.0)
        new.top_margin = new.bottom_margin = margin


def _page_number_footer(section: Any) -> None:
    """ "Page N" in the footer, as a Word field so it stays right after editing."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    label = paragraph.add_run("Page ")
    label.font.size = Pt(8)
    run = paragraph.add_run()
    run.font.size = Pt(8)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind is not None:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)
