"""Rows per case under the pooled phases (C). A mixin of ``TimelineScreen``.

The cases are placed on the pooled frontiers of the run on screen with the services the
cases screen uses, in a worker, from the run's own events (so its window, coder and bins);
a one-line note says so while they compute, then gives the legend and how many cases are
flagged. A new run (another scheme, coder, bin size or window) places them again; until
the new placement arrives the old rows stay, drawn on the new bins, and the note says
"computing". Enter on a case row lists the case's segments in the bin (``QuoteActions``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.widgets import Static

from workbench.tui.widgets.timeline_cases import CASES_LEGEND, case_summary

if TYPE_CHECKING:
    from workbench.bracketing.case_results import CaseTimingResult
    from workbench.services.timeline import TimelineRun
    from workbench.tui.app import WorkbenchApp
    from workbench.tui.widgets.status import StatusLine
    from workbench.tui.widgets.timeline import TimelineView

CASE_REPLICATES = 200
CASE_SEED = 1


class CaseActions:
    """Showing and hiding the case rows, and placing the cases for each new run."""

    run: TimelineRun | None
    showing_cases: bool = False
    cases_for: int | None = None
    """A hash of the run the shown case rows were placed on."""
    case_timing: CaseTimingResult | None = None

    if TYPE_CHECKING:

        @property
        def wb(self) -> WorkbenchApp: ...
        @property
        def view(self) -> TimelineView: ...
        @property
        def status(self) -> StatusLine: ...
        def query_one(self, selector: Any, expect_type: Any = None) -> Any: ...

    def _cases_note(self, text: str) -> None:
        box = self.query_one("#timeline-cases-note", Static)
        box.update(text)
        box.set_class(not text, "-empty")

    def action_cases(self) -> None:
        """Show (or hide) a row per case under the pooled phases."""
        self.showing_cases = not self.showing_cases
        if not self.showing_cases:
            self.view.show_cases(None)
            self._cases_note("")
            self.status.say("Case rows hidden; C shows them again.")
            return
        self.place_cases()

    def place_cases(self) -> None:
        """Place the cases on the run on screen, unless they already are."""
        run = self.run
        if not self.showing_cases or run is None:
            return
        # the support pass keeps the frontiers: only a new bracketing moves the cases
        seg = run.result.researcher or run.result.proposal.segmentation
        frontiers = tuple(f.date for f in seg.frontiers)
        wanted = hash((run.scheme, run.coder, run.freq, run.level, run.window, frontiers))
        if wanted == self.cases_for and self.case_timing is not None:
            self.view.show_cases(self.case_timing)
            return
        self.cases_for = wanted
        self._cases_note("Cases: placing each case on the pooled frontiers… (computing)")
        project = self.wb.project

        def call() -> CaseTimingResult:
            from workbench.services.timeline import timeline_cases

            return timeline_cases(project, run, replicates=CASE_REPLICATES, seed=CASE_SEED)

        def done(timing: CaseTimingResult) -> None:
            if wanted != self.cases_for or not self.showing_cases:
                return
            self.case_timing = timing
            self.view.show_cases(timing)
            if timing.note:
                self._cases_note(f"Cases: {timing.note}")
                return
            placed = sum(c.status == "analysed" for c in timing.cases)
            self._cases_note(
                f"{CASES_LEGEND} · {placed} of {len(timing.cases)} cases placed on "
                f"{timing.reference}, {timing.n_flagged} flagged"
            )

        def failed(exc: BaseException) -> None:
            from workbench.tui.jobs import describe_failure

            if wanted == self.cases_for:
                self.cases_for = None
                self.case_timing = None
                self.view.show_cases(None)  # no rows from an older run left standing
                self._cases_note(f"Cases: {describe_failure(exc)}")
                self.status.say(f"No case rows: {describe_failure(exc)}", "error")

        self.wb.services.submit(
            call, done=done, failed=failed, description="timeline cases", ordered=False
        )

    def describe_case(self, index: int) -> str:
        """The case row under the cursor, in words."""
        timing = self.case_timing
        if timing is None or index >= len(timing.cases):
            return ""
        return case_summary(timing.cases[index])
