"""Whose codings the coding view shows (not offered in blind mode)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, SelectionList

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.binding import BindingType


class CoderFilterDialog(ModalScreen["frozenset[str] | None"]):
    """Returns the coders to show, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Show", id="coders.save"),
        Binding("escape", "cancel", "Cancel", id="coders.cancel"),
    ]

    def __init__(self, coders: list[str], shown: frozenset[str] | None) -> None:
        super().__init__()
        self.coders = coders
        self.shown = shown

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="coder-filter"):
            yield Label("Show the codings of", classes="dialog-title")
            yield SelectionList[str](
                *((c, c, self.shown is None or c in self.shown) for c in self.coders)
            )
            yield Label(
                "Space or Enter toggles · ctrl+s shows · Esc cancels", classes="dialog-note"
            )

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()

    def action_save(self) -> None:
        self.dismiss(frozenset(self.query_one(SelectionList).selected))

    def action_cancel(self) -> None:
        self.dismiss(None)
