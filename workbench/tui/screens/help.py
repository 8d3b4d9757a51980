"""The help screen (F1 or ?): every key, generated from the bindings themselves."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from workbench.tui.bindings import HELP_SECTIONS

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.binding import BindingType

INTRO = (
    "Select text (shift+arrows, w/s/t/p for word, sentence, turn, paragraph, or drag with the "
    "mouse), then press a to pick a code or a digit for a code's shortcut. Every change is "
    "saved at once; the status line says so. ctrl+z undoes, ctrl+y redoes, also after a "
    "restart. ctrl+p opens the command palette with every action."
)


KEY_NAMES = {
    "question_mark": "?",
    "slash": "/",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "plus": "+",
    "minus": "-",
    "equals_sign": "=",
    "apostrophe": "'",
}


def _keys(binding: Binding, keymap: dict[str, str]) -> str:
    keys = keymap.get(binding.id or "", binding.key)
    shown = []
    for key in keys.split(","):
        for name, char in KEY_NAMES.items():
            key = key.replace(name, char)
        shown.append(key)
    return ", ".join(shown)


def help_table(keymap: dict[str, str]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for title, bindings in HELP_SECTIONS:
        table.add_row(Text(title, style="bold underline"), "")
        for b in bindings:
            if b.id == "coding.shortcut-0":
                table.add_row("0 … 9", "Apply the code with that shortcut")
            elif not (b.id or "").startswith("coding.shortcut-"):
                table.add_row(_keys(b, keymap), b.tooltip or b.description)
        table.add_row("", "")
    from workbench.tui.screens.report_dialog import PALETTE

    table.add_row(Text("Reports and export (ctrl+p)", style="bold underline"), "")
    for _kind, title, text in PALETTE:
        table.add_row(title.rstrip("…"), text)
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,q,question_mark", "dismiss", "Close", id="help.close"),
    ]

    def compose(self) -> ComposeResult:
        keymap = getattr(self.app, "settings", None)
        with VerticalScroll(id="help", classes="dialog"):
            yield Static(Text("Workbench keys", style="bold"), classes="dialog-title")
            yield Static(INTRO, id="help-intro")
            yield Static(help_table(dict(keymap.keymap) if keymap else {}))
            yield Static("Esc closes this screen.", classes="dialog-note")
