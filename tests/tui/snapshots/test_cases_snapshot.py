"""Screenshot of the per-case view: a row per case, a column per pooled frontier."""

from __future__ import annotations

import pytest

pytest.importorskip("pytest_textual_snapshot")

from tests.tui.helpers import settle


def test_cases_screen(snap_compare, make, dated_project):
    async def run_before(pilot):
        await settle(pilot)
        pilot.app.action_cases()
        await settle(pilot, rounds=6)
        await pilot.pause()

    assert snap_compare(make(), terminal_size=(120, 30), run_before=run_before)


def test_cases_path_types(snap_compare, make, dated_project):
    async def run_before(pilot):
        await settle(pilot)
        pilot.app.action_cases()
        await settle(pilot, rounds=6)
        await pilot.press("t")
        await settle(pilot)
        await pilot.pause()

    assert snap_compare(make(), terminal_size=(120, 30), run_before=run_before)
