"""Working as a team: other coders' changes appear, and a lost connection is shown and survived.

Live updates. Every ``live_seconds`` (1 s) the app asks the change feed
(``services.changes.changes_since``) what others did since it last looked: one
primary-key probe of the audit log, in a background worker that never holds up
the coder's own actions. What it finds goes to every screen as ``LiveChanges``:
the coding view puts the changed codings of its document in place (stripes,
tints, segment panel), the document list refreshes the rows concerned, the
codebook counts move, and the status line says "ben added 2 codings". In blind
mode the feed is asked only about the coder's own codings, so nobody else's
ever shows.

Connection. When a call fails because the database cannot be reached, the
service runner keeps the action and sends it again (``jobs``); this module shows
the banner while that lasts, also when nothing is waiting and only the poll
failed, and takes it away when the database answers. Quitting with an action
still waiting asks first, and the actions given up are listed on exit.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from workbench.tui.messages import CodingsChanged, LiveChanges

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.timer import Timer

    from workbench.services.changes import ChangeBatch, ChangeCursor
    from workbench.services.requests import RequestOutcome
    from workbench.tui.app import WorkbenchApp
    from workbench.tui.jobs import ConnectionTrouble, NotSavedError
    from workbench.tui.widgets.status import StatusLine

QUIT_AGAIN_SECONDS = 10.0
KEEP_SAVED_SECONDS = 3.0
"""A "Saved" message younger than this is not replaced by news of others' changes."""


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


