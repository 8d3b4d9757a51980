"""What a chart shows, as plain frozen data; ``workbench.report.charts`` draws it.

Keeping the spec apart from matplotlib means a report can be built, tested and exported
as CSV/JSON without matplotlib loaded, and one spec gives the same picture as SVG (for
HTML) and as PNG (for Word). Specs are hashable, so a renderer may cache drawings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import datetime as dt


@dataclass(frozen=True, slots=True)
class PhaseBand:
    label: str
    start: dt.date
    end: dt.date


@dataclass(frozen=True, slots=True)
class FrontierMark:
    """A frontier drawn at ``date`` with its likely interval (equal ends: one bin)."""

    label: str
    date: dt.date
    interval_start: dt.date
    interval_end: dt.date
    best_date: dt.date | None = None


@dataclass(frozen=True, slots=True)
class IndicatorLine:
    name: str
    unit: str
    values: tuple[float | None, ...]


@dataclass(frozen=True, slots=True)
class TimelineChart:
    """Phases as bands over volume, a theme heat strip and external indicators.

    ``shares[t][b]`` is theme ``t``'s share of bin ``b``'s events (``None`` for an empty
    bin): composition is drawn apart from volume so a busy year is not read as a shift.
    ``proposed`` are the frontiers the data propose, marked beside the researcher's.
    """

    bin_starts: tuple[dt.date, ...]
    bin_ends: tuple[dt.date, ...]
    volume: tuple[float, ...]
    volume_label: str
    themes: tuple[str, ...]
    shares: tuple[tuple[float | None, ...], ...]
    phases: tuple[PhaseBand, ...]
    frontiers: tuple[FrontierMark, ...]
    proposed: tuple[dt.date, ...] = ()
    indicators: tuple[IndicatorLine, ...] = ()
    indicator_label: str = ""


@dataclass(frozen=True, slots=True)
class HeatmapChart:
    """A labelled matrix; ``None`` cells are blank. ``integer`` prints counts without decimals.

    ``muted_diagonal`` greys out the diagonal (a co-occurrence matrix's diagonal is the
    code's own frequency, not a co-occurrence, and would swamp the scale).
    """

    row_labels: tuple[str, ...]
    column_labels: tuple[str, ...]
    values: tuple[tuple[float | None, ...], ...]
    value_label: str
    integer: bool = True
    muted_diagonal: bool = False
    percent: bool = False


@dataclass(frozen=True, slots=True)
class IntervalChart:
    """Point estimates with optional intervals, one row per label (a forest plot).

    ``None`` values are drawn as the word "undefined"; ``references`` are labelled
    vertical lines (e.g. Krippendorff's 0.667 and 0.800).
    """

    labels: tuple[str, ...]
    values: tuple[float | None, ...]
    lows: tuple[float | None, ...]
    highs: tuple[float | None, ...]
    x_label: str
    references: tuple[tuple[float, str], ...] = ()
    x_min: float | None = None
    x_max: float | None = None


@dataclass(frozen=True, slots=True)
class KPathChart:
    """Information criteria against the number of phases K, with the chosen K marked."""

    ks: tuple[int, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]
    chosen_k: int
    y_label: str


@dataclass(frozen=True, slots=True)
class SequenceIndexChart:
    """A sequence index plot: one row per case, its phase in each time bin as a coloured
    cell, rows grouped by path type (``groups``, one label per row, rows already in order).

    ``starts[r]`` is the index in ``bin_starts`` of row r's first bin.
    """

    bin_starts: tuple[dt.date, ...]
    bin_ends: tuple[dt.date, ...]
    states: tuple[str, ...]
    rows: tuple[str, ...]
    starts: tuple[int, ...]
    sequences: tuple[tuple[int, ...], ...]
    groups: tuple[str, ...]


ChartSpec = TimelineChart | HeatmapChart | IntervalChart | KPathChart | SequenceIndexChart
