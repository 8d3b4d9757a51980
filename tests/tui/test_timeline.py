"""The timeline screen (F7) on a small dated study: bands, frontiers and their support,
the continuity table, switching scheme, drilling down to the quotes, defining phases."""

from __future__ import annotations

import dataclasses
import re

from textual.widgets import DataTable, OptionList, Select, Static, TabbedContent

from tests.tui.helpers import settle, status, transcript
from workbench.services.phases import list_phases
from workbench.tui.modals.phase_dialog import PhaseDialog
from workbench.tui.screens.coding import CodingScreen
from workbench.tui.screens.timeline import TimelineScreen
from workbench.tui.widgets.timeline import TimelineView


async def open_timeline(pilot) -> TimelineScreen:
    await settle(pilot)
    await pilot.press("f7")
    await settle(pilot, rounds=6)
    screen = pilot.app.screen
    assert isinstance(screen, TimelineScreen)
    assert screen.run is not None
    assert not screen.pending
    return screen


def row_text(view: TimelineView, kind: str, key: int = 0) -> str:
    [index] = [i for i, r in enumerate(view.rows) if (r.kind, r.key) == (kind, key)]
    return view.plain(index)


def table_rows(table: DataTable) -> list[list[str]]:
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


def bin_of(screen: TimelineScreen, day: str) -> int:
    starts = [str(d) for d in screen.run.result.timeline.bin_starts]
    return starts.index(day)


async def test_timeline_draws_phases_frontiers_support_and_continuity(make, dated_project):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_timeline(pilot)
        title = str(screen.query_one("#screen-title", Static).content)
        assert "scheme “study” beside the data's proposal" in title
        assert "109 events, 3 sources" in title
        view = screen.view
        assert view.has_focus
        bands = row_text(view, "bands", 0)
        assert bands.startswith("study")
        assert bands.index("early") < bands.index("middle") < bands.index("late")
        proposed = row_text(view, "bands", 1)
        assert proposed.index("P1") < proposed.index("P2") < proposed.index("P3")
        # Each frontier: the marker, then its number and bootstrap support.
        assert re.search(r"┃━* 1 100%.*┃━* 2 100%", row_text(view, "frontiers", 0))
        assert re.search(r"┃━* a 100%.*┃━* b 100%", row_text(view, "frontiers", 1))
        assert "Tacit knowledge" in row_text(view, "theme", view.run.order[0])
        assert [r.label for r in view.rows if r.kind == "theme"][:2] == [
            "Tacit knowledge",
            "Imitation of best practice",
        ]
        frontiers = table_rows(screen.query_one("#frontiers", DataTable))
        assert [row[:4] for row in frontiers] == [
            ["1", "study", "early → middle", "2002-01-01"],
            ["2", "study", "middle → late", "2004-01-01"],
            ["a", "proposed", "P1 → P2", "2002-01-01"],
            ["b", "proposed", "P2 → P3", "2004-01-01"],
        ]
        # p from resamples of whole sources: never below 1 / (200 + 1)
        assert [row[6] for row in frontiers] == ["≤ .005", "≤ .005", "", ""]
        # the scheme's frontiers carry the answer to "is the change here?"
        assert all(row[4].endswith("supported") for row in frontiers[:2])
        # three interviews are too few to resample: the proposed frontiers are indications
        assert [row[7] for row in frontiers] == ["100%", "100%", "100% weak", "100% weak"]
        # The continuity table of the first frontier is the engine's, theme by theme.
        continuity = table_rows(screen.query_one("#continuity", DataTable))
        expected = screen.run.result.researcher.frontiers[0].continuity.themes
        names = {t.guid: t.name for t in screen.run.themes}
        assert sorted((r[0], r[1]) for r in continuity) == sorted(
            (names[c.theme], c.classification) for c in expected
        )
        imitation = next(r for r in continuity if r[0] == "Imitation of best practice")
        assert imitation[2:4] == ["67%", "0%"]
        assert continuity[-1][1] == "absent"  # absent themes come last
        heading = str(screen.query_one("#continuity-title", Static).content)
        assert heading.startswith("Frontier 1: early → middle at 2002-01-01")
        assert "bootstrap support 100%" in heading
        assert "Is the change here? supported" in heading
        assert screen.rendered_seconds is not None
        assert screen.rendered_seconds < 10
        assert status(pilot).startswith("109 events from 3 sources in 24 quarters, drawn in ")
        assert "; support from 200 source-bootstrap replicates." in status(pilot)


