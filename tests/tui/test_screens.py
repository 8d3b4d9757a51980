"""Documents, suggestions, codebook, retrieval, undo/redo, blind mode, palette, help, sizes."""

from __future__ import annotations

from textual.widgets import DataTable, Input, OptionList, Tree

from tests.tui.helpers import open_first, select_quote, settle, status, transcript
from workbench.services.codings import add_coding, list_codings
from workbench.tui.screens.coding import CodingScreen
from workbench.tui.screens.help import HelpScreen
from workbench.tui.screens.retrieval import RetrievalScreen


def _second_document(project, tmp_path):
    from workbench.services.documents import import_file

    f = tmp_path / "report.txt"
    f.write_text("The scheme held a conference in 2002.\n\nCouncils copied the toolkit.\n")
    return import_file(project, path=f, title="Report", kind="document", case="Scheme", date="2002")


async def test_document_list_filters_and_counts(make, coded_project, doc_id, tmp_path):
    _second_document(coded_project, tmp_path)
    add_coding(coded_project.uow(), document=doc_id, code="tacit", coder="alice", quote="In 2000")
    add_coding(
        coded_project.uow(), document=doc_id, code="tacit", coder="bob", quote="peer council"
    )
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 2
        first = table.get_row_at(0)
        assert [str(c) for c in first] == [
            "Interview 01", "interview", "Northbridge", "2006-05", "212", "9%", "1",
        ]  # fmt: skip
        await pilot.press("slash", *"report")
        assert table.row_count == 1
        app.screen.query_one("#filter-text", Input).value = ""
        app.screen.query_one("#filter-kind").value = "interview"
        await pilot.pause()
        assert table.row_count == 1
        app.screen.query_one("#filter-kind").clear()
        app.screen.query_one("#filter-date", Input).value = "2001-2003"
        await pilot.pause()
        assert [str(table.get_row_at(0)[0])] == ["Report"]
        assert table.row_count == 1
        table.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CodingScreen)
        assert transcript(pilot).text.startswith("The scheme held")
        assert len(app.screen_stack) == 3  # default, documents, coding: opened once


async def test_suggestions_accept_and_reject_with_one_key(make, coded_project):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first(pilot)
        await pilot.press("f3")
        await settle(pilot, rounds=5)
        box = app.screen.query_one("#suggestion-list", OptionList)
        items = box.items
        assert {s.code for s in items} >= {"imitation", "adaptation", "peer.open-day"}
        box.highlighted = next(i for i, s in enumerate(items) if s.code == "imitation")
        await pilot.pause()
        tv = transcript(pilot)
        assert "copied what they did" in tv.text[slice(*tv.selection)]
        await pilot.press("y")
        await settle(pilot)
        assert status(pilot).startswith("Saved: suggested Imitation")
        box.highlighted = next(i for i, s in enumerate(box.items) if s.code == "adaptation")
        await pilot.press("r")
        await settle(pilot)
        assert "will not be offered again" in status(pilot)
        assert "adaptation" not in {s.code for s in box.items}
    [c] = list_codings(coded_project.uow())
    assert (c.code, c.origin) == ("imitation", "suggested")


async def test_codebook_panel_shows_definitions_and_counts_and_applies(make, coded_project, doc_id):
    add_coding(coded_project.uow(), document=doc_id, code="tacit", coder="bob", quote="In 2000")
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first(pilot)
        await pilot.press("f2")
        await pilot.pause()
        tree = app.screen.query_one(Tree)
        assert tree.has_focus
        node = next(n for n in app.screen.query_one("CodebookPanel").nodes.values()
                    if n.data.guid == "tacit")  # fmt: skip
        await settle(pilot)  # the counts (segments in documents) arrive a moment later
        assert str(node.label).endswith("  1 in 1")
        tree.move_cursor(node)
        await pilot.pause()
        text = str(app.screen.query_one("#code-definition-text").content)
        assert "Tacit knowledge" in text
        assert "Use when" in text
        assert "Not when" in text
        await select_quote(pilot, "peer council")
        tree.focus()
        await pilot.press("a")
        await settle(pilot)
        assert str(node.label).endswith("  2 in 1")
    assert [c.quote for c in list_codings(coded_project.uow(), coder="alice")] == ["peer council"]


