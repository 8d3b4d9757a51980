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
    """

    coder: str
    blind: bool = False
    theme: str = "textual-dark"
    keymap: dict[str, str] = field(default_factory=dict)
    open_document: int | None = None
    animate: bool = True
