"""The status line: what was just saved (or why not), and where the cursor is."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from textual.containers import Horizontal
from textual.widgets import Label

if TYPE_CHECKING:
    from textual.app import ComposeResult


class StatusLine(Horizontal):
    """One line above the footer. ``say`` is only called once a service has returned."""

    DEFAULT_CSS = """
    StatusLine {
        height: 1;
        background: $panel;
        color: $foreground;
        #status-message {
            width: 1fr;
            padding: 0 1;
            text-wrap: nowrap;
            text-overflow: ellipsis;
            &.-saved { color: $success; }
            &.-error { color: $error; text-style: bold; }
            &.-busy { color: $warning; }
        }
        #status-info {
            /* as wide as what it says (offset, segment), so the message keeps the rest */
            width: auto;
            max-width: 40%;
            content-align-horizontal: right;
            padding: 0 1;
            color: $foreground-muted;
            text-wrap: nowrap;
            text-overflow: ellipsis;
        }
    }
    """

    def compose(self) -> ComposeResult:
        yield Label("", id="status-message")
        yield Label("", id="status-info")

    said_at = 0.0
    """``time.monotonic()`` when the message was shown."""

    def say(self, text: str, level: str = "info") -> None:
        """Show a message; ``level`` is info, saved, busy or error."""
        self.said_at = time.monotonic()
        label = self.query_one("#status-message", Label)
        label.update(text, layout=False)  # fixed size: no layout pass on every save
        label.tooltip = text if len(text) > 80 else None  # the whole of a long message
        for cls in ("-saved", "-error", "-busy"):
            if label.has_class(cls) != (cls == f"-{level}"):
                label.set_class(cls == f"-{level}", cls)

    @property
    def message(self) -> str:
        return str(self.query_one("#status-message", Label).content)

    @property
    def level(self) -> str:
        """The level of the message shown: info, saved, busy or error."""
        label = self.query_one("#status-message", Label)
        return next((c[1:] for c in ("-saved", "-error", "-busy") if label.has_class(c)), "info")

    def set_info(self, text: str) -> None:
        self.query_one("#status-info", Label).update(text)
