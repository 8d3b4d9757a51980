"""Screenshot of the project search with keyword-in-context hits."""

from __future__ import annotations

import pytest

pytest.importorskip("pytest_textual_snapshot")

from tests.tui.helpers import settle


def test_search_screen(snap_compare, make):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("ctrl+f", *"r1", "enter")
        await settle(pilot)
        await pilot.pause()

    assert snap_compare(make(), terminal_size=(120, 40), run_before=run_before)
