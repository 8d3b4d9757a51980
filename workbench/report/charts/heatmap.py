"""Heat maps of code matrices (code x case, code x phase, co-occurrence).

Cells are annotated with their numbers when there is room, so the chart still reads in
grey scale and a reader can quote a figure without the table. Text switches to white
on dark cells.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.report.charts.canvas import new_figure, shorten

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from workbench.report.chartspec import HeatmapChart
    from workbench.report.palette import Palette

ROW_IN = 0.155
MAX_ANNOTATED_COLUMNS = 16  # beyond this the numbers are too small to read: see the table


def draw_heatmap(spec: HeatmapChart, palette: Palette, width: float) -> Figure:
    import matplotlib as mpl
    import numpy as np

    n_rows, n_cols = len(spec.row_labels), len(spec.column_labels)
    values = np.array(
        [[np.nan if v is None else float(v) for v in row] for row in spec.values], dtype=float
    ).reshape(n_rows, n_cols)
    shown = values.copy()
    if spec.muted_diagonal:
        for i in range(min(n_rows, n_cols)):
            shown[i, i] = np.nan
    longest_column = max((len(c) for c in spec.column_labels), default=1)
    header = 0.1 + 0.055 * min(longest_column, 28)
    figure = new_figure(width, max(1.6, header + ROW_IN * n_rows + 0.35))
    ax = figure.add_subplot()
    finite = shown[np.isfinite(shown)]
    top = float(finite.max()) if finite.size and finite.max() > 0 else 1.0
    cmap = mpl.colormaps[palette.sequential].with_extremes(bad="white")
    image = ax.imshow(
        np.ma.masked_invalid(shown),
        cmap=cmap,
        vmin=0.0,
        vmax=top,
        aspect="auto",
        interpolation="nearest",
    )
    if spec.muted_diagonal:
        for i in range(min(n_rows, n_cols)):
            ax.add_patch(
                mpl.patches.Rectangle(
                    (i - 0.5, i - 0.5), 1, 1, facecolor=palette.muted, edgecolor="none"
                )
            )
    ax.set_xticks(range(n_cols), [shorten(c, 28) for c in spec.column_labels])
    ax.set_yticks(range(n_rows), [shorten(r, 38) for r in spec.row_labels])
    ax.xaxis.tick_top()
    ax.tick_params(axis="x", rotation=90, length=0, labelsize=6)
    ax.tick_params(axis="y", length=0, labelsize=6)
    for label in ax.get_xticklabels():
        label.set_horizontalalignment("center")
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    ax.set_xticks(np.arange(-0.5, n_cols, 1), minor=True)
    ax.set_yticks(np.arange(-0.5, n_rows, 1), minor=True)
    ax.grid(which="minor", color="white", linewidth=0.6)
    ax.tick_params(which="minor", length=0)
    if n_cols <= MAX_ANNOTATED_COLUMNS:
        size = 5.5 if n_cols <= 12 else 4.5
        for i in range(n_rows):
            for j in range(n_cols):
                value = values[i, j]
                if not np.isfinite(value) or value == 0:
                    continue
                dark = np.isfinite(shown[i, j]) and shown[i, j] > 0.55 * top
                ax.text(
                    j,
                    i,
                    _number(value, spec),
                    ha="center",
                    va="center",
                    fontsize=size,
                    color="white" if dark else palette.ink,
                )
    colorbar = figure.colorbar(image, ax=ax, fraction=0.04, pad=0.02, aspect=30)
    colorbar.set_label(spec.value_label, fontsize=6)
    colorbar.ax.tick_params(labelsize=5.5)
    colorbar.outline.set_linewidth(0.4)
    if spec.percent:
        from matplotlib.ticker import FuncFormatter

        colorbar.ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:.0%}"))
    return figure


def _number(value: float, spec: HeatmapChart) -> str:
    if spec.percent:
        return f"{value:.0%}"
    if spec.integer and float(value).is_integer():
        return str(int(value))
    return f"{value:.1f}"
