"""The sequence index plot: every case's path through the phases, grouped by path type.

One row per case and one cell per time bin, filled with the phase the case reads as in
that bin (colour and, for grey-scale print, hatching), so a reader sees at once which
cases cross early or late and which never reach a phase. Rows of one path type sit
together, separated by a rule and labelled with the type on the right.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.report.charts.canvas import new_figure, shorten

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from workbench.report.chartspec import SequenceIndexChart
    from workbench.report.palette import Palette

ROW_IN = 0.14


def draw_sequence_index(spec: SequenceIndexChart, palette: Palette, width: float) -> Figure:
    import matplotlib.dates as mdates
    from matplotlib.patches import Patch

    n_rows = len(spec.rows)
    figure = new_figure(width, max(1.8, 0.9 + ROW_IN * n_rows))
    ax = figure.add_subplot()
    left = [mdates.date2num(d) for d in spec.bin_starts]
    right = [mdates.date2num(d) + 1 for d in spec.bin_ends]
    colours = palette.lines
    hatches = palette.phase_hatches
    for r, (first, seq) in enumerate(zip(spec.starts, spec.sequences, strict=True)):
        y = n_rows - 1 - r
        b = 0
        while b < len(seq):
            e = b
            while e + 1 < len(seq) and seq[e + 1] == seq[b]:
                e += 1
            state = seq[b]
            ax.barh(
                y,
                right[first + e] - left[first + b],
                left=left[first + b],
                height=0.85,
                color=colours[state % len(colours)],
                hatch=hatches[state % len(hatches)],
                edgecolor="white",
                linewidth=0.3,
            )
            b = e + 1
    # rules between path types, and each type's label at its block's middle
    r = 0
    while r < n_rows:
        e = r
        while e + 1 < n_rows and spec.groups[e + 1] == spec.groups[r]:
            e += 1
        middle = n_rows - 1 - (r + e) / 2
        ax.annotate(
            spec.groups[r],
            xy=(1.0, middle),
            xycoords=("axes fraction", "data"),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=6,
            color=palette.ink,
        )
        if e + 1 < n_rows:
            ax.axhline(n_rows - 1 - e - 0.5, color=palette.ink, linewidth=0.6)
        r = e + 1
    ax.set_yticks(range(n_rows), [shorten(c, 24) for c in reversed(spec.rows)])
    ax.tick_params(axis="y", length=0, labelsize=5.5 if n_rows > 24 else 6)
    ax.set_ylim(-0.6, n_rows - 0.4)
    if left:
        ax.set_xlim(min(left), max(right))
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(maxticks=10))
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax.xaxis.get_major_locator()))
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    handles = [
        Patch(
            facecolor=colours[i % len(colours)],
            hatch=hatches[i % len(hatches)],
            edgecolor="white",
            label=state,
        )
        for i, state in enumerate(spec.states)
    ]
    ax.legend(
        handles=handles,
        loc="lower center",
        bbox_to_anchor=(0.5, 1.0),
        ncol=min(len(handles), 6),
        frameon=False,
        fontsize=6,
    )
    return figure
