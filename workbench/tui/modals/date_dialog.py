"""Dating a segment: type a date the way researchers write it, or pick a nearby mention.

Event-date mentions come first and the first of them is the default. Citations,
reference-list entries and page headers near the segment are listed apart, under
their own heading and marked with their kind: a coder may still pick one, but it
is never the default. A typed date is read back before it is saved; an ambiguous
one ("2004-8", "2001-04") says which reading was taken and needs a second Enter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from workbench.core.dates import format_range, parse_date, typed_date_note
from workbench.core.errors import InputError
from workbench.tui.widgets.segments import date_text

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.binding import BindingType

    from workbench.services.segments import DateChoices

CLEAR = ""
KIND_LABELS = {
    "citation": "citation",
    "reference": "reference list",
    "furniture": "page header/footer",
}


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
        self._confirming: str | None = None  # an ambiguous typed date shown back once

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
        options: list[Option | None] = []
        values: list[str] = []
        events = [m for m in self.choices.mentions if m.kind == "event"]
        others = [m for m in self.choices.mentions if m.kind != "event"]
        for m in events:
            options.append(Option(self._prompt(m.date, m.text, m.distance)))
            values.append(m.date)
        if self.choices.document_date:
            options.append(Option(Text(f"{self.choices.document_date}  the document's date")))
            values.append(self.choices.document_date)
        if self.choices.segment.own_date:
            options.append(Option(Text("clear the own date (use the rule again)", style="italic")))
            values.append(CLEAR)
        default = 0 if options else None
        if others:
            options.append(None)  # a separator line
            heading = "Not event dates: citations, reference list, page headers"
            options.append(Option(Text(heading, style="dim italic"), disabled=True))
            values.append(CLEAR)
            for m in others:
                prompt = self._prompt(m.date, m.text, m.distance)
                prompt.append(f"  [{KIND_LABELS.get(m.kind, m.kind)}]", style="yellow")
                options.append(Option(prompt, id=f"not-event-{len(values)}"))
                values.append(m.date)
        self._values = values
        box = self.query_one(OptionList)
        box.set_options(options)
        box.highlighted = default
        self.query_one(Input).focus()

    @staticmethod
    def _prompt(when: str, surface: str, distance: int) -> Text:
        prompt = Text()
        prompt.append(when, style="bold")
        prompt.append(f"  “{surface}”")
        prompt.append(f"  {distance} chars away" if distance else "  inside", style="dim")
        return prompt

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
        shown = Text(f"= {format_range(r)}: {r.start} to {r.end} ({r.precision})")
        note = typed_date_note(value)
        if note:
            shown.append(f"\n{note}", style="yellow")
        preview.update(shown)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        if not value:
            box = self.query_one(OptionList)
            if box.highlighted is not None and self._values:
                self.dismiss(self._values[box.highlighted])
            return
        try:
            r = parse_date(value)
        except InputError as exc:
            self.query_one("#date-preview", Label).update(Text(exc.message, style="red"))
            return
        note = typed_date_note(value)
        if note and self._confirming != value:
            self._confirming = value
            shown = Text(f"= {r.start} to {r.end} ({r.precision})\n{note}", style="yellow")
            shown.append("\nEnter again to save this reading", style="bold")
            self.query_one("#date-preview", Label).update(shown)
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
