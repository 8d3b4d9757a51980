"""Memos in the TUI: on the document (M), on a code (m in the codebook panel), on the project
(F8, n), listed and searched."""

from __future__ import annotations

from tests.tui.helpers import open_first, settle, status
from workbench.services.memos import list_memos
from workbench.tui.screens.memos import MemosScreen


async def test_document_code_and_project_memos(make, coded_project):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first(pilot)
        await pilot.press("M")
        await settle(pilot)
        await pilot.press(*"Open days drive the first phase.", "ctrl+s")
        await settle(pilot)
        assert status(pilot).startswith("Saved: your memo on Interview 01 saved")
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        await pilot.press(*"Push or pull?", "ctrl+s")
        await settle(pilot)
        await pilot.press("f8")
        await settle(pilot)
        assert isinstance(app.screen, MemosScreen)
        await pilot.press("n")
        await pilot.press(*"Phases: 2001 and 2004", "ctrl+s")
        await settle(pilot)
        assert [m.kind for m in app.screen.memos] == ["project", "code", "document"]
        await pilot.press("slash", *"phase")
        await settle(pilot)
        assert [m.kind for m in app.screen.memos] == ["project", "document"]
        await pilot.press("enter")  # back to the list; Enter again opens the first memo
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+a", "ctrl+k", "ctrl+s")  # emptied: deleted
        await settle(pilot)
    memos = list_memos(coded_project)
    assert sorted((m.kind, m.body) for m in memos) == [
        ("code", "Push or pull?"),
        ("document", "Open days drive the first phase."),
    ]
