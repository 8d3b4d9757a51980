"""Settings of one TUI session, built by the CLI (or a test) and handed to ``make_app``."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class TuiSettings:
    """Who codes, how, and how the app looks.

    ``blind``: the coder sees only their own codings (for agreement studies).
    ``keymap``: binding id -> keys, overriding the defaults (see ``tui/bindings.py``).
    ``open_document``: open this document straight away (the document list stays below).
    ``animate``: off in tests and benchmarks, so scrolling is immediate.
    ``live_seconds``: how often to look for other coders' changes (None: never).
    ``retry_seconds``: how long an action is kept and sent again while the database
    cannot be reached, before the coder is told it was not saved.
    """

    coder: str
    blind: bool = False
    theme: str = "textual-dark"
    keymap: dict[str, str] = field(default_factory=dict)
    open_document: int | None = None
    animate: bool = True
    live_seconds: float | None = 1.0
    retry_seconds: float = 60.0