async def test_switching_to_the_datas_phases_and_bin_size(make, dated_project):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_timeline(pilot)
        await pilot.press("s")
        await settle(pilot, rounds=6)
        assert screen.query_one("#timeline-scheme", Select).value == "proposed"
        assert screen.run.scheme is None
        assert screen.run.result.researcher is None
        assert "phases the data propose" in str(screen.query_one("#screen-title").content)
        view = screen.view
        assert [r.label for r in view.rows if r.kind == "bands"] == ["proposed"]
        assert "P2" in row_text(view, "bands", 0)
        frontiers = table_rows(screen.query_one("#frontiers", DataTable))
        assert [row[:3] for row in frontiers] == [
            ["1", "proposed", "P1 → P2"],
            ["2", "proposed", "P2 → P3"],
        ]
        await pilot.press("f")
        await settle(pilot, rounds=6)
        assert screen.run.result.timeline.bin_unit == "half"
        axis = row_text(view, "axis")
        assert axis.startswith("half-years")
        assert axis.index("2000") < axis.index("2002") < axis.index("2004")
        assert len(screen.run.result.timeline.bin_starts) == 12


async def test_drill_down_from_a_phase_lists_its_events_and_opens_one(make, dated_project):
    _, events = dated_project
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_timeline(pilot)
        screen.view.select("bands", 0, bin_of(screen, "2002-04-01"))
        await pilot.pause()
        phase = str(screen.query_one("#phase-text", Static).content)
        assert phase.startswith("middle  (scheme “study”)")
        assert "37 events" in phase
        assert "from 3 sources" in phase
        await pilot.press("enter")
        await settle(pilot)
        assert screen.query_one(TabbedContent).active == "tab-quotes"
        expected = {e.coding_id for e in events if e.year in (2002, 2003)}
        assert {q.coding_id for q in screen.quotes} == expected
        assert "Phase “middle”: 37 coded segments" in str(
            screen.query_one("#quotes-title", Static).content
        )
        box = screen.query_one("#quotes", OptionList)
        assert box.has_focus
        assert box.highlighted == 0
        first = screen.quotes[0]
        source = next(e for e in events if e.coding_id == first.coding_id)
        assert (source.year, source.quarter) == (2002, 1)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CodingScreen)
        tv = transcript(pilot)
        assert tv.document.id == source.document_id
        assert tv.selection == (source.start, source.end)
        assert tv.text[source.start : source.end] == source.text
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert app.screen is screen


