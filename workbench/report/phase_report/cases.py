"""The phase report's "Cases" section: each case placed on the pooled frontiers.

One row per case and pooled frontier (a long table reads in R and pandas as it is, and
prints as one block per case): the crossing date, the shift from the pooled frontier in
days with its interval, the status ("found", "not crossed", "too few events to tell") and
the timing flag. The rule behind the flags and the typical crossing per frontier are
said above the table, so that a reader never has to guess what "late" means.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.report.formatting import plural
from workbench.report.model import BulletList, Column, Paragraph, Section, Table

if TYPE_CHECKING:
    from workbench.bracketing.case_results import CaseTimingResult
    from workbench.report.model import Block

__all__ = ["case_timing_section"]


def _signed(days: int | None) -> str | None:
    return None if days is None else f"{days:+d}"


def case_timing_section(timing: CaseTimingResult) -> Section | None:
    """The section, or None when the project has no cases."""
    if not timing.cases and not timing.note:
        return None
    blocks: list[Block] = [
        Paragraph(
            "Each case is read through the pooled phases in their order, with the pooled "
            "phases' theme mixes taken as known (a case of a few hundred codings rarely has "
            "the power to find its own frontiers). Its crossing of a pooled frontier is where "
            "its codings turn from reading as the earlier phases to the later ones; the shift "
            "is that date minus the pooled frontier's, in days (+ later), with a 95% interval "
            "from resamples of the case's sources.",
            style="note",
        )
    ]
    if timing.note:
        blocks.append(Paragraph(timing.note))
        return Section("Cases", tuple(blocks), id="cases")
    analysed = [c for c in timing.cases if c.status == "analysed"]
    typical = []
    for j, (date, shift) in enumerate(
        zip(timing.pooled_frontiers, timing.typical_shift_days, strict=True)
    ):
        names = f"{timing.pooled_labels[j]} | {timing.pooled_labels[j + 1]}"
        if shift is None:
            typical.append(f"{names} (pooled {date}): too few cases cross it for a typical date")
        else:
            typical.append(f"{names} (pooled {date}): the typical case crosses {shift:+d} days")
    blocks.append(
        Paragraph(
            f"Placed on {timing.reference}. "
            f"{plural(len(timing.cases), 'case')}, {len(analysed)} with at least "
            f"{timing.min_case_events} events placed; {plural(timing.n_flagged, 'case')} "
            f"flagged. Rule: {timing.rule}."
        )
    )
    blocks.append(BulletList(tuple(typical)))
    blocks.extend(Paragraph(note, style="note") for note in timing.transition_notes)
    rows = []
    for c in timing.cases:
        if c.status != "analysed":
            rows.append(
                (c.case, c.n_events, c.n_sources, None, None, None, None, None, None, c.status)
            )
            continue
        for f in c.frontiers:
            lo: str | None = None
            hi: str | None = None
            if f.interval_days is not None:
                lo = _signed(f.interval_days[0]) or "before its codings"
                hi = _signed(f.interval_days[1]) or "after its codings"
            rows.append(
                (
                    c.case,
                    c.n_events,
                    c.n_sources,
                    f"{f.before} | {f.after}",
                    f.date,
                    _signed(f.shift_days),
                    lo,
                    hi,
                    f.timing if f.status == "found" or f.timing == "not crossed" else None,
                    f.status + (f": {f.note}" if f.note else ""),
                )
            )
    blocks.append(
        Table(
            "case-timing",
            "Each case at each pooled frontier",
            (
                Column("case", "Case"),
                Column("events", "Events", "int"),
                Column("sources", "Sources", "int"),
                Column("frontier", "Pooled frontier", undefined=""),
                Column("crossing", "Crossing", "date", undefined=""),
                Column("shift_days", "Shift (days)", undefined=""),
                Column("low_days", "95% from", undefined=""),
                Column("high_days", "to", undefined=""),
                Column("timing", "Timing", undefined=""),
                Column("status", "Status"),
            ),
            tuple(rows),
            wide=True,
        )
    )
    small = [c.case for c in analysed if c.own_note]
    if small:
        blocks.append(
            Paragraph(
                f"Bracketed alone, {plural(len(small), 'case')} ({', '.join(small[:8])}"
                f"{' and more' if len(small) > 8 else ''}) showed no frontier: with so few "
                "codings a flat case and a small one look alike, so that is not evidence of "
                "a case without phases.",
                style="note",
            )
        )
    return Section("Cases", tuple(blocks), id="cases")
