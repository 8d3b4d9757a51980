"""Retrieval: all segments of a code, filtered by case, coder and date, with context."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Footer, Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from workbench.tui.bindings import RETRIEVAL
from workbench.tui.modals.code_picker import CodePickerDialog
from workbench.tui.widgets.segments import date_text
from workbench.tui.widgets.status import StatusLine
from workbench.tui.widgets.transcript import code_colour

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.app import ComposeResult
    from textual.binding import BindingType

    from workbench.services.retrieval import RetrievalResult, RetrievedSegment
    from workbench.tui.app import WorkbenchApp


def result_prompt(r: RetrievedSegment) -> Text:
    seg = r.segment
    out = Text()
    out.append("▌", style=code_colour(seg.colour, seg.code))
    out.append(f" {r.document}", style="bold")
    if r.case:
        out.append(f" · {r.case}")
    out.append(f" · {seg.coder} · {date_text(seg)}", style="italic")
    if seg.code_path != seg.code_name:
        out.append(f" · {seg.code_path}", style="dim")
    out.append("\n  ")
    out.append("…" + " ".join(r.before.split()) + " ", style="dim")
    out.append(" ".join(r.quote.split()), style="bold")
    out.append(" " + " ".join(r.after.split()) + "…", style="dim")
    if seg.memo:
        out.append(f"\n  memo: {seg.memo.splitlines()[0]}", style="italic")
    return out


class RetrievalScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = list(RETRIEVAL)

    def __init__(self, code: str | None = None) -> None:
        super().__init__()
        self.code = code
        self.result: RetrievalResult | None = None

    @property
    def wb(self) -> WorkbenchApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Static("Retrieve the segments of a code", id="screen-title")
        with Horizontal(id="retrieval-filters"):
            yield Button("Code…", id="choose-code")
            yield Select[str]([], prompt="any case", id="retrieve-case")
            yield Select[str]([], prompt="any coder", id="retrieve-coder")
            yield Input(placeholder="date 2001-2004", id="retrieve-date")
            yield Checkbox("children", True, id="retrieve-children")
        yield OptionList(id="results")
        yield StatusLine()
        yield Footer(compact=True)

    def on_mount(self) -> None:
        project, me, blind = self.wb.project, self.wb.settings.coder, self.wb.settings.blind

        def call() -> tuple[list[str], list[str]]:
            from workbench.services.coders import list_coders
            from workbench.services.reading import list_cases

            return list_cases(project), [c.handle for c in list_coders(project.uow())]

        def done(found: tuple[list[str], list[str]]) -> None:
            cases, coders = found
            self.query_one("#retrieve-case", Select).set_options([(c, c) for c in cases])
            coder = self.query_one("#retrieve-coder", Select)
            if blind:
                coder.set_options([(me, me)])
                coder.value = me
                coder.disabled = True
            else:
                coder.set_options([(c, c) for c in coders])

        self.wb.services.submit(call, done=done, failed=self._failed, description="filters")
        if self.code is None:
            self.action_choose_code()
        else:
            self.search()

    def _failed(self, exc: BaseException) -> None:
        from workbench.tui.jobs import describe_failure

        self.query_one(StatusLine).say(describe_failure(exc), "error")

    def action_choose_code(self) -> None:
        def chosen(guid: str | None) -> None:
            if guid is None:
                if self.code is None:
                    self.query_one(StatusLine).say("Choose a code: ctrl+o or the Code… button.")
                return
            self.code = guid
            self.search()

        self.app.push_screen(
            CodePickerDialog(self.wb.codes, self.wb.recent, title="Retrieve which code?"), chosen
        )

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "choose-code":
            self.action_choose_code()

    def on_select_changed(self, event: Select.Changed) -> None:
        self.search()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        self.search()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.search()

    def search(self) -> None:
        if self.code is None:
            return
        code = self.code
        case = self.query_one("#retrieve-case", Select).value
        coder = self.query_one("#retrieve-coder", Select).value
        if self.wb.settings.blind:
            coder = self.wb.settings.coder
        date = self.query_one("#retrieve-date", Input).value.strip() or None
        children = self.query_one("#retrieve-children", Checkbox).value
        project = self.wb.project
        status = self.query_one(StatusLine)
        status.say("Retrieving…", "busy")

        def call() -> RetrievalResult:
            from workbench.services.retrieval import retrieve_segments

            return retrieve_segments(
                project,
                code=code,
                include_children=children,
                case=case if isinstance(case, str) else None,
                coder=coder if isinstance(coder, str) else None,
                date=date,
            )

        def done(result: RetrievalResult) -> None:
            self.result = result
            self.query_one("#choose-code", Button).label = result.code_path
            box = self.query_one(OptionList)
            box.set_options([Option(result_prompt(r)) for r in result.segments])
            if result.segments:
                box.highlighted = 0
                box.focus()
            shown = len(result.segments)
            more = f" (showing the first {shown})" if shown < result.total else ""
            status.say(
                f"{result.total} segment{'' if result.total == 1 else 's'} of "
                f"{result.code_path}{more}. "
                "Enter opens the document at the segment."
            )

        self.wb.services.submit(call, done=done, failed=self._failed, description="retrieve")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if self.result is None:
            return
        seg = self.result.segments[event.option_index].segment
        self.wb.open_document(seg.document_id, offset=seg.start, end=seg.end)

    def action_back(self) -> None:
        self.app.pop_screen()

    def palette_commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        return [
            (
                "retrieve: Choose code…",
                "Retrieve the segments of another code",
                self.action_choose_code,
            ),
            ("retrieve: Back", "Leave retrieval", self.action_back),
        ]
