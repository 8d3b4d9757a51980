"""Adding, changing or removing a phase of a bracket scheme."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.binding import BindingType


@dataclass(frozen=True, slots=True)
class PhaseEdit:
    """What the researcher asked for; ``remove`` deletes the phase being edited."""

    scheme: str
    label: str
    start: str
    end: str
    justification: str
    remove: bool = False


class PhaseDialog(ModalScreen["PhaseEdit | None"]):
    """Returns the phase as typed (dates in any form ``phases add`` takes), or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="phase.save"),
        Binding("escape", "cancel", "Cancel", id="phase.cancel"),
    ]

    def __init__(
        self,
        *,
        scheme: str,
        label: str = "",
        start: str = "",
        end: str = "",
        justification: str = "",
        editing: bool = False,
    ) -> None:
        super().__init__()
        self.scheme = scheme
        self.values = (label, start, end, justification)
        self.editing = editing

    def compose(self) -> ComposeResult:
        label, start, end, why = self.values
        title = "Change the phase" if self.editing else "Add a phase"
        with Vertical(classes="dialog", id="phase-dialog"):
            yield Label(title, classes="dialog-title")
            yield Input(self.scheme, placeholder="scheme", id="phase-scheme")
            yield Input(label, placeholder="label, e.g. duplicative imitation", id="phase-label")
            with Horizontal(id="phase-dates"):
                yield Input(start, placeholder="start: 1999, 2001-07, Q3 2001", id="phase-start")
                yield Input(end, placeholder="end (inclusive): 2001-06", id="phase-end")
            yield Input(why, placeholder="why it starts and ends there", id="phase-why")
            with Horizontal(id="phase-buttons"):
                yield Button("Save", variant="primary", id="phase-save")
                if self.editing:
                    yield Button("Remove", variant="error", id="phase-remove")
                yield Button("Cancel", id="phase-cancel")
            yield Label(
                "ctrl+s or Enter saves · Esc cancels · dates as 'workbench phases add' takes them",
                classes="dialog-note",
            )

    def on_mount(self) -> None:
        self.query_one("#phase-scheme", Input).disabled = self.editing
        self.query_one("#phase-label", Input).focus()

    def _edit(self, *, remove: bool = False) -> PhaseEdit:
        def value(name: str) -> str:
            return self.query_one(f"#phase-{name}", Input).value.strip()

        return PhaseEdit(
            value("scheme"), value("label"), value("start"), value("end"), value("why"), remove
        )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "phase-save":
            self.action_save()
        elif event.button.id == "phase-remove":
            self.dismiss(self._edit(remove=True))
        else:
            self.dismiss(None)

    def action_save(self) -> None:
        edit = self._edit()
        missing = [
            name
            for name, value in (
                ("scheme", edit.scheme),
                ("label", edit.label),
                ("start", edit.start),
                ("end", edit.end),
            )
            if not value
        ]
        if missing:
            self.notify(f"Fill in: {', '.join(missing)}", severity="warning")
            return
        self.dismiss(edit)

    def action_cancel(self) -> None:
        self.dismiss(None)
