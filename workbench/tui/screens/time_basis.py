"""Event time against narration time (as ``workbench time-basis``), in the terminal.

Codings are placed on event time (their own date, a date mentioned, else the document's)
and on narration time (the document's date: when it was told). The screen leads with what
the choice changes (frontiers moved, themes classed otherwise), then the lag of narration
behind the event per source kind, with the share of codings that the narration date puts
in another phase, because a retrospective interview can move a frontier without anything
in the pooled figures saying so. Phases come from the scheme the timeline opens on when there
is one, else from those the data propose on event time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from workbench.tui.bindings import TIME_BASIS
from workbench.tui.widgets.status import StatusLine

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.app import ComposeResult
    from textual.binding import BindingType

    from workbench.bracketing.time_basis import BasisComparisonResult, LagSummaryResult
    from workbench.services.time_basis import TimeBasisRun
    from workbench.tui.app import WorkbenchApp

FREQ = "quarter"
BOOTSTRAP = 50
SEED = 1


def _days(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"


def _share(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def lag_row(lag: LagSummaryResult) -> tuple[str, ...]:
    """One source kind: codings, median lag and quartiles, shares over a year and moved."""
    return (
        lag.source_kind,
        str(lag.n),
        _days(lag.median_days),
        f"{_days(lag.q1_days)} to {_days(lag.q3_days)}",
        _share(lag.share_over_a_year),
        _share(lag.share_in_other_phase),
    )


def changes_text(c: BasisComparisonResult, n_event_only: int) -> str:
    """What changes, in the words of the comparison, with the frontiers on both bases."""
    lines = [
        f"{c.n_pairs} codings dated on both bases; phases from {c.phases_from}.",
        "What changes:",
        *(f"  - {line}" for line in c.conclusions),
        f"Frontiers on event time:     {', '.join(map(str, c.event_frontiers)) or 'none'}",
        f"Frontiers on narration time: {', '.join(map(str, c.narration_frontiers)) or 'none'}",
    ]
    if c.class_changes:
        lines.append("Themes classed differently (event -> narration):")
        lines.extend(
            f"  {x.frontier}: {x.theme} {x.event_class} -> {x.narration_class}"
            for x in c.class_changes[:12]
        )
        if len(c.class_changes) > 12:
            lines.append(f"  and {len(c.class_changes) - 12} more (workbench time-basis)")
    if n_event_only:
        lines.append(f"Note: {n_event_only} codings have no document date and are left out.")
    return "\n".join(lines)


class TimeBasisScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = list(TIME_BASIS)

    def __init__(self) -> None:
        super().__init__()
        self.run: TimeBasisRun | None = None

    @property
    def wb(self) -> WorkbenchApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Static("Event time against narration time", id="screen-title")
        yield Static("", id="time-basis-changes")
        yield Static("Lag of narration behind the event, per source kind (days):", id="lags-title")
        yield DataTable(id="lags", zebra_stripes=True, cursor_type="row")
        yield StatusLine()
        yield Footer(compact=True)

    def on_mount(self) -> None:
        project = self.wb.project
        coders = [self.wb.settings.coder] if self.wb.settings.blind else None
        self.query_one(StatusLine).say(
            "Bracketing on event time and on narration time, then comparing…", "busy"
        )

        def call() -> TimeBasisRun:
            from workbench.services.time_basis import compare_bases
            from workbench.services.timeline import timeline_choices

            schemes = timeline_choices(project).schemes
            params = {"bin_unit": FREQ, "bootstrap": BOOTSTRAP, "seed": SEED}
            return compare_bases(
                project, scheme=schemes[0] if schemes else None, coders=coders, params=params
            )

        self.wb.services.submit(call, done=self.show, failed=self._failed, description="bases")

    def show(self, run: TimeBasisRun) -> None:
        self.run = run
        c = run.comparison
        self.query_one("#time-basis-changes", Static).update(
            Text(changes_text(c, run.n_event_only))
        )
        table = self.query_one("#lags", DataTable)
        table.clear(columns=True)
        table.add_columns(
            "Source kind", "Codings", "Median", "Middle half", "Over a year", "In another phase"
        )
        for lag in c.lags:
            table.add_row(*(Text(cell) for cell in lag_row(lag)), key=lag.source_kind)
        moved = (
            "no coding falls in a phase on both bases, so none is said to move"
            if c.share_in_other_phase is None
            else f"{_share(c.share_in_other_phase)} of codings fall in another phase on "
            "narration time"
        )
        self.query_one(StatusLine).say(f"{moved}; the same figures as workbench time-basis")
        table.focus()

    def _failed(self, exc: BaseException) -> None:
        from workbench.tui.jobs import describe_failure

        self.query_one(StatusLine).say(describe_failure(exc), "error")

    def action_back(self) -> None:
        self.app.pop_screen()

    def palette_commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        return [("time basis: Back", "Leave the time-basis comparison (Esc)", self.action_back)]
