"""Beside the text under review: the current disagreement, side by side, and the list of all.

The top says what each coder did (codes, spans, quotes), what the consensus has
there and how the disagreement was settled, with the keys that settle it. Below,
every disagreement of the document, open (``•``) or settled (``✓``); choosing
one jumps to it, also to a settled one to look at it again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from workbench.tui.widgets.transcript import code_colour

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from workbench.services.reading import SegmentInfo
    from workbench.services.review import ReviewItem

QUOTE = 70  # characters of a segment's text shown


def _quote(text: str, seg: SegmentInfo) -> str:
    words = " ".join(text[seg.start : seg.end].split())
    return words if len(words) <= QUOTE else words[: QUOTE - 1] + "…"


def _segments(out: Text, segments: tuple[SegmentInfo, ...], text: str) -> None:
    if not segments:
        out.append("  (not coded here)\n", style="italic dim")
        return
    for seg in segments:
        out.append("  ▌", style=code_colour(seg.colour, seg.code))
        out.append(f"{seg.code_path} ", style="bold")
        out.append(f"[{seg.start}, {seg.end}) #{seg.id}\n", style="dim")
        out.append(f"    “{_quote(text, seg)}”\n")


def item_details(
    item: ReviewItem, *, number: int, total: int, open_count: int, unit: str, text: str
) -> Text:
    """The current disagreement in words (also what a snapshot of the screen shows)."""
    if item.kind == "date":
        return date_details(item, number=number, total=total, open_count=open_count, text=text)
    out = Text()
    out.append(f"Disagreement {number} of {total}", style="bold")
    out.append(f" · {open_count} open\n", style="dim")
    if item.settled:
        out.append(f"✓ settled: {item.decided}\n", style="bold")
    else:
        out.append("• open\n", style="bold")
    out.append(f"[{item.start}, {item.end}) · {len(item.units)} {unit}(s) disputed\n", style="dim")
    out.append(", ".join(item.code_paths) + "\n\n")
    for letter, side in zip("AB", item.sides, strict=False):
        out.append(f"{letter} {side.coder}\n", style="bold underline")
        _segments(out, side.segments, text)
    out.append("C consensus\n", style="bold underline")
    _segments(out, item.consensus, text)
    a, b = (side.coder for side in item.sides[:2])
    out.append(
        f"\na take {a} · b take {b} · 2 both · 0 neither · e edit span · n/N next/previous",
        style="dim",
    )
    return out


SOURCES = {"own": "the coder's date", "mention": "from the text", "document": "document date"}


def date_details(item: ReviewItem, *, number: int, total: int, open_count: int, text: str) -> Text:
    """A date disagreement: the same passage and code, dated differently by the coders."""
    out = Text()
    out.append(f"Disagreement {number} of {total}", style="bold")
    out.append(f" · {open_count} open\n", style="dim")
    if item.settled:
        out.append(f"✓ settled: {item.decided}\n", style="bold")
    else:
        out.append("• open: when did it happen?\n", style="bold")
    out.append(f"[{item.start}, {item.end}) · {', '.join(item.code_paths)}\n\n", style="dim")
    dates = {coder: (when, source) for coder, when, source in item.dates}
    for letter, side in zip("AB", item.sides, strict=False):
        out.append(f"{letter} {side.coder}\n", style="bold underline")
        when, source = dates.get(side.coder, (None, "none"))
        out.append(f"  {when or 'undated'}", style="bold")
        out.append(f"  ({SOURCES.get(source, source)})\n", style="dim")
        for seg in side.segments:
            out.append(f"    “{_quote(text, seg)}”\n")
    out.append("C consensus\n", style="bold underline")
    own = next((c.own_date for c in item.consensus if c.own_date), None)
    out.append(f"  {own or 'no date of its own yet'}\n")
    a, b = (side.coder for side in item.sides[:2])
    out.append(
        f"\na {a}'s date · b {b}'s date · n/N next/previous "
        "(d in the coding view gives any other date)",
        style="dim",
    )
    return out


def item_line(item: ReviewItem, number: int) -> Text:
    out = Text()
    out.append("✓ " if item.settled else "• ", style="dim" if item.settled else "bold")
    out.append(f"{number:>3} ", style="dim")
    out.append(f"[{item.start}, {item.end}) ", style="dim")
    if item.kind == "date":
        out.append("date: ", style="italic")
        out.append(" vs ".join(when or "undated" for _, when, _ in item.dates))
        out.append(" · ", style="dim")
    out.append(", ".join(p.rsplit("/", 1)[-1] for p in item.code_paths))
    return out


class DisagreementPanel(Vertical):
    """Shows what the adjudication screen hands it; reads nothing itself."""

    DEFAULT_CSS = """
    DisagreementPanel {
        width: 44%;
        max-width: 70;
        min-width: 34;
        border-left: tall $panel;
        &.-hidden { display: none; }
        #disagreement-details { height: auto; max-height: 70%; padding: 0 1; }
        #disagreement-list { height: 1fr; border-top: solid $panel; }
    }
    """

    class Chosen(Message):
        """The lead chose a disagreement in the list (its index in the document's items)."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def compose(self) -> ComposeResult:
        yield Static("", id="disagreement-details")
        yield OptionList(id="disagreement-list")

    def show(self, details: Text | str) -> None:
        self.query_one("#disagreement-details", Static).update(details)

    def set_items(self, items: tuple[ReviewItem, ...], current: int | None) -> None:
        box = self.query_one(OptionList)
        box.set_options([Option(item_line(it, n + 1)) for n, it in enumerate(items)])
        if current is not None and items:
            box.highlighted = current

    def highlight(self, index: int | None) -> None:
        box = self.query_one(OptionList)
        if index is not None and index < box.option_count:
            box.highlighted = index

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Chosen(event.option_index))
