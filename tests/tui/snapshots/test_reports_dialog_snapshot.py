"""Screenshot of the report dialog (ctrl+p "report: Codebook")."""

from __future__ import annotations

import pytest

pytest.importorskip("pytest_textual_snapshot")

from tests.tui.helpers import settle


def test_report_dialog(snap_compare, make):
    async def run_before(pilot):
        await settle(pilot)
        pilot.app.action_report("codebook")
        await settle(pilot)
        # the default file name carries the time and the temporary folder: fixed here
        pilot.app.screen.query_one("#report-out").value = "exports/report-codebook.md"
        await pilot.pause()

    assert snap_compare(make(), terminal_size=(100, 34), run_before=run_before)
