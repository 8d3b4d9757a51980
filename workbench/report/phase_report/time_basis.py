"""The phase report's "Event and narration time" section.

A coding can be dated by the event it describes or by when it was told (the document's
date). Retrospective interviews tell events years later, and bracketing on the wrong
basis moves frontiers and reclassifies themes without any figure of the main result
saying so. The section leads with what changes, then gives the lag of narration behind
the event per source kind and the share of codings the narration date puts in another
phase, then the phase-to-phase moves, so a reader can judge which basis the conclusions
rest on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.report.formatting import plural
from workbench.report.model import BulletList, Column, Paragraph, Section, Table

if TYPE_CHECKING:
    from workbench.bracketing.time_basis import BasisComparisonResult
    from workbench.report.inputs import CodeNames
    from workbench.report.model import Block

__all__ = ["time_basis_section"]


def time_basis_section(
    comparison: BasisComparisonResult | None,
    names: CodeNames,
    n_event_only: int = 0,
    failed: str | None = None,
) -> Section:
    """The comparison, or one paragraph saying why it could not be made (``failed``)."""
    intro = Paragraph(
        "Event time dates a coding by its own date, a date it mentions, else its document's; "
        "narration time by its document's date, when it was told. The data were bracketed "
        "on both, in the same phases; a lag is the narration date minus the event date.",
        style="note",
    )
    if comparison is None:
        reason = failed or "no coding is dated on both bases"
        return Section(
            "Event and narration time",
            (intro, Paragraph(f"Not compared: {reason}.")),
            id="time-basis",
        )
    c = comparison
    blocks: list[Block] = [
        intro,
        Paragraph(
            f"{plural(c.n_pairs, 'coding')} dated on both bases; phases from {c.phases_from}."
            + (
                f" {plural(n_event_only, 'coding')} without a document date are left out."
                if n_event_only
                else ""
            )
        ),
        Paragraph("What changes:"),
        BulletList(tuple(c.conclusions) or ("nothing the comparison tests",)),
        Table(
            "time-basis-lags",
            "Lag of narration behind the event, per source kind",
            (
                Column("kind", "Source kind"),
                Column("codings", "Codings", "int"),
                Column("median_days", "Median lag (days)", "float", 0),
                Column("q1_days", "Lower quartile", "float", 0),
                Column("q3_days", "Upper quartile", "float", 0),
                Column("over_a_year", "Over a year", "share"),
                Column("other_phase", "In another phase", "share"),
            ),
            tuple(
                (
                    lag.source_kind,
                    lag.n,
                    lag.median_days,
                    lag.q1_days,
                    lag.q3_days,
                    lag.share_over_a_year,
                    lag.share_in_other_phase,
                )
                for lag in c.lags
            ),
        ),
        Table(
            "time-basis-frontiers",
            "Proposed frontiers on each basis",
            (
                Column("basis", "Basis"),
                Column("frontiers", "Frontiers", undefined="none"),
            ),
            (
                ("event time", ", ".join(map(str, c.event_frontiers)) or None),
                ("narration time", ", ".join(map(str, c.narration_frontiers)) or None),
            ),
        ),
    ]
    if c.moves:
        blocks.append(
            Table(
                "time-basis-moves",
                "Codings whose phase differs by basis",
                (
                    Column("event_phase", "Phase on event time"),
                    Column("narration_phase", "Phase on narration time"),
                    Column("codings", "Codings", "int"),
                ),
                tuple(c.moves),
            )
        )
    if c.class_changes:
        blocks.append(
            Table(
                "time-basis-classes",
                "Themes classed differently",
                (
                    Column("frontier", "Frontier"),
                    Column("theme", "Theme"),
                    Column("event", "Event time"),
                    Column("narration", "Narration time"),
                ),
                tuple(
                    (x.frontier, names.name(x.theme), x.event_class, x.narration_class)
                    for x in c.class_changes
                ),
            )
        )
    return Section("Event and narration time", tuple(blocks), id="time-basis")
