"""Reopen where you left off (per coder) and go to an offset, a turn or a share of the text."""

from __future__ import annotations

from tests.tui.helpers import open_first, settle, status, transcript
from workbench.tui.screens.coding import CodingScreen


async def test_a_document_reopens_where_the_coder_left_it(make, coded_project):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first(pilot)
        tv = transcript(pilot)
        tv.move_to(150)
        await pilot.press("escape")  # back to the list
        await settle(pilot)
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first(pilot)
        assert transcript(pilot).cursor == 150
        assert "Back where you left it (offset 150)" in status(pilot)
    app = make(coder="bob")  # another coder's place is their own
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first(pilot)
        assert transcript(pilot).cursor == 0


async def test_go_to_offset_turn_and_share(make):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first(pilot)
        assert isinstance(app.screen, CodingScreen)
        tv = transcript(pilot)
        await pilot.press("g", *"1,00", "enter")
        assert tv.cursor == 100
        await pilot.press("g", *"t3", "enter")
        assert tv.text[tv.cursor :].startswith("Interviewer: And later?")
        assert status(pilot).startswith("At turn 3 (Interviewer)")
        await pilot.press("g", *"100%", "enter")
        assert tv.cursor == len(tv.text)
        await pilot.press("g", *"t99", "enter")
        assert "Cannot go to 't99'" in status(pilot)


async def test_bookmarks_are_kept_and_visited(make, coded_project):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first(pilot)
        tv = transcript(pilot)
        tv.move_to(120)
        await pilot.press("B")
        await settle(pilot)
        assert status(pilot).startswith("Bookmark set at offset 120")
        tv.move_to(10)
        await pilot.press("B")
        await settle(pilot)
        tv.move_to(60)
        await pilot.press("apostrophe")
        assert tv.cursor == 120
        await pilot.press("apostrophe")
        assert tv.cursor == 10  # wraps round
        await pilot.press("escape")
        await settle(pilot)
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first(pilot)
        tv = transcript(pilot)
        tv.move_to(0)
        await pilot.press("apostrophe")
        assert tv.cursor == 10
        await pilot.press("B")  # on the bookmark's line: removed
        await settle(pilot)
        assert status(pilot).startswith("Bookmark removed at offset 10")
