"""The phase timeline: bands, frontiers with their intervals, volume, theme shares, indicators.

Panels share one date axis and are stacked top to bottom in the order a process
researcher reads them: which phase, how much happened, what it was about, and what the
external indicators said. Frontier lines run through every panel so a reader can see
what changes at each one.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING, Any

from workbench.report.charts.canvas import new_figure, shorten

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from workbench.report.chartspec import TimelineChart
    from workbench.report.palette import Palette

ONE_DAY = dt.timedelta(days=1)
MIN_BIN_WEIGHT = 1.0


def draw_timeline(spec: TimelineChart, palette: Palette, width: float) -> Figure:
    import matplotlib.dates as mdates
    import numpy as np

    n_themes = len(spec.themes)
    heights = [0.32, 0.85, max(0.9, 0.12 * n_themes)]
    if spec.indicators:
        heights.append(1.0)
    legend_rows = math.ceil(len(spec.indicators) / 2) if spec.indicators else 0
    figure = new_figure(width, sum(heights) + 0.55 + 0.13 * legend_rows)
    grid = figure.add_gridspec(len(heights), 2, height_ratios=heights, width_ratios=[1, 0.018])
    band_ax = figure.add_subplot(grid[0, 0])
    volume_ax = figure.add_subplot(grid[1, 0], sharex=band_ax)
    heat_ax = figure.add_subplot(grid[2, 0], sharex=band_ax)
    axes = [band_ax, volume_ax, heat_ax]
    if spec.indicators:
        axes.append(figure.add_subplot(grid[3, 0], sharex=band_ax))

    starts = np.array([_num(d) for d in spec.bin_starts])
    ends = np.array([_num(d + ONE_DAY) for d in spec.bin_ends])
    left, right = float(starts.min()), float(ends.max())

    _bands(band_ax, spec, palette)
    volume_ax.bar(
        starts, spec.volume, width=ends - starts, align="edge", color=palette.bar, linewidth=0
    )
    volume_ax.set_ylabel(spec.volume_label)
    volume_ax.margins(y=0.05)

    shares = np.array(
        [[np.nan if v is None else v for v in row] for row in spec.shares], dtype=float
    ).reshape(n_themes, len(starts))
    # A bin holding less than one event's weight has shares of 0 or 100%: noise, not data.
    shares[:, np.asarray(spec.volume, dtype=float) < MIN_BIN_WEIGHT] = np.nan
    edges = np.append(starts, ends[-1])
    top, extend = _colour_top(shares)
    mesh = heat_ax.pcolormesh(
        edges,
        np.arange(n_themes + 1),
        np.ma.masked_invalid(shares),
        cmap=palette.sequential,
        vmin=0.0,
        vmax=top,
        shading="flat",
    )
    # Bins without data show the hatched background, not the colour of a 0% share.
    heat_ax.patch.set_facecolor("white")
    heat_ax.patch.set_hatch("////")
    heat_ax.patch.set_edgecolor(palette.muted)
    heat_ax.set_yticks(np.arange(n_themes) + 0.5, [shorten(t, 34) for t in spec.themes])
    heat_ax.set_ylim(n_themes, 0)
    heat_ax.tick_params(axis="y", length=0)
    colorbar = figure.colorbar(mesh, cax=figure.add_subplot(grid[2, 1]), extend=extend)
    colorbar.set_label("share of the bin's events", fontsize=6)
    colorbar.ax.tick_params(labelsize=5.5)
    colorbar.ax.yaxis.set_major_formatter(_percent_formatter())
    colorbar.outline.set_linewidth(0.4)

    if spec.indicators:
        _indicators(axes[3], spec, starts, ends, palette)

    for ax in axes:
        _frontiers(ax, spec, palette, label=ax is band_ax)
        ax.set_xlim(left, right)
    for ax in axes[:-1]:
        ax.tick_params(axis="x", labelbottom=False)
    years = max(1, round((right - left) / 365.25 / 12))
    # matplotlib.dates is not annotated.
    axes[-1].xaxis.set_major_locator(mdates.YearLocator(years))  # type: ignore[no-untyped-call]
    axes[-1].xaxis.set_major_formatter(mdates.DateFormatter("%Y"))  # type: ignore[no-untyped-call]
    if spec.indicators:
        handles, labels = axes[-1].get_legend_handles_labels()
        figure.legend(
            handles,
            labels,
            loc="outside lower center",
            ncols=2,
            frameon=False,
            handlelength=2.6,
            fontsize=5.8,
        )
    return figure


def _num(day: dt.date) -> float:
    """A date on matplotlib's date axis (days since its epoch)."""
    import matplotlib.dates as mdates

    return float(mdates.date2num(day))  # type: ignore[no-untyped-call]


