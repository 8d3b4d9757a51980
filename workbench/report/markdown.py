"""Markdown (GitHub-flavoured: pipe tables) for notes, repositories and pandoc.

Charts are files beside the document (the exporter writes them and passes their relative
paths in); without paths a chart becomes its caption in brackets, so the text still says
what the figure showed. Numbers are right-aligned and printed exactly as in HTML and Word.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from workbench.report.formatting import fold, format_cell
from workbench.report.model import (
    BulletList,
    DefinitionList,
    Figure,
    MemoNote,
    Paragraph,
    QuoteBlock,
    Table,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

    from workbench.report.model import Block, Report, Section

NUMERIC = {"int", "float", "share", "percent", "p", "count"}


def render_markdown(report: Report, *, figure_paths: Mapping[str, str] | None = None) -> str:
    """The report as Markdown; ``figure_paths`` maps a figure id to its image file."""
    numbers = report.numbering()
    out: list[str] = [f"# {_inline(report.title)}", ""]
    if report.subtitle:
        out += [f"*{_inline(report.subtitle)}*", ""]
    for section in report.printed_sections():
        _section(section, 2, out, numbers, figure_paths or {})
    return "\n".join(out).rstrip() + "\n"


def _section(
    section: Section,
    level: int,
    out: list[str],
    numbers: Mapping[str, str],
    figures: Mapping[str, str],
) -> None:
    out += [f"{'#' * min(level, 6)} {_inline(section.title)}", ""]
    for block in section.blocks:
        _block(block, out, numbers, figures)
    for child in section.sections:
        _section(child, level + 1, out, numbers, figures)


def _block(
    block: Block, out: list[str], numbers: Mapping[str, str], figures: Mapping[str, str]
) -> None:
    if isinstance(block, Paragraph):
        text = _inline(block.text)
        out += [f"<small>{text}</small>" if block.style == "note" else text, ""]
    elif isinstance(block, BulletList):
        out += [f"- {_inline(item)}" for item in block.items]
        out.append("")
    elif isinstance(block, DefinitionList):
        out += [f"- **{_inline(term)}**: {_inline(text)}" for term, text in block.items]
        out.append("")
    elif isinstance(block, QuoteBlock):
        _quote(block, out)
    elif isinstance(block, MemoNote):
        out += [*_memo(block), ""]
    elif isinstance(block, Table):
        if block.shown:
            _table(block, out, numbers)
    elif isinstance(block, Figure):
        caption = f"**{numbers[block.id]}.** {_inline(block.caption)}"
        path = figures.get(block.id)
        if path:
            out += [f"![{_inline(block.caption)}]({path})", "", caption, ""]
        else:
            out += [f"[{caption}]", ""]


def _quote(block: QuoteBlock, out: list[str]) -> None:
    body = _inline(_one_line(block.text))
    if block.before or block.after:
        body = f"**{body}**"
    if block.before:
        body = f"…{_inline(fold(block.before))}{body}"
    if block.after:
        body = f"{body}{_inline(fold(block.after))}…"
    if block.label:
        body = f"*{_inline(block.label)}:* {body}"
    out += [f"> {body}", ">", f"> — {_inline(block.attribution)}"]
    for memo in block.memos:  # the coding's memo, inside the quote it is about
        out += [">", *(f"> {line}" if line else ">" for line in _memo(memo))]
    out.append("")


def _memo(memo: MemoNote) -> list[str]:
    """A memo as a block quote led by its author's line; every paragraph escaped (a memo is
    free text: it must not turn into headings, links or HTML in the rendered file)."""
    lines = [f"> **{_inline(memo.heading)}**"]
    for paragraph in memo.paragraphs:
        lines += [">", f"> {_inline(paragraph)}"]
    return lines


def _table(table: Table, out: list[str], numbers: Mapping[str, str]) -> None:
    columns = [table.columns[i] for i in table.display_columns]
    out += [f"**{numbers[table.id]}.** {_inline(table.title)}", ""]
    out.append("| " + " | ".join(_cell(c.label) for c in columns) + " |")
    out.append("|" + "|".join("---:" if c.kind in NUMERIC else "---" for c in columns) + "|")
    for r, row in enumerate(table.rows):
        cells = [_cell(format_cell(row[i], table.columns[i])) for i in table.display_columns]
        if r in table.emphasis_rows:
            cells = [f"**{c}**" if c else c for c in cells]
        out.append("| " + " | ".join(cells) + " |")
    out.append("")
    for note in table.notes:
        out += [f"<small>{_inline(note)}</small>", ""]


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _cell(text: str) -> str:
    return _inline(_one_line(text)).replace("|", "\\|")


def _inline(text: str) -> str:
    """Escape what would turn plain text into Markdown markup, and nothing else ("< .001"
    stays readable in the source): emphasis, code, links, HTML tags, line-start markers."""
    out = text.replace("\\", "\\\\")
    for ch in ("*", "_", "`", "[", "]"):
        out = out.replace(ch, "\\" + ch)
    out = _TAG_START.sub(r"\\<", out)
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), out)


_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
_LINE_START = re.compile(r"(^|\n)([#>+-])", re.MULTILINE)
