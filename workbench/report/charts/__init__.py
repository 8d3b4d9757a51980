"""Draw chart specs with matplotlib (imported lazily, headless) as SVG or PNG bytes."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from workbench.report.charts.canvas import COLUMN_WIDTH_IN, WIDE_WIDTH_IN, save, styled, width_in
from workbench.report.chartspec import (
    HeatmapChart,
    IntervalChart,
    KPathChart,
    SequenceIndexChart,
    TimelineChart,
)
from workbench.report.palette import COLOUR

if TYPE_CHECKING:
    from workbench.report.chartspec import ChartSpec
    from workbench.report.model import Figure
    from workbench.report.palette import Palette

__all__ = ["COLUMN_WIDTH_IN", "WIDE_WIDTH_IN", "figure_bytes", "render_chart"]


def render_chart(spec: ChartSpec, fmt: str, palette: Palette = COLOUR, width: float = 7.0) -> bytes:
    """``spec`` drawn ``width`` inches wide, as ``svg`` or ``png`` bytes."""
    return _cached(spec, fmt, palette, width)


@lru_cache(maxsize=32)
def _cached(spec: ChartSpec, fmt: str, palette: Palette, width: float) -> bytes:
    # One report rendered to several formats draws each chart once per image format.
    with styled():
        if isinstance(spec, TimelineChart):
            from workbench.report.charts.timeline import draw_timeline

            figure = draw_timeline(spec, palette, width)
        elif isinstance(spec, HeatmapChart):
            from workbench.report.charts.heatmap import draw_heatmap

            figure = draw_heatmap(spec, palette, width)
        elif isinstance(spec, IntervalChart):
            from workbench.report.charts.intervals import draw_intervals

            figure = draw_intervals(spec, palette, width)
        elif isinstance(spec, KPathChart):
            from workbench.report.charts.kpath import draw_kpath

            figure = draw_kpath(spec, palette, width)
        elif isinstance(spec, SequenceIndexChart):
            from workbench.report.charts.sequences import draw_sequence_index

            figure = draw_sequence_index(spec, palette, width)
        else:  # pragma: no cover - the union is closed
            raise TypeError(f"no drawing for {type(spec).__name__}")
        return save(figure, fmt)


def figure_bytes(figure: Figure, fmt: str, palette: Palette = COLOUR) -> bytes:
    """A report ``Figure`` at its journal width (one column or the full text width)."""
    return render_chart(figure.chart, fmt, palette, width_in(figure.width))
