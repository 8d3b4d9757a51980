"""A forest plot: one estimate per row with its interval and labelled reference lines.

Used for Krippendorff's alpha per code with its bootstrap interval, against the 0.667 and
0.800 conventions. An undefined statistic gets the word "undefined" on its row rather
than a dot at zero, so a missing value is never read as a bad one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.report.charts.canvas import new_figure, shorten

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from workbench.report.chartspec import IntervalChart
    from workbench.report.palette import Palette


def draw_intervals(spec: IntervalChart, palette: Palette, width: float) -> Figure:
    n = len(spec.labels)
    figure = new_figure(width, 0.55 + 0.135 * max(n, 3))
    ax = figure.add_subplot()
    known = [v for v in (*spec.values, *spec.lows, *spec.highs) if v is not None]
    x_min, x_max = spec.x_min, spec.x_max
    lo = min([0.0, *known]) if x_min is None else x_min
    hi = max([1.0, *known]) if x_max is None else x_max
    for reference, label in spec.references:
        ax.axvline(reference, color=palette.muted, linewidth=0.8, linestyle="--", zorder=0)
        ax.text(reference, -0.9, label, ha="center", va="bottom", fontsize=5.5, color=palette.ink)
    for row, (value, low, high) in enumerate(zip(spec.values, spec.lows, spec.highs, strict=True)):
        if low is not None and high is not None:
            ax.plot([low, high], [row, row], color=palette.ink, linewidth=0.8)
        if value is None:
            ax.text(lo, row, " undefined", va="center", fontsize=5.5, style="italic")
        else:
            ax.plot([value], [row], marker="o", color=palette.accent, markersize=3)
    ax.set_yticks(range(n), [shorten(label, 42) for label in spec.labels])
    ax.set_ylim(n - 0.4, -1.1)
    ax.set_xlim(lo - 0.02 * (hi - lo), hi + 0.02 * (hi - lo))
    ax.set_xlabel(spec.x_label)
    ax.tick_params(axis="y", length=0, labelsize=6)
    ax.spines["left"].set_visible(False)
    ax.grid(axis="y", color="#eeeeee", linewidth=0.5)
    ax.set_axisbelow(True)
    return figure
