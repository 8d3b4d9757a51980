"""The per-case view in the terminal: a row per case, a column per pooled frontier."""

from __future__ import annotations

from textual.widgets import DataTable, Static

from tests.tui.helpers import settle, status
from workbench.tui.screens.cases import CasesScreen


async def test_each_case_has_a_row_with_its_crossings(make, dated_project):
    app = make()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        app.action_cases()
        await settle(pilot, rounds=6)
        screen = app.screen
        assert isinstance(screen, CasesScreen)
        assert screen.timing is not None
        table = screen.query_one("#cases", DataTable)
        header = [str(c.label) for c in table.columns.values()]
        assert header[:3] == ["Case", "Events", "Sources"]
        assert header[3:5] == ["P1 | P2", "P2 | P3"]
        rows = {
            str(table.get_row_at(i)[0]): [str(c) for c in table.get_row_at(i)]
            for i in range(table.row_count)
        }
        assert set(rows) == {"Alpha", "Beta", "Gamma", "Northbridge"}
        assert rows["Beta"][1:3] == ["36", "1"]
        assert rows["Northbridge"][3] == "skipped: no codings"
        for case in ("Alpha", "Beta", "Gamma"):
            # every case follows the same quarters: a crossing with its interval, no flag
            for cell in rows[case][3:5]:
                assert "[" in cell
                assert "LATE" not in cell
                assert "EARLY" not in cell
            assert rows[case][5] == ""
        notes = str(screen.query_one("#cases-notes", Static).content)
        assert "a case is flagged late (early)" in notes
        assert "P1 | P2: pooled 2002-01-01" in notes
        assert "4 cases, 3 placed, 0 flagged" in status(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, CasesScreen)


async def test_the_palette_offers_the_per_case_view(make, dated_project):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        names = [name for name, _, _ in app.palette_commands()]
        assert "bracket: Cases against the pooled phases" in names


async def test_t_shows_the_path_types_and_each_cases_coloured_row(make, dated_project):
    app = make()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        app.action_cases()
        await settle(pilot, rounds=6)
        screen = app.screen
        assert isinstance(screen, CasesScreen)
        assert screen.paths is not None
        await pilot.press("t")
        await settle(pilot)
        assert screen.query_one("#paths-view").display
        assert not screen.query_one("#cases").display
        table = screen.query_one("#path-types", DataTable)
        header = [str(c.label) for c in table.columns.values()]
        assert header[:4] == ["Type", "Cases", "Medoid", "Medoid's path"]
        members = set()
        for i in range(table.row_count):
            row = [str(c) for c in table.get_row_at(i)]
            assert row[2] in row[5].split(", ")  # the medoid is one of its members
            members |= set(row[5].split(", "))
        assert members == {"Alpha", "Beta", "Gamma"}
        rows = str(screen.query_one("#paths-rows", Static).content)
        assert "Phases:" in rows
        assert "Type 1 (medoid" in rows
        assert "No sequence: Northbridge" in rows
        for case in ("Alpha", "Beta", "Gamma"):
            line = next(x for x in rows.splitlines() if x.startswith(case))
            cells = line[len(case) :].split("  (")[0].strip()
            assert cells
            assert set(cells) <= {"1", "2", "3"}
        assert "path type" in status(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert screen.query_one("#cases").display
        names = [name for name, _, _ in screen.palette_commands()]
        assert "cases: Path types" in names


async def test_help_lists_the_per_case_keys(make, dated_project):
    from workbench.tui.screens.help import help_table

    text = str(help_table({}).columns[1]._cells)
    assert "Switch between the crossings table and the path types" in text
