"""Dating a segment: type a date the way researchers write it, or pick a nearby mention."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from workbench.core.dates import format_range, parse_date
from workbench.core.errors import InputError
from workbench.tui.widgets.segments import date_text

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.binding import BindingType

    from workbench.services.segments import DateChoices

CLEAR = ""


class DateDialog(ModalScreen["str | None"]):
    """Returns a date spec to store as the segment's own date, ``""`` to clear it, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="date.cancel"),
        Binding("down", "move(1)", "Down", show=False, id="date.down"),
        Binding("up", "move(-1)", "Up", show=False, id="date.up"),
    ]

    def __init__(self, choices: DateChoices) -> None:
        super().__init__()
        self.choices = choices
        self._values: list[str] = []

    def compose(self) -> ComposeResult:
        seg = self.choices.segment
        with Vertical(classes="dialog", id="date-dialog"):
            yield Label(f"Date of the event: {seg.code_name}", classes="dialog-title")
            yield Label(f"Now: {date_text(seg)}", id="date-now")
            yield Input(
                placeholder="2003, March 2004, 2001-2004, Q3 2004, spring 2002 …",
                value=seg.own_date or "",
            )
            yield Label("", id="date-preview")
            yield Label("Or pick a date mentioned nearby:", classes="dialog-note")
            yield OptionList(id="date-options")

    def on_mount(self) -> None:
        options: list[Option] = []
        for m in self.choices.mentions:
            prompt = Text()
            prompt.append(m.date, style="bold")
            prompt.append(f"  “{m.text}”")
            prompt.append(f"  {m.distance} chars away" if m.distance else "  inside", style="dim")
            options.append(Option(prompt))
            self._values.append(m.date)
        if self.choices.document_date:
            options.append(Option(Text(f"{self.choices.document_date}  the document's date")))
            self._values.append(self.choices.document_date)
        if self.choices.segment.own_date:
            options.append(Option(Text("clear the own date (use the rule again)", style="italic")))
            self._values.append(CLEAR)
        box = self.query_one(OptionList)
        box.set_options(options)
        if options:
            box.highlighted = 0
        self.query_one(Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        preview = self.query_one("#date-preview", Label)
        value = event.value.strip()
        if not value:
            preview.update("")
            return
        try:
            r = parse_date(value)
        except InputError as exc:
            preview.update(Text(exc.message, style="red"))
            return
        preview.update(Text(f"= {format_range(r)}: {r.start} to {r.end} ({r.precision})"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        if not value:
            box = self.query_one(OptionList)
            if box.highlighted is not None and self._values:
                self.dismiss(self._values[box.highlighted])
            return
        try:
            parse_date(value)
        except InputError as exc:
            self.query_one("#date-preview", Label).update(Text(exc.message, style="red"))
            return
        self.dismiss(value)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self._values[event.option_index])

    def action_move(self, delta: int) -> None:
        box = self.query_one(OptionList)
        if box.option_count:
            current = box.highlighted
            box.highlighted = (
                0 if current is None else max(0, min(box.option_count - 1, current + delta))
            )

    def action_cancel(self) -> None:
        self.dismiss(None)
