"""Running service calls in thread workers, one after another, reporting back by message.

Services open their own session and commit before returning (synchronous=FULL),
so the UI thread never touches the database and a "saved" shown on screen is on
disk. Calls run in the order the coder made them: each worker waits for its
ticket, so an undo pressed right after an apply can never overtake it.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, TypeVar

from workbench.core.errors import WorkbenchError
from workbench.tui.messages import ServiceReturned

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.app import App
    from textual.worker import Worker

T = TypeVar("T")


def describe_failure(exc: BaseException) -> str:
    """One line for the status bar: the user's error as it is, anything else named."""
    if isinstance(exc, WorkbenchError):
        return str(exc)
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    low = text.lower()
    if "database is locked" in low:
        return "the project database is busy (locked by another program); try again"
    if "readonly" in low or "read-only" in low:
        return "the project database is read-only; nothing was changed"
    if "disk is full" in low:
        return "the disk is full; nothing was saved"
    return f"internal error ({type(exc).__name__}: {text}); nothing was saved"


class ServiceRunner:
    """Hands service calls to thread workers of ``app``, in order."""

    def __init__(self, app: App[Any]) -> None:
        self._app = app
        self._cond = threading.Condition()
        self._next = 0
        self._serving = 0
        self._closing = False

    def close(self) -> None:
        with self._cond:
            self._closing = True
            self._cond.notify_all()

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

        ``ordered=False`` is for long read-only work (suggestions) that must not hold
        up the coder's actions.
        """
        ticket = -1
        if ordered:
            ticket = self._next
            self._next += 1

        def job() -> None:
            if ordered:
                with self._cond:
                    while self._serving != ticket and not self._closing:
                        self._cond.wait(0.5)
            try:
                result = call()
            except Exception as exc:
                self._app.post_message(ServiceReturned(failed, exc))
            else:
                self._app.post_message(ServiceReturned(done, result))
            finally:
                if ordered:
                    with self._cond:
                        self._serving += 1
                        self._cond.notify_all()

        return self._app.run_worker(
            job,
            thread=True,
            exit_on_error=False,
            group="services" if ordered else "background",
            description=description,
        )
