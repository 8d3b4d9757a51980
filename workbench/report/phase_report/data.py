"""Tables for R and pandas only: theme counts per bin, indicator series, exemplars."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.report.model import (
    Column,
    Table,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

    from workbench.bracketing.result import (
        BracketingResult,
    )
    from workbench.report.inputs import CodeNames


def data_tables(
    result: BracketingResult, names: CodeNames, quotes: Mapping[int | str, str]
) -> tuple[Table, ...]:
    tl = result.timeline
    timeline = Table(
        "theme-counts",
        "Theme counts per bin (long format)",
        (
            Column("bin_start", "Bin start", "date"),
            Column("bin_end", "Bin end", "date"),
            Column("theme_id", "Theme id"),
            Column("theme", "Theme"),
            Column("count", "Count", "count"),
            Column("share", "Share of bin", "share"),
            Column("volume", "Bin volume", "count"),
        ),
        tuple(
            (
                start,
                end,
                theme,
                names.name(theme),
                counts[t],
                counts[t] / volume if volume > 0 else None,
                volume,
            )
            for start, end, counts, volume in zip(
                tl.bin_starts, tl.bin_ends, tl.counts, tl.volume, strict=True
            )
            for t, theme in enumerate(tl.themes)
        ),
        shown=False,
    )
    indicators = Table(
        "indicator-series",
        "Indicators per bin (long format)",
        (
            Column("bin_start", "Bin start", "date"),
            Column("indicator", "Indicator"),
            Column("unit", "Unit"),
            Column("value", "Value", "float"),
        ),
        tuple(
            (start, series.name, series.unit, value)
            for series in result.indicators
            for start, value in zip(tl.bin_starts, series.values, strict=True)
            if value is not None
        ),
        shown=False,
    )
    segs = [("researcher", result.researcher)] if result.researcher else []
    segs.append(("proposed", result.proposal.segmentation))
    exemplars = Table(
        "exemplars",
        "Exemplar quotes",
        (
            Column("segmentation", "Segmentation"),
            Column("phase", "Phase"),
            Column("event_id", "Coding id"),
            Column("theme_id", "Theme id"),
            Column("theme", "Theme"),
            Column("source", "Source"),
            Column("case", "Case"),
            Column("start", "Start", "date"),
            Column("end", "End", "date"),
            Column("precision", "Precision"),
            Column("date_source", "Date source"),
            Column("typicality", "Typicality", "float"),
            Column("text", "Text"),
        ),
        tuple(
            (
                origin,
                p.label,
                str(e.event_id),
                e.theme,
                names.name(e.theme),
                e.source,
                e.case,
                e.start,
                e.end,
                e.precision,
                e.date_source,
                e.typicality,
                quotes.get(e.event_id, e.text),
            )
            for origin, seg in segs
            if seg is not None
            for p in seg.phases
            for e in p.exemplars
        ),
        shown=False,
    )
    return (timeline, indicators, exemplars)
