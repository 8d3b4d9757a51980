"""Working as a team: others' codings appear while I code; a lost connection keeps my action.

The second coder works through the same service functions in the test, as another
coder's app would. Waits are bounded loops of ``pilot.pause()``, never fixed sleeps.
"""

from __future__ import annotations

import time

import pytest
from textual.css.query import NoMatches

from tests.netproxy import proxied_url
from tests.tui.helpers import open_first, select_quote, settle, status, transcript
from workbench.services.codings import list_codings
from workbench.services.reading import list_document_rows
from workbench.services.segments import apply_code, remove_segment, update_segment
from workbench.tui.screens.coding import CodingScreen
from workbench.tui.screens.documents import DocumentsScreen
from workbench.tui.widgets.connection import ConnectionBanner


async def wait_for(pilot, predicate, *, within: float = 10.0, what: str = "") -> float:
    """Pause until ``predicate()`` holds; fail after ``within`` s. Returns the seconds waited.

    A widget the predicate reads may be gone for a moment while the app swaps a screen (a
    revised document reopening): that counts as "not yet", not as a failure.
    """
    t0 = time.monotonic()
    while not _holds(predicate):
        if time.monotonic() - t0 > within:
            raise AssertionError(f"not within {within} s: {what or predicate}")
        await pilot.pause(0.05)
    return time.monotonic() - t0


def _holds(predicate) -> bool:
    try:
        return bool(predicate())
    except NoMatches:
        return False


def banner(pilot) -> str | None:
    found = pilot.app.screen.query(ConnectionBanner)
    return found.first().text if found else None


def span(pilot, quote: str) -> str:
    start = transcript(pilot).text.index(quote)
    return f"[{start}, {start + len(quote)})"


def coders_shown(pilot) -> list[tuple[str, str]]:
    tv = transcript(pilot)
    return sorted((s.coder, tv.text[s.start : s.end]) for s in tv.segments)


# ---------------------------------------------------------------------- live updates


async def test_another_coders_codings_appear_change_and_go(make, coded_project, doc_id):
    p = coded_project
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first(pilot)
        text = transcript(pilot).text
        start = text.index("copied")
        seg = apply_code(
            p, document_id=doc_id, start=start, end=start + 6, code="tacit", coder="bob"
        )
        # one poll period (1 s) in practice; the bound only keeps a broken build from hanging
        await wait_for(
            pilot,
            lambda: ("bob", "copied") in coders_shown(pilot),
            within=5,
            what="bob's coding shown",
        )
        assert status(pilot) == "Bob added 1 coding in this document"
        tv = transcript(pilot)
        assert tv.segments_at(start)[0].coder == "bob"  # drawn: stripes and tint follow the index
        tacit = next(c for c in app.codes if c.guid == "tacit")
        assert tacit.codings == 1

        update_segment(p, coding_id=seg.id, coder="bob", end=start + 11)
        await wait_for(
            pilot, lambda: ("bob", "copied what") in coders_shown(pilot), what="bob's new bounds"
        )
        assert status(pilot) == "Bob adjusted 1 coding in this document"

        remove_segment(p, coding_id=seg.id, coder="bob")
        await wait_for(pilot, lambda: coders_shown(pilot) == [], what="bob's coding gone")
        assert status(pilot) == "Bob removed 1 coding in this document"
        assert next(c for c in app.codes if c.guid == "tacit").codings == 0


async def test_my_own_actions_are_not_announced_as_news(make, coded_project):
    app = make(live_seconds=0.2)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first(pilot)
        await select_quote(pilot, "In 2000")
        await pilot.press("1")
        await settle(pilot)
        polls = app.live.polls
        await wait_for(pilot, lambda: app.live.polls >= polls + 3)
        assert status(pilot).startswith("Saved: Dissemination push")
        assert coders_shown(pilot) == [("alice", "In 2000")]


async def test_blind_mode_never_shows_others_codings(make, coded_project, doc_id):
    app = make(blind=True, live_seconds=0.2)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first(pilot)
        before = status(pilot)
        apply_code(coded_project, document_id=doc_id, start=4, end=12, code="tacit", coder="bob")
        polls = app.live.polls
        await wait_for(pilot, lambda: app.live.polls >= polls + 3, what="three polls")
        assert coders_shown(pilot) == []
        assert status(pilot) == before
        assert next(c for c in app.codes if c.guid == "tacit").codings == 0


