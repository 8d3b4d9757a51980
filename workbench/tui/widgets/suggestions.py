"""The suggestions panel: suggested codings and dates, accepted or rejected with one key."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from workbench.tui.bindings import SUGGESTIONS
from workbench.tui.widgets.transcript import code_colour

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.binding import BindingType

    from workbench.services.suggestions import Suggestion


def suggestion_prompt(s: Suggestion, text: str) -> Text:
    out = Text()
    out.append("▌", style=code_colour(s.colour, s.code))
    if s.kind == "date":
        out.append(f" date {s.event_date}", style="bold")
        out.append(f" for {s.code_name}")
    else:
        out.append(f" {s.code_name}", style="bold")
    out.append(f"\n  {s.reason}", style="italic")
    quote = " ".join(text[s.start : s.end].split())
    out.append(f"\n  “{quote[:90]}{'…' if len(quote) > 90 else ''}”", style="dim")
    return out


class SuggestionList(OptionList):
    BINDINGS: ClassVar[list[BindingType]] = list(SUGGESTIONS)

    class Decided(Message):
        """The coder accepted or rejected a suggestion."""

        def __init__(self, suggestion: Suggestion, accepted: bool) -> None:
            super().__init__()
            self.suggestion = suggestion
            self.accepted = accepted

    class Shown(Message):
        """A suggestion was highlighted: the transcript shows its span."""

        def __init__(self, suggestion: Suggestion) -> None:
            super().__init__()
            self.suggestion = suggestion

    def __init__(self, **kwargs: str) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.items: list[Suggestion] = []

    def current(self) -> Suggestion | None:
        i = self.highlighted
        return self.items[i] if i is not None and 0 <= i < len(self.items) else None

    def action_accept(self) -> None:
        if (s := self.current()) is not None:
            self.post_message(self.Decided(s, True))

    def action_reject(self) -> None:
        if (s := self.current()) is not None:
            self.post_message(self.Decided(s, False))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if (s := self.current()) is not None:
            self.post_message(self.Shown(s))


class SuggestionsPanel(Vertical):
    DEFAULT_CSS = """
    SuggestionsPanel {
        #suggestions-note { padding: 0 1; color: $foreground-muted; height: auto; }
        SuggestionList { height: 1fr; }
    }
    """

    drawn_at: float | None = None
    """``time.perf_counter()`` when the last list of suggestions was drawn (benchmarks)."""

    def compose(self) -> ComposeResult:
        yield Label("Open the panel to look for suggestions.", id="suggestions-note")
        yield SuggestionList(id="suggestion-list")

    def note(self, text: str) -> None:
        self.query_one("#suggestions-note", Label).update(text)

    learning: bool = False
    """Whether the list is the interim one (codebook keywords) while the model learns."""

    def set_suggestions(self, items: list[Suggestion], text: str, learning: bool = False) -> None:
        """Show ``items``; ``learning``: they come from the codebook's keywords while the model
        is still learning from the codings, and the learned ones will replace them."""
        box = self.query_one(SuggestionList)
        box.items = list(items)
        box.set_options(
            [Option(suggestion_prompt(s, text), id=f"s{i}") for i, s in enumerate(items)]
        )
        self.learning = learning
        n = len(items)
        said = (
            f"{n} suggestion{'s' if n != 1 else ''}: y/Enter accept, r reject"
            if n
            else "No suggestions left for this document."
        )
        if learning:
            said = f"From keywords for now: learned ones follow in a moment.\n{said}"
        self.note(said)
        if n:
            box.highlighted = 0
        self.call_after_refresh(self._drawn)

    def _drawn(self) -> None:
        self.drawn_at = time.perf_counter()

    def drop(self, suggestion: Suggestion, text: str) -> None:
        """Take a decided suggestion off the list, keeping the place."""
        box = self.query_one(SuggestionList)
        at = box.highlighted or 0
        items = [s for s in box.items if s.key != suggestion.key]
        self.set_suggestions(items, text, self.learning)
        if items:
            box.highlighted = min(at, len(items) - 1)
