"""Small helpers for Pilot tests: wait for service workers, read the screen's state."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.pilot import Pilot


async def settle(pilot: Pilot, rounds: int = 3) -> None:
    """Let thread workers finish and their results reach the UI (they may chain)."""
    for _ in range(rounds):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def status(pilot: Pilot) -> str:
    from workbench.tui.widgets.status import StatusLine

    return pilot.app.screen.query_one(StatusLine).message


def transcript(pilot: Pilot):
    from workbench.tui.widgets.transcript import TranscriptView

    return pilot.app.screen.query_one(TranscriptView)


async def open_first(pilot: Pilot) -> None:
    """From the document list, open the first document, and wait until its text is shown.

    On a loaded machine the coding screen may still be mounting its widgets, or its
    document still loading, when the workers are first seen idle: wait for the text
    itself (up to about 20 s) rather than for a fixed number of rounds.
    """
    import asyncio

    from textual.css.query import NoMatches

    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    for _ in range(200):
        try:
            if transcript(pilot).text:
                return
        except NoMatches:
            pass
        await asyncio.sleep(0.1)
        await settle(pilot, rounds=1)


async def select_quote(pilot: Pilot, quote: str) -> tuple[int, int]:
    tv = transcript(pilot)
    start = tv.text.index(quote)
    tv.select(start, start + len(quote))
    await pilot.pause()
    return start, start + len(quote)
