"""One self-contained HTML file: inline CSS, inline SVG charts, nothing fetched.

A report must open the same on an air-gapped laptop, in an archive ten years on, and when
printed: so no web fonts, scripts or links, and the print CSS keeps tables, figures and
quotes whole across pages and repeats table headers. Inline SVGs get their ids prefixed
per figure (several matplotlib drawings in one page would otherwise share ids) and lose
their namespace declarations, which HTML does not need.
"""

from __future__ import annotations

import re
from html import escape
from typing import TYPE_CHECKING

from workbench.report.formatting import format_cell
from workbench.report.markdown import NUMERIC
from workbench.report.model import (
    BulletList,
    DefinitionList,
    Figure,
    MemoNote,
    Paragraph,
    QuoteBlock,
    Table,
    slug,
)
from workbench.report.palette import COLOUR

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from workbench.report.model import Block, Report, Section
    from workbench.report.palette import Palette

CSS = """
:root { color-scheme: light; }
body { font-family: "Segoe UI", "Helvetica Neue", Arial, "Liberation Sans", sans-serif;
  font-size: 15px; line-height: 1.5; color: #1a1a1a; max-width: 60rem; margin: 2rem auto;
  padding: 0 1.5rem; }
h1 { font-size: 1.8rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.35rem; margin-top: 2.2rem; border-bottom: 1px solid #ccc; }
h3 { font-size: 1.12rem; margin-top: 1.6rem; }
h4, h5, h6 { font-size: 1rem; margin-top: 1.2rem; }
.subtitle { color: #444; font-style: italic; margin-top: 0; }
.note { font-size: 0.85rem; color: #444; }
nav.toc { font-size: 0.9rem; border: 1px solid #ddd; padding: 0.5rem 1rem; }
nav.toc ul { margin: 0.2rem 0; padding-left: 1.2rem; }
nav.toc a { color: inherit; }
table { border-collapse: collapse; margin: 0.4rem 0 0.3rem; font-size: 0.82rem;
  font-variant-numeric: tabular-nums; }
caption { caption-side: top; text-align: left; font-weight: 600; padding-bottom: 0.3rem; }
thead th { border-top: 1.5px solid #000; border-bottom: 1px solid #000; text-align: left;
  vertical-align: bottom; padding: 0.25rem 0.5rem; }
tbody td { padding: 0.18rem 0.5rem; vertical-align: top; border-bottom: 1px solid #eee; }
tbody tr:last-child td { border-bottom: 1.5px solid #000; }
td.num, th.num { text-align: right; white-space: nowrap; }
th.vertical { vertical-align: bottom; text-align: left; }
th.vertical span { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap; }
tr.emph td { font-weight: 600; }
.table-wrap { overflow-x: auto; }
.table-wrap td:first-child { min-width: 9em; }
.table-notes { font-size: 0.8rem; color: #444; margin: 0.2rem 0 1rem; }
figure { margin: 1rem 0; }
figure svg { max-width: 100%; height: auto; display: block; }
figcaption { font-size: 0.85rem; margin-top: 0.3rem; }
blockquote { margin: 0.6rem 0 0.9rem 1rem; padding-left: 0.8rem; border-left: 3px solid #999; }
blockquote .context { color: #666; }
blockquote .label { font-style: italic; }
blockquote footer { font-size: 0.82rem; color: #444; margin-top: 0.2rem; }
.memo { margin: 0.4rem 0 0.8rem 1rem; padding: 0.3rem 0.7rem; border-left: 3px dotted #777;
  background: #f6f6f6; font-size: 0.9rem; color: #333; }
.memo p { margin: 0.2rem 0; }
.memo .memo-head { font-weight: 600; }
blockquote .memo { margin-left: 0; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.15rem 1rem; }
dt { font-weight: 600; }
dd { margin: 0; overflow-wrap: anywhere; }
@media print {
  @page { size: A4; margin: 18mm 16mm; }
  @page landscape { size: A4 landscape; margin: 14mm 16mm; }
  .table-wrap.wide, section.wide { page: landscape; }
  body { font-size: 10pt; max-width: none; margin: 0; padding: 0; }
  nav.toc { display: none; }
  h2, h3, h4 { break-after: avoid; }
  figure, blockquote, dl, tr, .memo { break-inside: avoid; }
  caption { break-after: avoid; }
  thead { display: table-header-group; }
  .table-wrap { overflow: visible; }
  table { font-size: 8pt; }
}
"""


def render_html(report: Report, *, palette: Palette = COLOUR) -> str:
    """The report as one HTML document with its charts drawn inline as SVG."""
    from workbench.report.charts import figure_bytes

    def svg(figure: Figure) -> str:
        return inline_svg(figure_bytes(figure, "svg", palette).decode("utf-8"), figure.id)

    numbers = report.numbering()
    sections = report.printed_sections()
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="workbench report {escape(report.kind)}">',
        f"<title>{escape(report.title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{escape(report.title)}</h1>",
    ]
    if report.subtitle:
        parts.append(f'<p class="subtitle">{escape(report.subtitle)}</p>')
    parts += ["</header>", _toc(sections), "<main>"]
    for section in sections:
        _section(section, 2, parts, numbers, svg)
    parts += ["</main>", "</body>", "</html>"]
    return "\n".join(parts) + "\n"


def _anchor(section: Section) -> str:
    return "s-" + (section.id or slug(section.title))


