"""Search: the project search screen, find in the document, code all hits and one undo."""

from __future__ import annotations

from tests.tui.helpers import open_first, settle, status, transcript
from workbench.services.codings import list_codings
from workbench.tui.screens.coding import CodingScreen
from workbench.tui.screens.help import help_table
from workbench.tui.screens.search import SearchScreen


def stored(project):
    return [(c.code, c.quote) for c in list_codings(project.uow())]


async def test_project_search_opens_the_document_at_the_hit(make):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+f")
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"peer counc", "enter")
        await settle(pilot)
        assert status(pilot).startswith("1 hit in 1 document")
        await pilot.press("enter")  # the list has the focus: open the hit
        await settle(pilot)
        assert isinstance(app.screen, CodingScreen)
        tv = transcript(pilot)
        assert tv.text[slice(*tv.selection)] == "peer council"


async def test_code_all_hits_then_one_undo(make, coded_project):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+f", *"interviewer", "enter")
        await settle(pilot)
        await pilot.press("ctrl+t")
        await pilot.press(*"explicit", "enter")
        await settle(pilot)
        assert status(pilot).startswith("Saved: coded 2 hits as Explicit knowledge")
        assert stored(coded_project) == [("explicit", "Interviewer")] * 2
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert stored(coded_project) == []


async def test_find_in_document_next_and_previous(make, coded_project):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first(pilot)
        tv = transcript(pilot)
        await pilot.press("slash", *"r1", "enter")
        first = tv.selection
        assert tv.text[slice(*first)] == "R1"
        assert status(pilot).startswith("Hit 1 of 2")
        await pilot.press("right_square_bracket")
        assert tv.selection[0] > first[0]
        assert status(pilot).startswith("Hit 2 of 2")
        await pilot.press("left_square_bracket")
        assert tv.selection == first
        await pilot.press("a", *"tacit", "enter")  # the hit is a selection like any other
        await settle(pilot)
        assert stored(coded_project) == [("tacit", "R1")]
        await pilot.press("slash", *"re:\\d{4}", "enter")
        assert tv.text[slice(*tv.selection)] == "2000"
        await pilot.press("slash", *"nothing-here", "enter")
        assert "No hits" in status(pilot)
        await pilot.press("slash", "escape")
        assert tv.has_focus


def test_help_lists_the_search_keys():
    table = help_table({})
    rows = [str(c) for col in table.columns for c in col._cells]
    assert "ctrl+f" in rows
    assert "/" in rows
    assert "]" in rows
    assert "ctrl+t" in rows
