"""The code picker: fuzzy search over names, paths, keywords; recent codes first; digit keys.

rapidfuzz (through ``CodeIndex``) forgives typos ("tacit knowlege"); with an
empty query the coder's recent codes come first, then the whole tree, and a
digit typed first picks the code with that shortcut at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from workbench.services.codebook import code_index
from workbench.tui.widgets.transcript import code_colour

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.binding import BindingType

    from workbench.services.records import CodeInfo


def _prompt(code: CodeInfo, note: str = "") -> Text:
    out = Text()
    out.append("■ ", style=code_colour(code.colour, code.guid))
    out.append(code.path)
    if code.shortcut:
        out.append(f"  [{code.shortcut}]", style="bold")
    if note:
        out.append(f"  {note}", style="dim italic")
    return out


class CodePickerDialog(ModalScreen["str | None"]):
    """Returns the chosen code's guid, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="picker.cancel"),
        Binding("down", "move(1)", "Down", show=False, id="picker.down"),
        Binding("up", "move(-1)", "Up", show=False, id="picker.up"),
    ]

    def __init__(self, codes: list[CodeInfo], recent: list[str], *, title: str) -> None:
        super().__init__()
        self.codes = [c for c in codes if c.status == "active"]
        self.by_guid = {c.guid: c for c in self.codes}
        self.recent = [g for g in recent if g in self.by_guid]
        self.title_text = title
        self._index = code_index(self.codes)
        self._shown: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="code-picker"):
            yield Label(self.title_text, classes="dialog-title")
            yield Input(placeholder="type a code, a path or a keyword; a digit picks its shortcut")
            yield OptionList(id="code-options")

    def on_mount(self) -> None:
        self._show("")
        self.query_one(Input).focus()

    def _show(self, query: str) -> None:
        options: list[Option] = []
        shown: list[str] = []
        if not query.strip():
            for guid in self.recent:
                shown.append(guid)
                options.append(Option(_prompt(self.by_guid[guid], "recent"), id=f"r-{guid}"))
            for code in self.codes:
                if code.guid not in self.recent:
                    shown.append(code.guid)
                    options.append(Option(_prompt(code), id=code.guid))
        else:
            rank = {g: i for i, g in enumerate(self.recent)}
            matches = self._index.find(query, limit=40, cutoff=60)
            matches.sort(key=lambda m: (-(m.score + (3 if m.id in rank else 0)), m.path))
            for m in matches:
                code = self.by_guid[m.id]
                note = f"{m.field}: {m.matched}" if m.field in ("keyword", "synonym") else ""
                shown.append(code.guid)
                options.append(Option(_prompt(code, note), id=code.guid))
        self._shown = shown
        box = self.query_one(OptionList)
        box.set_options(options)
        if options:
            box.highlighted = 0

    def on_input_changed(self, event: Input.Changed) -> None:
        value = event.value
        if len(value) == 1 and value.isdigit():
            for code in self.codes:
                if code.shortcut == value:
                    self.dismiss(code.guid)
                    return
        self._show(value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._choose(self.query_one(OptionList).highlighted)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option_index)

    def _choose(self, index: int | None) -> None:
        if index is not None and 0 <= index < len(self._shown):
            self.dismiss(self._shown[index])

    def action_move(self, delta: int) -> None:
        box = self.query_one(OptionList)
        if box.option_count:
            box.highlighted = max(0, min(box.option_count - 1, (box.highlighted or 0) + delta))

    def action_cancel(self) -> None:
        self.dismiss(None)
