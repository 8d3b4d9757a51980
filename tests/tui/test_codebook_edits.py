"""Codebook work in the coding view: in-vivo code, repeat the last code, shortcut 0, edits
in the codebook panel, each undone by ctrl+z."""

from __future__ import annotations

from tests.tui.helpers import open_first, select_quote, settle, status
from workbench.services.codebook import list_codes
from workbench.services.codings import list_codings


def stored(project):
    return [(c.code, c.quote) for c in list_codings(project.uow())]


def code_names(project):
    return {c.guid: c.name for c in list_codes(project.uow(), include_inactive=True)}


async def test_in_vivo_then_undo(make, coded_project):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first(pilot)
        await select_quote(pilot, "peer council")
        await pilot.press("i")
        await settle(pilot)
        assert status(pilot).startswith("Saved: new code 'peer council'")
        assert stored(coded_project) == [("peer-council", "peer council")]
        assert any(c.guid == "peer-council" for c in app.codes)
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert stored(coded_project) == []
        assert "peer-council" not in code_names(coded_project)


async def test_repeat_last_code_and_shortcut_zero(make, coded_project):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first(pilot)
        await select_quote(pilot, "open day")
        await pilot.press("2")
        await settle(pilot)
        await select_quote(pilot, "peer council")
        await pilot.press("r")
        await settle(pilot)
        await select_quote(pilot, "copied")
        await pilot.press("0")
        await settle(pilot)
    zero = next(c.guid for c in list_codes(coded_project.uow()) if c.shortcut == "0")
    two = next(c.guid for c in list_codes(coded_project.uow()) if c.shortcut == "2")
    assert sorted(stored(coded_project)) == sorted(
        [(two, "open day"), (two, "peer council"), (zero, "copied")]
    )


async def test_rename_recolour_new_code_in_the_panel(make, coded_project):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first(pilot)
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press("e")  # the first code in the tree: Dissemination push
        await pilot.press("ctrl+u", *"Push", "enter")
        await settle(pilot)
        assert code_names(coded_project)["push"] == "Push"
        assert "Save to YAML" in status(pilot)
        await pilot.press("k", "ctrl+u", *"green", "enter")
        await settle(pilot)
        assert next(c for c in app.codes if c.guid == "push").colour == "#2ca02c"
        await pilot.press("n", *"Open days", "enter")
        await settle(pilot)
        assert next(c for c in app.codes if c.guid == "open-days").parent_guid == "push"
        for _ in range(3):
            await pilot.press("ctrl+z")
            await settle(pilot)
        assert code_names(coded_project)["push"] == "Dissemination push"
        assert "open-days" not in code_names(coded_project)


async def test_code_tree_counts_segments_and_sources_with_children(make, coded_project, doc_id):
    from workbench.services.codings import add_coding
    from workbench.tui.widgets.codebook import CodebookPanel

    add_coding(coded_project.uow(), document=doc_id, code="adaptation", coder="alice",
               quote="adapting")  # fmt: skip
    add_coding(coded_project.uow(), document=doc_id, code="adaptation.tailoring", coder="bob",
               quote="our own context")  # fmt: skip
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first(pilot)
        await pilot.press("f2")
        await settle(pilot)
        panel = app.screen.query_one(CodebookPanel)
        label = str(panel.nodes["adaptation"].label)
        assert "1 in 1" in label
        assert "Σ 2 in 1" in label