async def test_drill_down_from_a_cell_and_from_the_continuity_table(make, dated_project):
    _, events = dated_project
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_timeline(pilot)
        tacit = next(e for e in events if e.code == "tacit")
        theme = next(i for i, t in enumerate(screen.run.themes) if t.guid == "tacit")
        screen.view.select("theme", theme, bin_of(screen, "2003-04-01"))
        await pilot.pause()
        assert screen.query_one("#status-info").content == (
            "Tacit knowledge · 2003 Q2: 8% of 3.2 events"
        )
        await pilot.press("enter")
        await settle(pilot)
        assert [q.coding_id for q in screen.quotes] == [tacit.coding_id]
        box = screen.query_one("#quotes", OptionList)
        prompt = str(box.get_option_at_index(0).prompt)
        assert "Interview Alpha · Alpha · 2003 (own)" in prompt
        assert "counts 25% here" in prompt
        assert tacit.text in prompt
        # With the mouse: a click moves the cursor, a second click on it drills down.
        view = screen.view
        row = next(i for i, r in enumerate(view.rows) if r.kind == "volume")
        x = view.label_width + bin_of(screen, "2000-01-01") * view.cell - int(view.scroll_x)
        await pilot.click(TimelineView, offset=(x, row))
        assert (view.cursor.kind, view.bin) == ("volume", bin_of(screen, "2000-01-01"))
        await pilot.click(TimelineView, offset=(x, row))
        await settle(pilot)
        assert {q.coding_id for q in screen.quotes} == {
            e.coding_id for e in events if (e.year, e.quarter) == (2000, 1)
        }
        # The second frontier's continuity table; Enter on a theme lists it on both sides.
        screen.view.focus()
        seen = []
        for key in ("n", "n", "n", "N", "N"):
            await pilot.press(key)
            seen.append(screen.frontier)
        assert seen == [(0, 0), (0, 1), (0, 0), (0, 1), (0, 0)]  # round and round
        await pilot.press("n")
        assert screen.frontier == (0, 1)
        assert (screen.view.cursor.kind, screen.view.bin) == (
            "frontiers",
            bin_of(screen, "2004-01-01"),
        )
        assert screen.query_one(TabbedContent).active == "tab-continuity"
        table = screen.query_one("#continuity", DataTable)
        table.focus()
        row = next(i for i, r in enumerate(table_rows(table)) if r[0].startswith("Creative"))
        table.move_cursor(row=row)
        await pilot.press("enter")
        await settle(pilot)
        expected = {
            e.coding_id for e in events if e.code == "innovation" and 2002 <= e.year <= 2005
        }
        assert {q.coding_id for q in screen.quotes} == expected


async def test_defining_phases_from_the_timeline(make, dated_project):
    project, _ = dated_project
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_timeline(pilot)
        screen.view.select("bands", 0, bin_of(screen, "2002-04-01"))
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, PhaseDialog)
        assert app.screen.query_one("#phase-label").value == "middle"
        app.screen.query_one("#phase-label").value = "adaptation"
        app.screen.query_one("#phase-why").value = "the peer council"
        await pilot.press("ctrl+s")
        await settle(pilot, rounds=8)
        assert [p.label for p in list_phases(project, scheme="study")] == [
            "early",
            "adaptation",
            "late",
        ]
        assert "adaptation" in row_text(screen.view, "bands", 0)
        assert "Why: the peer council" in str(screen.query_one("#phase-text").content)
        # A new scheme, started from the timeline: one phase, so no frontier to test.
        await pilot.press("a")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, PhaseDialog)
        for name, value in (("scheme", "alt"), ("label", "all"), ("start", "2000")):
            dialog.query_one(f"#phase-{name}").value = value
        dialog.query_one("#phase-end").value = "2005"
        await pilot.press("ctrl+s")
        await settle(pilot, rounds=8)
        assert [p.label for p in list_phases(project, scheme="alt")] == ["all"]
        assert screen.run.scheme == "alt"
        assert [row[1] for row in table_rows(screen.query_one("#frontiers", DataTable))] == [
            "proposed",
            "proposed",
        ]
        # The continuity tab turns to the first frontier there is: the data's.
        assert screen.frontier == (1, 0)
        heading = str(screen.query_one("#continuity-title").content)
        assert heading.startswith("Frontier a: P1 → P2")


async def test_blind_mode_and_a_project_without_dated_codings(make, coded_project):
    app = make(blind=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f7")
        await settle(pilot, rounds=6)
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        coder = screen.query_one("#timeline-coder", Select)
        assert (coder.value, coder.disabled) == ("alice", True)
        assert screen.query_one("#timeline-scheme", Select).value == "proposed"
        assert "no dated codings to bracket" in status(pilot)
        assert not screen.view.loading
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, TimelineScreen)


