"""Writing a segment's memo."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, TextArea

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.binding import BindingType


class MemoDialog(ModalScreen["str | None"]):
    """Returns the memo text (``""`` removes the memo), or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="memo.save"),
        Binding("escape", "cancel", "Cancel", id="memo.cancel"),
    ]

    def __init__(self, memo: str | None, *, title: str) -> None:
        super().__init__()
        self.memo = memo or ""
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="memo-dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield TextArea(self.memo, id="memo-text", soft_wrap=True, show_line_numbers=False)
            yield Label(
                "ctrl+s saves · Esc cancels · an empty memo removes it", classes="dialog-note"
            )

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        self.dismiss(None)