class LiveWork:
    """The app's live part: the change poll, the connection banner, the guarded quit."""

    def __init__(self, app: WorkbenchApp) -> None:
        self.app = app
        self.cursor: ChangeCursor | None = None
        self._polling = False
        self._poll_timer: Timer | None = None
        self._banner_timer: Timer | None = None
        self.trouble: ConnectionTrouble | None = None
        """An action waiting for the database (from the service runner)."""
        self.probe_failures = 0
        """Polls in a row that could not reach the database."""
        self._probe_error: str | None = None
        self._quit_asked_at: float | None = None
        self.polls = 0
        """Polls answered (for tests and the curious)."""

    # ------------------------------------------------------------------ live updates

    def start(self) -> None:
        """Read the feed's cursor first (ordered: before the views read what they show)."""
        seconds = self.app.settings.live_seconds
        if not seconds:
            return
        project = self.app.project

        def call() -> ChangeCursor:
            from workbench.services.changes import latest_cursor

            return latest_cursor(project)

        def done(cursor: ChangeCursor) -> None:
            self.cursor = cursor
            self._poll_timer = self.app.set_interval(seconds, self.poll, name="live updates")

        def failed(exc: BaseException) -> None:
            from workbench.tui.jobs import describe_failure

            self.app.notify(
                f"Live updates are off: {describe_failure(exc)}", severity="warning", timeout=10
            )

        self.app.services.submit(call, done=done, failed=failed, description="live updates")

    def open_document_id(self) -> int | None:
        """The document of the front-most coding view, if any."""
        from workbench.tui.screens.coding import CodingScreen

        for screen in reversed(self.app.screen_stack):
            if isinstance(screen, CodingScreen):
                return screen.document_id
        return None

    def poll(self) -> None:
        if self.cursor is None or self._polling:
            return
        self._polling = True
        app = self.app
        project, me, cursor = app.project, app.settings.coder, self.cursor
        only = me if app.settings.blind else None
        document_id = self.open_document_id()

        def call() -> ChangeBatch:
            from workbench.services.changes import changes_since

            return changes_since(
                project, cursor, document_id=document_id, exclude_actor=me, only_coder=only
            )

        app.services.submit(
            call, done=self._arrived, failed=self._poll_failed, description="poll", ordered=False
        )

    def _arrived(self, batch: ChangeBatch) -> None:
        self._polling = False
        self.polls += 1
        self.cursor = batch.cursor
        self._probe_ok()
        if batch.more:
            self.app.call_later(self.poll)
        if batch.empty:
            return
        for guid, delta in batch.code_deltas:
            self.app.bump_code(guid, delta)
        if batch.codebook_changed:
            self.app.reload_codebook()
        for screen in self.app.screen_stack:
            screen.post_message(LiveChanges(batch))
        self._tell(batch)

    def _tell(self, batch: ChangeBatch) -> None:
        """Say on the front-most status line what others did (there, or anywhere)."""
        from workbench.tui.screens.coding import CodingScreen

        found = self._front_status()
        if found is None:
            return
        screen, status = found
        if isinstance(screen, CodingScreen):
            text = batch.summary(screen.document_id)
            if text:
                text += " in this document"
            elif batch.codebook_changed:
                text = "The codebook changed: codes and codings read again"
        else:
            text = batch.summary()
            if text:
                n = len(batch.documents)
                text += f" ({_plural(n, 'document')})"
            elif batch.documents_changed:
                text = "Documents were added or revised: the list is read again"
        if not text or status.level in ("error", "busy"):
            return  # an error or a prompt the coder still needs to read
        if status.level == "saved" and time.monotonic() - status.said_at < KEEP_SAVED_SECONDS:
            return  # let the coder see their "Saved" first; the view has changed anyway
        status.say(text[0].upper() + text[1:])

    def _front_status(self) -> tuple[Screen[Any], StatusLine] | None:
        from workbench.tui.widgets.status import StatusLine

        for screen in reversed(self.app.screen_stack):
            found = screen.query(StatusLine)
            if found:
                return screen, found.first()
        return None

    def _poll_failed(self, exc: BaseException) -> None:
        from workbench.services.requests import is_connection_lost
        from workbench.tui.jobs import describe_failure

        self._polling = False
        if is_connection_lost(exc):
            self.probe_failures += 1
            self._probe_error = describe_failure(exc)
            self.sync_banner()
        elif self._probe_error != describe_failure(exc):
            self._probe_error = None
            self.app.notify(
                f"Live updates failed: {describe_failure(exc)}", severity="warning", timeout=10
            )

    def _probe_ok(self) -> None:
        if self.probe_failures:
            self.probe_failures = 0
            self._probe_error = None
            self.app.services.nudge()  # an action waiting to be sent again: now
            self.sync_banner()

    # ------------------------------------------------------------------ connection

    def on_trouble(self, trouble: ConnectionTrouble) -> None:
        self.trouble = trouble
        self.sync_banner()

    def on_recovered(self, description: str) -> None:
        self.trouble = None
        self._quit_asked_at = None
        self.sync_banner()

    def on_gave_up(self, error: NotSavedError) -> None:
        self.trouble = None
        self.sync_banner()
        self.app.notify(str(error), severity="error", timeout=60)

    def on_saved_meanwhile(self, found: tuple[str, RequestOutcome]) -> None:
        """An action whose reply was lost is saved after all: show it without sending again."""
        description, outcome = found
        for screen in self.app.screen_stack:
            screen.post_message(CodingsChanged(outcome.document_id, reload=True))
        self.app.reload_codebook()
        self.app.say(f"Saved: {description} (confirmed once the connection was back)", "saved")

    @property
    def lost(self) -> bool:
        return self.trouble is not None or self.probe_failures > 0

    def banner_text(self) -> str | None:
        now = time.monotonic()
        t = self.trouble
        if t is not None:
            wait = max(0, round(t.retry_at - now))
            left = max(0, round(t.give_up_at - now))
            when = f"in {wait} s" if wait else "now"
            return (
                f"Connection to the project database lost — retrying ({t.attempt}) {when}… "
                f"your last action, '{t.waiting}', is kept but not saved yet "
                f"(given up in {left} s; later actions wait behind it)."
            )
        if self.probe_failures:
            return (
                f"Connection to the project database lost — retrying ({self.probe_failures})… "
                "nothing of yours is waiting; what you do now is kept until it is saved."
            )
        return None

    def sync_banner(self) -> None:
        """Show the banner on the front screen (mounting it there if needed), or remove it."""
        from workbench.tui.widgets.connection import ConnectionBanner

        text = self.banner_text()
        front = self.app.screen
        for screen in self.app.screen_stack:
            banners = list(screen.query(ConnectionBanner))
            if text is None:
                for banner in banners:
                    banner.remove()
            elif banners:
                for banner in banners:
                    banner.update(text)
            elif screen is front:
                screen.mount(ConnectionBanner(text, id="connection-banner"))
        if text is not None and self._banner_timer is None:
            self._banner_timer = self.app.set_interval(0.5, self.sync_banner, name="banner")
        elif text is None and self._banner_timer is not None:
            self._banner_timer.stop()
            self._banner_timer = None

    # ------------------------------------------------------------------ quitting

    def may_quit(self) -> bool:
        """Whether to quit now; with an action still waiting for the database, ask first."""
        waiting = self.app.services.pending()
        if not waiting or not self.lost:
            return True
        now = time.monotonic()
        if self._quit_asked_at is not None and now - self._quit_asked_at < QUIT_AGAIN_SECONDS:
            self.app.services.shutdown(1.0, finish=False)  # the app lists them on unmount
            return True
        self._quit_asked_at = now
        names = ", ".join(f"'{d}'" for d in waiting)
        self.app.say(
            f"Not saved yet: {names}. Press ctrl+q again to quit without "
            f"{'it' if len(waiting) == 1 else 'them'}, or wait for the connection.",
            "error",
        )
        return False
