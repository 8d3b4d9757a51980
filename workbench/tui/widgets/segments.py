"""The segments panel: each segment at the cursor and on screen, with its date and source."""

from __future__ import annotations

import calendar
import re
from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static

from workbench.tui.widgets.transcript import code_colour

if TYPE_CHECKING:
    from workbench.services.reading import SegmentInfo

SOURCE_LABEL = {
    "own": "own date",
    "mention": "from a mention",
    "document": "document's date",
    "none": "no date",
}


YEARS = re.compile(r"(\d{4})-01-01/(\d{4})-12-31")
MONTHS = re.compile(r"(\d{4})-(\d{2})-01/(\d{4})-(\d{2})-(\d{2})")


def short_range(value: str) -> str:
    """A range of whole years or months as a coder types it: ``1999-2008``, ``2001-07/2004-06``.

    Stored ranges read back as ``start/end`` days; "spring 2000" already shows as typed,
    and "1999-2008" should too.
    """
    if m := YEARS.fullmatch(value):
        return f"{m[1]}-{m[2]}"
    if m := MONTHS.fullmatch(value):
        year, month, day = int(m[3]), int(m[4]), int(m[5])
        if day == calendar.monthrange(year, month)[1]:
            return f"{m[1]}-{m[2]}/{m[3]}-{m[4]}"
    return value


def date_text(seg: SegmentInfo) -> str:
    """``2003 (mention '2003' in its sentence)``, the way the panel and status line say it."""
    if seg.event_date is None:
        return "undated"
    when = short_range(seg.event_date)
    if seg.date_source == "mention":
        return f"{when} (mention {seg.date_mention!r} in its {seg.date_scope})"
    return f"{when} ({SOURCE_LABEL.get(seg.date_source, seg.date_source)})"


def segment_line(seg: SegmentInfo, *, quote: str | None = None) -> Text:
    line = Text()
    line.append("▌", style=code_colour(seg.colour, seg.code))
    line.append(f" {seg.code_path}", style="bold")
    line.append(f"  {seg.coder}")
    if seg.origin != "manual":
        line.append(f" ({seg.origin})", style="dim")
    line.append(f"\n  {date_text(seg)}", style="italic")
    line.append(f"  [{seg.start}, {seg.end})", style="dim")
    if seg.memo:
        lines = seg.memo.splitlines() or [""]
        memo = lines[0]
        cut = len(memo) > 200 or len(lines) > 1
        line.append(f"\n  memo: {memo[:200]}{'…' if cut else ''}")
    if quote:
        line.append(f"\n  “{quote}”", style="dim")
    return line


class SegmentsPanel(Static):
    """Shows what the transcript view reports; reads nothing itself.

    One fixed-size ``Static`` redrawn without a layout pass: it follows the cursor,
    so it must cost next to nothing while the coder is working. What does not fit
    is cut; the segments at the cursor come first.
    """

    DEFAULT_CSS = """
    SegmentsPanel { padding: 0 1; height: 1fr; overflow: hidden; }
    """

    def __init__(self) -> None:
        super().__init__("", id="segments-panel")
        self._shown: tuple[object, ...] = ()

    def show(self, here: list[SegmentInfo], on_screen: list[SegmentInfo], text: str) -> None:
        key = (tuple(here), tuple(on_screen))
        if key == self._shown:
            return
        self._shown = key
        body = Text()
        body.append("At the cursor\n", style="bold")
        for seg in here:
            body.append_text(segment_line(seg))
            body.append("\n")
        if not here:
            body.append("no segment here\n", style="dim")
        body.append("\nOn screen\n", style="bold")
        shown = [s for s in on_screen if s not in here][:40]
        for seg in shown:
            quote = " ".join(text[seg.start : seg.end].split())
            body.append_text(segment_line(seg, quote=quote[:60] + ("…" if len(quote) > 60 else "")))
            body.append("\n")
        if not shown:
            body.append("no other segments on screen", style="dim")
        self.update(body, layout=False)
