"""The timeline: phases as bands over time, frontiers, volume, a theme heat strip, indicators.

A Line-API widget (``ScrollView.render_line``) like the transcript view. Every row
shares one axis of calendar bins, ``cell`` columns each; the label gutter on the left and
the header rows (axis, phases, frontiers, volume) stay put while the theme rows scroll
under them, and everything scrolls sideways when the bins do not fit.

Rows, top to bottom, in the order a process researcher reads them (the same as the
report's timeline figure): the researcher's phases with their frontiers, the phases the
data propose with theirs, events per bin, with C one row per case (``timeline_cases``),
then one row per theme shaded by its share of
the bin's events, then the external indicators. A frontier row draws the likely
interval of the frontier's date as ``━`` and the frontier itself as ``┃`` followed by its
number and bootstrap support; a ``┃`` away from its ``━`` is a frontier the data place
elsewhere. Shading uses block characters in the text colour, so it reads the same in
dark and light themes and needs no colour: `` ░▒▓█`` from none to the top share, ``·``
for a bin with less than one event (a share there is noise).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.cache import LRUCache
from textual.color import Color
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from workbench.tui.bindings import TIMELINE_VIEW
from workbench.tui.widgets.timeline_cases import draw_case
from workbench.tui.widgets.transcript import code_colour

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence

    from textual import events
    from textual.binding import BindingType

    from workbench.bracketing.case_results import CaseTimingResult
    from workbench.bracketing.result import FrontierResult, PhaseResult, SegmentationResult
    from workbench.services.timeline import TimelineRun

BIN_WORDS = {"month": "months", "quarter": "quarters", "half": "half-years", "year": "years"}
SHADES = " ░▒▓█"
SPARKS = " ▁▂▃▄▅▆▇█"
EMPTY = "·"
MIN_BIN_WEIGHT = 1.0
MIN_LABELS = 10
MAX_LABELS = 24
WIDE_LABELS = 36
MAX_CELL = 8


@dataclass(frozen=True, slots=True)
class Row:
    """One row of the timeline: ``kind`` is axis, bands, frontiers, volume, theme or
    indicator; ``key`` the segmentation (0 shown, 1 proposed), theme or indicator index."""

    kind: str
    key: int
    label: str
    colour: str | None = None


def bin_label(start: dt.date, unit: str) -> str:
    """A bin as a reader names it: 2002-03, 2002 Q1, 2002 H1, 2002."""
    month, year = start.month, start.year
    if unit == "month":
        return f"{year}-{month:02d}"
    if unit == "quarter":
        return f"{year} Q{(month - 1) // 3 + 1}"
    if unit == "half":
        return f"{year} H{1 if month <= 6 else 2}"
    return str(year)


def shade(share: float | None, top: float) -> str:
    """The block for a share: none, then four steps up to ``top`` (the 99th percentile)."""
    if share is None:
        return EMPTY
    if share <= 0:
        return SHADES[0]
    step = min(4, max(1, -(-share * 4 // top))) if top > 0 else 4
    return SHADES[int(step)]


def spark(value: float | None, low: float, high: float) -> str:
    """A bar from ``▁`` to ``█`` for ``value`` between ``low`` and ``high``; blank if None."""
    if value is None:
        return " "
    if high <= low:
        return SPARKS[4]
    return SPARKS[1 + round((value - low) / (high - low) * 7)]


def top_share(shares: Sequence[Sequence[float | None]]) -> float:
    """The shading's top: the 99th percentile share, so one odd bin does not wash out the
    rest (as the report's heat strip does); at least 5%."""
    values = sorted(v for row in shares for v in row if v is not None and v > 0)
    if not values:
        return 1.0
    return max(values[min(len(values) - 1, int(0.99 * len(values)))], 0.05)


class TimelineView(ScrollView, can_focus=True):
    """Shows a ``TimelineRun``; the timeline screen drives it and listens to its messages."""

    BINDINGS: ClassVar[list[BindingType]] = list(TIMELINE_VIEW)
    ALLOW_SELECT = False
    DEFAULT_CSS = """
    TimelineView {
        background: $surface;
        color: $foreground;
        overflow-x: auto;
        overflow-y: auto;
        scrollbar-size: 1 1;
    }
    """

    class CursorMoved(Message):
        """The cell cursor moved (merged when it moves fast)."""

        def __init__(self, view: TimelineView) -> None:
            super().__init__()
            self.view = view

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, TimelineView.CursorMoved)

    class Chosen(Message):
        """Enter (or a second click) on the cell under the cursor: drill down."""

        def __init__(self, view: TimelineView) -> None:
            super().__init__()
            self.view = view

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.run: TimelineRun | None = None
        self.rows: list[Row] = []
        self.header = 0
        """How many rows stay at the top (axis, phases, frontiers, volume)."""
        self.row = 1
        self.bin = 0
        self.cell = 2
        self.label_width = 12
        self.zoom: int | None = None
        """Columns per bin chosen with + and -; None fits the bins to the width."""
        self.shares: list[list[float | None]] = []
        self.top = 1.0
        self.segmentations: list[SegmentationResult] = []
        self.cases: CaseTimingResult | None = None
        """The cases placed on the pooled frontiers, drawn a row each (C); None: hidden."""
        self._cache: LRUCache[tuple[int, int], list[Segment]] = LRUCache(256)
        self._styles: dict[str, Style] = {}

    # ------------------------------------------------------------------ data

    def show(self, run: TimelineRun) -> None:
        """Show a run, keeping the cursor on the same kind of row and the same bin."""
        old = self.rows[self.row] if self.rows else None
        self.run = run
        result = run.result
        tl = result.timeline
        self.segmentations = [result.researcher or result.proposal.segmentation]
        if result.researcher is not None:
            self.segmentations.append(result.proposal.segmentation)
        names = [run.scheme or "proposed", "proposed"]
        rows = [Row("axis", 0, BIN_WORDS.get(tl.bin_unit, tl.bin_unit))]
        for k in range(len(self.segmentations)):
            rows += [Row("bands", k, names[k]), Row("frontiers", k, "  frontiers")]
        rows.append(Row("volume", 0, "events"))
        self.header = len(rows)
        if self.cases is not None and not self.cases.note:
            rows += [Row("case", i, f"▹ {c.case}") for i, c in enumerate(self.cases.cases)]
        rows += [
            Row(
                "theme",
                t,
                run.themes[t].name,
                code_colour(run.themes[t].colour, run.themes[t].guid),
            )
            for t in run.order
        ]
        rows += [
            Row("indicator", i, f"◆ {s.name}")
            for i, s in enumerate(result.indicators)
            if any(v is not None for v in s.values)
        ]
        self.rows = rows
        self.shares = [
            [
                row[t] / volume if volume >= MIN_BIN_WEIGHT else None
                for row, volume in zip(tl.counts, tl.volume, strict=True)
            ]
            for t in range(len(tl.themes))
        ]
        self.top = top_share(self.shares)
        same = [i for i, r in enumerate(rows) if old and (r.kind, r.key) == (old.kind, old.key)]
        self.row = same[0] if same else min(1, len(rows) - 1)
        if old is None and self.segmentations[0].phases:
            self.bin = self.segmentations[0].phases[0].first_bin
        self.bin = max(0, min(self.bin, len(tl.bin_starts) - 1))
        self._layout()
        self.scroll_to_cursor()
        self._moved()

    def show_cases(self, cases: CaseTimingResult | None) -> None:
        """Draw a row per case under the pooled phases (None takes them away)."""
        self.cases = cases
        if self.run is not None:
            self.show(self.run)

    @property
    def n_bins(self) -> int:
        return len(self.run.result.timeline.bin_starts) if self.run else 0

    @property
    def cursor(self) -> Row:
        return self.rows[self.row]

    def segmentation(self, key: int) -> SegmentationResult:
        return self.segmentations[key]

    def phase_at(self, key: int, b: int) -> tuple[int, PhaseResult] | None:
        """The phase of segmentation ``key`` holding bin ``b``."""
        for i, p in enumerate(self.segmentations[key].phases):
            if p.first_bin <= b <= p.last_bin:
                return i, p
        return None

    def frontier_near(self, key: int, b: int) -> FrontierResult | None:
        """The frontier of segmentation ``key`` nearest to bin ``b``."""
        frontiers = self.segmentations[key].frontiers
        return min(frontiers, key=lambda f: abs(f.bin - b)) if frontiers else None

    def bin_of(self, day: dt.date) -> int:
        """The bin holding a date (clipped to the axis)."""
        assert self.run is not None
        starts = self.run.result.timeline.bin_starts
        return max(0, min(bisect_right(starts, day) - 1, len(starts) - 1))

    def plain(self, index: int) -> str:
        """Row ``index`` as plain text, label and every bin (what a screen reader or a test
        reads; the screen shows a window of it)."""
        row = self.rows[index]
        return "".join(s.text for s in (*self._gutter(row, index), *self._cells(row, index)))

    # ------------------------------------------------------------------ cursor

    def move_to(self, row: int | None = None, b: int | None = None) -> None:
        if not self.rows:
            return
        old_row, old_bin = self.row, self.bin
        if row is not None:
            self.row = max(1, min(row, len(self.rows) - 1))
        if b is not None:
            self.bin = max(0, min(b, self.n_bins - 1))
        if (old_row, old_bin) != (self.row, self.bin):
            self._cache.clear()
            self.scroll_to_cursor()
            self.refresh()
            self._moved()

    def select(self, kind: str, key: int, b: int | None = None) -> None:
        """Put the cursor on the row of ``kind`` and ``key`` (and on bin ``b``)."""
        for i, r in enumerate(self.rows):
            if (r.kind, r.key) == (kind, key):
                self.move_to(i, b)
                return

    def _moved(self) -> None:
        self.post_message(self.CursorMoved(self))

    def scroll_to_cursor(self) -> None:
        if not self.rows:
            return
        region = self.scrollable_content_region
        cells = max(1, region.width - self.label_width)
        x0 = self.bin * self.cell
        sx = int(self.scroll_x)
        if x0 < sx:
            sx = x0
        elif x0 + self.cell > sx + cells:
            sx = x0 + self.cell - cells
        sy = int(self.scroll_y)
        if self.row >= self.header:
            body = self.row - self.header
            seen = max(1, region.height - self.header)
            if body < sy:
                sy = body
            elif body >= sy + seen:
                sy = body - seen + 1
        self.scroll_to(x=sx, y=sy, animate=False, immediate=True)

    def action_move(self, rows: int, bins: int) -> None:
        self.move_to(self.row + rows, self.bin + bins)

    def action_edge(self, end: int) -> None:
        self.move_to(b=self.n_bins - 1 if end else 0)

    def action_page(self, delta: int) -> None:
        seen = max(1, self.scrollable_content_region.height - self.header)
        self.move_to(self.row + delta * seen)

    def action_jump(self, delta: int) -> None:
        """To the next (previous) phase frontier of the row's segmentation, else of the first."""
        row = self.cursor
        key = row.key if row.kind in ("bands", "frontiers") else 0
        edges = sorted(f.bin for f in self.segmentations[key].frontiers) if self.rows else []
        if delta > 0:
            later = [e for e in edges if e > self.bin]
            self.move_to(b=later[0] if later else self.n_bins - 1)
        else:
            earlier = [e for e in edges if e < self.bin]
            self.move_to(b=earlier[-1] if earlier else 0)

    def action_cells(self, delta: int) -> None:
        """Wider (+1) or narrower (-1) bins; 0 fits them to the width again."""
        self.zoom = None if delta == 0 else max(1, min(MAX_CELL, self.cell + delta))
        self._layout()
        self.scroll_to_cursor()

    def action_choose(self) -> None:
        if self.rows:
            self.post_message(self.Chosen(self))

    def on_click(self, event: events.Click) -> None:
        if not self.rows:
            return
        where = event.get_content_offset(self)
        if where is None:
            return
        self.focus()
        y = where.y
        row = y if y < self.header else self.header + int(self.scroll_y) + y - self.header
        b = None
        if where.x >= self.label_width:
            b = (where.x - self.label_width + int(self.scroll_x)) // self.cell
        if row >= len(self.rows) or row < 1:
            return
        if row == self.row and (b is None or b == self.bin):
            self.action_choose()
        else:
            self.move_to(row, b)

    # ------------------------------------------------------------------ layout

    def on_resize(self) -> None:
        self._layout()

    def _layout(self) -> None:
        if not self.rows:
            return
        longest = max(len(r.label) for r in self.rows) + 3
        self.label_width = min(MAX_LABELS, max(MIN_LABELS, longest))
        width = self.size.width or 80
        n = max(1, self.n_bins)
        room = max(1, width - self.label_width - 1)
        if self.zoom is not None:
            self.cell = self.zoom
        else:
            # The widest cells that fit; one more if that overflows by a little only.
            self.cell = max(1, min(MAX_CELL, room // n))
            if self.cell < MAX_CELL and (self.cell + 1) * n <= room * 1.12:
                self.cell += 1
        spare = width - 1 - self.label_width - n * self.cell
        if spare > 0:  # labels take what the bins leave, so theme names are not cut
            self.label_width = min(
                max(self.label_width, min(longest, WIDE_LABELS)), self.label_width + spare
            )
        self.virtual_size = Size(self.label_width + self.n_bins * self.cell, len(self.rows) + 1)
        self._cache.clear()
        self._styles.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._cache.clear()

    # ------------------------------------------------------------------ drawing

    def _style(self, name: str) -> Style:
        found = self._styles.get(name)
        if found is None:
            theme = self.app.current_theme
            base = self.background_colors[1]
            if name in ("band0", "band1"):
                tint = Color.parse(
                    theme.primary if name == "band0" else theme.accent or theme.primary
                )
                fill = base.blend(tint, 0.45 if theme.dark else 0.35)
                found = Style(bgcolor=fill.rich_color, color=fill.get_contrast_text().rich_color)
            elif name == "frontier":
                found = Style(
                    bold=True, color=Color.parse(theme.warning or theme.primary).rich_color
                )
            elif name == "interval":
                found = Style(color=Color.parse(theme.warning or theme.primary).rich_color)
            elif name == "dim":
                found = Style(color=base.blend(self.styles.color, 0.45).rich_color)
            else:
                found = Style()
            self._styles[name] = found
        return found

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if not self.rows:
            return Strip.blank(width, base)
        index = y if y < self.header else self.header + int(self.scroll_y) + y - self.header
        if index >= len(self.rows):
            return Strip.blank(width, base)
        key = (index, self.bin if index in (0, self.row) else -1)
        cells = self._cache.get(key)
        if cells is None:
            cells = self._cells(self.rows[index], index)
            self._cache[key] = cells
        body = Strip(cells).crop(int(self.scroll_x), int(self.scroll_x) + width - self.label_width)
        strip = Strip([*self._gutter(self.rows[index], index), *body])
        return strip.extend_cell_length(width, base).crop(0, width)

    def _gutter(self, row: Row, index: int) -> list[Segment]:
        base = self.rich_style
        room = self.label_width - 1
        label = row.label if len(row.label) <= room - 2 else row.label[: room - 3] + "…"
        style = base + Style(bold=row.kind in ("bands", "volume"))
        if index == self.row:
            style += Style(reverse=self.has_focus, bold=True)
        out = []
        if row.colour:
            out.append(Segment("▌", base + Style(color=Color.parse(row.colour).rich_color)))
            out.append(Segment(f"{label:<{room - 1}}", style))
        else:
            out.append(Segment(f"{label:<{room}}", style))
        out.append(Segment(" ", base))
        return out

    def _cells(self, row: Row, index: int) -> list[Segment]:
        assert self.run is not None
        tl = self.run.result.timeline
        n, cw = self.n_bins, self.cell
        base = self.rich_style
        chars = [" "] * (n * cw)
        styles: list[Style] = [base] * (n * cw)
        if row.kind == "axis":
            self._axis(chars, styles)
        elif row.kind == "bands":
            self._bands(self.segmentations[row.key], chars, styles)
        elif row.kind == "frontiers":
            self._frontiers(self.segmentations[row.key], row.key, chars, styles)
        elif row.kind == "volume":
            high = max(tl.volume) if tl.volume else 0.0
            for b, v in enumerate(tl.volume):
                chars[b * cw : (b + 1) * cw] = spark(v if v > 0 else None, 0.0, high) * cw
        elif row.kind == "theme":
            dim = base + self._style("dim")
            for b, share in enumerate(self.shares[row.key]):
                chars[b * cw : (b + 1) * cw] = shade(share, self.top) * cw
                if share is None:
                    styles[b * cw : (b + 1) * cw] = [dim] * cw
        elif row.kind == "case" and self.cases is not None:
            draw_case(
                self.cases.cases[row.key],
                chars,
                styles,
                cell=cw,
                bin_of=self.bin_of,
                column_of=self.column_of,
                interval=base + self._style("interval"),
                marker=base + self._style("frontier"),
                dim=base + self._style("dim"),
            )
        elif row.kind == "indicator":
            values = self.run.result.indicators[row.key].values
            seen = [v for v in values if v is not None]
            low, high = (min(seen), max(seen)) if seen else (0.0, 0.0)
            for b, v in enumerate(values):
                chars[b * cw : (b + 1) * cw] = spark(v, low - (high - low) / 7, high) * cw
        if index == self.row or row.kind == "axis":
            mark = Style(reverse=True, bold=True) if self.has_focus else Style(underline=True)
            for x in range(self.bin * cw, (self.bin + 1) * cw):
                styles[x] = styles[x] + mark
        return _segments(chars, styles)

    def _axis(self, chars: list[str], styles: list[Style]) -> None:
        assert self.run is not None
        starts = self.run.result.timeline.bin_starts
        cw = self.cell
        per_year = {"month": 12, "quarter": 4, "half": 2}.get(self.run.result.timeline.bin_unit, 1)
        every = max(1, -(-5 // (per_year * cw)))
        for b, day in enumerate(starts):
            if b == 0 or (day.month == 1 and day.year % every == 0):
                text = str(day.year)
                at = b * cw
                if all(c == " " for c in chars[max(0, at - 1) : at + len(text)]):
                    chars[at : at + len(text)] = text[: len(chars) - at]

    def _bands(self, seg: SegmentationResult, chars: list[str], styles: list[Style]) -> None:
        cw = self.cell
        for i, p in enumerate(seg.phases):
            a, b = p.first_bin * cw, (p.last_bin + 1) * cw
            style = self.rich_style + self._style(f"band{i % 2}")
            styles[a:b] = [style] * (b - a)
            room = b - a
            label = p.label if len(p.label) <= room else p.label[: max(0, room - 1)] + "…"
            left = a + (room - len(label)) // 2
            chars[left : left + len(label)] = label[:room]

    def _frontiers(
        self, seg: SegmentationResult, key: int, chars: list[str], styles: list[Style]
    ) -> None:
        cw = self.cell
        interval = self.rich_style + self._style("interval")
        marker = self.rich_style + self._style("frontier")
        size = len(chars)
        for f in seg.frontiers:
            lo = self.bin_of(f.test.interval_start) * cw
            hi = (self.bin_of(f.test.interval_end) + 1) * cw
            chars[lo:hi] = "━" * (hi - lo)
            styles[lo:hi] = [interval] * (hi - lo)
        for j, f in enumerate(seg.frontiers):
            day = true_date(f)
            at = min(self.column_of(day), size - 1)
            chars[at] = "┃"
            styles[at] = marker
            end = max(at + 1, (self.bin_of(f.test.interval_end) + 1) * cw)
            nxt = (
                self.column_of(true_date(seg.frontiers[j + 1])) - 1
                if j + 1 < len(seg.frontiers)
                else size
            )
            off_edge = day not in self.run_edges()
            when = f" {date_text(day)}" if off_edge else ""
            text = f" {frontier_name(key, j)}{when}{support_text(f)}"
            text = text[: max(0, min(nxt, size) - end)]
            chars[end : end + len(text)] = text
            styles[end : end + len(text)] = [marker] * len(text)

    def column_of(self, day: dt.date) -> int:
        """The column of a date: inside its bin in proportion, so a frontier on 1 July is
        drawn mid-year in year bins (as far as the bin's cells allow)."""
        assert self.run is not None
        tl = self.run.result.timeline
        b = self.bin_of(day)
        first, last = tl.bin_starts[b], tl.bin_ends[b]
        share = max(0, (day - first).days) / ((last - first).days + 1)
        return b * self.cell + min(self.cell - 1, int(share * self.cell))

    def run_edges(self) -> set[dt.date]:
        """The bins' first days: a frontier on one of these needs no date beside it."""
        return set(self.run.result.timeline.bin_starts) if self.run else set()


def true_date(f: FrontierResult) -> dt.date:
    """Where the frontier really is: the date the scheme states (a phase starting in
    July), else the bin edge the data chose."""
    return f.stated_date or f.date


def date_text(day: dt.date) -> str:
    """A frontier's date in few characters: 2001-07 for the first of a month."""
    return f"{day:%Y-%m}" if day.day == 1 else day.isoformat()


def frontier_name(key: int, index: int) -> str:
    """Frontiers of the shown phases are numbered 1, 2, …; the data's proposed ones a, b, …"""
    return str(index + 1) if key == 0 else chr(ord("a") + index % 26)


def support_text(f: FrontierResult) -> str:
    support = f.test.support_same_k
    text = f" {support:.0%}" if support is not None else ""
    if f.test.support_note:
        text += " weak"
    if f.test.verdict is not None and f.test.verdict != "supported":
        text += f" {f.test.verdict}"
    return text


def _segments(chars: list[str], styles: list[Style]) -> list[Segment]:
    """Runs of one style as one segment each (a row of 150 cells is a handful)."""
    out: list[Segment] = []
    start = 0
    for x in range(1, len(chars) + 1):
        if x == len(chars) or styles[x] != styles[start]:
            out.append(Segment("".join(chars[start:x]), styles[start]))
            start = x
    return out