def _toc(sections: tuple[Section, ...]) -> str:
    items = []
    for section in sections:
        children = "".join(
            f'<li><a href="#{_anchor(c)}">{escape(c.title)}</a></li>' for c in section.sections
        )
        sub = f"<ul>{children}</ul>" if children and len(section.sections) <= 12 else ""
        items.append(f'<li><a href="#{_anchor(section)}">{escape(section.title)}</a>{sub}</li>')
    return f'<nav class="toc"><strong>Contents</strong><ul>{"".join(items)}</ul></nav>'


def _section(
    section: Section,
    level: int,
    parts: list[str],
    numbers: Mapping[str, str],
    svg: Callable[[Figure], str],
) -> None:
    tag = f"h{min(level, 6)}"
    tables = [b for b in section.blocks if isinstance(b, Table) and b.shown]
    # A section led by a wide table prints on a landscape page, heading and all.
    wide = ' class="wide"' if tables and tables[0].wide else ""
    parts.append(f'<section id="{_anchor(section)}"{wide}>')
    parts.append(f"<{tag}>{escape(section.title)}</{tag}>")
    for block in section.blocks:
        parts.append(_block(block, numbers, svg))
    for child in section.sections:
        _section(child, level + 1, parts, numbers, svg)
    parts.append("</section>")


def _block(block: Block, numbers: Mapping[str, str], svg: Callable[[Figure], str]) -> str:
    if isinstance(block, Paragraph):
        cls = ' class="note"' if block.style == "note" else ""
        return f"<p{cls}>{escape(block.text)}</p>"
    if isinstance(block, BulletList):
        return "<ul>" + "".join(f"<li>{escape(i)}</li>" for i in block.items) + "</ul>"
    if isinstance(block, DefinitionList):
        rows = "".join(f"<dt>{escape(t)}</dt><dd>{escape(d)}</dd>" for t, d in block.items)
        return f"<dl>{rows}</dl>"
    if isinstance(block, QuoteBlock):
        return _quote(block)
    if isinstance(block, MemoNote):
        return _memo(block)
    if isinstance(block, Table):
        return _table(block, numbers) if block.shown else ""
    caption = f"<strong>{numbers[block.id]}.</strong> {escape(block.caption)}"
    return f'<figure id="{block.id}">{svg(block)}<figcaption>{caption}</figcaption></figure>'


def _quote(block: QuoteBlock) -> str:
    body = escape(block.text)
    if block.before or block.after:
        body = f"<strong>{body}</strong>"
    if block.before:
        body = f'<span class="context">…{escape(block.before)}</span>{body}'
    if block.after:
        body = f'{body}<span class="context">{escape(block.after)}…</span>'
    if block.label:
        body = f'<span class="label">{escape(block.label)}:</span> {body}'
    memos = "".join(_memo(m) for m in block.memos)
    return (
        f"<blockquote><p>{body}</p><footer>— {escape(block.attribution)}</footer>"
        f"{memos}</blockquote>"
    )


def _memo(memo: MemoNote) -> str:
    """A memo in its own box: the author's line, then its paragraphs, all escaped."""
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in memo.paragraphs)
    return (
        f'<aside class="memo"><p class="memo-head">{escape(memo.heading)}</p>{paragraphs}</aside>'
    )


def _table(table: Table, numbers: Mapping[str, str]) -> str:
    shown = table.display_columns

    def th(i: int) -> str:
        kind = table.columns[i].kind
        label = escape(table.columns[i].label)
        if table.vertical_headers and kind in NUMERIC:
            return f'<th scope="col" class="num vertical"><span>{label}</span></th>'
        return f'<th scope="col"{_num(kind)}>{label}</th>'

    head = "".join(th(i) for i in shown)
    body = []
    for r, row in enumerate(table.rows):
        cls = ' class="emph"' if r in table.emphasis_rows else ""
        cells = "".join(
            f"<td{_num(table.columns[i].kind)}>{escape(format_cell(row[i], table.columns[i]))}</td>"
            for i in shown
        )
        body.append(f"<tr{cls}>{cells}</tr>")
    notes = "".join(f'<p class="table-notes">{escape(n)}</p>' for n in table.notes)
    return (
        f'<div class="table-wrap{" wide" if table.wide else ""}"><table id="{table.id}">'
        f"<caption>{numbers[table.id]}. {escape(table.title)}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>{notes}"
    )


def _num(kind: str) -> str:
    return ' class="num"' if kind in NUMERIC else ""


_PROLOGUE = re.compile(r"^.*?(?=<svg\b)", re.DOTALL)
_NAMESPACES = re.compile(r'\s+xmlns(?::\w+)?="[^"]*"')
_METADATA = re.compile(r"<metadata>.*?</metadata>", re.DOTALL)
_IDS = re.compile(r'\bid="([^"]+)"')
_REFS = re.compile(r'(href="#|url\(#)([^")]+)')


def inline_svg(svg: str, prefix: str) -> str:
    """A standalone SVG document made fit to sit inside HTML next to other SVGs."""
    svg = _PROLOGUE.sub("", svg, count=1)
    svg = _METADATA.sub("", svg)
    svg = _NAMESPACES.sub("", svg)
    svg = _IDS.sub(lambda m: f'id="{prefix}-{m.group(1)}"', svg)
    svg = _REFS.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", svg)
    return svg.replace("xlink:href=", "href=").strip()
