"""The document text with coded spans, coding stripes, speaker labels, cursor and selection.

A Line-API widget (``ScrollView.render_line``), as Toolong draws its logs: it
draws only the lines on screen, and caches each drawn line until something on it
changes. Opening a 100,000-word transcript costs one wrap (``LineLayout``) and one
index of its segments (``SpanIndex``); an edit re-draws the lines of the span it
touched. All positions are character offsets into the stored text.

Left of the text, a gutter of coloured stripes shows which codes cover each
line; the text of a coded span takes a tint of its code's colour (the innermost
span's when they nest), the segment under the cursor is bold, date mentions are
underlined and speaker labels bold in the accent colour.
"""

from __future__ import annotations

import time
from bisect import bisect_left
from itertools import pairwise
from typing import TYPE_CHECKING, ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.cache import LRUCache
from textual.color import Color
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from workbench.tui import units
from workbench.tui.bindings import TRANSCRIPT
from workbench.tui.layout import LineLayout
from workbench.tui.spanindex import SpanIndex

if TYPE_CHECKING:
    from textual import events
    from textual.binding import BindingType

    from workbench.services.reading import DocumentView, SegmentInfo

FALLBACK_COLOURS = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
)
STRIPE = "▌"


def code_colour(colour: str | None, key: str) -> str:
    """The code's colour, or a stable one from a small palette for codes without one."""
    if colour:
        return colour
    return FALLBACK_COLOURS[sum(map(ord, key)) % len(FALLBACK_COLOURS)]


