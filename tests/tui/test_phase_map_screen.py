"""The phase map and the time-basis comparison in the terminal, as the CLI shows them."""

from __future__ import annotations

from textual.widgets import DataTable, Static

from tests.conftest import STARTER
from tests.tui.helpers import settle, status
from workbench.tui.screens.phase_map import PhaseMapScreen
from workbench.tui.screens.time_basis import TimeBasisScreen


def _rows(table: DataTable) -> list[list[str]]:
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_the_phase_map_names_its_rules_and_each_mixed_phases_components(make, dated_project):
    app = make()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        app.action_phase_map()
        await settle(pilot, rounds=6)
        screen = app.screen
        assert isinstance(screen, PhaseMapScreen)
        assert screen.rule_map is not None
        notes = str(screen.query_one("#phase-map-notes", Static).content)
        # the same map as the CLI test of bracket --phase-map, with the default rules
        assert "Rules: a phase needs 3 bins in a row" in notes
        assert (
            "Sequence: mixed: imitation+adaptation -> adaptation -> mixed: innovation+adaptation"
            in notes
        )
        table = screen.query_one("#phase-map", DataTable)
        header = [str(c.label) for c in table.columns.values()]
        assert header == ["Phase", "Kind", "From", "To", "Bins", "Carried through", "Markers"]
        rows = _rows(table)
        first = rows[0]
        assert first[0] == "mixed: imitation+adaptation"
        assert first[1] == "mixed"
        assert first[6] == "imitation 67%, adaptation 33%"
        assert "3 phases on quarter bins, 2 of them mixed" in status(pilot)
        # the rules can be changed here: with a run of 9 quarters nothing founds a phase
        # (every stretch is 8 long), and the rules line says so
        for _ in range(6):
            await pilot.press("plus")
            await settle(pilot, rounds=4)
        notes = str(screen.query_one("#phase-map-notes", Static).content)
        assert "a phase needs 9 bins in a row" in notes
        assert "Sequence: no phase" in notes
        await pilot.press("g")
        await settle(pilot, rounds=4)
        notes = str(screen.query_one("#phase-map-notes", Static).content)
        assert "gaps of up to 2 empty bins bridged" in notes
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, PhaseMapScreen)


async def test_a_map_that_cannot_be_drawn_says_why_in_one_line(make, project):
    from workbench.services.codebook import load_codebook_file

    load_codebook_file(project.uow(), path=STARTER, actor="alice")
    app = make(project)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        app.action_phase_map()
        await settle(pilot, rounds=4)
        line = status(pilot)
        # the coded project has no dated codings: the service's own line, not a crash
        assert line.startswith("no dated codings to bracket")
        assert "internal error" not in line
        assert isinstance(app.screen, PhaseMapScreen)
        assert app.screen.rule_map is None


async def test_time_basis_shows_what_changes_and_the_lag_per_source_kind(make, dated_project):
    app = make()
    async with app.run_test(size=(140, 50)) as pilot:
        await settle(pilot)
        app.action_time_basis()
        await settle(pilot, rounds=8)
        screen = app.screen
        assert isinstance(screen, TimeBasisScreen)
        assert screen.run is not None
        text = str(screen.query_one("#time-basis-changes", Static).content)
        assert "phases from scheme 'study'" in text
        assert "What changes:" in text
        assert "Frontiers on narration time:" in text
        rows = {r[0]: r for r in _rows(screen.query_one("#lags", DataTable))}
        # every interview is dated 2006: told years after the events of 2000-2005
        assert rows["interview"][1] == "109"
        assert int(rows["interview"][2]) > 365
        # the interviews are told in 2006, after the scheme's last phase: none is placed
        # in a phase on both bases, and the status line says so rather than printing a dash
        assert "no coding falls in a phase on both bases" in status(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, TimeBasisScreen)


async def test_the_palette_and_help_offer_both_views(make, dated_project):
    from workbench.tui.screens.help import help_table

    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        names = [name for name, _, _ in app.palette_commands()]
        assert "bracket: Phase map from the codebook's markers" in names
        assert "bracket: Event vs narration time" in names
    sections = str(help_table({}).columns[0]._cells)
    assert "Phase map" in sections
    assert "Event vs narration time" in sections
