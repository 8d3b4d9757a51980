"""The timeline (F7): phases over time, the frontiers and their support, what continues and
what breaks at each, and the quotes behind any phase or cell.

The engine runs through ``services.timeline`` in a thread worker, twice: first without
the bootstrap, so the timeline is on screen in a fraction of a second, then with it, so
the frontiers' support follows a moment later (the view keeps the cursor). Any later
request supersedes a running one: results of an older request are dropped.
"""

from __future__ import annotations

import contextlib
import time
from typing import TYPE_CHECKING, Any, ClassVar

from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import (
    DataTable,
    Footer,
    OptionList,
    Select,
    Static,
    TabbedContent,
    TabPane,
)

from workbench.core.errors import InputError
from workbench.tui.bindings import TIMELINE
from workbench.tui.screens.timeline_cases import CaseActions
from workbench.tui.screens.timeline_phases import PhaseActions
from workbench.tui.screens.timeline_quotes import QuoteActions
from workbench.tui.screens.timeline_tables import TimelineTables
from workbench.tui.screens.timeline_window import WindowDialog, outside_note, window_text
from workbench.tui.widgets.status import StatusLine
from workbench.tui.widgets.timeline import BIN_WORDS, TimelineView, bin_label
from workbench.tui.widgets.timeline_details import (
    corpus_diagnostics,
    note_lines,
    phase_text,
    segmentations,
    theme_names,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.app import ComposeResult
    from textual.binding import BindingType

    from workbench.services.phases import PhaseInfo
    from workbench.services.timeline import EventQuote, TimelineChoices, TimelineRun, Window
    from workbench.tui.app import WorkbenchApp

BOOTSTRAP = 200
"""Source-bootstrap replicates of the second pass (the frontiers' support)."""
SEED = 1
FREQS = (("months", "month"), ("quarters", "quarter"), ("half-years", "half"), ("years", "year"))
LEVELS = (("themes as coded", "coded"), ("top-level themes", "top"))
TABS = ("tab-frontiers", "tab-continuity", "tab-phase", "tab-quotes")

LEGEND = "┃ frontier   ━ its likely date   % support   ░▒▓█ theme's share of bin   · < 1 event"
"""One line, so it fits 80 columns; the README and F1 say the rest."""

Params = tuple[str, str, str, str, "Window | None"]
"""(scheme, coder, freq, level, window) of a request."""


class TimelineScreen(CaseActions, QuoteActions, PhaseActions, TimelineTables, Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = list(TIMELINE)
    DEFAULT_CSS = """
    #timeline-note {
        height: auto; padding: 0 1; color: $warning; text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    #timeline-note.-empty, #timeline-cases-note.-empty { display: none; }
    #timeline-cases-note { height: 1; padding: 0 1; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.choices: TimelineChoices | None = None
        self.run: TimelineRun | None = None
        """The run on screen (the support pass replaces the first one)."""
        self.phases: list[PhaseInfo] = []
        """The shown scheme's phases as stored (labels, dates as typed, versions)."""
        self.generation = 0
        self.requested: Params | None = None
        self.pending = False
        """True while the bootstrap pass for the run on screen is still computing."""
        self.frontier: tuple[int, int] | None = None
        """(segmentation, index) of the frontier whose continuity table is shown."""
        self.quotes: list[EventQuote] = []
        self.window: Window | None = None
        """The window set with w; None: the default, which leaves out outlying dates."""
        self._editing: PhaseInfo | None = None
        self._values: dict[str, list[str]] = {
            "freq": [v for _, v in FREQS],
            "level": [v for _, v in LEVELS],
        }
        self.run_count = 0
        self.opened_at = time.perf_counter()
        self.open_seconds: float | None = None
        """Seconds from opening the screen (F7) to the first timeline drawn."""
        self.rendered_seconds: float | None = None
        """Seconds from the request to the timeline drawn, for the curious and the tests."""
        self.drawn_at: float | None = None
        """``perf_counter`` when the first timeline was drawn (what the benchmark reads)."""

    @property
    def wb(self) -> WorkbenchApp:
        return self.app  # type: ignore[return-value]

    @property
    def view(self) -> TimelineView:
        return self.query_one(TimelineView)

    @property
    def status(self) -> StatusLine:
        return self.query_one(StatusLine)

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield Static("Timeline", id="screen-title")
        with Horizontal(id="timeline-controls"):
            yield Select[str]([], prompt="scheme", id="timeline-scheme", compact=True)
            yield Select[str](
                FREQS, value="quarter", allow_blank=False, id="timeline-freq", compact=True
            )
            yield Select[str]([], prompt="coder", id="timeline-coder", compact=True)
            yield Select[str](
                LEVELS, value="coded", allow_blank=False, id="timeline-level", compact=True
            )
        yield Static("", id="timeline-note", classes="-empty")
        yield Static("", id="timeline-cases-note", classes="-empty")
        yield TimelineView(id="timeline")
        with TabbedContent(id="timeline-details", initial="tab-frontiers"):
            with TabPane("Frontiers", id="tab-frontiers"):
                yield Static(LEGEND, id="timeline-legend")
                yield DataTable(id="frontiers", cursor_type="row", zebra_stripes=True)
            with TabPane("Continuity", id="tab-continuity"):
                yield Static("", id="continuity-title")
                yield DataTable(id="continuity", cursor_type="row", zebra_stripes=True)
            with TabPane("Phase", id="tab-phase"), VerticalScroll(id="phase-scroll"):
                yield Static("Move onto a phase band to see it described.", id="phase-text")
            with TabPane("Quotes", id="tab-quotes"):
                yield Static(
                    "Enter on a phase, a cell of the heat strip or the events row lists the "
                    "coded segments behind it.",
                    id="quotes-title",
                )
                yield OptionList(id="quotes")
        yield StatusLine()
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.view.focus()
        self.view.loading = True
        self.status.say("Loading the project's schemes and coders…", "busy")
        self._load_choices()

    def _load_choices(self, scheme: str | None = None) -> None:
        project, me, blind = self.wb.project, self.wb.settings.coder, self.wb.settings.blind

        first = self.choices is None

        def call() -> tuple[TimelineChoices, Window | None]:
            from workbench.services.timeline import (
                bracket_timeline_cached,
                load_window,
                timeline_choices,
            )

            choices = timeline_choices(project, only_coder=me if blind else None)
            window = load_window(project, coder=me)
            if first:  # the first run too, in the same call: compute() then finds it kept
                with contextlib.suppress(InputError):
                    bracket_timeline_cached(
                        project,
                        scheme=choices.scheme,
                        coder=choices.coder,
                        freq="quarter",
                        level=None,
                        bootstrap=0,
                        seed=SEED,
                        window=window,
                    )
            return choices, window

        def done(found: tuple[TimelineChoices, Window | None]) -> None:
            from workbench.services.timeline import ALL_CODERS, PROPOSED

            choices, window = found
            first = self.choices is None
            if first:
                self.window = window
            self.choices = choices
            schemes = self.query_one("#timeline-scheme", Select)
            current = schemes.value if not first else None
            options = [(s, s) for s in choices.schemes] + [("phases the data propose", PROPOSED)]
            schemes.set_options(options)
            self._values["scheme"] = [v for _, v in options]
            want = scheme or (current if isinstance(current, str) else choices.scheme)
            schemes.value = want if want in (*choices.schemes, PROPOSED) else choices.scheme
            if first:
                coders = self.query_one("#timeline-coder", Select)
                who = [(c, c) for c in choices.coders]
                if not self.wb.settings.blind:
                    who.append(("every coder", ALL_CODERS))
                coders.set_options(who)
                self._values["coder"] = [v for _, v in who]
                coders.value = choices.coder
                coders.disabled = self.wb.settings.blind
            self.compute(force=not first)

        self.wb.services.submit(
            call, done=done, failed=self._failed, description="timeline choices", ordered=False
        )

    # ------------------------------------------------------------------ computing

    def _params(self) -> Params | None:
        values = [
            self.query_one(f"#timeline-{name}", Select).value
            for name in ("scheme", "coder", "freq", "level")
        ]
        if not all(isinstance(v, str) for v in values):
            return None
        return values[0], values[1], values[2], values[3], self.window  # type: ignore[return-value]

    def on_select_changed(self, event: Select.Changed) -> None:
        self.compute()

    def compute(self, *, force: bool = False) -> None:
        """Bracket with the chosen scheme, coder, bins and level (unless already asked)."""
        params = self._params()
        if params is None or (params == self.requested and not force):
            return
        self.requested = params
        self.generation += 1
        generation = self.generation
        scheme, coder, freq, level, window = params
        project = self.wb.project
        self.view.loading = True
        self.pending = True
        self.status.say("Bracketing: phases, frontiers and continuity… (computing)", "busy")
        t0 = time.perf_counter()

        def call() -> tuple[TimelineRun, list[PhaseInfo]]:
            from workbench.services.phases import list_phases
            from workbench.services.timeline import PROPOSED, bracket_timeline_cached

            run = bracket_timeline_cached(
                project,
                scheme=scheme,
                coder=coder,
                freq=freq,
                level=0 if level == "top" else None,
                bootstrap=0,
                seed=SEED,
                window=window,
            )
            phases = list_phases(project, scheme=scheme) if scheme != PROPOSED else []
            return run, phases

        def done(found: tuple[TimelineRun, list[PhaseInfo]]) -> None:
            if generation != self.generation:
                return
            self.run, self.phases = found
            self.view.loading = False
            if self.run_count == 0 or self.focused is None:
                self.view.focus()  # a loading widget cannot take the focus at mount
            self.run_count += 1
            self._clear_quotes()
            self._show(found[0])
            self.call_after_refresh(self._drawn, generation, t0, params)

        def failed(exc: BaseException) -> None:
            if generation == self.generation:
                self.view.loading = False
                self.pending = False
                self.view.focus()
                self._failed(exc)

        self.wb.services.submit(
            call, done=done, failed=failed, description="timeline", ordered=False
        )

    def _drawn(self, generation: int, t0: float, params: Params) -> None:
        """The first pass is on screen: note the time, then start the bootstrap pass (not
        before, so its worker does not slow the first drawing)."""
        if generation != self.generation or self.run is None:
            return
        now = time.perf_counter()
        self.rendered_seconds = now - t0
        self.wb.record_timing("timeline", self.rendered_seconds)
        if self.open_seconds is None:
            self.drawn_at = now
            self.open_seconds = now - self.opened_at
            self.wb.record_timing("timeline-open", self.open_seconds)
        self._summary()
        self._support(generation, params)

    def _summary(self) -> None:
        """The status line once a run is on screen (whichever of the two passes is last)."""
        if self.run is None:
            return
        tl = self.run.result.timeline
        bins = BIN_WORDS.get(tl.bin_unit, tl.bin_unit)
        drawn = f", drawn in {self.rendered_seconds:.2f} s" if self.rendered_seconds else ""
        support = (
            "support computing…"
            if self.pending
            else f"support from {BOOTSTRAP} source-bootstrap replicates"
        )
        self.status.say(
            f"{tl.n_events:,} events from {tl.n_sources} sources in {len(tl.bin_starts)} "
            f"{bins}{drawn}; {support}. Enter: quotes · n: next frontier · s/f/c: scheme, "
            "bins, coder" + self._hint()
        )

    def _hint(self) -> str:
        """Why the data may propose a single phase, and what to try."""
        run = self.run
        if run is None or run.result.proposal.default_k > 1:
            return ""
        level = "" if run.level == 0 else "; top-level themes (l) need fewer parameters"
        return f" · The data propose one phase at these settings{level}"

    def _support(self, generation: int, params: Params) -> None:
        """The second pass: the same run with the source bootstrap, for the support."""
        scheme, coder, freq, level, window = params
        project = self.wb.project

        def call() -> TimelineRun:
            from workbench.services.timeline import bracket_timeline_cached

            return bracket_timeline_cached(
                project,
                scheme=scheme,
                coder=coder,
                freq=freq,
                level=0 if level == "top" else None,
                bootstrap=BOOTSTRAP,
                seed=SEED,
                window=window,
            )

        def done(run: TimelineRun) -> None:
            if generation != self.generation:
                return
            self.pending = False
            self.run = run
            self._show(run)
            self._summary()

        def failed(exc: BaseException) -> None:
            if generation == self.generation:
                self.pending = False
                self._failed(exc)

        self.wb.services.submit(
            call, done=done, failed=failed, description="timeline support", ordered=False
        )

    def _failed(self, exc: BaseException) -> None:
        from workbench.tui.jobs import describe_failure

        self.view.loading = False
        self.status.say(describe_failure(exc), "error")

    # ------------------------------------------------------------------ showing

    def _show(self, run: TimelineRun) -> None:
        self.view.show(run)
        tl = run.result.timeline
        shown = (
            f"scheme “{run.scheme}” beside the data's proposal"
            if run.scheme
            else ("phases the data propose")
        )
        coders = ", ".join(run.coders) or run.coder
        span = window_text(run.window)
        self.query_one("#screen-title", Static).update(
            f"Timeline · {self.wb.project.name} · {shown} · {coders} · "
            f"{tl.n_events:,} events, {tl.n_sources} sources"
            + (f" ({run.n_undated} undated, left out)" if run.n_undated else "")
            + (f" · {span}" if span else "")
        )
        # said where the reader looks: what the window leaves out, then what limits the
        # figures (coarse dates, few sources, double coding...), one line each
        lines = [outside_note(run.window, run.outside), *corpus_diagnostics(run)]
        note = "\n".join(note_lines(lines))
        box = self.query_one("#timeline-note", Static)
        box.update(note)
        box.set_class(not note, "-empty")
        self._fill_frontiers(run)
        self.place_cases()
        if self.frontier is None or not self._frontier_at(*self.frontier):
            firsts = [(key, 0) for key, (_, fs) in enumerate(segmentations(run)) if fs]
            self.frontier = firsts[0] if firsts else None
        self._fill_continuity()
        self._describe_cursor()

    def _describe_cursor(self) -> None:
        """The cell under the cursor, in words, on the right of the status line; the phase
        under it in the Phase tab."""
        run, view = self.run, self.view
        if run is None or not view.rows:
            return
        tl = run.result.timeline
        row, b = view.cursor, view.bin
        when = bin_label(tl.bin_starts[b], tl.bin_unit)
        volume = tl.volume[b]
        if row.kind == "theme":
            share = view.shares[row.key][b]
            text = (
                f"{row.label} · {when}: {share:.0%} of {volume:,.1f} events"
                if share is not None
                else f"{row.label} · {when}: under one event in this bin"
            )
        elif row.kind in ("bands", "frontiers"):
            found = view.phase_at(row.key, b)
            text = f"{found[1].label} · {when}" if found else f"{when}: outside the phases"
            if found:
                self._show_phase(row.key, found[0])
        elif row.kind == "indicator":
            series = run.result.indicators[row.key]
            value = series.values[b]
            text = f"{series.name} · {when}: " + (
                f"{value:g} {series.unit}" if value is not None else "no observation"
            )
        elif row.kind == "case":
            text = f"{when} · {self.describe_case(row.key)}"
        else:
            text = f"{when}: {volume:,.1f} events"
        self.status.set_info(text)

    def _show_phase(self, key: int, index: int) -> None:
        if self.run is None:
            return
        phase = self.view.segmentation(key).phases[index]
        origin = (
            f"scheme “{self.run.scheme}”"
            if key == 0 and self.run.scheme
            else "proposed by the data"
        )
        why = next((p.justification for p in self.phases if p.label == phase.label), None)
        why = why if key == 0 and self.run.scheme else None
        self.query_one("#phase-text", Static).update(
            phase_text(phase, origin, theme_names(self.run), why)
        )

    def on_timeline_view_cursor_moved(self, event: TimelineView.CursorMoved) -> None:
        self._describe_cursor()

    # ------------------------------------------------------------------ actions

    def action_frontier(self, delta: int) -> None:
        if self.run is None:
            return
        row = self.view.cursor
        key = row.key if row.kind in ("bands", "frontiers") else 0
        frontiers = segmentations(self.run)[key][1]
        if not frontiers:
            self.status.say("One phase only: no frontier.")
            return
        b = self.view.bin
        if delta > 0:
            later = [f.index for f in frontiers if f.bin > b]
            index = later[0] if later else frontiers[0].index
        else:
            earlier = [f.index for f in frontiers if f.bin < b]
            index = earlier[-1] if earlier else frontiers[-1].index
        self.show_frontier(key, index)

    def action_cycle(self, name: str) -> None:
        select = self.query_one(f"#timeline-{name}", Select)
        if select.disabled:
            return
        values = self._values.get(name, [])
        if not values:
            return
        current = select.value
        index = values.index(current) + 1 if current in values else 0
        select.value = values[index % len(values)]

    def action_tab(self, n: int) -> None:
        self.query_one(TabbedContent).active = TABS[n - 1]

    def action_zoom(self) -> None:
        if self.maximized is not None:
            self.minimize()
        else:
            self.maximize(self.view)

    def action_window(self) -> None:
        """Type the window's dates, go back to the default, or show every event."""
        shown = self.run.window if self.run is not None else None
        start = shown.start.isoformat() if shown and shown.start else ""
        end = shown.end.isoformat() if shown and shown.end else ""
        self.app.push_screen(WindowDialog(start=start, end=end), self._window_set)

    def _window_set(self, window: Window | None) -> None:
        if window is None:
            return
        self.window = None if window.chosen == "auto" else window
        self.compute()
        project, me, kept = self.wb.project, self.wb.settings.coder, self.window

        def call() -> bool:
            from workbench.services.timeline import save_window

            return save_window(project, coder=me, window=kept)

        def done(saved: bool) -> None:
            if not saved:
                self.status.say("The window is set for now; the project folder cannot keep it.")

        self.wb.services.submit(
            call, done=done, failed=self._failed, description="timeline window", ordered=False
        )

    def action_recompute(self) -> None:
        self.compute(force=True)

    def action_back(self) -> None:
        if self.maximized is not None:
            self.minimize()
        elif not self.view.has_focus:
            self.view.focus()
        else:
            self.app.pop_screen()

    # ------------------------------------------------------------------ palette

    def palette_commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        return [
            (
                "bracket: Next scheme",
                "Another scheme, or the data's phases (s)",
                self._cycler("scheme"),
            ),
            ("bracket: Bin size", "Months, quarters, half-years, years (f)", self._cycler("freq")),
            ("bracket: Coder", "Consensus, one coder, every coder (c)", self._cycler("coder")),
            ("bracket: Theme level", "Themes as coded or top-level (l)", self._cycler("level")),
            ("bracket: Next frontier", "Its continuity table (n)", lambda: self.action_frontier(1)),
            ("bracket: Add phase…", "Add a phase to the scheme (a)", self.action_add_phase),
            ("bracket: Edit phase…", "Change or remove the phase (e)", self.action_edit_phase),
            ("bracket: Case rows", "A row per case under the pooled phases (C)", self.action_cases),
            ("bracket: Window…", "Set the dates shown, or reset (w)", self.action_window),
            ("bracket: Recompute", "Bracket again (ctrl+r)", self.action_recompute),
            ("bracket: Zoom timeline", "Timeline on the whole screen (z)", self.action_zoom),
            ("bracket: Back", "Leave the timeline", self.action_back),
        ]

    def _cycler(self, name: str) -> Callable[[], None]:
        return lambda: self.action_cycle(name)