class TranscriptView(ScrollView, can_focus=True):
    """Shows a ``DocumentView``; the coding screen drives it and listens to its messages."""

    BINDINGS: ClassVar[list[BindingType]] = list(TRANSCRIPT)
    ALLOW_SELECT = False
    DEFAULT_CSS = """
    TranscriptView {
        background: $surface;
        color: $foreground;
        overflow-x: hidden;
        overflow-y: scroll;
        scrollbar-size-vertical: 1;
    }
    """

    class CursorMoved(Message):
        """The cursor or the selection moved (merged when they come fast)."""

        def __init__(self, view: TranscriptView) -> None:
            super().__init__()
            self.view = view

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, TranscriptView.CursorMoved)

    def __init__(self, *, id: str | None = None, stripes: int | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.text = ""
        self.document: DocumentView | None = None
        self.cursor = 0
        self.selection_start: int | None = None
        """Where the selection began (the cursor is its other end); None: no selection."""
        self.visible_coders: frozenset[str] | None = None
        self._fixed_stripes = stripes
        self.labels = False
        """Labelled stripes: the margin names the codes (and coders, when several show)."""
        self._all: dict[int, SegmentInfo] = {}
        self._index: SpanIndex[SegmentInfo] = SpanIndex()
        self._layout = LineLayout("", 80)
        self._cache: LRUCache[int, Strip] = LRUCache(1024)
        self._styles: dict[str, tuple[Style, Style]] = {}
        self._mention_starts: list[int] = []
        self._mention_ends: list[int] = []
        self._turn_starts: list[int] = []
        self._turn_label_ends: list[int] = []
        self._sentences: list[tuple[int, int]] = []
        self._want_column: int | None = None
        self._dragging = False
        self.loaded_at = 0.0
        """``perf_counter()`` when the document was loaded or a segment last changed."""
        self.painted_at = 0.0
        """``perf_counter()`` of the last line drawn: with ``loaded_at``, what the user waited."""

    # ------------------------------------------------------------------ loading

    def load(self, document: DocumentView, *, cursor: int = 0) -> None:
        """Show a document; cheap enough for 100,000 words (see the module docstring)."""
        self.document = document
        self.text = document.text
        self._all = {s.id: s for s in document.segments}
        self._mention_starts = [m.start for m in document.mentions]
        self._mention_ends = [m.end for m in document.mentions]
        self._turn_starts = [t.start for t in document.turns]
        self._turn_label_ends = [t.label_end for t in document.turns]
        self._sentences = [self._without_label(a, b) for a, b in document.sentences]
        self._reindex()
        self.cursor = max(0, min(cursor, len(self.text)))
        self.selection_start = None
        self.loaded_at = time.perf_counter()
        self._relayout()
        self.scroll_to_cursor(center=True)
        self._notify_moved()

    def _reindex(self) -> None:
        coders = self.visible_coders
        self._index = SpanIndex(
            [s for s in self._all.values() if coders is None or s.coder in coders]
        )
        self._cache.clear()
        self.refresh()

    def set_visible_coders(self, coders: frozenset[str] | None) -> None:
        """Show only these coders' segments (None: everyone's)."""
        self.visible_coders = coders
        self._reindex()
        self._notify_moved()

    @property
    def stripe_count(self) -> int:
        if self._fixed_stripes is not None:
            return self._fixed_stripes
        return 6 if self.size.width >= 110 else 3

    @property
    def label_width(self) -> int:
        """Columns of the labelled margin: about a third of the view, 16 to 30."""
        return max(16, min(30, self.size.width // 3))

    @property
    def gutter_width(self) -> int:
        if self.labels:
            return self.label_width + 1
        return self.stripe_count + 1

    def set_labels(self, on: bool) -> None:
        """Show the codes' names in the margin (or only their colours)."""
        if on == self.labels:
            return
        self.labels = on
        if self.document is not None:
            top = self._layout.starts[min(int(self.scroll_y), max(0, len(self._layout) - 1))]
            self._relayout()
            self.scroll_to(y=self._layout.line_of(top), animate=False, immediate=True)

    def _many_coders(self) -> bool:
        """Whether segments of several coders show (then a label says whose it is)."""
        coders = self.visible_coders
        seen: set[str] = set()
        for s in self._all.values():  # stops at the second coder: cheap in practice
            if coders is None or s.coder in coders:
                seen.add(s.coder)
                if len(seen) > 1:
                    return True
        return False

    @property
    def text_width(self) -> int:
        return max(10, self.scrollable_content_region.width - self.gutter_width - 1)

    def _relayout(self) -> None:
        width = self.text_width
        self._layout = LineLayout(self.text, width)
        self._cache.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, len(self._layout))
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        if self.document is None:
            return
        if self._layout.width != self.text_width:
            top = self._layout.starts[min(int(self.scroll_y), len(self._layout) - 1)]
            self._relayout()
            self.scroll_to(y=self._layout.line_of(top), animate=False, immediate=True)

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, theme: object) -> None:
        """Code tints are blended into the theme's background: blend them again."""
        self._styles.clear()
        self._cache.clear()
        self.refresh()

    # ------------------------------------------------------------------ segments

    @property
    def segments(self) -> list[SegmentInfo]:
        """All loaded segments (including those hidden by the coder filter)."""
        return list(self._all.values())

    def segment(self, segment_id: int) -> SegmentInfo | None:
        return self._all.get(segment_id)

    def visible_segments(self) -> SpanIndex[SegmentInfo]:
        return self._index

    def upsert_segment(self, segment: SegmentInfo) -> None:
        self.loaded_at = time.perf_counter()
        old = self._all.get(segment.id)
        self._all[segment.id] = segment
        if old is not None:
            self._index.remove(old.id)
            self._dirty(old.start, old.end)
        if self.visible_coders is None or segment.coder in self.visible_coders:
            self._index.add(segment)
        self._dirty(segment.start, segment.end)
        self._notify_moved()

    def remove_segment(self, segment_id: int) -> None:
        old = self._all.pop(segment_id, None)
        if old is None:
            return
        self._index.remove(segment_id)
        self._dirty(old.start, old.end)
        self._notify_moved()

    def segments_at(self, offset: int) -> list[SegmentInfo]:
        """Visible segments covering ``offset``, innermost first."""
        found = list(self._index.overlapping(offset, offset + 1))
        return sorted(found, key=lambda s: (s.end - s.start, s.start, s.code_path))

    def segments_in(self, start: int, end: int) -> list[SegmentInfo]:
        return sorted(self._index.overlapping(start, end), key=lambda s: (s.start, s.end, s.id))

    def visible_range(self) -> tuple[int, int]:
        """Character offsets of the first and last line on screen."""
        if not len(self._layout):
            return 0, 0
        top = min(int(self.scroll_y), len(self._layout) - 1)
        bottom = min(top + self.scrollable_content_region.height, len(self._layout)) - 1
        return self._layout.starts[top], self._layout.ends[max(top, bottom)]

    # ------------------------------------------------------------------ selection

    @property
    def selection(self) -> tuple[int, int] | None:
        if self.selection_start is None or self.selection_start == self.cursor:
            return None
        return min(self.selection_start, self.cursor), max(self.selection_start, self.cursor)

    def select(self, start: int, end: int) -> None:
        """Select ``[start, end)`` with the cursor at its end, and show it."""
        old = self._marked_range()
        n = len(self.text)
        self.selection_start = max(0, min(start, n))
        self.cursor = max(0, min(end, n))
        self._dirty(*old)
        self._dirty(*self._marked_range())
        self.scroll_to_cursor()
        self._notify_moved()

    def clear_selection(self) -> None:
        old = self._marked_range()
        self.selection_start = None
        self._dirty(*old)
        self._notify_moved()

    def move_to(self, offset: int, *, extend: bool = False) -> None:
        old = self._marked_range()
        offset = max(0, min(offset, len(self.text)))
        if extend:
            if self.selection_start is None:
                self.selection_start = self.cursor
        else:
            self.selection_start = None
        self.cursor = offset
        self._dirty(*old)
        self._dirty(*self._marked_range())
        self.scroll_to_cursor()
        self._notify_moved()

    def _marked_range(self) -> tuple[int, int]:
        """Offsets whose drawing depends on cursor and selection (and the cursor's segment)."""
        lo = hi = self.cursor
        if self.selection_start is not None:
            lo, hi = min(lo, self.selection_start), max(hi, self.selection_start)
        for s in self._index.overlapping(self.cursor, self.cursor + 1):
            lo, hi = min(lo, s.start), max(hi, s.end)
        return lo, hi + 1

    def _notify_moved(self) -> None:
        self.post_message(self.CursorMoved(self))

    def scroll_to_cursor(self, *, center: bool = False) -> None:
        if not len(self._layout):
            return
        y = self._layout.line_of(self.cursor)
        height = max(1, self.scrollable_content_region.height)
        top = int(self.scroll_y)
        if center:
            self.scroll_to(y=max(0, y - height // 3), animate=False, immediate=True)
        elif y < top:
            self.scroll_to(y=y, animate=False, immediate=True)
        elif y >= top + height:
            self.scroll_to(y=y - height + 1, animate=False, immediate=True)

    # ------------------------------------------------------------------ actions

    def action_move(self, delta: int, extend: bool = False) -> None:
        self._want_column = None
        self.move_to(self.cursor + delta, extend=extend)

    def action_move_line(self, delta: int, extend: bool = False) -> None:
        layout = self._layout
        y = layout.line_of(self.cursor)
        if self._want_column is None:
            self._want_column = self.cursor - layout.starts[y]
        target = max(0, min(len(layout) - 1, y + delta))
        if target == y:
            offset = 0 if delta < 0 else len(self.text)
        else:
            offset = min(layout.starts[target] + self._want_column, layout.ends[target])
        column = self._want_column
        self.move_to(offset, extend=extend)
        self._want_column = column

    def action_move_page(self, delta: int) -> None:
        self.action_move_line(delta * max(1, self.scrollable_content_region.height - 1))

    def action_move_word(self, delta: int) -> None:
        words = units.words_near(self.text, self.cursor)
        if delta > 0:
            after = [a for a, _ in words if a > self.cursor]
            target = after[0] if after else len(self.text)
        else:
            before = [a for a, _ in words if a < self.cursor]
            target = before[-1] if before else 0
        self.move_to(target)

    def action_line_edge(self, end: int) -> None:
        y = self._layout.line_of(self.cursor)
        self.move_to(self._layout.ends[y] if end else self._layout.starts[y])

    def action_document_edge(self, end: int) -> None:
        self.move_to(len(self.text) if end else 0)

    def units(self, kind: str) -> list[tuple[int, int]]:
        doc = self.document
        if doc is None:
            return []
        if kind == "word":
            return units.words_near(self.text, self.cursor)
        if kind == "sentence":
            return self._sentences or list(doc.paragraphs)
        if kind == "turn":
            return [(t.start, t.end) for t in doc.turns] or list(doc.paragraphs)
        return list(doc.paragraphs)

    def _without_label(self, a: int, b: int) -> tuple[int, int]:
        """A sentence starting with a speaker label, without it ("R1: In 2000." -> "In 2000.")."""
        label = self._label(a, b)
        if label[0] == a and label[1] > a:
            speech = label[1]
            while speech < b and self.text[speech].isspace():
                speech += 1
            if speech < b:
                return speech, b
        return a, b

    def action_grow(self, kind: str) -> None:
        found = units.grow(self.units(kind), self.selection, self.cursor)
        if found is not None:
            self.select(*found)

    def action_swap_ends(self) -> None:
        if self.selection_start is None:
            return
        self.selection_start, self.cursor = self.cursor, self.selection_start
        self.scroll_to_cursor()
        self._notify_moved()
        self.refresh()

    # ------------------------------------------------------------------ mouse

    def _offset_at(self, event: events.MouseEvent) -> int | None:
        where = event.get_content_offset_capture(self)
        if not len(self._layout):
            return None
        y = max(0, min(len(self._layout) - 1, int(self.scroll_y) + where.y))
        x = max(0, where.x - self.gutter_width)
        start, end = self._layout.starts[y], self._layout.ends[y]
        return min(start + x, end)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        where = event.get_content_offset_capture(self)
        if self.labels and 0 <= where.x < self.gutter_width - 1:  # a click on a label
            seg = self.segment_at_margin(int(self.scroll_y) + where.y)
            if seg is not None:
                self.focus()
                self.select(seg.start, seg.end)
                return
        offset = self._offset_at(event)
        if offset is None:
            return
        self.focus()
        self._dragging = True
        self.capture_mouse()
        self.move_to(offset, extend=event.shift)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if not self._dragging:
            return
        offset = self._offset_at(event)
        if offset is not None and offset != self.cursor:
            self.move_to(offset, extend=True)

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._dragging:
            self._dragging = False
            self.release_mouse()

    # ------------------------------------------------------------------ drawing

    def _dirty(self, start: int, end: int) -> None:
        """Forget the drawn lines showing ``[start, end]`` and redraw those on screen."""
        if not len(self._layout):
            return
        first = self._layout.line_of(start)
        last = self._layout.line_of(max(start, end))
        for y in range(first, last + 1):
            self._cache.discard(y)
        top = int(self.scroll_y)
        height = self.scrollable_content_region.height
        lo, hi = max(first, top), min(last, top + height - 1)
        if lo <= hi:
            self.refresh_lines(lo, hi - lo + 1)

    def _code_styles(self, colour: str) -> tuple[Style, Style]:
        """(text tint, stripe) styles of a code colour over this widget's background."""
        found = self._styles.get(colour)
        if found is None:
            base = self.background_colors[1]
            tint = base.blend(Color.parse(colour), 0.38 if self.app.current_theme.dark else 0.3)
            found = (
                Style(bgcolor=tint.rich_color),
                Style(color=Color.parse(colour).rich_color, bgcolor=base.rich_color),
            )
            self._styles[colour] = found
        return found

    def _theme_style(self, name: str) -> Style:
        found = self._styles.get(name)
        if found is None:
            theme = self.app.current_theme
            base = self.background_colors[1]
            if name == "selection":
                sel = base.blend(Color.parse(theme.primary), 0.55)
                style = Style(bgcolor=sel.rich_color, color=sel.get_contrast_text().rich_color)
            elif name == "label":
                style = Style(
                    bold=True, color=Color.parse(theme.accent or theme.primary).rich_color
                )
            else:
                style = Style()
            found = (style, style)
            self._styles[name] = found
        return found[0]

    def render_line(self, y: int) -> Strip:
        self.painted_at = time.perf_counter()
        width = self.scrollable_content_region.width
        line = int(self.scroll_y) + y
        if line >= len(self._layout):
            return Strip.blank(width, self.rich_style)
        strip = self._cache.get(line)
        if strip is None:
            strip = self._draw(line, width)
            self._cache[line] = strip
        return strip

    def _draw(self, line: int, width: int) -> Strip:
        a, b = self._layout.starts[line], self._layout.ends[line]
        base = self.rich_style
        here = self._index.overlapping(a, b)
        gutter = (
            self._labelled_gutter(here, a, b, base) if self.labels else self._gutter(here, base)
        )
        text = self.text[a:b].replace("\t", " ")
        cur_segs = self._index.overlapping(self.cursor, self.cursor + 1)
        current = min(cur_segs, key=lambda s: (s.end - s.start, s.start)).id if cur_segs else None
        selection = self.selection
        points = {a, b}
        for s in here:
            points.add(max(a, s.start))
            points.add(min(b, s.end))
        if selection is not None:
            points.update(p for p in selection if a < p < b)
        if a <= self.cursor < b:
            points.update((self.cursor, self.cursor + 1))
        label = self._label(a, b)
        points.update(label)
        i = bisect_left(self._mention_ends, a + 1)
        mentions: list[tuple[int, int]] = []
        while i < len(self._mention_starts) and self._mention_starts[i] < b:
            ms, me = self._mention_starts[i], self._mention_ends[i]
            mentions.append((ms, me))
            points.update((max(a, ms), min(b, me)))
            i += 1
        ordered = sorted(p for p in points if a <= p <= b)
        out: list[Segment] = list(gutter)
        focused = self.has_focus
        for p0, p1 in pairwise(ordered):
            if p1 <= p0:
                continue
            style = base
            covering = [s for s in here if s.start <= p0 < s.end]
            if covering:
                inner = min(covering, key=lambda s: (s.end - s.start, s.start))
                style += self._code_styles(code_colour(inner.colour, inner.code))[0]
                if current is not None and any(s.id == current for s in covering):
                    style += Style(bold=True)
            if label[0] <= p0 < label[1]:
                style += self._theme_style("label")
            if any(ms <= p0 < me for ms, me in mentions):
                style += Style(underline=True)
            if selection is not None and selection[0] <= p0 < selection[1]:
                style += self._theme_style("selection")
            if p0 == self.cursor and focused:
                style += Style(reverse=True)
            out.append(Segment(text[p0 - a : p1 - a], style))
        used = self.gutter_width + len(text)
        if focused and self.cursor == b and self._layout.line_of(b) == line:
            selected = selection is not None and selection[0] <= b < selection[1]
            style = base + (self._theme_style("selection") if selected else Style())
            out.append(Segment(" ", style + Style(reverse=True)))
            used += 1
        strip = Strip(out)
        if not text.isascii():
            used = strip.cell_length
        if used < width:
            strip = Strip([*out, Segment(" " * (width - used), base)])
        return strip.crop(0, width)

    def _label(self, a: int, b: int) -> tuple[int, int]:
        """The part of ``[a, b)`` that is a speaker label (empty range if none)."""
        i = bisect_left(self._turn_starts, b) - 1
        if i >= 0 and self._turn_label_ends[i] > a:
            return max(a, self._turn_starts[i]), min(b, self._turn_label_ends[i])
        return a, a

    def _labelled_gutter(
        self, here: list[SegmentInfo], a: int, b: int, base: Style
    ) -> list[Segment]:
        """Bars for the codes on this line, then the name of the segment starting here.

        With several coders shown (team work), the name says whose segment it is.
        """
        width = self.label_width
        ordered = sorted(here, key=lambda s: (s.start, s.code_path, s.coder))
        bars = ordered[:4]
        cells: list[Segment] = [
            Segment(STRIPE, self._code_styles(code_colour(s.colour, s.code))[1]) for s in bars
        ]
        used = len(bars)
        starting = [s for s in ordered if a <= s.start < max(b, a + 1)]
        if starting:
            first = starting[0]
            name = first.code_name
            if self._many_coders():
                name = f"{first.coder}: {name}"
            more = f" +{len(starting) - 1}" if len(starting) > 1 else ""
            room = width - used - 1 - len(more)
            if room >= 3:
                shown = name if len(name) <= room else name[: room - 1] + "…"
                colour = self._code_styles(code_colour(first.colour, first.code))[1]
                cells.append(Segment(" ", base))
                cells.append(Segment(shown, colour + Style(bold=True)))
                cells.append(Segment(more, base + Style(dim=True)))
                used += 1 + len(shown) + len(more)
        cells.append(Segment(" " * max(0, width - used), base))
        cells.append(Segment(" ", base))
        return cells

    def segment_at_margin(self, line: int) -> SegmentInfo | None:
        """The segment a click in the margin of ``line`` selects: one starting there, else
        the smallest covering it."""
        if not 0 <= line < len(self._layout):
            return None
        a, b = self._layout.starts[line], self._layout.ends[line]
        here = self._index.overlapping(a, max(b, a + 1))
        if not here:
            return None
        starting = [s for s in here if a <= s.start < max(b, a + 1)]
        pool = starting or here
        return min(pool, key=lambda s: (s.start, s.end - s.start))

    def _gutter(self, here: list[SegmentInfo], base: Style) -> list[Segment]:
        n = self.stripe_count
        codes: dict[str, str] = {}
        for s in sorted(here, key=lambda s: s.code_path):
            codes.setdefault(s.code, code_colour(s.colour, s.code))
        cells: list[Segment] = []
        colours = list(codes.values())
        for k in range(n):
            if k < len(colours):
                if k == n - 1 and len(colours) > n:
                    cells.append(Segment("+", base + Style(bold=True)))
                else:
                    cells.append(Segment(STRIPE, self._code_styles(colours[k])[1]))
            else:
                cells.append(Segment(" ", base))
        cells.append(Segment(" ", base))
        return cells
