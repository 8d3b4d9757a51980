"""Messages that cross screens. Widget-local messages live in their widgets."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.message import Message

if TYPE_CHECKING:
    from collections.abc import Callable

    from workbench.services.changes import ChangeBatch
    from workbench.services.reading import SegmentInfo


class ServiceReturned(Message, bubble=False):
    """A service call made in a thread worker returned (or raised): run its callback here,
    on the UI thread. Posted by ``jobs.ServiceRunner``."""

    def __init__(self, callback: Callable[[Any], None], value: Any) -> None:
        super().__init__()
        self.callback = callback
        self.value = value


@dataclass
class CodingsChanged(Message, bubble=False):
    """Codings of a document changed (apply, remove, update, undo, redo): views update.

    ``removed``: id of a coding that no longer exists; ``segment``: a coding as it is now;
    ``reload``: read the document's codings again (what changed is not known here).
    """

    document_id: int | None
    removed: int | None = None
    segment: SegmentInfo | None = None
    reload: bool = False


@dataclass
class LiveChanges(Message, bubble=False):
    """Other coders changed codings (or the codebook): views show it. Posted to every screen."""

    batch: ChangeBatch
