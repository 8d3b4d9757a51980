"""Screenshot of the memo list (F8)."""

from __future__ import annotations

import pytest

pytest.importorskip("pytest_textual_snapshot")

from tests.tui.helpers import settle


def test_memo_list(snap_compare, make, coded_project, doc_id):
    from workbench.services.memos import write_memo

    write_memo(coded_project, coder="alice", body="Open days drive the first phase.",
               document_id=doc_id)  # fmt: skip
    write_memo(coded_project, coder="bob", body="Push or pull? Read the criteria.", code="push")
    from datetime import UTC, datetime

    from sqlalchemy import update

    from workbench.store.models import Memo

    with coded_project.uow() as uow:  # a fixed time: the screenshot shows it
        uow.session.execute(update(Memo).values(updated_at=datetime(2026, 1, 5, 9, 30, tzinfo=UTC)))

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("f8")
        await settle(pilot)
        await pilot.pause()

    assert snap_compare(make(), terminal_size=(120, 40), run_before=run_before)
