"""Coding flows through the keyboard and the mouse, checked in the database afterwards."""

from __future__ import annotations

from tests.tui.helpers import open_first, select_quote, settle, status, transcript
from workbench.services.codings import list_codings
from workbench.tui.screens.coding import CodingScreen
from workbench.tui.screens.documents import DocumentsScreen


def stored(project, **kw):
    return [(c.code, c.coder, c.quote, c.origin) for c in list_codings(project.uow(), **kw)]


async def test_open_a_document_and_code_a_sentence_with_a_shortcut(make, coded_project):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DocumentsScreen)
        await open_first(pilot)
        assert isinstance(app.screen, CodingScreen)
        tv = transcript(pilot)
        tv.move_to(tv.text.index("In 2000"))
        await pilot.press("s")  # the sentence under the cursor
        assert tv.text[slice(*tv.selection)] == "In 2000."
        await pilot.press("1")  # shortcut 1: Dissemination push
        await settle(pilot)
        assert status(pilot).startswith("Saved: Dissemination push on")
        assert "2000 (mention '2000' in its span)" in status(pilot)
    assert stored(coded_project) == [("push", "alice", "In 2000.", "manual")]


async def test_code_picker_is_fuzzy(make, coded_project):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first(pilot)
        await select_quote(pilot, "copied what they did")
        await pilot.press("a")
        await pilot.press(*"tacit knowlege")
        await pilot.press("enter")
        await settle(pilot)
    assert stored(coded_project) == [("tacit", "alice", "copied what they did", "manual")]


async def test_selecting_by_keyboard_units(make):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first(pilot)
        tv = transcript(pilot)
        tv.move_to(tv.text.index("open day"))
        await pilot.press("w")
        assert tv.text[slice(*tv.selection)] == "open"
        await pilot.press("w")
        assert tv.text[slice(*tv.selection)] == "open day"
        await pilot.press("escape", "t")
        assert tv.text[slice(*tv.selection)].startswith("R1: In 2000.")
        await pilot.press("escape", "p", "p")
        assert tv.text[slice(*tv.selection)].count("\n") == 1
        tv.move_to(0)
        await pilot.press("shift+right", "shift+right", "shift+right")
        assert tv.selection[1] - tv.selection[0] == 3


async def test_mouse_drag_selects_and_click_moves(make, coded_project):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first(pilot)
        tv = transcript(pilot)
        gutter = tv.gutter_width
        await pilot.mouse_down(tv, offset=(gutter + 4, 1))
        await pilot.hover(tv, offset=(gutter + 11, 1))
        await pilot.mouse_up(tv, offset=(gutter + 11, 1))
        assert tv.text[slice(*tv.selection)] == "In 2000"
        await pilot.press("a", *"imitation", "enter")
        await settle(pilot)
        await pilot.click(tv, offset=(gutter + 2, 0))
        assert tv.selection is None
        assert tv.cursor == 2
    assert stored(coded_project) == [("imitation", "alice", "In 2000", "manual")]


async def test_remove_adjust_and_memo(make, coded_project):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first(pilot)
        start, end = await select_quote(pilot, "copied what they did")
        await pilot.press("2")  # Learning pull
        await settle(pilot)
        await pilot.press("b", "shift+right", "shift+right", "enter")
        await settle(pilot)
        assert status(pilot).startswith("Saved: bounds")
        [c] = list_codings(coded_project.uow())
        assert (c.start, c.end) == (start, end + 2)
        await pilot.press("m")
        await pilot.press(*"seems central")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert list_codings(coded_project.uow())[0].memo == "seems central"
        await pilot.press("x")
        await settle(pilot)
        assert status(pilot).startswith("Saved: removed")
    assert list_codings(coded_project.uow()) == []


async def test_dating_by_typing_and_by_choosing_a_mention(make, coded_project):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first(pilot)
        await select_quote(pilot, "adapting ideas")
        await pilot.press("3")
        await settle(pilot)
        assert "dated 2003 (mention '2003' in its sentence)" in status(pilot)
        await pilot.press("d")
        await settle(pilot)
        await pilot.press(*"Q3 2004", "enter")
        await settle(pilot)
        [c] = list_codings(coded_project.uow())
        assert c.event_date == "Q3 2004"
        await pilot.press("d")
        await settle(pilot)
        app.screen.query_one("Input").value = ""
        await pilot.press("enter")  # the nearest mention, highlighted first
        await settle(pilot)
        [c] = list_codings(coded_project.uow())
        assert c.event_date == "2003"
        assert "own date" in app.screen.query_one("StatusLine #status-info").content


async def test_navigation_between_segments_and_to_uncoded_paragraphs(make, coded_project, doc_id):
    from workbench.services.codings import add_coding

    for quote in ("In 2000", "peer council"):
        add_coding(coded_project.uow(), document=doc_id, code="tacit", coder="bob", quote=quote)
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first(pilot)
        tv = transcript(pilot)
        await pilot.press("n")
        assert tv.text[slice(*tv.selection)] == "In 2000"
        await pilot.press("n")
        assert tv.text[slice(*tv.selection)] == "peer council"
        await pilot.press("N")
        assert tv.text[slice(*tv.selection)] == "In 2000"
        tv.move_to(0)
        await pilot.press("u")
        assert tv.text[slice(*tv.selection)].startswith("Interviewer: When")
        await pilot.press("u")
        assert tv.text[slice(*tv.selection)] == "Interviewer: And later?"


async def test_someone_elses_segment_cannot_be_changed(make, coded_project, doc_id):
    from workbench.services.codings import add_coding

    add_coding(coded_project.uow(), document=doc_id, code="tacit", coder="bob", quote="In 2000")
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first(pilot)
        await pilot.press("n", "x")
        await settle(pilot)
        assert status(pilot) == "The segment here is bob's: you change only your own."
    assert len(list_codings(coded_project.uow())) == 1


async def test_applying_without_a_selection_explains_how_to_select(make, coded_project):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first(pilot)
        await pilot.press("a")
        assert status(pilot).startswith("Select text first")
        await pilot.press("1")
        assert status(pilot).startswith("Select text first")
    assert list_codings(coded_project.uow()) == []


async def test_a_failed_save_says_not_saved(make, coded_project):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first(pilot)
        await select_quote(pilot, "In 2000")
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("1")  # the same coding again
        await settle(pilot)
        assert status(pilot).startswith("Not saved: alice already coded")
    assert len(list_codings(coded_project.uow())) == 1
