"""The timeline's window (w): the stretch of time shown and bracketed, and the one line
that says which events lie outside it.

By default the timeline leaves out dates far from the bulk of the events
(``services.timeline.default_window``); the researcher can type another window here,
go back to the default, or show every event. The dates are read as ``phases add``
reads them; a date that cannot be read is said in the dialog and nothing changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from workbench.core.errors import InputError

if TYPE_CHECKING:
    import datetime as dt

    from textual.app import ComposeResult
    from textual.binding import BindingType

    from workbench.services.timeline import Outside, Window


def outside_note(window: Window, outside: Outside) -> str:
    """One line naming the events the window leaves out, and how to change it;
    empty when every event is shown."""
    if not outside.total:
        return ""
    parts = []
    if outside.before:
        parts.append(f"{_events(outside.before)} before {_day(window.start)}")
    if outside.after:
        parts.append(f"{_events(outside.after)} after {_day(window.end)}")
    why = "outlying dates" if window.chosen == "auto" else "outside the window you set"
    return f"{' and '.join(parts)} not shown ({why}); w to set the window"


def window_text(window: Window) -> str:
    """The window in the title: "1995-01-01 to 2018-12-31", or "" when open."""
    if window.start is None and window.end is None:
        return ""
    return f"{_day(window.start) or '…'} to {_day(window.end) or '…'}"


def _events(n: int) -> str:
    return f"{n} event{'' if n == 1 else 's'}"


def _day(day: dt.date | None) -> str:
    return day.isoformat() if day is not None else ""


class WindowDialog(ModalScreen["Window | None"]):
    """Returns the window asked for (typed, the default or every event), or None."""

    DEFAULT_CSS = """
    WindowDialog { align: center middle; }
    #window-dates { height: auto; Input { width: 1fr; } }
    #window-buttons { height: auto; Button { margin: 0 1 0 0; } }
    #window-error { color: $error; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Set", id="window.save"),
        Binding("escape", "cancel", "Cancel", id="window.cancel"),
    ]

    def __init__(self, *, start: str = "", end: str = "") -> None:
        super().__init__()
        self.values = (start, end)

    def compose(self) -> ComposeResult:
        start, end = self.values
        with Vertical(classes="dialog", id="window-dialog"):
            yield Label("The timeline's window", classes="dialog-title")
            with Horizontal(id="window-dates"):
                yield Input(
                    start, placeholder="from: 1995, 2001-07 (blank: open)", id="window-from"
                )
                yield Input(end, placeholder="to (inclusive): 2018 (blank: open)", id="window-to")
            yield Label("", id="window-error", classes="dialog-note")
            with Horizontal(id="window-buttons"):
                yield Button("Set", variant="primary", id="window-set")
                yield Button("Default", id="window-default")
                yield Button("Every event", id="window-all")
                yield Button("Cancel", id="window-cancel")
            yield Label(
                "Enter sets · Default leaves out outlying dates · Esc cancels",
                classes="dialog-note",
            )

    def on_mount(self) -> None:
        self.query_one("#window-from", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        from workbench.services.timeline import Window

        if event.button.id == "window-set":
            self.action_save()
        elif event.button.id == "window-default":
            self.dismiss(Window(chosen="auto"))
        elif event.button.id == "window-all":
            self.dismiss(Window())
        else:
            self.dismiss(None)

    def action_save(self) -> None:
        from workbench.services.timeline import parse_window

        start = self.query_one("#window-from", Input).value
        end = self.query_one("#window-to", Input).value
        try:
            window = parse_window(start, end)
        except InputError as exc:
            self.query_one("#window-error", Label).update(str(exc))
            return
        self.dismiss(window)

    def action_cancel(self) -> None:
        self.dismiss(None)
