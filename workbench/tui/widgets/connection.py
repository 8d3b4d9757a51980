"""The banner across the top of the screen while the project database cannot be reached.

The app mounts it on whichever screen is in front (a dialog included) and takes
it away once the database answers again; it docks at the top, so the screen's
own layout only gets one or two lines shorter while it shows.
"""

from __future__ import annotations

from textual.widgets import Static


class ConnectionBanner(Static):
    """Says that the connection is lost, what is kept, and when it is tried again."""

    DEFAULT_CSS = """
    ConnectionBanner {
        dock: top;
        width: 100%;
        height: auto;
        max-height: 3;
        padding: 0 1;
        background: $error;
        color: $text;
        text-style: bold;
    }
    """

    @property
    def text(self) -> str:
        return str(self.content)
