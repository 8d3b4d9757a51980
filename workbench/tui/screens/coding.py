"""The coding view: read a document, select text, apply codes, date, memo, accept suggestions.

Every change goes through a service in a thread worker (``app.services``); the
view changes, and the status line says "Saved", only once the service has
returned, i.e. once the change is committed to disk.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any, ClassVar

from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Static, TabbedContent, TabPane

from workbench.tui.bindings import CODING
from workbench.tui.heap import freeze_long_lived, release
from workbench.tui.modals.choose_segment import ChooseSegmentDialog
from workbench.tui.modals.code_picker import CodePickerDialog
from workbench.tui.modals.coder_filter import CoderFilterDialog
from workbench.tui.modals.date_dialog import DateDialog
from workbench.tui.modals.memo_dialog import MemoDialog
from workbench.tui.screens.coding_codebook import CodebookEditing
from workbench.tui.screens.coding_find import FindBar, FindInDocument
from workbench.tui.widgets.codebook import CodebookPanel, CodeTree
from workbench.tui.widgets.segments import SegmentsPanel, date_text
from workbench.tui.widgets.status import StatusLine
from workbench.tui.widgets.suggestions import SuggestionList, SuggestionsPanel
from workbench.tui.widgets.transcript import TranscriptView

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.app import ComposeResult
    from textual.binding import BindingType
    from textual.timer import Timer

    from workbench.services.reading import DocumentView, SegmentInfo
    from workbench.services.segments import DateChoices
    from workbench.services.suggestions import Suggestion
    from workbench.tui.app import WorkbenchApp
    from workbench.tui.messages import CodingsChanged, LiveChanges

WIDE = 110  # columns from which the side panel shows beside the text by default

SELECT_HINT = "Select text first: shift+arrows, w/s/t/p (word, sentence, turn, paragraph) or drag"


class CodingScreen(CodebookEditing, FindInDocument, Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = list(CODING)

    def __init__(self, document_id: int, *, offset: int | None = None, end: int | None = None):
        super().__init__()
        self.document_id = document_id
        self.start_offset = offset
        self.start_end = end
        self.document: DocumentView | None = None
        self.adjusting: SegmentInfo | None = None
        self._suggestions_loaded = False
        self._codebook_filled = False
        self._panel_open: bool | None = None
        self._panel_timer: Timer | None = None
        self._reload_when_loaded = False

    @property
    def wb(self) -> WorkbenchApp:
        return self.app  # type: ignore[return-value]

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield Static("Opening…", id="doc-title")
        with Horizontal(id="coding-body"):
            yield TranscriptView(id="transcript")
            with TabbedContent(id="side-panel", initial="tab-segments"):
                with TabPane("Segments", id="tab-segments"):
                    yield SegmentsPanel()
                with TabPane("Codebook", id="tab-codebook"):
                    yield CodebookPanel()
                with TabPane("Suggestions", id="tab-suggestions"):
                    yield SuggestionsPanel()
        yield FindBar(
            placeholder="find: words, re:PATTERN or ~fuzzy", id="find-bar", classes="-hidden"
        )
        yield StatusLine()
        yield Footer(compact=True)

    @property
    def transcript(self) -> TranscriptView:
        return self.query_one(TranscriptView)

    @property
    def status(self) -> StatusLine:
        return self.query_one(StatusLine)

    def on_mount(self) -> None:
        self._set_panel(self.app.size.width >= WIDE)
        self.transcript.focus()
        self.status.say("Opening the document…", "busy")
        t0 = time.perf_counter()
        me = self.wb.settings.coder
        blind = self.wb.settings.blind
        project = self.wb.project

        def load() -> DocumentView:
            from workbench.services.reading import open_document

            return open_document(
                project, document_id=self.document_id, only_coder=me if blind else None
            )

        def done(view: DocumentView) -> None:
            self.document = view
            cursor = self.start_offset or 0
            self.transcript.load(view, cursor=cursor)
            if self.start_offset is not None and self.start_end is not None:
                self.transcript.select(self.start_offset, self.start_end)
            self._title()
            ms = (time.perf_counter() - t0) * 1000
            n = len(view.segments)
            self.status.say(
                f"Opened {view.title!r}: {len(view.text):,} characters, "
                f"{n:,} segment{'' if n == 1 else 's'}. "
                "Select text, then a or a digit to code it; F1 for help."
            )
            self.wb.document_opened(self, ms)
            self.call_after_refresh(freeze_long_lived)
            if self._reload_when_loaded:  # others changed it while it loaded
                self._reload_segments()

        self.wb.services.submit(load, done=done, failed=self._failed, description="open document")

    def on_unmount(self) -> None:
        release()

    def on_resize(self) -> None:
        if self._panel_open is None:
            self._set_panel(self.app.size.width >= WIDE)

    def _set_panel(self, show: bool) -> None:
        panel = self.query_one("#side-panel", TabbedContent)
        panel.set_class(not show, "-hidden")
        panel.set_class(self.app.size.width < WIDE, "-narrow")
        if show:
            self._update_panels()

    @property
    def panel_shown(self) -> bool:
        return not self.query_one("#side-panel").has_class("-hidden")

    def _title(self) -> None:
        view = self.document
        if view is None:
            return
        parts = [view.title, view.kind]
        if view.case:
            parts.append(view.case)
        if view.date:
            parts.append(view.date)
        mode = " (blind)" if self.wb.settings.blind else ""
        shown = self.transcript.visible_coders
        coders = "all coders" if shown is None else ", ".join(sorted(shown)) or "no one"
        if self.wb.settings.blind:
            coders = "only yours"
        self.query_one("#doc-title", Static).update(
            f"{' · '.join(parts)}   — coding as {self.wb.settings.coder}{mode}; showing {coders}",
            layout=False,
        )

    # ------------------------------------------------------------------ helpers

    def _failed(self, exc: BaseException) -> None:
        from workbench.tui.jobs import NotSavedError, describe_failure

        if isinstance(exc, NotSavedError):  # names the action itself
            self.status.say(str(exc), "error")
        else:
            self.status.say(f"Not saved: {describe_failure(exc)}", "error")

    def _saved(self, text: str) -> None:
        self.status.say(f"Saved: {text}", "saved")

    def _mine(self, segments: list[SegmentInfo]) -> list[SegmentInfo]:
        return [s for s in segments if s.coder == self.wb.settings.coder]

    def _targets(self) -> list[SegmentInfo]:
        """Segments the next edit applies to: those at the cursor, or over the selection."""
        tv = self.transcript
        if tv.selection is not None:
            a, b = tv.selection
            overlapping = tv.segments_in(a, b)
            inside = [s for s in overlapping if s.start >= a and s.end <= b]
            exact = [s for s in inside if (s.start, s.end) == (a, b)]
            return exact or inside or overlapping
        return tv.segments_at(tv.cursor)

    def _with_own_segment(self, verb: str, then: Callable[[SegmentInfo], None]) -> None:
        """Run ``then`` on the coder's segment at the cursor, asking which if several."""
        found = self._targets()
        mine = self._mine(found)
        if not mine:
            if found:
                owners = ", ".join(sorted({s.coder for s in found}))
                self.status.say(f"The segment here is {owners}'s: you change only your own.")
            else:
                self.status.say(f"No segment here to {verb}: move the cursor into one (n, N).")
            return
        if len(mine) == 1:
            then(mine[0])
            return

        def chosen(segment_id: int | None) -> None:
            segment = next((s for s in mine if s.id == segment_id), None)
            if segment is not None:
                then(segment)

        self.app.push_screen(ChooseSegmentDialog(mine, title=f"Which segment to {verb}?"), chosen)

    def _changed(self, segment: SegmentInfo | None = None, removed: int | None = None) -> None:
        tv = self.transcript
        if removed is not None:
            old = tv.segment(removed)
            tv.remove_segment(removed)
            if old is not None:
                self._count(old.code, -1)
        if segment is not None and segment.document_id == self.document_id:
            new = tv.segment(segment.id) is None
            tv.upsert_segment(segment)
            if new:
                self._count(segment.code, 1)

    def _count(self, guid: str, delta: int) -> None:
        """Keep the codebook's counts current without reading them again."""
        self.wb.bump_code(guid, delta)
        if self._codebook_filled:
            self.query_one(CodebookPanel).bump(guid, delta)

    # ------------------------------------------------------------------ applying codes

    def action_apply_code(self) -> None:
        if self.adjusting is not None:
            self._save_bounds()
            return
        if self.transcript.selection is None:
            self.status.say(SELECT_HINT)
            return
        self.app.push_screen(
            CodePickerDialog(self.wb.codes, self.wb.recent, title="Apply which code?"),
            self._picked,
        )

    def _picked(self, guid: str | None) -> None:
        if guid is not None:
            self.apply(guid)

    def action_shortcut(self, key: str) -> None:
        code = next((c for c in self.wb.codes if c.shortcut == key), None)
        if code is None:
            self.status.say(f"No code has the shortcut {key} in this codebook.")
            return
        if self.transcript.selection is None:
            self.status.say(SELECT_HINT)
            return
        self.apply(code.guid)

    def apply(self, guid: str) -> None:
        selection = self.transcript.selection
        if selection is None:
            self.status.say(SELECT_HINT)
            return
        start, end = selection
        project, me, doc = self.wb.project, self.wb.settings.coder, self.document_id
        self.wb.note_recent(guid)
        t0 = time.perf_counter()

        def call() -> SegmentInfo:
            from workbench.services.segments import apply_code

            return apply_code(project, document_id=doc, start=start, end=end, code=guid, coder=me)

        def done(seg: SegmentInfo) -> None:
            self._changed(seg)
            where = f"[{seg.start}, {seg.end})"
            self._saved(f"{seg.code_path} on {where}, dated {date_text(seg)} · ctrl+z undoes")
            self.wb.record_timing("apply", time.perf_counter() - t0)

        name = next((c.name for c in self.wb.codes if c.guid == guid), guid)
        self.wb.services.submit(
            call, done=done, failed=self._failed, description=f"apply {name} to [{start}, {end})"
        )

    def on_code_tree_code_chosen(self, event: CodeTree.CodeChosen) -> None:
        if self.transcript.selection is None:
            self.status.say(SELECT_HINT)
            return
        self.apply(event.code.guid)

    # ------------------------------------------------------------------ changing segments

    def action_remove_code(self) -> None:
        self._with_own_segment("remove", self._remove)

    def _remove(self, seg: SegmentInfo) -> None:
        project, me = self.wb.project, self.wb.settings.coder

        def call() -> SegmentInfo:
            from workbench.services.segments import remove_segment

            return remove_segment(project, coding_id=seg.id, coder=me)

        def done(old: SegmentInfo) -> None:
            self._changed(removed=old.id)
            self._saved(f"removed {old.code_path} from [{old.start}, {old.end}) · ctrl+z undoes")

        self.wb.services.submit(
            call,
            done=done,
            failed=self._failed,
            description=f"remove {seg.code_name} from [{seg.start}, {seg.end})",
        )

    def _update(self, seg: SegmentInfo, what: str, **changes: Any) -> None:
        project, me = self.wb.project, self.wb.settings.coder

        def call() -> SegmentInfo:
            from workbench.services.segments import update_segment

            return update_segment(project, coding_id=seg.id, coder=me, **changes)

        def done(new: SegmentInfo) -> None:
            self._changed(new)
            self._saved(f"{what} of {new.code_path} · ctrl+z undoes")

        self.wb.services.submit(
            call, done=done, failed=self._failed, description=f"{what} of {seg.code_name}"
        )

    def action_adjust(self) -> None:
        def start(seg: SegmentInfo) -> None:
            self.adjusting = seg
            self.transcript.select(seg.start, seg.end)
            self.status.say(
                f"Adjusting {seg.code_name}: shift+arrows, w/s/t/p grow, o other end; "
                "Enter saves, Esc cancels",
                "busy",
            )

        self._with_own_segment("adjust", start)

    def _save_bounds(self) -> None:
        seg, self.adjusting = self.adjusting, None
        selection = self.transcript.selection
        if seg is None or selection is None:
            self.status.say("Adjusting cancelled: nothing selected.")
            return
        if selection == (seg.start, seg.end):
            self.status.say("Bounds unchanged.")
            return
        self._update(
            seg, f"bounds [{selection[0]}, {selection[1]})", start=selection[0], end=selection[1]
        )

    def action_memo(self) -> None:
        def edit(seg: SegmentInfo) -> None:
            def written(memo: str | None) -> None:
                if memo is not None and (memo.strip() or None) != seg.memo:
                    self._update(seg, "memo" if memo.strip() else "memo removed", memo=memo)

            self.app.push_screen(MemoDialog(seg.memo, title=f"Memo on {seg.code_path}"), written)

        self._with_own_segment("write a memo on", edit)

    def action_date(self) -> None:
        project = self.wb.project

        def ask(seg: SegmentInfo) -> None:
            def call() -> DateChoices:
                from workbench.services.segments import date_choices

                return date_choices(project, coding_id=seg.id)

            def chosen(value: str | None) -> None:
                if value is None:
                    return
                if (value or None) == seg.own_date:
                    self.status.say("Date unchanged.")
                    return
                self._update(
                    seg, f"date {value}" if value else "own date cleared", event_date=value or None
                )

            def show(choices: DateChoices) -> None:
                self.app.push_screen(DateDialog(choices), chosen)

            self.wb.services.submit(call, done=show, failed=self._failed, description="date")

        self._with_own_segment("date", ask)

    # ------------------------------------------------------------------ moving

    def action_next_segment(self) -> None:
        tv = self.transcript
        here = tv.selection[0] if tv.selection else tv.cursor
        seg = tv.visible_segments().next_after(here)
        if seg is None:
            self.status.say("No more segments after this one.")
            return
        tv.select(seg.start, seg.end)

    def action_previous_segment(self) -> None:
        tv = self.transcript
        here = tv.selection[0] if tv.selection else tv.cursor
        seg = tv.visible_segments().previous_before(here)
        if seg is None:
            self.status.say("No segments before this one.")
            return
        tv.select(seg.start, seg.end)

    def action_next_uncoded(self) -> None:
        tv = self.transcript
        if self.document is None:
            return
        here = tv.selection[1] if tv.selection else tv.cursor
        index = tv.visible_segments()
        for a, b in self.document.paragraphs:
            if a >= here and not index.overlapping(a, b):
                tv.select(a, b)
                return
        self.status.say("No uncoded paragraph after the cursor.")

    def action_back(self) -> None:
        tv = self.transcript
        if self.hide_find():
            return
        if not tv.has_focus:
            tv.focus()
        elif self.adjusting is not None:
            self.adjusting = None
            self.status.say("Adjusting cancelled.")
        elif tv.selection is not None:
            tv.clear_selection()
        elif len(self.app.screen_stack) > 2:
            self.app.pop_screen()

    # ------------------------------------------------------------------ panels

    def action_panel(self, name: str) -> None:
        panel = self.query_one("#side-panel", TabbedContent)
        if self.panel_shown and panel.active == f"tab-{name}":
            focus = {
                "codebook": "#code-tree",
                "suggestions": "#suggestion-list",
                "segments": "#transcript",
            }[name]
            self.query_one(focus).focus()
            return
        self._panel_open = True
        self._set_panel(True)
        panel.active = f"tab-{name}"
        if name == "suggestions":
            self._load_suggestions()
            self.query_one("#suggestion-list").focus()
        elif name == "codebook":
            self.query_one("#code-tree").focus()

    def action_toggle_panel(self) -> None:
        self._panel_open = not self.panel_shown
        self._set_panel(self._panel_open)
        if not self._panel_open:
            self.transcript.focus()

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id == "tab-suggestions":
            self._load_suggestions()
        elif event.pane.id == "tab-codebook" and not self._codebook_filled and self.wb.codes:
            self._codebook_filled = True
            self.query_one(CodebookPanel).set_codes(self.wb.codes)
        self._update_panels()

    def _schedule_panels(self) -> None:
        """Update the segments panel a moment later, so the text is drawn first."""
        if self._panel_timer is not None:
            self._panel_timer.stop()
        self._panel_timer = self.set_timer(0.1, self._update_panels)

    def _update_panels(self) -> None:
        self._panel_timer = None
        if self.document is None or not self.panel_shown:
            return
        if self.query_one("#side-panel", TabbedContent).active != "tab-segments":
            return
        tv = self.transcript
        a, b = tv.visible_range()
        if tv.selection is not None:
            here = list(tv.segments_in(*tv.selection))
        else:
            here = tv.segments_at(tv.cursor)
        self.query_one(SegmentsPanel).show(here, tv.segments_in(a, b), tv.text)

    def on_transcript_view_cursor_moved(self, event: TranscriptView.CursorMoved) -> None:
        tv = self.transcript
        at = self._targets()
        if at:
            s = at[0]
            more = f" (+{len(at) - 1})" if len(at) > 1 else ""
            info = f"{s.code_name} · {s.coder} · {date_text(s)}{more}"
        else:
            info = f"offset {tv.cursor:,}"
        if tv.selection is not None:
            a, b = tv.selection
            info = f"selected [{a:,}, {b:,}) · " + info
        self.status.set_info(info)
        self._schedule_panels()

    # ------------------------------------------------------------------ suggestions

    def _load_suggestions(self) -> None:
        if self._suggestions_loaded or self.document is None:
            return
        self._suggestions_loaded = True
        panel = self.query_one(SuggestionsPanel)
        panel.note("Looking for suggestions (the first time loads the language pipeline)…")
        project, me, doc = self.wb.project, self.wb.settings.coder, self.document_id

        def call() -> list[Suggestion]:
            from workbench.services.suggestions import suggest_codings

            return suggest_codings(project, document_id=doc, coder=me)

        def done(items: list[Suggestion]) -> None:
            panel.set_suggestions(items, self.transcript.text)

        def failed(exc: BaseException) -> None:
            self._suggestions_loaded = False
            self._failed(exc)

        self.wb.services.submit(
            call, done=done, failed=failed, description="suggestions", ordered=False
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

    # ------------------------------------------------------------------ coders

    def action_coder_filter(self) -> None:
        if self.wb.settings.blind:
            self.status.say("Blind mode: only your own codings are shown.")
            return
        coders = sorted({s.coder for s in self.transcript.segments} | {self.wb.settings.coder})

        def chosen(shown: frozenset[str] | None) -> None:
            if shown is None:
                return
            self.transcript.set_visible_coders(None if set(coders) <= shown else shown)
            self._title()

        self.app.push_screen(CoderFilterDialog(coders, self.transcript.visible_coders), chosen)

    # ------------------------------------------------------------------ undo / redo

    def on_codings_changed(self, event: CodingsChanged) -> None:
        if event.document_id == self.document_id and event.reload:
            self._reload_segments()
        elif event.document_id == self.document_id:
            self._changed(event.segment, event.removed)
            if self._suggestions_loaded:  # an undone acceptance is a suggestion again
                self._suggestions_loaded = False
                if self.query_one("#side-panel", TabbedContent).active == "tab-suggestions":
                    self._load_suggestions()

    # ------------------------------------------------------------------ others' changes

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
        self.app.switch_screen(CodingScreen(self.document_id, offset=self.transcript.cursor))
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
            tv = self.transcript
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
        self._reload_segments()

    # ------------------------------------------------------------------ palette

    def palette_commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        return [
            (
                "code: Apply code…",
                "Code the selection with a code from the picker",
                self.action_apply_code,
            ),
            ("code: Remove code", "Remove your coding at the cursor", self.action_remove_code),
            (
                "segment: Adjust boundaries",
                "Change where your segment starts and ends",
                self.action_adjust,
            ),
            ("segment: Memo…", "Write a memo on your segment", self.action_memo),
            (
                "segment: Date…",
                "Give your segment the date of the event it describes",
                self.action_date,
            ),
            ("navigate: Next segment", "Select the next segment", self.action_next_segment),
            (
                "navigate: Previous segment",
                "Select the previous segment",
                self.action_previous_segment,
            ),
            (
                "navigate: Next uncoded paragraph",
                "Select the next paragraph nobody coded",
                self.action_next_uncoded,
            ),
            (
                "select: Word",
                "Select or grow by a word",
                lambda: self.transcript.action_grow("word"),
            ),
            (
                "select: Sentence",
                "Select or grow by a sentence",
                lambda: self.transcript.action_grow("sentence"),
            ),
            (
                "select: Speaker turn",
                "Select or grow by a speaker turn",
                lambda: self.transcript.action_grow("turn"),
            ),
            (
                "select: Paragraph",
                "Select or grow by a paragraph",
                lambda: self.transcript.action_grow("paragraph"),
            ),
            (
                "view: Codebook",
                "Show the code tree and definitions",
                lambda: self.action_panel("codebook"),
            ),
            (
                "view: Suggestions",
                "Show suggested codings and dates",
                lambda: self.action_panel("suggestions"),
            ),
            (
                "view: Segments here",
                "Show the segments at the cursor with their dates",
                lambda: self.action_panel("segments"),
            ),
            ("view: Toggle side panel", "Show or hide the side panel", self.action_toggle_panel),
            ("view: Coders…", "Choose whose codings to show", self.action_coder_filter),
            ("find: Find in document…", "Find words in this document (/)", self.action_find),
            ("find: Next hit", "Select the next hit (])", lambda: self.action_find_next(1)),
            (
                "find: Previous hit",
                "Select the previous hit ([)",
                lambda: self.action_find_next(-1),
            ),
            (
                "find: Code all hits in document…",
                "Code every hit of the last find with one code (one undo)",
                self.action_code_all_found,
            ),
            (
                "search: Search this document's hits in context…",
                "The project search, limited to this document",
                self._search_here,
            ),
            *self.codebook_palette(),
        ]

    def _search_here(self) -> None:
        from workbench.tui.screens.search import SearchScreen

        self.app.push_screen(SearchScreen(document_id=self.document_id))
