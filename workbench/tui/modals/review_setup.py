"""What a review compares: two coders, all codes or one, and the unit of comparison."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Select

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.binding import BindingType

    from workbench.services.records import CodeInfo

UNITS = ("sentence", "turn", "paragraph", "character")


@dataclass(frozen=True, slots=True)
class ReviewChoice:
    """Coders A and B, the code filter (None: all codes) and the unit, as ``agree`` takes them.

    The unit decides where coders count as disagreeing, exactly as the agreement
    statistics count it, so the review settles what the figures report.
    """

    coders: tuple[str, str]
    code: str | None = None
    unit: str = "sentence"

    @property
    def label(self) -> str:
        return f"{self.coders[0]} (A) vs {self.coders[1]} (B)"


class ReviewSetupDialog(ModalScreen["ReviewChoice | None"]):
    """Returns the new choice, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Review", id="review-setup.save"),
        Binding("escape", "cancel", "Cancel", id="review-setup.cancel"),
    ]
    DEFAULT_CSS = """
    ReviewSetupDialog { align: center middle; }
    #review-setup Horizontal { height: auto; }
    #review-setup Select { width: 1fr; }
    #review-setup .field { width: 10; padding: 1 1 0 0; }
    #review-setup-error { color: $error; }
    """

    def __init__(
        self, coders: list[str], codes: list[CodeInfo], choice: ReviewChoice | None
    ) -> None:
        super().__init__()
        self.coders = coders
        self.codes = [c for c in codes if c.status == "active"]
        self.choice = choice

    def compose(self) -> ComposeResult:
        choice = self.choice
        options = [(c, c) for c in self.coders]
        with Vertical(classes="dialog", id="review-setup"):
            yield Label("Review the disagreements of", classes="dialog-title")
            with Horizontal():
                yield Label("coder A", classes="field")
                yield Select[str](
                    options,
                    prompt="coder A",
                    id="coder-a",
                    value=choice.coders[0] if choice else Select.NULL,
                )
            with Horizontal():
                yield Label("coder B", classes="field")
                yield Select[str](
                    options,
                    prompt="coder B",
                    id="coder-b",
                    value=choice.coders[1] if choice else Select.NULL,
                )
            with Horizontal():
                yield Label("code", classes="field")
                yield Select[str](
                    [(c.path, c.guid) for c in self.codes],
                    prompt="all codes",
                    id="review-code",
                    value=choice.code if choice and choice.code else Select.NULL,
                )
            with Horizontal():
                yield Label("unit", classes="field")
                yield Select[str](
                    [(u, u) for u in UNITS],
                    allow_blank=False,
                    id="review-unit",
                    value=choice.unit if choice else "sentence",
                )
            yield Label("", id="review-setup-error")
            yield Label(
                "A unit counts as coded when a segment touches it, as in 'workbench agree'. "
                "ctrl+s reviews · Esc cancels",
                classes="dialog-note",
            )

    def on_mount(self) -> None:
        self.query_one("#coder-a", Select).focus()

    def action_save(self) -> None:
        a = self.query_one("#coder-a", Select).value
        b = self.query_one("#coder-b", Select).value
        code = self.query_one("#review-code", Select).value
        unit = self.query_one("#review-unit", Select).value
        error = self.query_one("#review-setup-error", Label)
        if not isinstance(a, str) or not isinstance(b, str):
            error.update("Choose coder A and coder B.")
            return
        if a == b:
            error.update("Coder A and coder B must be two different coders.")
            return
        self.dismiss(
            ReviewChoice(
                coders=(a, b),
                code=code if isinstance(code, str) else None,
                unit=unit if isinstance(unit, str) else "sentence",
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)
