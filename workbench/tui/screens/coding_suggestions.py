"""Suggestions in the coding view (F3): load them, show one, accept or reject it.

A part of ``CodingScreen``, kept apart so the screen's module stays about coding.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from workbench.tui.widgets.suggestions import SuggestionList, SuggestionsPanel

if TYPE_CHECKING:
    from workbench.services.reading import DocumentView, SegmentInfo
    from workbench.services.suggestions import Suggestion, SuggestionsNow
    from workbench.tui.app import WorkbenchApp
    from workbench.tui.widgets.status import StatusLine
    from workbench.tui.widgets.transcript import TranscriptView


class SuggestionReview:
    """Mixed into ``CodingScreen``."""

    wb: WorkbenchApp
    document_id: int
    document: DocumentView | None
    transcript: TranscriptView
    status: StatusLine
    _suggestions_loaded: bool

    if TYPE_CHECKING:

        def query_one(self, selector: object, expect_type: object = None) -> Any: ...
        def _changed(
            self, segment: SegmentInfo | None = None, removed: int | None = None
        ) -> None: ...
        def _failed(self, exc: BaseException) -> None: ...
        def _saved(self, text: str) -> None: ...

    def _load_suggestions(self) -> None:
        if self._suggestions_loaded or self.document is None:
            return
        self._suggestions_loaded = True
        panel = self.query_one(SuggestionsPanel)
        panel.note("Looking for suggestions…")
        project, me, doc = self.wb.project, self.wb.settings.coder, self.document_id

        def call() -> SuggestionsNow:
            from workbench.services.suggestions import suggest_codings_now

            return suggest_codings_now(project, document_id=doc, coder=me)

        def done(now: SuggestionsNow) -> None:
            panel.set_suggestions(now.items, self.transcript.text, learning=now.interim)
            if now.interim:
                self._refresh_suggestions()

        def failed(exc: BaseException) -> None:
            self._suggestions_loaded = False
            self._failed(exc)

        self.wb.services.submit(
            call, done=done, failed=failed, description="suggestions", ordered=False
        )

    def _refresh_suggestions(self) -> None:
        """The model was still learning when F3 was pressed: once it is ready, the learned
        suggestions replace the keywords' ones."""
        panel = self.query_one(SuggestionsPanel)
        project, me, doc = self.wb.project, self.wb.settings.coder, self.document_id

        def call() -> list[Suggestion]:
            from workbench.services.suggestions import suggest_codings, wait_for_suggestions

            wait_for_suggestions(project, me)
            return suggest_codings(project, document_id=doc, coder=me)

        def done(items: list[Suggestion]) -> None:
            panel.set_suggestions(items, self.transcript.text)

        self.wb.services.submit(
            call,
            done=done,
            failed=self._failed,
            description="suggestions, learned",
            ordered=False,
        )

    def on_suggestion_list_shown(self, event: SuggestionList.Shown) -> None:
        s = event.suggestion
        self.transcript.select(s.start, s.end)

    def on_suggestion_list_decided(self, event: SuggestionList.Decided) -> None:
        s = event.suggestion
        project, me = self.wb.project, self.wb.settings.coder
        panel = self.query_one(SuggestionsPanel)
        text = self.transcript.text
        if event.accepted:

            def accept() -> SegmentInfo:
                from workbench.services.suggestions import accept_suggestion

                return accept_suggestion(project, suggestion=s, coder=me)

            def accepted(seg: SegmentInfo) -> None:
                panel.drop(s, text)
                self._changed(seg)
                what = f"date {s.event_date} for" if s.kind == "date" else "suggested"
                self._saved(f"{what} {seg.code_path} on [{seg.start}, {seg.end}) · ctrl+z undoes")

            self.wb.services.submit(
                accept,
                done=accepted,
                failed=self._failed,
                description=f"accept the suggestion {s.code_name} on [{s.start}, {s.end})",
            )
        else:

            def reject() -> None:
                from workbench.services.suggestions import reject_suggestion

                reject_suggestion(project, suggestion=s, coder=me)

            def rejected(_: None) -> None:
                panel.drop(s, text)
                self.status.say(
                    f"Rejected: {s.code_name} ({s.reason}); it will not be offered again.", "saved"
                )

            self.wb.services.submit(
                reject,
                done=rejected,
                failed=self._failed,
                description=f"reject the suggestion {s.code_name} on [{s.start}, {s.end})",
            )
