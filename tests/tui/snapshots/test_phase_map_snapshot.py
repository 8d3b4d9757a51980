"""Screenshots of the phase map and of the event vs narration time comparison."""

from __future__ import annotations

import pytest

pytest.importorskip("pytest_textual_snapshot")

from tests.tui.helpers import settle


def test_phase_map_screen(snap_compare, make, dated_project):
    async def run_before(pilot):
        await settle(pilot)
        pilot.app.action_phase_map()
        await settle(pilot, rounds=6)
        await pilot.pause()

    assert snap_compare(make(), terminal_size=(120, 30), run_before=run_before)


def test_time_basis_screen(snap_compare, make, dated_project):
    async def run_before(pilot):
        await settle(pilot)
        pilot.app.action_time_basis()
        await settle(pilot, rounds=8)
        await pilot.pause()

    assert snap_compare(make(), terminal_size=(120, 36), run_before=run_before)