async def test_retrieval_lists_segments_with_context_and_jumps_to_them(make, coded_project, doc_id):
    add_coding(
        coded_project.uow(), document=doc_id, code="tacit", coder="bob", quote="peer council"
    )
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await pilot.pause()
        await pilot.press(*"tacit", "enter")
        await settle(pilot)
        assert isinstance(app.screen, RetrievalScreen)
        assert app.screen.result.total == 1
        assert "1 segment of Tacit knowledge" in status(pilot)
        found = app.screen.result.segments[0]
        assert found.before.endswith("context with a ")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CodingScreen)
        tv = transcript(pilot)
        assert tv.text[slice(*tv.selection)] == "peer council"
        await pilot.press("escape", "escape")
        assert isinstance(app.screen, RetrievalScreen)


async def test_undo_and_redo_every_action_also_after_a_restart(make, coded_project):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first(pilot)
        await select_quote(pilot, "copied what they did")
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("m", *"memo", "ctrl+s")
        await settle(pilot)
        assert list_codings(coded_project.uow())[0].memo == "memo"
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert status(pilot).startswith("Saved: undone 'change Dissemination push")
        assert list_codings(coded_project.uow())[0].memo is None
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert list_codings(coded_project.uow()) == []
        assert transcript(pilot).segments == []
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert len(transcript(pilot).segments) == 1
        assert len(list_codings(coded_project.uow())) == 1
    app = make()  # a new session: the history is in the audit log
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first(pilot)
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert transcript(pilot).segments == []
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert status(pilot) == "Nothing to undo."
    assert list_codings(coded_project.uow()) == []


async def test_blind_mode_and_the_coder_filter(make, coded_project, doc_id):
    add_coding(coded_project.uow(), document=doc_id, code="tacit", coder="bob", quote="In 2000")
    add_coding(coded_project.uow(), document=doc_id, code="tacit", coder="alice", quote="open day")
    app = make(blind=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first(pilot)
        assert [s.coder for s in transcript(pilot).segments] == ["alice"]
        await pilot.press("c")
        assert status(pilot) == "Blind mode: only your own codings are shown."
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first(pilot)
        tv = transcript(pilot)
        assert len(tv.visible_segments()) == 2
        await pilot.press("c")
        await pilot.pause()
        selection = app.screen.query_one("SelectionList")
        selection.deselect("bob")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [s.coder for s in tv.visible_segments()] == ["alice"]
        assert "showing alice" in str(app.screen.query_one("#doc-title").content)


async def test_palette_has_every_action_and_runs_them(make, coded_project):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first(pilot)
        titles = {t for t, _, _ in app.screen.palette_commands() + app.palette_commands()}
        for wanted in (
            "code: Apply code…",
            "code: Remove code",
            "segment: Adjust boundaries",
            "segment: Memo…",
            "segment: Date…",
            "navigate: Next uncoded paragraph",
            "view: Suggestions",
            "history: Undo",
            "retrieve: Segments of a code…",
        ):
            assert wanted in titles
        await select_quote(pilot, "open day")
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"apply code")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "CodePickerDialog"
        await pilot.press(*"open day", "enter")
        await settle(pilot)
    assert [c.code for c in list_codings(coded_project.uow())] == ["peer.open-day"]


async def test_help_lists_the_bindings(make):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await open_first(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, CodingScreen)


async def test_small_terminal_and_light_theme(make, coded_project):
    app = make(theme="textual-light")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first(pilot)
        assert not app.screen.panel_shown
        assert transcript(pilot).size.width >= 78
        await select_quote(pilot, "peer council")
        await pilot.press("4")
        await settle(pilot)
        assert status(pilot).startswith("Saved:")
        await pilot.press("f2")
        await pilot.pause()
        assert app.screen.panel_shown
        await pilot.press("ctrl+b")
        assert not app.screen.panel_shown
        await pilot.resize_terminal(140, 40)
        await pilot.pause()
        assert transcript(pilot).stripe_count == 6
    assert len(list_codings(coded_project.uow())) == 1
