"""A question answered yes or no (y or Enter: yes; n or Esc: no)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.binding import BindingType


class ConfirmDialog(ModalScreen[bool]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, *, title: str, body: str, yes: str = "go on", no: str = "go back") -> None:
        super().__init__()
        self.title_text = title
        self.body = body
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="confirm-dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(self.body, id="confirm-body")
            yield Label(f"y or Enter: {self.yes} · n or Esc: {self.no}", classes="dialog-note")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