def _colour_top(shares: Any) -> tuple[float, str]:
    """The colour scale's top: the 99th percentile, so one odd bin does not wash out the rest."""
    import numpy as np

    finite = shares[np.isfinite(shares)]
    if not finite.size:
        return 1.0, "neither"
    top = max(float(np.percentile(finite, 99)), 0.05)
    return top, ("max" if float(finite.max()) > top else "neither")


def _bands(ax: Any, spec: TimelineChart, palette: Palette) -> None:

    for i, phase in enumerate(spec.phases):
        a = _num(phase.start)
        b = _num(phase.end + ONE_DAY)
        ax.axvspan(
            a,
            b,
            ymin=0.08,
            ymax=0.92,
            facecolor=palette.phase_fills[i % len(palette.phase_fills)],
            hatch=palette.phase_hatches[i % len(palette.phase_hatches)],
            edgecolor=palette.ink,
            linewidth=0.5,
        )
        ax.text(
            (a + b) / 2,
            0.5,
            shorten(phase.label, max(6, int((b - a) / 365.25 * 9))),
            ha="center",
            va="center",
            fontsize=6.5,
            color=palette.ink,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.6, "alpha": 0.85},
        )
    for date in spec.proposed:
        ax.plot(
            [_num(date)],
            [1.0],
            marker="v",
            markersize=4,
            color=palette.accent,
            clip_on=False,
            linestyle="none",
        )
    ax.set_ylim(0, 1)
    ax.set_yticks([])
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="x", length=0)


def _frontiers(ax: Any, spec: TimelineChart, palette: Palette, *, label: bool) -> None:
    """Each frontier with its likely interval (shaded) and, on the band axis, its label
    with support and verdict: a frontier is never drawn as a bare date."""
    for frontier in spec.frontiers:
        a = _num(frontier.interval_start)
        b = _num(frontier.interval_end)
        if b > a:
            ax.axvspan(a, b, color=palette.interval, alpha=0.18, linewidth=0, zorder=0)
        ax.axvline(_num(frontier.date), color=palette.frontier, linewidth=0.9, zorder=3)
        if label and "·" in frontier.label:
            ax.annotate(
                frontier.label.split("·", 1)[1].strip(),
                (_num(frontier.date), 1.0),
                xycoords=("data", "axes fraction"),
                xytext=(2, 2),
                textcoords="offset points",
                fontsize=5,
                color=palette.frontier,
                annotation_clip=False,
            )
        if frontier.best_date is not None and frontier.best_date != frontier.date:
            ax.axvline(
                _num(frontier.best_date),
                color=palette.frontier,
                linewidth=0.8,
                linestyle=(0, (1.5, 1.5)),
                zorder=3,
            )


def _indicators(ax: Any, spec: TimelineChart, starts: Any, ends: Any, palette: Palette) -> None:
    import numpy as np

    middles = (starts + ends) / 2
    for i, line in enumerate(spec.indicators):
        values = np.array([np.nan if v is None else v for v in line.values], dtype=float)
        seen = np.isfinite(values)
        colour = palette.lines[i % len(palette.lines)]
        # observed values as steps over the bins they cover and one marker per observation:
        # nothing is drawn between survey waves, where nothing was observed
        ax.hlines(values[seen], starts[seen], ends[seen], color=colour, linewidth=1.2)
        ax.plot(
            middles[seen],
            values[seen],
            color=colour,
            linestyle="none",
            marker=palette.markers[i % len(palette.markers)],
            markevery=_one_per_run(seen),
            label=shorten(line.name, 60),
        )
    ax.set_ylabel(spec.indicator_label)
    ax.margins(y=0.12)


def _one_per_run(seen: Any) -> list[int]:
    """One marker per observation: the middle bin of each run of observed bins."""
    runs: list[int] = []
    index = 0
    start = None
    for i, flag in enumerate([*seen, False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            runs.append(index + (i - start - 1) // 2)
            index += i - start
            start = None
    return runs


def _percent_formatter() -> Any:
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda value, _pos: f"{value:.0%}")
