"""Drilling down from the timeline: the quotes behind a phase, a cell or a bin, the
continuity of a frontier, and opening a quote in the coding view. A mixin of
``TimelineScreen``, kept apart so the screen stays about computing and showing."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.widgets import DataTable, OptionList, Static, TabbedContent
from textual.widgets.option_list import Option

from workbench.tui.widgets.timeline import bin_label, frontier_name
from workbench.tui.widgets.timeline_details import quote_prompt, theme_names

if TYPE_CHECKING:
    from workbench.bracketing.result import FrontierResult
    from workbench.services.timeline import EventQuote, TimelineRun
    from workbench.tui.app import WorkbenchApp
    from workbench.tui.widgets.status import StatusLine
    from workbench.tui.widgets.timeline import TimelineView


class QuoteActions:
    """Enter on the timeline, the frontiers table, the continuity table and the quotes."""

    run: TimelineRun | None
    quotes: list[EventQuote]
    frontier: tuple[int, int] | None

    if TYPE_CHECKING:

        @property
        def wb(self) -> WorkbenchApp: ...
        @property
        def view(self) -> TimelineView: ...
        @property
        def status(self) -> StatusLine: ...
        def query_one(self, selector: Any, expect_type: Any = None) -> Any: ...
        def _show_phase(self, key: int, index: int) -> None: ...
        def _frontier_at(self, key: int, index: int) -> FrontierResult | None: ...
        def _fill_continuity(self) -> None: ...
        def _failed(self, exc: BaseException) -> None: ...

    def on_timeline_view_chosen(self, event: TimelineView.Chosen) -> None:
        run, view = self.run, self.view
        if run is None:
            return
        row, b = view.cursor, view.bin
        tl = run.result.timeline
        when = bin_label(tl.bin_starts[b], tl.bin_unit)
        if row.kind == "bands":
            found = view.phase_at(row.key, b)
            if found is None:
                self.status.say("No phase here: move onto a band.")
                return
            index, phase = found
            self._show_phase(row.key, index)
            self.drill(phase.first_bin, phase.last_bin, None, f"Phase “{phase.label}”")
        elif row.kind == "frontiers":
            f = view.frontier_near(row.key, b)
            if f is not None:
                self.show_frontier(row.key, f.index)
        elif row.kind == "theme":
            theme = run.themes[row.key]
            self.drill(b, b, theme.guid, f"{theme.name} in {when}")
        elif row.kind == "volume":
            self.drill(b, b, None, f"Every theme in {when}")
        elif row.kind == "case":
            name = row.label.removeprefix("▹ ")
            self.drill(b, b, None, f"{name} in {when}", case=name)
        else:
            self.status.say("Indicators are figures, not coded segments: no quotes behind them.")

    def drill(
        self, first: int, last: int, theme: str | None, title: str, *, case: str | None = None
    ) -> None:
        """List the coded segments behind bins ``first..last`` (of ``theme``, of ``case``)."""
        run = self.run
        if run is None:
            return
        project = self.wb.project
        self.status.say("Finding the quotes…", "busy")

        def call() -> tuple[list[EventQuote], int]:
            from workbench.services.timeline import quotes_behind

            return quotes_behind(
                project, run=run, first_bin=first, last_bin=last, theme=theme, case=case
            )

        def done(found: tuple[list[EventQuote], int]) -> None:
            quotes, total = found
            self.quotes = quotes
            box = self.query_one("#quotes", OptionList)
            box.set_options([Option(quote_prompt(q)) for q in quotes])
            more = f" (the first {len(quotes)} shown)" if len(quotes) < total else ""
            self.query_one("#quotes-title", Static).update(
                f"{title}: {total} coded segment{'' if total == 1 else 's'}{more}, by date. "
                "Enter opens one in the coding view; Esc goes back to the timeline."
            )
            self.query_one(TabbedContent).active = "tab-quotes"
            if quotes:
                box.highlighted = 0
                box.focus()
            self.status.say(f"{title}: {total} coded segments.")

        self.wb.services.submit(
            call, done=done, failed=self._failed, description="timeline quotes", ordered=False
        )

    def _clear_quotes(self) -> None:
        self.quotes = []
        self.query_one("#quotes", OptionList).clear_options()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id != "quotes" or not self.quotes:
            return
        q = self.quotes[event.option_index]
        self.wb.open_document(q.document_id, offset=q.start, end=q.end)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        key = event.row_key.value or ""
        if event.data_table.id == "frontiers":
            seg, index = (int(part) for part in key.split(":"))
            self.show_frontier(seg, index)
        elif event.data_table.id == "continuity" and self.frontier and self.run:
            f = self._frontier_at(*self.frontier)
            if f is None:
                return
            seg = self.view.segmentation(self.frontier[0])
            before, after = seg.phases[f.index], seg.phases[f.index + 1]
            name = theme_names(self.run).get(key, key)
            self.drill(
                before.first_bin,
                after.last_bin,
                key,
                f"{name} across {f.before} → {f.after}",
            )

    def show_frontier(self, key: int, index: int) -> None:
        """Select a frontier: the cursor on it, its continuity table in view."""
        f = self._frontier_at(key, index)
        if f is None:
            return
        self.frontier = (key, index)
        self.view.select("frontiers", key, f.bin)
        self._fill_continuity()
        self.query_one(TabbedContent).active = "tab-continuity"
        self.status.say(
            f"Frontier {frontier_name(key, index)}: {f.before} → {f.after}. Enter on a theme "
            "lists its quotes on both sides."
        )
