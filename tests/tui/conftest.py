"""Pilot tests drive the real app on a real temporary project, built through ``make_app``."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch):
    """Blinking cursors make screenshots differ from run to run."""
    from textual.widgets import Input, TextArea

    monkeypatch.setattr(Input, "cursor_blink", False)
    monkeypatch.setattr(TextArea, "cursor_blink", False)


@pytest.fixture
def make(coded_project):
    """``make(**settings)`` -> app on the coded project (alice codes unless told otherwise)."""
    from workbench.tui.factory import make_app
    from workbench.tui.settings import TuiSettings

    def build(project=None, **kw):
        args = {"coder": "alice", "animate": False, "theme": "textual-dark"} | kw
        return make_app(project or coded_project, TuiSettings(**args))

    return build


@pytest.fixture
def doc_id(coded_project) -> int:
    from workbench.services.reading import list_document_rows

    return list_document_rows(coded_project, coder="alice")[0].id
