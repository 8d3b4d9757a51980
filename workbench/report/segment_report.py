"""Coded segments by code, each with the words around it, its source and its date.

This is the "retrieval" a researcher reads when writing up a theme: every segment of a
code in document order, the coded words set apart from their context, and enough of a
citation (document, case, date and where the date came from, coder) to quote it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.report.formatting import fold, plural
from workbench.report.memo_blocks import LEFT_OUT, memo_section, memo_table
from workbench.report.model import (
    Column,
    MemoNote,
    Paragraph,
    QuoteBlock,
    Report,
    Section,
    Table,
    slug,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from workbench.report.inputs import CodeNames, Provenance, SegmentRecord
    from workbench.report.model import Block

DATE_SOURCES = {
    "own": "coder's date",
    "mention": "date mentioned",
    "document": "document date",
    "none": "undated",
}


def build_segment_report(
    segments: Sequence[SegmentRecord],
    *,
    provenance: Provenance,
    codes: CodeNames,
    coder_note: str = "",
    context: int = 120,
    totals: dict[str, int] | None = None,
    document_memos: Sequence[tuple[str, Sequence[MemoNote]]] = (),
    memos_left_out: bool = False,
) -> Report:
    """``totals`` gives a code's full count when ``segments`` was cut at a limit.

    ``document_memos``: each document of the report with its memos (title, memos), printed
    in a section of their own; a segment's memos come with it (``SegmentRecord``)."""
    grouped: dict[str, list[SegmentRecord]] = {}
    for s in segments:
        grouped.setdefault(s.code, []).append(s)
    order = codes.order(tuple(grouped))
    overview = Table(
        "segment-counts",
        "Segments per code",
        (
            Column("code_id", "Code id", display=False),
            Column("code", "Code"),
            Column("segments", "Segments", "int"),
            Column("documents", "Documents", "int"),
            Column("cases", "Cases", "int"),
        ),
        tuple(
            (
                c,
                codes.path(c),
                (totals or {}).get(c, len(grouped[c])),
                len({s.document for s in grouped[c]}),
                len({s.case for s in grouped[c] if s.case}),
            )
            for c in order
        ),
    )
    intro = Paragraph(
        f"{plural(len(segments), 'coded segment')} under {plural(len(order), 'code')}, in "
        f"document order, each with up to {context} characters of context on either side "
        f"(in grey; the coded words are in bold). {coder_note}"
        + (f" {LEFT_OUT}" if memos_left_out else "")
    )
    children = tuple(_code_section(c, grouped[c], codes, totals) for c in order)
    documents = memo_section(
        "Document memos",
        document_memos,
        section_id="document-memos",
        note="What the coders wrote about the documents these segments come from.",
    )
    memo_rows = [("document", title, m) for title, ms in document_memos for m in ms]
    memo_rows += [
        ("coding", f"{s.document}, characters {s.start}–{s.end}", m)
        for s in segments
        for m in _segment_memos(s)
    ]
    return Report(
        kind="segments",
        title="Coded segments by code",
        subtitle=f"{provenance.project} · {plural(len(segments), 'segment')} · {provenance.date}",
        sections=(
            Section("Overview", (intro, overview), id="overview"),
            *((documents,) if documents is not None else ()),
            Section("Segments", (), children, id="segments"),
        ),
        manifest=(
            *provenance.manifest(),
            ("Context", f"{context} characters"),
            ("Memos", "left out" if memos_left_out else "shown"),
        ),
        extra_tables=(
            _segment_table(segments, codes),
            *((memo_table(memo_rows),) if memo_rows else ()),
        ),
        primary_table="segments",
        generated=provenance.generated,
        metadata={"project": provenance.project},
    )


def _code_section(
    code: str,
    segments: list[SegmentRecord],
    codes: CodeNames,
    totals: dict[str, int] | None,
) -> Section:
    total = (totals or {}).get(code, len(segments))
    blocks: list[Block] = [
        Paragraph(
            f"{plural(total, 'segment')} in "
            f"{plural(len({s.document for s in segments}), 'document')}"
            + (f"; the first {len(segments)} are shown." if total > len(segments) else ".")
        )
    ]
    for s in segments:
        blocks.append(
            QuoteBlock(
                text=" ".join(s.quote.split()),
                before=fold(s.before),
                after=fold(s.after),
                attribution=citation(s),
                memos=_segment_memos(s),
            )
        )
    return Section(codes.path(code), tuple(blocks), id=f"code-{slug(code)}")


def _segment_memos(s: SegmentRecord) -> tuple[MemoNote, ...]:
    """The coding's own memo (its coder's), then the memos written on it."""
    own = (MemoNote(s.memo, s.coder),) if s.memo and s.memo.strip() else ()
    return (*own, *s.memos)


def citation(s: SegmentRecord) -> str:
    where = s.document + (f" ({s.case})" if s.case else "")
    when = (
        f"{s.event_date}, {DATE_SOURCES.get(s.date_source, s.date_source)}"
        if s.event_date
        else "undated"
    )
    return f"{where}; {when}; {s.coder}, characters {s.start}–{s.end}"


def _segment_table(segments: Sequence[SegmentRecord], codes: CodeNames) -> Table:
    return Table(
        "segments",
        "Every coded segment with its context",
        (
            Column("coding_id", "Coding id", "int"),
            Column("code_id", "Code id"),
            Column("code", "Code"),
            Column("document", "Document"),
            Column("case", "Case"),
            Column("start", "Start", "int"),
            Column("end", "End", "int"),
            Column("coder", "Coder"),
            Column("event_date", "Event date"),
            Column("date_source", "Date source"),
            Column("before", "Before"),
            Column("quote", "Quote"),
            Column("after", "After"),
            Column("memo", "Memo"),
        ),
        tuple(
            (
                s.coding_id,
                s.code,
                codes.path(s.code),
                s.document,
                s.case,
                s.start,
                s.end,
                s.coder,
                s.event_date,
                s.date_source,
                s.before,
                s.quote,
                s.after,
                s.memo,
            )
            for s in segments
        ),
        shown=False,
    )
