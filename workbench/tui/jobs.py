"""Running service calls in thread workers, one after another, reporting back by message.

Services open their own session and commit before returning (synchronous=FULL),
so the UI thread never touches the database and a "saved" shown on screen is on
disk. Calls run in the order the coder made them: each worker waits for its
ticket, so an undo pressed right after an apply can never overtake it.

When the database cannot be reached (a team server gone, a network drop, a
project folder on a share that went away), an action is kept, not lost: its
worker holds its ticket, tries again with growing pauses, and reports the trouble
(the app shows a banner) until the action is saved or ``retry_seconds`` have
passed since the coder made it; then the coder is told that it was not saved.
Later actions wait behind it, so the order holds.

Sending an action again is safe because every attempt of one action carries the
same request id (``services.requests``): before a second attempt the worker asks
whether the first one committed after all (its reply may have been lost on the
way back) and, if so, does not send it again. So a retried action is saved once,
and "Saved" is only ever shown for what is committed.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from workbench.core.errors import WorkbenchError
from workbench.tui.messages import ServiceReturned

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.app import App
    from textual.worker import Worker

    from workbench.services.project import Project
    from workbench.services.requests import RequestOutcome

T = TypeVar("T")

FIRST_PAUSE = 0.5
"""Seconds before the first retry; each pause doubles, up to ``MAX_PAUSE``."""
MAX_PAUSE = 5.0


def describe_failure(exc: BaseException) -> str:
    """One line for the status bar: the user's error as it is, anything else named."""
    if isinstance(exc, WorkbenchError):
        return str(exc)
    from workbench.services.requests import is_connection_lost

    if is_connection_lost(exc):
        return "the project database cannot be reached; nothing was saved"
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    low = text.lower()
    if "database is locked" in low:
        return "the project database is busy (locked by another program); try again"
    if "readonly" in low or "read-only" in low:
        return "the project database is read-only; nothing was changed"
    if "disk is full" in low:
        return "the disk is full; nothing was saved"
    return f"internal error ({type(exc).__name__}: {text}); nothing was saved"


class NotSavedError(WorkbenchError):
    """An action kept while the database could not be reached, and finally given up."""

    def __init__(self, description: str, *, seconds: float, in_doubt: bool = False) -> None:
        if in_doubt:
            text = (
                f"Perhaps not saved: '{description}' — the project database did not confirm it "
                f"within {seconds:.0f} s; check before doing it again"
            )
        else:
            text = (
                f"Not saved: '{description}' — the project database could not be reached "
                f"for {seconds:.0f} s; do it again when the connection is back"
            )
        super().__init__(text)
        self.description = description
        self.in_doubt = in_doubt


@dataclass(frozen=True, slots=True)
class ConnectionTrouble:
    """An action waits for the database: what it is, and when it is tried again."""

    waiting: str
    attempt: int
    retry_at: float  # time.monotonic()
    give_up_at: float  # time.monotonic()
    error: str


class _InDoubtError(WorkbenchError):
    """An earlier attempt of this action is still finishing on the server."""


