"""Each phase: its span, material, dominant themes (with lift) and exemplar quotes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.report.formatting import date_range, plural
from workbench.report.model import (
    Column,
    Paragraph,
    QuoteBlock,
    Section,
    Table,
    slug,
)

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from workbench.bracketing.result import (
        ExemplarResult,
        PhaseResult,
        SegmentationResult,
    )
    from workbench.report.inputs import CodeNames
    from workbench.report.model import Block, MemoNote


def phases_section(
    seg: SegmentationResult,
    names: CodeNames,
    justifications: Mapping[str, str],
    quotes: Mapping[int | str, str],
    memos: Mapping[int | str, Sequence[MemoNote]] | None = None,
) -> Section:
    table = phase_table(seg, names, "phases", "The phases and what dominates each")
    children = tuple(
        _phase_section(i, p, names, justifications.get(p.label), quotes, memos or {})
        for i, p in enumerate(seg.phases, start=1)
    )
    lead = Paragraph(
        "Dominant themes are ranked by their share of the phase's events and shown with "
        "their lift (share in the phase divided by share over the whole period): a theme can "
        "dominate every phase without characterising any. Exemplar quotes are the most "
        "precisely dated segments lying wholly inside the phase, for the themes that most "
        "set the phase apart from the whole period.",
        style="note",
    )
    return Section("Phases", (lead, table), children, id="phases")


def phase_table(seg: SegmentationResult, names: CodeNames, table_id: str, title: str) -> Table:
    rows = []
    for p in seg.phases:
        top = "; ".join(
            f"{names.name(t.theme)} {t.share:.0%} (×{t.lift:.1f})"
            if t.lift is not None
            else f"{names.name(t.theme)} {t.share:.0%}"
            for t in p.dominant_themes[:3]
        )
        rows.append((p.label, p.start, p.end, p.n_events, p.n_sources, p.n_cases, top))
    return Table(
        table_id,
        title,
        (
            Column("phase", "Phase"),
            Column("start", "From", "date"),
            Column("end", "To", "date"),
            Column("events", "Events", "int"),
            Column("sources", "Sources", "int"),
            Column("cases", "Cases", "int"),
            Column("dominant_themes", "Dominant themes: share (lift)"),
        ),
        tuple(rows),
        notes=(
            "Events: coded segments whose dated range touches the phase (a segment spanning "
            "a frontier counts on both sides, in proportion to its bins).",
        ),
    )


def _phase_section(
    number: int,
    phase: PhaseResult,
    names: CodeNames,
    justification: str | None,
    quotes: Mapping[int | str, str],
    memos: Mapping[int | str, Sequence[MemoNote]],
) -> Section:
    blocks: list[Block] = []
    if justification:
        blocks.append(Paragraph(f"Researcher's justification: {justification.strip()}"))
    blocks.append(
        Paragraph(
            f"{plural(phase.n_events, 'event')} ({phase.weight:.1f} after spreading ranged "
            f"dates) from {plural(phase.n_sources, 'source')} in "
            f"{plural(phase.n_cases, 'case')}."
        )
    )
    table_id = f"phase-{number}-themes"
    blocks.append(
        Table(
            table_id,
            f"Dominant themes of “{phase.label}”",
            (
                Column("theme_id", "Theme id", display=False),
                Column("theme", "Theme"),
                Column("weight", "Events", "count"),
                Column("share", "Share in phase", "share"),
                Column("whole_share", "Share overall", "share"),
                Column("lift", "Lift", "float", digits=2),
            ),
            tuple(
                (t.theme, names.name(t.theme), t.weight, t.share, t.whole_share, t.lift)
                for t in phase.dominant_themes
            ),
        )
    )
    if phase.exemplars:
        blocks.append(Paragraph("Exemplar quotes:"))
        blocks += [_exemplar(e, names, quotes, memos) for e in phase.exemplars]
    return Section(
        f"Phase {number}: {phase.label} ({date_range(phase.start, phase.end)})",
        tuple(blocks),
        id=f"phase-{number}-{slug(phase.label)}",
    )


def _exemplar(
    e: ExemplarResult,
    names: CodeNames,
    quotes: Mapping[int | str, str],
    memos: Mapping[int | str, Sequence[MemoNote]],
) -> QuoteBlock:
    return QuoteBlock(
        text=" ".join(quotes.get(e.event_id, e.text).split()),
        attribution=_citation(e),
        label=names.name(e.theme),
        memos=tuple(memos.get(e.event_id, ())),
    )


def _citation(e: ExemplarResult) -> str:
    where = e.source + (f" ({e.case})" if e.case else "")
    how = {"own": "coder's date", "mention": "date mentioned", "document": "document date"}
    return f"{where}; {date_range(e.start, e.end)}, {how.get(e.date_source, e.date_source)}"