async def test_small_terminal_palette_and_help(make, dated_project):
    from workbench.tui.bindings import HELP_SECTIONS

    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        titles = [title for title, _, _ in app.palette_commands()]
        assert "bracket: Timeline" in titles
        screen = await open_timeline(pilot)
        assert {"bracket: Next scheme", "bracket: Add phase…"} <= {
            t for t, _, _ in screen.palette_commands()
        }
        view = screen.view
        assert view.cell >= 1
        assert view.size.width <= 80
        bands = row_text(view, "bands", 0)
        assert bands.index("early") < bands.index("middle") < bands.index("late")
        await pilot.press("right", "plus")
        await pilot.pause()
        assert view.zoom == view.cell
        assert view.bin == bin_of(screen, "2000-04-01")
        assert any(title == "Timeline" for title, _ in HELP_SECTIONS)


def add_outlier(project) -> None:
    """One segment dated "the 1960s", far before the study's 2000-2005."""
    from workbench.services.codings import add_coding

    add_coding(
        project.uow(),
        document="Interview Alpha",
        code="tacit",
        coder="alice",
        quote="In Q1 2000 Alpha met its peers again.",
        event_date="1960s",
    )


def note(screen: TimelineScreen) -> str:
    box = screen.query_one("#timeline-note", Static)
    return "" if box.has_class("-empty") else str(box.content)


async def test_an_outlying_date_is_left_out_and_said(make, dated_project):
    project, _ = dated_project
    add_outlier(project)
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_timeline(pilot)
        assert screen.run.result.timeline.bin_starts[0].isoformat() == "2000-01-01"
        assert row_text(screen.view, "axis").startswith("quarters")
        assert "1960" not in row_text(screen.view, "axis")
        said = note(screen).splitlines()
        assert said[0].startswith("1 event before ")
        assert said[0].endswith("not shown (outlying dates); w to set the window")
        assert screen.query_one("#timeline-note").display


async def test_without_outliers_the_note_says_only_what_limits_the_figures(make, dated_project):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_timeline(pilot)
        said = note(screen).splitlines()
        # three interviews: the result's diagnostics, one line each, and nothing else
        assert said
        assert not any("not shown" in line for line in said)
        assert said == [
            d.message
            for d in screen.run.result.diagnostics
            if d.frontier is None and d.kind != "weak-frontier"
        ]
        assert any("sources" in line for line in said)
        assert screen.query_one("#timeline-note").display


async def test_a_diagnostic_about_one_frontier_is_said_in_its_heading(make, dated_project):
    from workbench.bracketing.result import DiagnosticResult
    from workbench.tui.widgets.timeline_details import (
        frontier_diagnostics,
        frontier_title,
        segmentations,
    )

    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_timeline(pilot)
        run = screen.run
        habit = DiagnosticResult(
            "coder-change",
            "frontier P1 | P2 coincides with a change of coders",
            origin="proposed",
            frontier=0,
        )
        result = dataclasses.replace(run.result, diagnostics=(*run.result.diagnostics, habit))
        run = dataclasses.replace(run, result=result)
        proposed = len(segmentations(run)) - 1
        frontiers = segmentations(run)[proposed][1]
        assert frontier_diagnostics(run, proposed, 0) == [habit.message]
        assert proposed == 1  # the scheme's frontiers come first
        assert frontier_diagnostics(run, 0, 0) == []  # about the proposal's, not the scheme's
        title = frontier_title(run, proposed, 0, frontiers[0]).plain
        assert f"Note: {habit.message}" in title
        assert "Note:" not in frontier_title(run, proposed, 1, frontiers[1]).plain


