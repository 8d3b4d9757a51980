"""Cases against the pooled phases: a row per case, a column per pooled frontier.

The same figures as ``workbench bracket --cases`` (see ``bracketing.case_shift``): each
case's crossing of each pooled frontier, as the shift in days from the pooled date
(+ later) with its interval, and the flag when the case's timing differs from the
typical case's. The rule, the typical crossing per frontier and any transition phase are
said above the table, so that "LATE" never has to be guessed at. The bracketing runs in
a worker, with the source resamples, on quarter bins.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from workbench.tui.widgets.status import StatusLine

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.app import ComposeResult
    from textual.binding import BindingType

    from workbench.bracketing.case_results import (
        CaseFrontierShiftResult,
        CaseShiftResult,
        CaseTimingResult,
    )
    from workbench.tui.app import WorkbenchApp

BOOTSTRAP = 200
SEED = 1
FREQ = "quarter"


def _signed(days: int | None, open_end: str) -> str:
    return open_end if days is None else f"{days:+d}"


def frontier_cell(f: CaseFrontierShiftResult) -> str:
    """One case at one frontier, in a table cell."""
    if f.status == "not crossed":
        return "NOT CROSSED" if f.timing == "not crossed" else "not crossed"
    text = f"{_signed(f.shift_days, '?')}"
    if f.interval_days is not None:
        lo, hi = f.interval_days
        text += f" [{_signed(lo, 'before')}, {_signed(hi, 'after')}]"
    if f.status != "found":
        return f"too few to tell ({text})"
    if f.timing in ("late", "early"):
        text += f" {f.timing.upper()}"
    return text


def case_row(case: CaseShiftResult, n_frontiers: int) -> tuple[str, ...]:
    head = (case.case, str(case.n_events), str(case.n_sources))
    if case.status != "analysed":
        return (*head, *([case.status] + [""] * (n_frontiers - 1)), "")
    cells = tuple(frontier_cell(f) for f in case.frontiers)
    return (*head, *cells, "flagged" if case.flagged else "")


def notes_text(timing: CaseTimingResult) -> str:
    lines = [f"Placed on {timing.reference}; {timing.n_flagged} flagged. Rule: {timing.rule}."]
    for j, (date, typical) in enumerate(
        zip(timing.pooled_frontiers, timing.typical_shift_days, strict=True)
    ):
        name = f"{timing.pooled_labels[j]} | {timing.pooled_labels[j + 1]}"
        where = (
            "too few cases cross it for a typical date"
            if typical is None
            else f"the typical case crosses {typical:+d} days from it"
        )
        lines.append(f"{name}: pooled {date}; {where}")
    lines.extend(f"Note: {note}" for note in timing.transition_notes)
    return "\n".join(lines)


class CasesScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="cases.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.timing: CaseTimingResult | None = None

    @property
    def wb(self) -> WorkbenchApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Static("Cases against the pooled phases", id="screen-title")
        yield Static("", id="cases-notes")
        yield DataTable(id="cases", zebra_stripes=True, cursor_type="row")
        yield StatusLine()
        yield Footer(compact=True)

    def on_mount(self) -> None:
        project = self.wb.project
        coders = [self.wb.settings.coder] if self.wb.settings.blind else None
        self.query_one(StatusLine).say(
            f"Bracketing with {BOOTSTRAP} source resamples, then placing each case…", "busy"
        )

        def call() -> CaseTimingResult:
            from workbench.services.bracketing import run_bracketing
            from workbench.services.case_bracketing import run_case_timing

            params = {"bin_unit": FREQ, "bootstrap": BOOTSTRAP, "seed": SEED}
            result, events = run_bracketing(project, coders=coders, params=params)
            return run_case_timing(project, result, events, replicates=BOOTSTRAP, seed=SEED)

        self.wb.services.submit(call, done=self.show, failed=self._failed, description="cases")

    def show(self, timing: CaseTimingResult) -> None:
        self.timing = timing
        table = self.query_one("#cases", DataTable)
        table.clear(columns=True)
        if timing.note:
            self.query_one("#cases-notes", Static).update(Text(timing.note))
            self.query_one(StatusLine).say(timing.note)
            return
        names = [
            f"{timing.pooled_labels[j]} | {timing.pooled_labels[j + 1]}"
            for j in range(len(timing.pooled_frontiers))
        ]
        table.add_columns("Case", "Events", "Sources", *names, "")
        for case in timing.cases:
            # Text, not markup: an interval such as "[before, after]" would read as a tag
            table.add_row(*(Text(cell) for cell in case_row(case, len(names))), key=case.case)
        self.query_one("#cases-notes", Static).update(Text(notes_text(timing)))
        analysed = sum(c.status == "analysed" for c in timing.cases)
        self.query_one(StatusLine).say(
            f"{len(timing.cases)} cases, {analysed} placed, {timing.n_flagged} flagged; "
            "shifts in days from the pooled frontier (+ later), 95% interval"
        )
        table.focus()

    def _failed(self, exc: BaseException) -> None:
        from workbench.tui.jobs import describe_failure

        self.query_one(StatusLine).say(describe_failure(exc), "error")

    def action_back(self) -> None:
        self.app.pop_screen()

    def palette_commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        return [("cases: Back", "Leave the per-case view (Esc)", self.action_back)]