class ServiceRunner:
    """Hands service calls to thread workers of ``app``, in order, keeping them through outages.

    Without ``project`` a failed call fails at once (no retries).
    ``on_trouble(ConnectionTrouble)``, ``on_recovered(description)``,
    ``on_gave_up(NotSavedError)`` and ``on_saved_meanwhile(description, outcome)``
    run on the UI thread; the last one when an action whose reply was lost turns out
    to be saved (its ``done`` cannot run: its result never arrived).
    """

    def __init__(
        self,
        app: App[Any],
        *,
        project: Project | None = None,
        retry_seconds: float = 60.0,
        on_trouble: Callable[[ConnectionTrouble], None] | None = None,
        on_recovered: Callable[[str], None] | None = None,
        on_gave_up: Callable[[NotSavedError], None] | None = None,
        on_saved_meanwhile: Callable[[tuple[str, RequestOutcome]], None] | None = None,
    ) -> None:
        self._app = app
        self._project = project
        self.retry_seconds = retry_seconds
        self._on_trouble = on_trouble
        self._on_recovered = on_recovered
        self._on_gave_up = on_gave_up
        self._on_saved_meanwhile = on_saved_meanwhile
        self._cond = threading.Condition()
        self._wake = threading.Event()
        self._next = 0
        self._serving = 0
        self._closing = False
        self._pending: dict[int, str] = {}
        self._running: set[int] = set()
        self._abandoned: list[str] = []
        self._troubled = False
        self.unconfirmed: list[str] = []
        """Actions still under way when ``shutdown`` gave up waiting: saved or not, unknown."""

    # ------------------------------------------------------------------ state

    def pending(self) -> list[str]:
        """Descriptions of the ordered actions not finished yet, oldest first."""
        with self._cond:
            return [self._pending[t] for t in sorted(self._pending)]

    def nudge(self) -> None:
        """The database answers again (a poll got through): try a waiting action now."""
        self._wake.set()

    def close(self) -> None:
        self.shutdown(0, finish=False)

    def shutdown(self, timeout: float, *, finish: bool = True) -> list[str]:
        """Stop; first, with ``finish``, let waiting actions run for up to ``timeout`` s.

        Never retries once closing. Returns the actions that were not saved: given
        up or never sent because the app is closing. Those still under way when
        the time is up (the database had not answered) are in ``unconfirmed``.
        """
        deadline = time.monotonic() + timeout
        with self._cond:
            if finish:  # ordinary quit: what is queued goes through, unless the database is away
                while self._pending and not self._troubled and time.monotonic() < deadline:
                    self._cond.wait(max(0.0, min(0.1, deadline - time.monotonic())))
            self._closing = True
            self._cond.notify_all()
            self._wake.set()
            while self._running and (left := deadline - time.monotonic()) > 0:
                self._cond.wait(left)
            self.unconfirmed = [
                self._pending[t] for t in sorted(self._running) if t in self._pending
            ]
            unsent = [self._pending[t] for t in sorted(self._pending) if t not in self._running]
            return [*self._abandoned, *unsent]

    # ------------------------------------------------------------------ work

    def _post(self, callback: Callable[[Any], None] | None, value: Any) -> None:
        if callback is not None:
            self._app.post_message(ServiceReturned(callback, value))

    def submit(
        self,
        call: Callable[[], T],
        *,
        done: Callable[[T], None],
        failed: Callable[[BaseException], None],
        description: str,
        ordered: bool = True,
    ) -> Worker[None]:
        """Run ``call()`` in a thread; then ``done(result)`` or ``failed(error)`` on the UI thread.

        ``ordered=False`` is for read-only work (suggestions, live updates) that must
        not hold up the coder's actions; it is not retried.
        """
        ticket = -1
        submitted = time.monotonic()
        if ordered:
            with self._cond:
                ticket = self._next
                self._next += 1
                self._pending[ticket] = description

        def job() -> None:
            if not ordered:
                try:
                    result = call()
                except Exception as exc:
                    self._post(failed, exc)
                else:
                    self._post(done, result)
                return
            with self._cond:
                while self._serving != ticket and not self._closing:
                    self._cond.wait(0.5)
                if self._serving != ticket:  # closing: never sent, so never saved
                    self._pending.pop(ticket, None)
                    self._abandoned.append(description)
                    return
                self._running.add(ticket)
            try:
                self._attempts(call, done, failed, description, submitted)
            finally:
                with self._cond:
                    self._troubled = False
                    self._running.discard(ticket)
                    self._pending.pop(ticket, None)
                    self._serving += 1
                    self._cond.notify_all()

        return self._app.run_worker(
            job,
            thread=True,
            exit_on_error=False,
            group="services" if ordered else "background",
            description=description,
        )

    def _attempts(
        self,
        call: Callable[[], T],
        done: Callable[[T], None],
        failed: Callable[[BaseException], None],
        description: str,
        submitted: float,
    ) -> None:
        """Call until saved, refused for good, or given up; report on the UI thread."""
        from workbench.services.requests import (
            Outcome,
            action_request,
            is_connection_lost,
            new_request_id,
            request_outcome,
        )

        request = new_request_id()
        give_up_at = submitted + self.retry_seconds
        pause = FIRST_PAUSE
        attempt = 0
        troubled = in_doubt = False
        while True:
            attempt += 1
            try:
                if troubled and self._project is not None:
                    found = request_outcome(self._project, request)
                    if found.outcome is Outcome.SAVED:
                        self._post(self._on_saved_meanwhile, (description, found))
                        self._post(self._on_recovered, description)
                        return
                    in_doubt = found.outcome is Outcome.IN_DOUBT
                    if in_doubt:
                        raise _InDoubtError("an earlier attempt is still finishing on the server")
                with action_request(request):
                    result = call()
            except Exception as exc:
                lost = isinstance(exc, _InDoubtError) or is_connection_lost(exc)
                if not lost or self._project is None:
                    self._post(failed, exc)
                    if troubled:
                        self._post(self._on_recovered, description)
                    return
                troubled = self._troubled = True
                now = time.monotonic()
                if not self._closing and now < give_up_at:
                    retry_at = min(now + pause, give_up_at)
                    self._post(
                        self._on_trouble,
                        ConnectionTrouble(
                            description, attempt, retry_at, give_up_at, describe_failure(exc)
                        ),
                    )
                    self._wake.clear()
                    self._wake.wait(max(0.0, retry_at - now))
                    pause = min(pause * 2, MAX_PAUSE)
                    if not self._closing:
                        continue
                # The user quit, or it has waited long enough: not sent again.
                error = NotSavedError(
                    description, seconds=time.monotonic() - submitted, in_doubt=in_doubt
                )
                if self._closing:
                    with self._cond:
                        self._abandoned.append(description)
                self._post(self._on_gave_up, error)
                self._post(failed, error)
                return
            else:
                if troubled:
                    self._post(self._on_recovered, description)
                self._post(done, result)
                return
