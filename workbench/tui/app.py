"""The workbench TUI application. Build it with ``factory.make_app``, never directly.

The app holds the open project and the session's settings, runs every service
call through ``jobs.ServiceRunner`` (thread workers, in order), and owns what is
shared between screens: the codebook, the coder's recent codes, undo and redo,
and the live part of team work (``live.LiveWork``: others' changes, the
connection banner).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App

from workbench.services.places import Places
from workbench.tui import heap
from workbench.tui.bindings import APP
from workbench.tui.commands import WorkbenchCommands
from workbench.tui.jobs import ServiceRunner, describe_failure
from workbench.tui.live import LiveWork
from workbench.tui.messages import CodingsChanged, ServiceReturned
from workbench.tui.screens.documents import DocumentsScreen

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.binding import BindingType
    from textual.screen import Screen

    from workbench.services.history import HistoryResult
    from workbench.services.project import Project
    from workbench.services.records import CodeInfo
    from workbench.tui.settings import TuiSettings


WARM_TIMELINE_AFTER = 3.0
"""Seconds after start before the timeline is bracketed in the background (see F7)."""


class WorkbenchApp(App[None]):
    CSS_PATH = "workbench.tcss"
    TITLE = "workbench"
    BINDINGS: ClassVar[list[BindingType]] = list(APP)
    COMMANDS = App.COMMANDS | {WorkbenchCommands}

    def __init__(self, project: Project, settings: TuiSettings) -> None:
        super().__init__()
        self.project = project
        self.settings = settings
        self.live = LiveWork(self)
        self.services = ServiceRunner(
            self,
            project=project,
            retry_seconds=settings.retry_seconds,
            on_trouble=self.live.on_trouble,
            on_recovered=self.live.on_recovered,
            on_gave_up=self.live.on_gave_up,
            on_saved_meanwhile=self.live.on_saved_meanwhile,
        )
        self.unsaved: list[str] | None = None
        """Actions not saved when the app closed (the command line lists them)."""
        self.codes: list[CodeInfo] = []
        self.recent: list[str] = []
        self.places = Places()
        """Where this coder left each document (``services.places``)."""
        self.stripe_labels = False
        """Whether the coding view's margin names the codes (l toggles it)."""
        self._gc_thresholds = (700, 10, 10)
        self.timings: dict[str, list[float]] = {}
        self._suggestions_warmed = False
        """Seconds per kind of action (open, apply), for the benchmark and the curious."""

    def on_mount(self) -> None:
        self._gc_thresholds = heap.tune()
        self.theme = self.settings.theme
        if self.settings.keymap:
            self.set_keymap(self.settings.keymap)
        if not self.settings.animate:
            self.animation_level = "none"
        self.sub_title = f"{self.project.name} · {self.settings.coder}"
        self.live.start()  # first: the feed's cursor is read before anything is shown
        project, me, blind = self.project, self.settings.coder, self.settings.blind

        def call() -> tuple[list[CodeInfo], list[str]]:
            from workbench.services.reading import list_codebook, recent_codes

            return list_codebook(project, only_coder=me if blind else None), recent_codes(
                project, coder=me
            )

        def done(found: tuple[list[CodeInfo], list[str]]) -> None:
            self.codes, self.recent = found
            if not self.codes:
                self.notify(
                    "This project has no codebook: load one with "
                    "'workbench codebook load FILE -p PROJECT'.",
                    severity="warning",
                    timeout=10,
                )

        self.services.submit(call, done=done, failed=self._failed, description="codebook")

        def places() -> Places:
            from workbench.services.places import load_places

            return load_places(project, coder=me)

        def got_places(found: Places) -> None:
            self.places = found
            for screen in self.screen_stack:
                if isinstance(screen, DocumentsScreen):
                    screen.show_last(found.last_document)

        self.services.submit(places, done=got_places, failed=self._failed, description="places")
        self.push_screen(DocumentsScreen())
        if self.settings.open_document is not None:
            self.open_document(self.settings.open_document)
        self.call_after_refresh(heap.freeze_long_lived)
        self.set_timer(WARM_TIMELINE_AFTER, self._warm_timeline)

    def _warm_timeline(self) -> None:
        """Bracket the timeline F7 first shows in an idle moment, so F7 draws at once."""
        project, me, blind = self.project, self.settings.coder, self.settings.blind

        def call() -> bool:
            from workbench.services.timeline import warm_timeline

            return warm_timeline(project, only_coder=me if blind else None)

        self.services.submit(
            call,
            done=lambda _: None,
            failed=lambda _: None,  # F7 says what is wrong when it is opened
            description="timeline warm-up",
            ordered=False,
        )

    def on_unmount(self) -> None:
        self.unsaved = self.services.shutdown(2.0)  # also after ``live.may_quit`` stopped it
        heap.restore(self._gc_thresholds)

    async def action_quit(self) -> None:
        """Quit, unless an action still waits for the database and the coder has not confirmed."""
        if self.live.may_quit():
            self.exit()

    def on_service_returned(self, message: ServiceReturned) -> None:
        message.callback(message.value)

    # ------------------------------------------------------------------ shared state

    def open_document(
        self, document_id: int, *, offset: int | None = None, end: int | None = None
    ) -> None:
        from workbench.tui.screens.coding import CodingScreen

        self.push_screen(CodingScreen(document_id, offset=offset, end=end))

    def left_document(self, document_id: int, offset: int) -> None:
        """Remember where the coder left a document (reopened there next time)."""
        from workbench.services.places import save_place

        self.places.offsets[document_id] = offset
        self.places = Places(document_id, self.places.offsets)
        save_place(self.project, coder=self.settings.coder, document_id=document_id, offset=offset)

    def document_opened(self, screen: Screen[Any], milliseconds: float) -> None:
        self.record_timing("open", milliseconds / 1000)
        if not self._suggestions_warmed:
            self._suggestions_warmed = True
            screen.call_after_refresh(self._warm_suggestions)

    def _warm_suggestions(self) -> None:
        """Train the coder's suggestion model while they read, so that F3 only ranks.

        Once a session, after the first document is drawn (so opening it is not
        slowed): the model is then kept in memory and retrained in the background
        whenever the codings change, so later documents need no warm-up of their own.
        The training runs on the suggestions' own thread; this worker only hands it
        over. F3 pressed before it is done gets the codebook keywords' list at once, with
        a cue, and the learned list replaces it when that training ends (no second one).
        """
        project, me = self.project, self.settings.coder

        def call() -> None:
            from workbench.services.suggestions import prepare_suggestions

            prepare_suggestions(project, me)

        self.services.submit(
            call,
            done=lambda _: None,
            failed=lambda _: None,  # F3 says what is wrong when it is pressed
            description="suggestions warm-up",
            ordered=False,
        )

    def note_recent(self, guid: str) -> None:
        self.recent = [guid, *[g for g in self.recent if g != guid]][:8]

    def bump_code(self, guid: str, delta: int) -> None:
        """One coding more or fewer of a code (the counts the codebook panel shows)."""
        from dataclasses import replace

        self.codes = [
            replace(c, codings=max(0, c.codings + delta)) if c.guid == guid else c
            for c in self.codes
        ]

    def reload_codebook(self) -> None:
        """Read the codes and their counts again (someone changed the codebook)."""
        project, me, blind = self.project, self.settings.coder, self.settings.blind

        def call() -> list[CodeInfo]:
            from workbench.services.reading import list_codebook

            return list_codebook(project, only_coder=me if blind else None)

        def done(codes: list[CodeInfo]) -> None:
            from workbench.tui.screens.coding import CodingScreen

            self.codes = codes
            for screen in self.screen_stack:
                if isinstance(screen, CodingScreen):
                    screen.codes_reloaded()

        self.services.submit(
            call, done=done, failed=self._failed, description="codebook", ordered=False
        )

    def record_timing(self, kind: str, seconds: float) -> None:
        self.timings.setdefault(kind, []).append(seconds)

    def say(self, text: str, level: str = "info") -> None:
        """Put a message on the current screen's status line (or a notification)."""
        from workbench.tui.widgets.status import StatusLine

        found = self.screen.query(StatusLine)
        if found:
            found.first().say(text, level)
        else:
            self.notify(text, severity="error" if level == "error" else "information")

    def _failed(self, exc: BaseException) -> None:
        self.say(describe_failure(exc), "error")

    # ------------------------------------------------------------------ actions

    def action_help(self) -> None:
        from workbench.tui.screens.help import HelpScreen

        self.push_screen(HelpScreen())

    def action_retrieve(self) -> None:
        from workbench.tui.screens.retrieval import RetrievalScreen

        self.push_screen(RetrievalScreen())

    def action_search(self, query: str = "") -> None:
        from workbench.tui.screens.search import SearchScreen

        if isinstance(self.screen, SearchScreen):
            self.screen.action_focus_query()
            return
        self.push_screen(SearchScreen(query))

    def action_memos(self) -> None:
        from workbench.tui.screens.memos import MemosScreen

        if not isinstance(self.screen, MemosScreen):
            self.push_screen(MemosScreen())

    def action_timeline(self) -> None:
        from workbench.tui.screens.timeline import TimelineScreen

        self.push_screen(TimelineScreen())

    def action_cases(self) -> None:
        from workbench.tui.screens.cases import CasesScreen

        self.push_screen(CasesScreen())

    def action_phase_map(self) -> None:
        from workbench.tui.screens.phase_map import PhaseMapScreen

        self.push_screen(PhaseMapScreen())

    def action_time_basis(self) -> None:
        from workbench.tui.screens.time_basis import TimeBasisScreen

        self.push_screen(TimeBasisScreen())

    def action_review(self) -> None:
        from workbench.tui.screens.adjudication import AdjudicationScreen
        from workbench.tui.screens.review import ReviewScreen

        if any(isinstance(s, (ReviewScreen, AdjudicationScreen)) for s in self.screen_stack):
            if not isinstance(self.screen, (ReviewScreen, AdjudicationScreen)):
                self.say("The review is open already: Esc goes back to it.")
            return
        if self.settings.blind:
            self.say("Blind mode: the review shows every coder's codings; open without --blind.")
            return
        self.push_screen(ReviewScreen())

    def action_report(self, kind: str) -> None:
        """Open the dialog that writes a report or the REFI-QDA export (report_dialog)."""
        from workbench.tui.screens.report_dialog import ReportDialog

        self.push_screen(ReportDialog(kind))

    def action_undo(self) -> None:
        self._history("undo")

    def action_redo(self) -> None:
        self._history("redo")

    def _history(self, kind: str) -> None:
        project, me = self.project, self.settings.coder
        t0 = time.perf_counter()

        def call() -> HistoryResult | None:
            from workbench.services import history

            return (
                history.undo(project, actor=me)
                if kind == "undo"
                else history.redo(project, actor=me)
            )

        def done(result: HistoryResult | None) -> None:
            if result is None:
                self.say(f"Nothing to {kind}.")
                return
            self.record_timing(kind, time.perf_counter() - t0)
            for screen in self.screen_stack:
                for doc in result.documents:  # a step of many codings: read them again
                    screen.post_message(CodingsChanged(doc, reload=True))
                if not result.documents and not result.codebook:
                    screen.post_message(
                        CodingsChanged(result.document_id, result.removed, result.segment)
                    )
            if result.documents or result.codebook:
                self.reload_codebook()  # the codes it changed, the counts of those it touched
            verb = "Undone" if kind == "undo" else "Redone"
            if result.skipped:
                self.say(
                    f"Skipped {kind} of '{result.description}': that coding was changed "
                    "meanwhile by someone else. Press again for the action before it.",
                    "error",
                )
            else:
                self.say(f"Saved: {verb.lower()} '{result.description}'", "saved")

        self.services.submit(call, done=done, failed=self._failed, description=kind)

    def palette_commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        return [
            ("history: Undo", "Undo your last coding action (ctrl+z)", self.action_undo),
            ("history: Redo", "Redo what you undid (ctrl+y)", self.action_redo),
            (
                "retrieve: Segments of a code…",
                "All segments of a code, with context (F5)",
                self.action_retrieve,
            ),
            (
                "search: Search the project…",
                "Every hit of words across the documents, in context; code all hits (ctrl+f)",
                self.action_search,
            ),
            (
                "memo: Memos…",
                "Every memo on the project, its documents and codes; search; write (F8)",
                self.action_memos,
            ),
            (
                "bracket: Timeline",
                "Phases over time, frontiers and their support, quotes (F7)",
                self.action_timeline,
            ),
            (
                "bracket: Cases against the pooled phases",
                "Each case's crossing of each pooled frontier, its shift and interval, flags",
                self.action_cases,
            ),
            (
                "bracket: Phase map from the codebook's markers",
                "Phases read from the codes' phase markers: the sequence, mixed stretches "
                "with their components, the rules used",
                self.action_phase_map,
            ),
            (
                "bracket: Event vs narration time",
                "What dating by the document changes; lag per source kind",
                self.action_time_basis,
            ),
            (
                "review: Disagreements…",
                "Review two coders' disagreements and adjudicate (F6)",
                self.action_review,
            ),
            *self._report_commands(),
            ("help: Keys", "Every key binding (F1)", self.action_help),
        ]

    def _report_commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        from functools import partial

        from workbench.tui.screens.report_dialog import PALETTE

        return [(title, text, partial(self.action_report, kind)) for kind, title, text in PALETTE]
