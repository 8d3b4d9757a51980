"""Revising a document from the TUI, and an open view following someone else's revision."""

from __future__ import annotations

from sqlalchemy import select

from tests.tui.helpers import open_first, settle, status, transcript
from tests.tui.test_live import wait_for
from workbench.services.codings import add_coding, list_codings
from workbench.services.revisions import revise_document
from workbench.store.models import Document
from workbench.tui.modals.revise_dialog import ReviseDialog

NEW = (
    "Interviewer: When did you first hear of the learning scheme?\n"
    "R1: In 2000. We went to an open day and copied what they did.\n"
    "R1: By 2003 we were adapting ideas to our own context with a peer council.\n"
)


def coded(project):
    for quote, code in (
        ("copied what they did", "imitation"),
        ("Interviewer: And later?", "tacit"),
    ):
        add_coding(project.uow(), document="Interview 01", quote=quote, code=code, coder="alice")


def stored_text(project) -> str:
    with project.uow() as uow:
        return uow.session.scalar(select(Document.text).where(Document.title == "Interview 01"))


async def test_revise_from_the_document_list_checks_first_and_asks_to_drop_lost(
    make, coded_project, tmp_path
):
    coded(coded_project)
    revised = tmp_path / "interview-01-v2.txt"
    revised.write_text(NEW, encoding="utf-8")
    before = stored_text(coded_project)
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ReviseDialog)

        await pilot.press("ctrl+s")  # nothing checked yet
        assert "press Enter to check it first" in str(dialog.query_one("#revise-error").render())

        dialog.query_one("#revise-path").value = str(tmp_path / "missing.txt")
        await pilot.press("enter")
        await settle(pilot)
        assert "missing.txt" in str(dialog.query_one("#revise-error").render())

        dialog.query_one("#revise-path").value = str(revised)
        await pilot.press("enter")
        await settle(pilot)
        summary = str(dialog.query_one("#revise-summary").render())
        assert "2 codings would carry over: 0 same, 1 moved, 0 fuzzy, 1 lost" in summary
        assert dialog.query_one("#revise-codings").row_count == 2
        assert stored_text(coded_project) == before  # a check writes nothing

        await pilot.press("ctrl+s")  # refused: one coding would be lost
        assert isinstance(app.screen, ReviseDialog)
        assert "ctrl+t agrees to drop them" in str(dialog.query_one("#revise-error").render())
        assert stored_text(coded_project) == before

        await pilot.press("ctrl+t", "ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ReviseDialog)
        assert status(pilot).startswith("Saved: 'Interview 01' is now version 2 (1 moved, 1 lost")
    assert stored_text(coded_project) == NEW.rstrip("\n")
    assert [c.quote for c in list_codings(coded_project.uow())] == ["copied what they did"]


async def test_an_open_document_reopens_when_someone_revises_it(make, coded_project, tmp_path):
    coded(coded_project)
    revised = tmp_path / "v2.txt"
    revised.write_text(NEW, encoding="utf-8")
    app = make(live_seconds=0.2)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first(pilot)
        assert "And later?" in transcript(pilot).text
        revise_document(
            coded_project, document="Interview 01", path=revised, actor="bob", drop_lost=True
        )
        await wait_for(
            pilot,
            lambda: transcript(pilot).text == NEW.rstrip("\n"),
            within=5,
            what="the revised text shown",
        )
        await settle(pilot)
        tv = transcript(pilot)
        assert [tv.text[s.start : s.end] for s in tv.segments] == ["copied what they did"]
