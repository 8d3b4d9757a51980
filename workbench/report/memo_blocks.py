"""Memos in reports: the section that holds them and the data table that exports them.

A memo is the researcher's own thinking (why a code was split, what a document is
worth, what a passage made them wonder), so reports print it beside what it is about:
project memos with the report's introduction, code memos under the code's definition,
document memos with the document, a coding's memo under its quote. The table lists every
memo printed, with its raw text, for R and pandas.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.report.model import Column, MemoNote, Paragraph, Section, Table, slug

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from workbench.report.model import Block

LEFT_OUT = "Memos are left out of this report (--no-memos)."


def memo_section(
    title: str,
    groups: Sequence[tuple[str, Sequence[MemoNote]]],
    *,
    section_id: str,
    note: str = "",
) -> Section | None:
    """One subsection per thing memoed (a document, say), its memos oldest first; ``None``
    when there is nothing to show."""
    children = tuple(
        Section(about, tuple(memos), id=f"{section_id}-{slug(about)}-{i}")
        for i, (about, memos) in enumerate(groups)
        if memos
    )
    if not children:
        return None
    blocks: tuple[Block, ...] = (Paragraph(note, style="note"),) if note else ()
    return Section(title, blocks, children, id=section_id)


def memo_table(rows: Iterable[tuple[str, str, MemoNote]]) -> Table:
    """Every memo printed: what it is on (``kind``: project, code, document, coding), about
    what, by whom, when, its title and body (raw, paragraphs kept)."""
    return Table(
        "memos",
        "Memos",
        (
            Column("kind", "On"),
            Column("about", "About"),
            Column("author", "Author"),
            Column("date", "Date"),
            Column("title", "Title"),
            Column("body", "Memo"),
        ),
        tuple((kind, about, m.author, m.date, m.title, m.body) for kind, about, m in rows),
        shown=False,
    )
