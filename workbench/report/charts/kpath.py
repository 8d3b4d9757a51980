"""The K path: each information criterion against the number of phases, chosen K marked.

Showing the whole path, not only the winner, lets a reader see whether the choice of K
was sharp (a clear minimum) or a near tie that another criterion would settle differently.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.report.charts.canvas import new_figure

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from workbench.report.chartspec import KPathChart
    from workbench.report.palette import Palette


def draw_kpath(spec: KPathChart, palette: Palette, width: float) -> Figure:
    figure = new_figure(width, 2.1)
    ax = figure.add_subplot()
    for i, (name, values) in enumerate(spec.series):
        ax.plot(
            spec.ks,
            values,
            label=name,
            color=palette.lines[i % len(palette.lines)],
            linestyle=palette.line_styles[i % len(palette.line_styles)],
            marker=palette.markers[i % len(palette.markers)],
        )
    ax.axvline(spec.chosen_k, color=palette.frontier, linewidth=0.8, linestyle=":")
    ax.annotate(
        f"proposed K = {spec.chosen_k}",
        xy=(spec.chosen_k, 1.0),
        xycoords=("data", "axes fraction"),
        xytext=(3, -2),
        textcoords="offset points",
        va="top",
        fontsize=6,
        color=palette.ink,
    )
    ax.set_xticks(spec.ks)
    ax.set_xlabel("number of phases K")
    ax.set_ylabel(spec.y_label)
    ax.legend(frameon=False)
    return figure
