"""Screenshots of the main screens at 120x40 (and the coding view at 80x24).

Needs pytest-textual-snapshot; update with ``pytest tests/tui/snapshots --snapshot-update``
and look at the SVGs in ``__snapshots__`` before committing them.
"""

from __future__ import annotations

import pytest

pytest.importorskip("pytest_textual_snapshot")

from tests.tui.helpers import open_first, select_quote, settle
from workbench.services.codings import add_coding

SIZE = (120, 40)


@pytest.fixture
def coded(coded_project, doc_id):
    for coder, code, quote, date in (
        ("alice", "imitation", "copied what they did", None),
        ("alice", "peer.open-day", "went to an open day", None),
        ("bob", "adaptation", "adapting ideas to our own context", "2002"),
        ("alice", "tacit", "By 2003 we were adapting ideas", None),
    ):
        add_coding(
            coded_project.uow(),
            document=doc_id,
            code=code,
            coder=coder,
            quote=quote,
            event_date=date,
        )
    return coded_project


def test_documents_screen(snap_compare, make, coded):
    assert snap_compare(make(), terminal_size=SIZE, run_before=settle)


def test_coding_view_with_segments_and_dates(snap_compare, make, coded):
    async def run_before(pilot):
        await open_first(pilot)
        await select_quote(pilot, "adapting ideas to our own context")
        await pilot.pause(0.2)  # the segments panel follows the cursor a moment later

    assert snap_compare(make(), terminal_size=SIZE, run_before=run_before)


def test_code_picker(snap_compare, make, coded):
    async def run_before(pilot):
        await open_first(pilot)
        await select_quote(pilot, "peer council")
        await pilot.press("a", *"peer")
        await pilot.pause()

    assert snap_compare(make(), terminal_size=SIZE, run_before=run_before)


def test_codebook_panel(snap_compare, make, coded):
    async def run_before(pilot):
        await open_first(pilot)
        await pilot.press("f2", "down", "down")
        await pilot.pause()

    assert snap_compare(make(), terminal_size=SIZE, run_before=run_before)


def test_coding_view_in_a_small_light_terminal(snap_compare, make, coded):
    async def run_before(pilot):
        await open_first(pilot)
        await pilot.press("n")
        await pilot.pause()

    assert snap_compare(make(theme="textual-light"), terminal_size=(80, 24), run_before=run_before)


def test_adjudication_screen(snap_compare, make, coded, doc_id):
    add_coding(coded.uow(), document=doc_id, code="tacit", coder="bob", quote="copied what they")

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("f6")
        await settle(pilot)
        await pilot.press("enter", "y")
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()

    assert snap_compare(make(), terminal_size=SIZE, run_before=run_before)
