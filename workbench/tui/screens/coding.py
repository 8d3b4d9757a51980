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
from workbench.tui.screens.coding_live import LiveUpdates
from workbench.tui.screens.coding_suggestions import SuggestionReview
from workbench.tui.widgets.codebook import CodebookPanel, CodeTree
from workbench.tui.widgets.segments import SegmentsPanel, date_text
from workbench.tui.widgets.status import StatusLine
from workbench.tui.widgets.suggestions import SuggestionsPanel
from workbench.tui.widgets.transcript import TranscriptView

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.app import ComposeResult
    from textual.binding import BindingType
    from textual.timer import Timer

    from workbench.services.code_counts import CodeCount
    from workbench.services.reading import DocumentView, SegmentInfo
    from workbench.services.segments import DateChoices
    from workbench.tui.app import WorkbenchApp
    from workbench.tui.messages import CodingsChanged

WIDE = 110  # columns from which the side panel shows beside the text by default

SELECT_HINT = "Select text first: shift+arrows, w/s/t/p (word, sentence, turn, paragraph) or drag"


class CodingScreen(CodebookEditing, FindInDocument, SuggestionReview, LiveUpdates, Screen[None]):
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
        self._cursor = 0

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
            back = self.start_offset is None and self.document_id in self.wb.places.offsets
            cursor = self.start_offset or self.wb.places.offsets.get(self.document_id, 0)
            self.transcript.labels = self.wb.stripe_labels
            self.transcript.load(view, cursor=cursor)
            if self.start_offset is not None and self.start_end is not None:
                self.transcript.select(self.start_offset, self.start_end)
            self._title()
            ms = (time.perf_counter() - t0) * 1000
            n = len(view.segments)
            where = f" Back where you left it (offset {cursor})." if back and cursor else ""
            self.status.say(
                f"Opened {view.title!r}: {len(view.text):,} characters, "
                f"{n:,} segment{'' if n == 1 else 's'}.{where} "
                "Select text, then a or a digit to code it; F1 for help."
            )
            self.wb.document_opened(self, ms)
            self.call_after_refresh(freeze_long_lived)
            if self._reload_when_loaded:  # others changed it while it loaded
                self._reload_segments()

        self.wb.services.submit(load, done=done, failed=self._failed, description="open document")

    def on_unmount(self) -> None:
        if self.document is not None:  # the widgets are gone: the cursor as last reported
            self.wb.left_document(self.document_id, self._cursor)
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
        if not self.transcript.text[start:end].strip():
            self.status.say("The selection is only spaces or line breaks: select words to code.")
            return
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

    def load_counts(self) -> None:
        """Segments and sources per code, own and with children, for the codebook panel."""
        project, me, blind = self.wb.project, self.wb.settings.coder, self.wb.settings.blind

        def call() -> dict[str, CodeCount]:
            from workbench.services.code_counts import code_counts

            return code_counts(project, only_coder=me if blind else None)

        def done(counts: dict[str, CodeCount]) -> None:
            self.query_one(CodebookPanel).set_counts(counts)

        self.wb.services.submit(
            call, done=done, failed=self._failed, description="code counts", ordered=False
        )

    def action_toggle_labels(self) -> None:
        on = not self.transcript.labels
        self.wb.stripe_labels = on  # the next document opens the same way
        self.transcript.set_labels(on)
        self.status.say(
            "Labelled stripes: the margin names the codes; click a name to select its segment."
            if on
            else "Stripes without labels: the side panel (F4) names the codes here."
        )

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
            self.load_counts()
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
        self._cursor = tv.cursor
        at = self._targets()
        if at:
            s = at[0]
            more = f" (+{len(at) - 1})" if len(at) > 1 else ""
            info = f"{s.code_name} · {s.coder} · {date_text(s)}{more}"
        else:
            info = f"offset {tv.cursor}"
        if tv.selection is not None:
            a, b = tv.selection
            info = f"selected [{a}, {b}) · " + info
        self.status.set_info(info)
        self._schedule_panels()

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

    # ------------------------------------------------------------------ palette

    def palette_commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        from workbench.tui.screens.coding_palette import coding_palette

        return coding_palette(self)
