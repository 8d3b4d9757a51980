"""Screenshot of the review on a date disagreement (the same passage, dated differently)."""

from __future__ import annotations

import pytest

pytest.importorskip("pytest_textual_snapshot")

from tests.tui.helpers import settle
from workbench.services.codings import add_coding


def test_review_of_a_date_disagreement(snap_compare, make, coded_project, doc_id):
    for coder, when in (("alice", "2000"), ("bob", "spring 2001")):
        add_coding(
            coded_project.uow(),
            document=doc_id,
            code="imitation",
            coder=coder,
            quote="We went to an open day and copied what they did.",
            event_date=when,
        )

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("f6")
        await settle(pilot)
        await pilot.press("enter", "y")
        await settle(pilot)
        await pilot.pause()

    assert snap_compare(make(), terminal_size=(120, 40), run_before=run_before)
