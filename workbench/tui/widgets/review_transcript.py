"""The transcript as a lead reviews it: one stripe column per coder, disagreements marked.

It is the coding view's ``TranscriptView`` (same text, selection by units, cursor,
caching of drawn lines) with another gutter: a mark column (``▶`` the current
disagreement, ``•`` an open one, ``✓`` a settled one), then a column of code
stripes for coder A, for coder B and for the consensus, so who coded what on each
line reads across, side by side.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.color import Color

from workbench.tui.spanindex import SpanIndex
from workbench.tui.widgets.transcript import STRIPE, TranscriptView, code_colour

if TYPE_CHECKING:
    from textual.strip import Strip

    from workbench.services.reading import SegmentInfo
    from workbench.services.review import ReviewItem

WIDE = 90  # columns (of this view) from which each coder gets three stripes instead of two
LETTERS = "ABCDEFGH"


@dataclass(frozen=True, slots=True)
class _Mark:
    id: int
    start: int
    end: int
    settled: bool


class ReviewTranscript(TranscriptView):
    """Shows a document under review; the adjudication screen drives it."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.columns: tuple[str, ...] = ()
        """Coder handles, one stripe column each, left to right."""
        self.current: int | None = None
        """Index of the current disagreement in the items shown."""
        self._marks: SpanIndex[_Mark] = SpanIndex()
        self._line = (0, 0)

    def show_items(self, items: tuple[ReviewItem, ...], current: int | None) -> None:
        """Mark these disagreements (``current`` is the one being decided) and redraw."""
        self._marks = SpanIndex(
            [_Mark(i, it.start, it.end, it.settled) for i, it in enumerate(items)]
        )
        self.current = current
        self._cache.clear()
        self.refresh()

    def set_columns(self, columns: tuple[str, ...]) -> None:
        if columns != self.columns:
            self.columns = columns
            if self.document is not None:
                self._relayout()

    @property
    def per_coder(self) -> int:
        return 3 if self.size.width >= WIDE else 2

    @property
    def gutter_width(self) -> int:
        # mark, space, then each coder's stripes and a separator (the last one a space),
        # then, with labels on, the code of the segment starting on the line
        columns = 2 + len(self.columns) * (self.per_coder + 1)
        return columns + (self.label_width + 1 if self.labels else 0)

    def _labelled_gutter(
        self, here: list[SegmentInfo], a: int, b: int, base: Style
    ) -> list[Segment]:
        """The coders' columns, then ``A: Tacit knowledge``: whose segment starts here."""
        cells = self._gutter(here, base)
        width = self.label_width
        starting = sorted(
            (s for s in here if a <= s.start < max(b, a + 1)),
            key=lambda s: (s.start, self.columns.index(s.coder) if s.coder in self.columns else 9),
        )
        used = 0
        if starting:
            first = starting[0]
            who = (
                LETTERS[self.columns.index(first.coder) % len(LETTERS)]
                if first.coder in self.columns
                else first.coder
            )
            more = f" +{len(starting) - 1}" if len(starting) > 1 else ""
            name = f"{who}: {first.code_name}"
            room = width - len(more)
            shown = name if len(name) <= room else name[: max(1, room - 1)] + "…"
            colour = self._code_styles(code_colour(first.colour, first.code))[1]
            cells.append(Segment(shown, colour + Style(bold=True)))
            cells.append(Segment(more, base + Style(dim=True)))
            used = len(shown) + len(more)
        cells.append(Segment(" " * max(0, width - used) + " ", base))
        return cells

    def header(self) -> Text:
        """Column labels above the gutter: A, B, C (the panel and the title name them)."""
        k = self.per_coder
        out = Text("  ")
        for n, _ in enumerate(self.columns):
            out.append(LETTERS[n % len(LETTERS)].ljust(k), style="bold")
            out.append("│" if n < len(self.columns) - 1 else " ", style="dim")
        names = (f"{LETTERS[n % len(LETTERS)]} {c}" for n, c in enumerate(self.columns))
        out.append(" · ".join(names))
        return out

    def _draw(self, line: int, width: int) -> Strip:
        self._line = (self._layout.starts[line], self._layout.ends[line])
        return super()._draw(line, width)

    def _mark_cell(self, base: Style) -> Segment:
        a, b = self._line
        here = self._marks.overlapping(a, max(b, a + 1))
        if not here:
            return Segment(" ", base)
        if any(m.id == self.current for m in here):
            theme = self.app.current_theme
            colour = Color.parse(theme.warning or theme.accent or theme.primary)
            return Segment("▶", base + Style(bold=True, color=colour.rich_color))
        if any(not m.settled for m in here):
            return Segment("•", base + Style(bold=True))
        return Segment("✓", base + Style(dim=True))

    def _gutter(self, here: list[SegmentInfo], base: Style) -> list[Segment]:
        k = self.per_coder
        cells = [self._mark_cell(base), Segment(" ", base)]
        for n, coder in enumerate(self.columns):
            codes: dict[str, str] = {}
            for s in sorted(here, key=lambda s: s.code_path):
                if s.coder == coder:
                    codes.setdefault(s.code, code_colour(s.colour, s.code))
            colours = list(codes.values())
            for i in range(k):
                if i == k - 1 and len(colours) > k:
                    cells.append(Segment("+", base + Style(bold=True)))
                elif i < len(colours):
                    cells.append(Segment(STRIPE, self._code_styles(colours[i])[1]))
                else:
                    cells.append(Segment(" ", base))
            last = n == len(self.columns) - 1
            cells.append(Segment(" " if last else "│", base + Style(dim=True)))
        return cells
