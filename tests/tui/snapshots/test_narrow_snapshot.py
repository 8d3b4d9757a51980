"""Screenshots at 80x24, the smallest terminal the TUI supports: the document list with a
whole date beside a shortened title, the timeline's frontiers over several lines, and
the timeline's window dialog (w)."""

from __future__ import annotations

import pytest

pytest.importorskip("pytest_textual_snapshot")

from tests.tui.helpers import settle
from tests.tui.test_timeline import add_outlier, open_timeline

SIZE = (80, 24)


async def _timeline(pilot):
    screen = await open_timeline(pilot)
    screen.rendered_seconds = None  # the status line's drawing time varies: left out here
    screen._summary()
    await pilot.pause()
    return screen


def test_document_list_at_80x24(snap_compare, make, coded_project, tmp_path):
    from workbench.services.documents import import_file

    f = tmp_path / "notes.txt"
    f.write_text("We visited the council on a grey morning.\n", encoding="utf-8")
    import_file(
        coded_project,
        path=f,
        title="Field notes: Selworth open day and the workshop that followed it",
        kind="fieldnote",
        case="Brackenholme",
        date="2000-10-12",
    )
    assert snap_compare(make(), terminal_size=SIZE, run_before=settle)


def test_timeline_frontiers_at_80x24(snap_compare, make, dated_project):
    assert snap_compare(make(), terminal_size=SIZE, run_before=_timeline)


def test_timeline_window_dialog(snap_compare, make, dated_project):
    project, _ = dated_project
    add_outlier(project)

    async def run_before(pilot):
        await _timeline(pilot)
        await pilot.press("w")
        await settle(pilot)

    assert snap_compare(make(), terminal_size=SIZE, run_before=run_before)


def test_retrieval_filters_at_80x24(snap_compare, make, coded_project, doc_id):
    """The retrieval filters keep one line each at 80 columns: the case and coder prompts and
    the date field are not wrapped or cut to a letter."""
    from workbench.services.codings import add_coding

    add_coding(
        coded_project.uow(), document=doc_id, code="tacit", coder="bob", quote="peer council"
    )

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("f5")
        await pilot.pause()
        await pilot.press(*"tacit", "enter")
        await settle(pilot)

    assert snap_compare(make(), terminal_size=SIZE, run_before=run_before)
