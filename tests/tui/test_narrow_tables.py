"""At 80 columns the analysis tables (phase map, cases, path types, time basis) keep every
figure whole and on screen: nothing runs off to the right, words end in "…"."""

from __future__ import annotations

from textual.widgets import DataTable

from tests.tui.helpers import settle


def cells(table: DataTable) -> list[list[str]]:
    return [[c.plain for c in table.get_row_at(i)] for i in range(table.row_count)]


def on_screen(table: DataTable) -> None:
    assert table.row_count
    assert table.virtual_size.width <= table.size.width  # nothing off to the right


async def test_phase_map_and_cases_fit_80_columns(make, dated_project):
    from workbench.tui.screens.cases import CasesScreen, frontier_cell

    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.action_phase_map()
        await settle(pilot, rounds=6)
        table = app.screen.query_one("#phase-map", DataTable)
        on_screen(table)
        rule_map = app.screen.rule_map
        for row, segment in zip(cells(table), rule_map.segments, strict=True):
            assert row[2:4] == [str(segment.start), str(segment.end)]
            for share in getattr(segment, "shares", ()):
                assert f"{share:.0%}" in row[6]  # a share is never cut, even with its name
        app.pop_screen()
        await pilot.pause()
        app.action_cases()
        await settle(pilot, rounds=6)
        screen = app.screen
        assert isinstance(screen, CasesScreen)
        table = screen.query_one("#cases", DataTable)
        on_screen(table)
        rows = {r[0]: r for r in cells(table)}
        for case in screen.timing.cases:
            if case.status == "analysed":
                for cell, f in zip(rows[case.case][3:], case.frontiers, strict=False):
                    assert cell.split() == frontier_cell(f).split()
        if screen.paths is not None:
            await pilot.press("t")
            await pilot.pause()
            on_screen(screen.query_one("#path-types", DataTable))


async def test_time_basis_fits_80_columns(make, dated_project):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.action_time_basis()
        await settle(pilot, rounds=8)
        on_screen(app.screen.query_one("#lags", DataTable))
