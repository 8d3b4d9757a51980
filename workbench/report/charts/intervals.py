"""A forest plot: one estimate per row with its interval and labelled reference lines.

Used for Krippendorff's alpha per code with its interval, against the 0.667 and 0.800
conventions, and for date and phase agreement. It is drawn at the full text width with
labels at the body's size: code paths are long, and a forest plot whose labels cannot be
read is no use in a paper. The label column takes what the longest label needs (up to
about half the width), rows are a fixed height so a 50-code codebook still reads, and
each estimate is printed beside its row. An undefined statistic gets the word
"undefined" on its row rather than a dot at zero, so a missing value is never read as a
bad one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.report.charts.canvas import new_figure, shorten

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from workbench.report.chartspec import IntervalChart
    from workbench.report.palette import Palette

LABEL_PT = 7.0
ROW_IN = 0.2
LABEL_CHARS = 64


def draw_intervals(spec: IntervalChart, palette: Palette, width: float) -> Figure:
    n = len(spec.labels)
    labels = [shorten(label, LABEL_CHARS) for label in spec.labels]
    figure = new_figure(width, 0.75 + ROW_IN * max(n, 3))
    ax = figure.add_subplot()
    known = [v for v in (*spec.values, *spec.lows, *spec.highs) if v is not None]
    x_min, x_max = spec.x_min, spec.x_max
    lo = min([0.0, *known]) if x_min is None else x_min
    hi = max([1.0, *known]) if x_max is None else x_max
    span = hi - lo
    for reference, label in spec.references:
        ax.axvline(reference, color=palette.muted, linewidth=0.8, linestyle="--", zorder=0)
        ax.text(
            reference, -0.75, label, ha="center", va="bottom", fontsize=LABEL_PT, color=palette.ink
        )
    for row, (value, low, high) in enumerate(zip(spec.values, spec.lows, spec.highs, strict=True)):
        if low is not None and high is not None:
            ax.plot([low, high], [row, row], color=palette.ink, linewidth=1.0)
        if value is None:
            ax.text(lo, row, " undefined", va="center", fontsize=LABEL_PT, style="italic")
        else:
            ax.plot([value], [row], marker="o", color=palette.accent, markersize=4)
            ax.text(
                hi + 0.03 * span,
                row,
                f"{value:.2f}",
                va="center",
                ha="left",
                fontsize=LABEL_PT - 0.5,
                color=palette.ink,
                clip_on=False,
            )
    ax.set_yticks(range(n), labels)
    ax.set_ylim(n - 0.4, -1.1)
    ax.set_xlim(lo - 0.02 * span, hi + 0.02 * span)
    ax.set_xlabel(spec.x_label, fontsize=LABEL_PT)
    ax.tick_params(axis="y", length=0, labelsize=LABEL_PT)
    ax.tick_params(axis="x", labelsize=LABEL_PT)
    ax.spines["left"].set_visible(False)
    ax.grid(axis="y", color="#eeeeee", linewidth=0.5)
    ax.set_axisbelow(True)
    return figure
