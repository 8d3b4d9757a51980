"""Opening a document trains the coder's suggestion model in the background: F3 only ranks."""

from __future__ import annotations

from textual.widgets import OptionList

from tests.tui.helpers import open_first, settle


async def test_opening_a_document_trains_the_model_so_f3_only_ranks(make, monkeypatch):
    from workbench.services import suggestions

    trained: list[str] = []
    train = suggestions._train

    def counted(project, coder, *args):
        trained.append(coder)
        return train(project, coder, *args)

    monkeypatch.setattr(suggestions, "_train", counted)
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first(pilot)
        await settle(pilot)
        suggestions.settle()
        assert trained == ["alice"]  # before any F3
        await pilot.press("f3")
        await settle(pilot, rounds=5)
        assert app.screen.query_one("#suggestion-list", OptionList).option_count > 0
        assert trained == ["alice"]  # the key found the model ready
        app.pop_screen()
        await pilot.pause()
        await pilot.press("enter")  # a second document: no second warm-up
        await settle(pilot)
        suggestions.settle()
        assert trained == ["alice"]
