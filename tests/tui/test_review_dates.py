"""F6 lists date disagreements beside code disagreements; a and b take a coder's date."""

from __future__ import annotations

import pytest

from tests.tui.helpers import settle, status
from tests.tui.test_review import current, open_review
from workbench.services.codings import add_coding, list_codings


@pytest.fixture
def dated(coded_project, doc_id):
    """Both coders code the open day with imitation; alice dates it 2000, bob 2001."""
    for coder, when in (("alice", "2000"), ("bob", "2001")):
        add_coding(
            coded_project.uow(),
            document=doc_id,
            code="imitation",
            coder=coder,
            quote="We went to an open day and copied what they did.",
            event_date=when,
        )
    return coded_project


async def test_a_date_disagreement_is_shown_and_settled_with_b(make, dated):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_review(pilot)
        item = current(app)
        assert item.kind == "date"
        assert [(c, w) for c, w, _ in item.dates] == [("alice", "2000"), ("bob", "2001")]
        details = str(app.screen.query_one("#disagreement-details").render())
        assert "when did it happen?" in details
        assert "2000" in details
        assert "2001" in details
        await pilot.press("2")
        assert "takes one date" in status(pilot)
        await pilot.press("b")
        await settle(pilot)
        said = status(pilot)
        assert said.startswith("Saved: the consensus dates Imitation of best practice 2001")
        assert app.screen.review.items[0].settled
    [taken] = list_codings(dated.uow(), coder="consensus")
    assert (taken.code, taken.event_date) == ("imitation", "2001")
