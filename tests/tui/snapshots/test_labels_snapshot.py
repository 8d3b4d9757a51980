"""Screenshot of the coding view with labelled stripes (two coders' segments)."""

from __future__ import annotations

import pytest

pytest.importorskip("pytest_textual_snapshot")

from tests.tui.helpers import settle
from workbench.services.codings import add_coding


def test_labelled_stripes(snap_compare, make, coded_project, doc_id):
    for coder, code, quote in (
        ("alice", "imitation", "We went to an open day and copied what they did."),
        ("bob", "tacit", "open day"),
        ("alice", "adaptation", "adapting ideas to our own context"),
    ):
        add_coding(coded_project.uow(), document=doc_id, code=code, coder=coder, quote=quote)

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("l")
        await pilot.pause()

    assert snap_compare(make(), terminal_size=(120, 40), run_before=run_before)
