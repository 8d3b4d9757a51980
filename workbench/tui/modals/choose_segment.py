"""Choosing one of several segments under the cursor (to remove, date, memo or adjust)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from workbench.tui.widgets.segments import segment_line

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.binding import BindingType

    from workbench.services.reading import SegmentInfo


class ChooseSegmentDialog(ModalScreen["int | None"]):
    """Returns the chosen segment's id, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="choose.cancel"),
    ]

    def __init__(self, segments: list[SegmentInfo], *, title: str) -> None:
        super().__init__()
        self.segments = segments
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="choose-segment"):
            yield Label(self.title_text, classes="dialog-title")
            yield OptionList(*(Option(segment_line(s)) for s in self.segments))

    def on_mount(self) -> None:
        box = self.query_one(OptionList)
        box.highlighted = 0
        box.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.segments[event.option_index].id)

    def action_cancel(self) -> None:
        self.dismiss(None)
