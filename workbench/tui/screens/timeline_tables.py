"""The timeline's Frontiers and Continuity tables: filled to fit the terminal, refilled when
it is resized. A mixin of ``TimelineScreen``, kept apart so the screen stays about drawing.

Every figure keeps its width (``widgets.fitted_table``); when the frontiers do not fit in a
line each, the phases' name joins the frontier's words and the intervals take two or three
lines, rather than running off the right of the screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.widgets import DataTable, Static

from workbench.tui.widgets.fitted_table import fill_table, fits
from workbench.tui.widgets.timeline_details import (
    CONTINUITY_COLUMNS,
    FRONTIER_COLUMNS,
    NARROW_FRONTIER_COLUMNS,
    continuity_rows,
    frontier_row,
    frontier_title,
    segmentations,
    theme_names,
)

if TYPE_CHECKING:
    from rich.text import Text

    from workbench.bracketing.result import FrontierResult
    from workbench.services.timeline import TimelineRun
    from workbench.tui.app import WorkbenchApp


class TimelineTables:
    """Filling the frontier and continuity tables."""

    run: TimelineRun | None
    frontier: tuple[int, int] | None
    pending: bool

    if TYPE_CHECKING:

        @property
        def app(self) -> WorkbenchApp: ...
        def query_one(self, selector: object, expect_type: object = None) -> Any: ...

    def _frontier_at(self, key: int, index: int) -> FrontierResult | None:
        if self.run is None:
            return None
        segs = segmentations(self.run)
        if key < len(segs) and index < len(segs[key][1]):
            return segs[key][1][index]
        return None

    def _fill_frontiers(self, run: TimelineRun) -> None:
        """The frontiers in columns when they fit the terminal, else with the figures over
        several lines (a figure is never cut)."""
        table = self.query_one("#frontiers", DataTable)
        width = self.app.size.width
        for columns, narrow in ((FRONTIER_COLUMNS, False), (NARROW_FRONTIER_COLUMNS, True)):
            rows: list[tuple[tuple[Text | str, ...], str | None]] = [
                (frontier_row(run, key, i, f, pending=self.pending, narrow=narrow), f"{key}:{i}")
                for key, (_, frontiers) in enumerate(segmentations(run))
                for i, f in enumerate(frontiers)
            ]
            if narrow or fits(columns, [r for r, _ in rows], width):
                break
        fill_table(table, columns, rows, width)

    def on_resize(self) -> None:
        if self.run is not None:
            self._fill_frontiers(self.run)
            self._fill_continuity()

    def _fill_continuity(self) -> None:
        table = self.query_one("#continuity", DataTable)
        title = self.query_one("#continuity-title", Static)
        table.clear()
        f = self._frontier_at(*self.frontier) if self.frontier else None
        if f is None or self.run is None or self.frontier is None:
            title.update("One phase only: there is no frontier to compare across.")
            return
        title.update(frontier_title(self.run, *self.frontier, f))
        width = self.app.size.width
        rows = [(cells, theme) for theme, cells in continuity_rows(f, theme_names(self.run))]
        if not fits(CONTINUITY_COLUMNS, [r for r, _ in rows], width):
            rows = [
                (cells, theme)
                for theme, cells in continuity_rows(f, theme_names(self.run), narrow=True)
            ]
        fill_table(table, CONTINUITY_COLUMNS, rows, width)
