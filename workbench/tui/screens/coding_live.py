"""Others' changes in the coding view: their codings, a revised text, a changed codebook.

``live.LiveWork`` polls the project's change feed and posts ``LiveChanges``; undo,
redo and batch actions post ``CodingsChanged``. A part of ``CodingScreen``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.widgets import TabbedContent

from workbench.tui.widgets.codebook import CodebookPanel
from workbench.tui.widgets.transcript import TranscriptView

if TYPE_CHECKING:
    from workbench.services.reading import DocumentView
    from workbench.tui.app import WorkbenchApp
    from workbench.tui.messages import LiveChanges
    from workbench.tui.widgets.status import StatusLine


class LiveUpdates:
    """Mixed into ``CodingScreen``."""

    wb: WorkbenchApp
    document_id: int
    document: DocumentView | None
    transcript: TranscriptView
    status: StatusLine
    _suggestions_loaded: bool
    _codebook_filled: bool
    _reload_when_loaded: bool

    if TYPE_CHECKING:

        def query_one(self, selector: object, expect_type: object = None) -> Any: ...
        def query(self, selector: object) -> Any: ...
        def set_timer(self, delay: float, callback: Any) -> Any: ...
        def _schedule_panels(self) -> None: ...
        def _load_suggestions(self) -> None: ...
        def load_counts(self) -> None: ...

        @property
        def is_attached(self) -> bool: ...

        @property
        def app(self) -> Any: ...

    def on_live_changes(self, event: LiveChanges) -> None:
        """Put other coders' changes in place (``live.LiveWork`` polls for them)."""
        batch = event.batch
        if self.document_id in batch.revised:
            self._reopen_revised()
            return
        if self._codebook_filled and not batch.codebook_changed:
            panel = self.query_one(CodebookPanel)
            for guid, delta in batch.code_deltas:
                panel.bump(guid, delta)
        if self.document_id not in batch.documents and not batch.codebook_changed:
            return
        if self.document is None or batch.codebook_changed or batch.document_id != self.document_id:
            self._reload_segments()  # what this batch holds is not this document's codings
            return
        tv = self.transcript
        by_guid = {s.guid: s for s in tv.segments}
        for guid in batch.removed:
            old = by_guid.get(guid)
            if old is not None:
                tv.remove_segment(old.id)
        for seg in batch.segments:
            old = by_guid.get(seg.guid)
            if old is not None and old.id != seg.id:  # undone removal: same guid, new row
                tv.remove_segment(old.id)
            tv.upsert_segment(seg)
        self._schedule_panels()
        if self._suggestions_loaded:  # what is coded now may no longer be a suggestion
            self._suggestions_loaded = False
            if self.query_one("#side-panel", TabbedContent).active == "tab-suggestions":
                self._load_suggestions()

    def _reopen_revised(self) -> None:
        """Someone gave this document a new text: open it afresh, near the same place."""
        if not self.is_attached or self.document is None:
            self._reload_when_loaded = True
            return
        self.app.switch_screen(type(self)(self.document_id, offset=self.transcript.cursor))  # type: ignore[call-arg]
        self.app.notify(
            "This document was revised: its new text is open, codings carried over.",
            title="Document revised",
        )

    def _reload_segments(self) -> None:
        """Read this document's codings again and put the differences in place."""
        if not self.is_attached:
            return
        if self.document is None:
            self._reload_when_loaded = True
            return
        self._reload_when_loaded = False
        project, me, doc = self.wb.project, self.wb.settings.coder, self.document_id
        only = me if self.wb.settings.blind else None

        def call() -> DocumentView:
            from workbench.services.reading import open_document

            return open_document(project, document_id=doc, only_coder=only)

        def done(view: DocumentView) -> None:
            # The reading ran on a worker: the screen may have been closed or be tearing
            # down meanwhile (its widgets already gone); there is nothing to update then.
            found = self.query(TranscriptView) if self.is_attached else None
            if not found:
                return
            tv = found.first()
            fresh = {s.id: s for s in view.segments}
            for old in tv.segments:
                if old.id not in fresh:
                    tv.remove_segment(old.id)
            for seg in view.segments:
                if tv.segment(seg.id) != seg:
                    tv.upsert_segment(seg)
            self._schedule_panels()

        def failed(exc: BaseException) -> None:
            self.set_timer(2.0, self._reload_segments)  # the database may be back by then

        self.wb.services.submit(
            call, done=done, failed=failed, description="read codings again", ordered=False
        )

    def codes_reloaded(self) -> None:
        """The app read the codebook again: show its codes and counts, and the segments'
        code names and colours as they are now."""
        if self._codebook_filled:
            self.query_one(CodebookPanel).set_codes(self.wb.codes)
            self.load_counts()
        self._reload_segments()
