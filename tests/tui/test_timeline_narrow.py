"""The timeline's tables at 80x24: every figure whole, p as the reports print it."""

from __future__ import annotations

from textual.widgets import DataTable

from tests.tui.test_timeline import open_timeline
from workbench.report.formatting import format_resampled_p
from workbench.tui.widgets.timeline_details import segmentations


def cells(table: DataTable) -> list[list[str]]:
    return [[c.plain for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_frontier_and_continuity_tables_fit_80_columns_without_cutting(make, dated_project):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_timeline(pilot)
        table = screen.query_one("#frontiers", DataTable)
        assert table.virtual_size.width <= table.size.width  # nothing off to the right
        frontiers = [f for _, fs in segmentations(screen.run) for f in fs]
        assert len(cells(table)) == len(frontiers)
        for row, f in zip(cells(table), frontiers, strict=True):
            t = f.test
            _, _, date, says, jsd, p, _ = row
            assert date == str(f.stated_date or f.date)
            assert str(t.interval_start) in says
            assert str(t.interval_end) in says
            assert jsd.startswith(f"{t.jsd_bits:.3f}")
            assert p == (
                format_resampled_p(t.p_value, screen.run.bootstrap) if t.p_value is not None else ""
            )
        await pilot.press("2")
        await pilot.pause()
        continuity = screen.query_one("#continuity", DataTable)
        assert continuity.row_count
        assert continuity.virtual_size.width <= continuity.size.width
        for row in cells(continuity):
            assert row[1] in {
                "emergent",
                "intensified",
                "disappearing",
                "attenuated",
                "continuous",
                "inconclusive",
                "absent",
            }