async def test_the_document_list_counts_follow_others(make, coded_project, doc_id):
    app = make(live_seconds=0.2)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DocumentsScreen)
        assert screen.rows[0].coded_share == 0
        apply_code(coded_project, document_id=doc_id, start=0, end=50, code="tacit", coder="bob")
        await wait_for(pilot, lambda: screen.rows[0].coded_share > 0, what="coded share")
        assert status(pilot) == "Bob added 1 coding (1 document)"
        assert screen.rows[0].mine == 0


async def test_an_undone_removal_comes_back_in_place(make, coded_project, doc_id):
    from workbench.services.history import undo

    p = coded_project
    seg = apply_code(p, document_id=doc_id, start=4, end=12, code="tacit", coder="bob")
    app = make(live_seconds=0.2)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first(pilot)
        assert len(coders_shown(pilot)) == 1
        remove_segment(p, coding_id=seg.id, coder="bob")
        await wait_for(pilot, lambda: coders_shown(pilot) == [])
        undo(p, actor="bob")  # the coding comes back with its guid, as a new row
        await wait_for(pilot, lambda: len(coders_shown(pilot)) == 1)
        [shown] = transcript(pilot).segments
        assert shown.guid == seg.guid


async def test_a_codebook_change_elsewhere_reads_codes_and_codings_again(
    make, coded_project, doc_id
):
    from workbench.services.codebook import merge_codes

    p = coded_project
    apply_code(p, document_id=doc_id, start=4, end=12, code="tacit", coder="bob")
    app = make(live_seconds=0.2)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first(pilot)
        assert [s.code for s in transcript(pilot).segments] == ["tacit"]
        merge_codes(p.uow(), source="tacit", target="push", actor="lead")
        await wait_for(pilot, lambda: [s.code for s in transcript(pilot).segments] == ["push"])
        await wait_for(pilot, lambda: not any(c.guid == "tacit" for c in app.codes))
        assert next(c for c in app.codes if c.guid == "push").codings == 1
        assert status(pilot) == "The codebook changed: codes and codings read again"


# ---------------------------------------------------------------------- connection lost


@pytest.fixture
def team(pg_url, tmp_path):
    """The coded study on PostgreSQL, reached through a proxy the test can cut."""
    from tests.conftest import LEARNING
    from workbench.services.codebook import load_codebook_file
    from workbench.services.coders import add_coder
    from workbench.services.documents import import_file
    from workbench.services.project import init_project
    from workbench.store.db import make_engine
    from workbench.store.project import Project

    proxy, url = proxied_url(pg_url)
    project = init_project("team", base=tmp_path, coder="alice", database=url)
    load_codebook_file(project.uow(), path=LEARNING, actor="alice")
    add_coder(project.uow(), handle="bob")
    f = tmp_path / "interview-01.txt"
    f.write_text(
        "Interviewer: When did you first hear of the scheme?\n"
        "R1: In 2000. We went to an open day and copied what they did.\n",
        encoding="utf-8",
    )
    import_file(project, path=f, title="Interview 01", kind="interview")
    # the same study, not through the proxy: what the server holds, whatever the app saw
    direct = Project(project.root, project.config, make_engine(pg_url))
    yield project, proxy, direct
    proxy.close()
    project.close()
    direct.close()


def stored(project) -> list[tuple[str, str, str]]:
    return [(c.code, c.coder, c.quote) for c in list_codings(project.uow())]


@pytest.mark.postgres
async def test_a_lost_connection_keeps_the_action_and_saves_it_once(make, team):
    project, proxy, direct = team
    app = make(project, live_seconds=0.2, retry_seconds=60)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first(pilot)
        assert isinstance(app.screen, CodingScreen)
        proxy.cut()
        await select_quote(pilot, "In 2000")
        await pilot.press("1")  # Dissemination push
        await wait_for(pilot, lambda: banner(pilot) is not None, what="the banner")
        await wait_for(pilot, lambda: "not saved yet" in (banner(pilot) or ""))
        text = banner(pilot)
        assert text.startswith("Connection to the project database lost — retrying (")
        assert "'apply Dissemination push to [" in text
        await select_quote(pilot, "open day")
        await pilot.press("2")  # Learning pull: waits behind the first
        await wait_for(pilot, lambda: app.live.trouble and app.live.trouble.attempt >= 2)
        assert stored(direct) == []
        assert app.services.pending() == [
            f"apply Dissemination push to {span(pilot, 'In 2000')}",
            f"apply Learning pull to {span(pilot, 'open day')}",
        ]

        proxy.restore()
        await wait_for(pilot, lambda: banner(pilot) is None, what="the banner gone")
        await wait_for(pilot, lambda: not app.services.pending(), what="both saved")
        await settle(pilot)
        assert status(pilot).startswith("Saved: Learning pull")
        assert [q for _, _, q in stored(direct)] == ["In 2000", "open day"]
        assert coders_shown(pilot) == [("alice", "In 2000"), ("alice", "open day")]