async def test_w_sets_the_window_then_every_event_then_the_default(make, dated_project):
    from textual.widgets import Input

    from workbench.tui.screens.timeline_window import WindowDialog

    project, _ = dated_project
    add_outlier(project)
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_timeline(pilot)
        await pilot.press("w")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, WindowDialog)
        dialog.query_one("#window-from", Input).value = "2001"
        dialog.query_one("#window-to", Input).value = "2003"
        await pilot.press("enter")
        await settle(pilot, rounds=6)
        assert app.screen is screen
        tl = screen.run.result.timeline
        assert (str(tl.bin_starts[0]), str(tl.bin_ends[-1])) == ("2001-01-01", "2003-12-31")
        assert "before 2001-01-01 and" in note(screen)
        assert "after 2003-12-31 not shown (outside the window you set)" in note(screen)
        assert "2001-01-01 to 2003-12-31" in str(screen.query_one("#screen-title").content)
        # kept for this coder: the timeline opened again shows the same window
        await pilot.press("escape")
        await settle(pilot)
        screen = await open_timeline(pilot)
        assert screen.run.window.start.isoformat() == "2001-01-01"
        # every event: the axis reaches back to the 1960s
        await pilot.press("w")
        await settle(pilot)
        await pilot.click("#window-all")
        await settle(pilot, rounds=6)
        assert screen.run.result.timeline.bin_starts[0].year == 1960
        assert "not shown" not in note(screen)
        # and back to the default
        await pilot.press("w")
        await settle(pilot)
        await pilot.click("#window-default")
        await settle(pilot, rounds=6)
        assert screen.run.result.timeline.bin_starts[0].isoformat() == "2000-01-01"
        assert note(screen).startswith("1 event before ")


async def test_a_window_that_cannot_be_read_is_said_in_the_dialog(make, dated_project):
    from textual.widgets import Input, Label

    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_timeline(pilot)
        before = screen.run
        await pilot.press("w")
        await settle(pilot)
        dialog = app.screen
        dialog.query_one("#window-from", Input).value = "soon"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is dialog
        error = str(dialog.query_one("#window-error", Label).content)
        assert error.startswith("window from: cannot read the date 'soon'")
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        assert screen.run is before


async def test_the_window_key_is_in_help_and_the_palette(make, dated_project):
    from workbench.tui.bindings import HELP_SECTIONS

    tips = [b.tooltip for _, bindings in HELP_SECTIONS for b in bindings if b.key == "w"]
    assert any(t and "window" in t for t in tips)
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_timeline(pilot)
        names = [name for name, _, _ in screen.palette_commands()]
        assert "bracket: Window…" in names


async def test_a_july_frontier_is_drawn_inside_its_year_with_its_date(make, dated_project):
    from workbench.services.phases import add_phase

    project, _ = dated_project
    for label, start, end in (("before", "2000-01", "2002-06"), ("after", "2002-07", "2005-12")):
        add_phase(project, scheme="july", label=label, start=start, end=end, actor="alice")
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_timeline(pilot)
        screen.query_one("#timeline-scheme", Select).value = "july"
        screen.query_one("#timeline-freq", Select).value = "year"
        await settle(pilot, rounds=8)
        assert screen.run.scheme == "july"
        assert screen.run.result.timeline.bin_unit == "year"
        view = screen.view
        [frontier] = screen.run.result.researcher.frontiers
        assert str(frontier.stated_date) == "2002-07-01"
        cells = row_text(view, "frontiers", 0)[view.label_width :]
        year = bin_of(screen, "2002-01-01")
        assert view.cell > 2
        at = cells.index("┃")
        # inside the year 2002, not on its first day's column
        assert year * view.cell < at < (year + 1) * view.cell
        assert "1 2002-07" in cells
        rows = table_rows(screen.query_one("#frontiers", DataTable))
        assert rows[0][:4] == ["1", "july", "before → after", "2002-07-01"]


def test_a_note_longer_than_its_lines_says_how_many_more() -> None:
    from workbench.tui.widgets.timeline_details import note_lines

    assert note_lines(["", "a", "b"]) == ["a", "b"]
    assert note_lines(["a", "b", "c", "d"]) == ["a", "b", "c", "d"]
    shown = note_lines(["a", "b", "c", "d", "e", "f"])
    assert shown[:3] == ["a", "b", "c"]
    assert shown[3].startswith("... and 3 more")
    assert len(shown) == 4
