"""The dating dialog: citations listed apart and never the default; typed dates read back."""

from __future__ import annotations

import pytest

from tests.tui.helpers import open_first, select_quote, settle, status
from workbench.services.codings import list_codings


@pytest.fixture
def cited_project(project, tmp_path):
    from tests.conftest import LEARNING
    from workbench.services.codebook import load_codebook_file
    from workbench.services.documents import import_file

    load_codebook_file(project.uow(), path=LEARNING, actor="alice")
    f = tmp_path / "paper.txt"
    f.write_text(
        "Peer learning (Rashman and Hartley, 2002) spread when councils copied each "
        "other at open days in 2004. Later they adapted what they copied.\n",
        encoding="utf-8",
    )
    import_file(project, path=f, title="Paper", kind="document", date="2010")
    return project


async def test_citations_are_shown_apart_and_the_event_is_the_default(cited_project):
    from workbench.tui.factory import make_app
    from workbench.tui.modals.date_dialog import DateDialog
    from workbench.tui.settings import TuiSettings

    app = make_app(cited_project, TuiSettings(coder="alice", animate=False, theme="textual-dark"))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first(pilot)
        await select_quote(pilot, "Peer learning (Rashman and Hartley, 2002) spread")
        await pilot.press("1")
        await settle(pilot)
        # the citation inside the span does not date it; the event in its sentence does
        assert "dated 2004 (mention '2004' in its sentence)" in status(pilot)
        await pilot.press("d")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, DateDialog)
        box = dialog.query_one("OptionList")
        prompts = [str(box.get_option_at_index(i).prompt) for i in range(box.option_count)]
        assert prompts[box.highlighted].startswith("2004")
        heading = next(i for i, p in enumerate(prompts) if p.startswith("Not event dates"))
        assert prompts[heading + 1].startswith("2002")
        assert "[citation]" in prompts[heading + 1]
        assert all("[citation]" not in p for p in prompts[:heading])
        await pilot.press("enter")
        await settle(pilot)
    [c] = list_codings(cited_project.uow())
    assert c.event_date == "2004"


async def test_an_ambiguous_typed_date_is_read_back_before_it_is_saved(cited_project):
    from workbench.tui.factory import make_app
    from workbench.tui.settings import TuiSettings

    app = make_app(cited_project, TuiSettings(coder="alice", animate=False, theme="textual-dark"))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first(pilot)
        await select_quote(pilot, "Later they adapted")
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        await pilot.press(*"2004-8")
        await pilot.pause()
        preview = str(app.screen.query_one("#date-preview").content)
        assert "2004-01-01 to 2008-12-31" in preview
        assert "read as the years 2004 to 2008" in preview
        await pilot.press("enter")
        await settle(pilot)
        assert "Enter again" in str(app.screen.query_one("#date-preview").content)
        [c] = list_codings(cited_project.uow())
        assert c.event_date is None  # nothing saved yet
        await pilot.press("enter")
        await settle(pilot)
    [c] = list_codings(cited_project.uow())
    assert c.event_date == "2004-01-01/2008-12-31"
