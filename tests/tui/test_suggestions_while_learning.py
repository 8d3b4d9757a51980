"""F3 pressed while the model still learns: the codebook keywords answer at once, with a cue,
and the learned suggestions replace them when the model is ready."""

from __future__ import annotations

import threading

from tests.tui.helpers import open_first, settle


async def test_f3_during_training_answers_from_keywords_then_refreshes(make, monkeypatch):
    from workbench.nlp.suggest_model import SuggestModel
    from workbench.services import suggestions
    from workbench.tui.widgets.suggestions import SuggestionsPanel

    gate = threading.Event()
    train = SuggestModel.train

    def held(cls, *args, **kwargs):
        gate.wait(30)  # the fits take their time: F3 comes first
        return train(*args, **kwargs)

    monkeypatch.setattr(SuggestModel, "train", classmethod(held))
    suggestions._models.clear()
    app = make()
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await open_first(pilot)
            await pilot.press("f3")
            panel = app.screen.query_one(SuggestionsPanel)
            for _ in range(100):
                await pilot.pause(0.05)
                if panel.drawn_at is not None:
                    break
            assert panel.drawn_at is not None  # drawn without waiting for the fits
            assert panel.learning
            note = str(panel.query_one("#suggestions-note").render())
            assert "learned ones follow" in note
            gate.set()
            suggestions.settle()
            for _ in range(100):
                await settle(pilot, rounds=1)
                if not panel.learning:
                    break
            assert not panel.learning
            assert "learned ones follow" not in str(panel.query_one("#suggestions-note").render())
    finally:
        gate.set()
        suggestions.settle()
        suggestions._models.clear()
