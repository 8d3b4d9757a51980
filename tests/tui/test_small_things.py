"""Small things a first day of coding runs into: blank selections, offsets, cut text, narrow
terminals, ranges shown as typed."""

from __future__ import annotations

from textual.widgets import DataTable

from tests.tui.helpers import open_first, settle, status, transcript
from workbench.services.codings import list_codings
from workbench.tui.widgets.segments import short_range


async def test_a_blank_selection_is_not_coded(make, coded_project):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first(pilot)
        tv = transcript(pilot)
        tv.select(51, 52)  # the line break after the first question
        await pilot.press("1")
        await settle(pilot)
        assert "only spaces or line breaks" in status(pilot)
    assert list_codings(coded_project.uow()) == []


async def test_offsets_read_the_same_everywhere(make):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first(pilot)
        tv = transcript(pilot)
        tv.select(65, 85)
        await pilot.pause()
        info = str(app.screen.query_one("#status-info").content)
        assert info.startswith("selected [65, 85)")
        await pilot.press("1")
        await settle(pilot)
        assert "on [65, 85)" in status(pilot)


async def test_the_document_list_keeps_its_columns_at_80_columns(make):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        widths = sum(c.get_render_width(table) for c in table.columns.values())
        assert widths <= 80
        assert [str(c.label) for c in table.columns.values()][-1] == "Mine"


def test_ranges_of_whole_years_and_months_show_as_typed():
    assert short_range("1999-01-01/2008-12-31") == "1999-2008"
    assert short_range("2001-07-01/2004-06-30") == "2001-07/2004-06"
    assert short_range("2001-07-01/2004-06-29") == "2001-07-01/2004-06-29"
    assert short_range("spring 2000") == "spring 2000"