@pytest.mark.postgres
async def test_a_commit_whose_reply_was_lost_is_not_sent_again(make, team):
    """The server committed, the app never heard: it finds the action saved and says so."""
    project, proxy, direct = team
    # no polling here: a poll's own COMMIT must not be the one the proxy lets through
    app = make(project, live_seconds=None, retry_seconds=60)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first(pilot)
        await select_quote(pilot, "In 2000")
        proxy.cut_after(b"COMMIT")
        await pilot.press("1")
        await wait_for(pilot, proxy.tripped.is_set, what="the cut after the commit")
        await wait_for(pilot, lambda: banner(pilot) is not None, what="the banner")
        assert stored(direct) == [("push", "alice", "In 2000")]  # committed all the same
        proxy.restore()
        await wait_for(pilot, lambda: banner(pilot) is None, what="the banner gone")
        await wait_for(pilot, lambda: coders_shown(pilot) == [("alice", "In 2000")])
        assert status(pilot).startswith("Saved: apply Dissemination push to [")
        assert "confirmed once the connection was back" in status(pilot)
    assert stored(direct) == [("push", "alice", "In 2000")]  # once


@pytest.mark.postgres
async def test_an_action_given_up_is_named_and_never_sent_later(make, team):
    project, proxy, direct = team
    app = make(project, live_seconds=0.2, retry_seconds=1.5)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first(pilot)
        proxy.cut()
        await select_quote(pilot, "In 2000")
        await pilot.press("1")
        await wait_for(pilot, lambda: status(pilot).startswith("Not saved:"), what="given up")
        assert status(pilot).startswith(
            f"Not saved: 'apply Dissemination push to {span(pilot, 'In 2000')}' — the project "
            "database could not be reached for "
        )
        assert "nothing of yours is waiting" in (banner(pilot) or "")
        proxy.restore()
        await wait_for(pilot, lambda: banner(pilot) is None, what="the banner gone")
        polls = app.live.polls
        await wait_for(pilot, lambda: app.live.polls >= polls + 3)
    assert stored(direct) == []


@pytest.mark.postgres
async def test_quitting_with_an_action_waiting_asks_and_names_it(make, team):
    project, proxy, direct = team
    app = make(project, live_seconds=0.2, retry_seconds=60)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first(pilot)
        proxy.cut()
        await select_quote(pilot, "In 2000")
        await pilot.press("1")
        await wait_for(pilot, lambda: banner(pilot) is not None, what="the banner")
        where = span(pilot, "In 2000")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.is_running
        assert status(pilot).startswith(
            f"Not saved yet: 'apply Dissemination push to {where}'. Press ctrl+q again"
        )
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: not app.is_running, what="the app closed")
    assert app.unsaved == [f"apply Dissemination push to {where}"]
    proxy.restore()
    assert stored(direct) == []


async def test_a_sqlite_project_out_of_reach_keeps_the_action(make, coded_project):
    """The project folder goes away (a share or drive dropped) and comes back."""
    p = coded_project
    app = make(live_seconds=0.2, retry_seconds=60)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first(pilot)
        away = p.root.with_name("away")
        p.root.rename(away)
        p.engine.dispose()  # a pooled connection would keep the moved file open
        try:
            await select_quote(pilot, "In 2000")
            await pilot.press("1")
            await wait_for(pilot, lambda: "not saved yet" in (banner(pilot) or ""))
        finally:
            away.rename(p.root)
        await wait_for(pilot, lambda: banner(pilot) is None, what="the banner gone")
        await wait_for(pilot, lambda: status(pilot).startswith("Saved: Dissemination push"))
    assert [(c.code, c.quote) for c in list_codings(p.uow())] == [("push", "In 2000")]
    rows = list_document_rows(p, coder="alice")
    assert rows[0].mine == 1
