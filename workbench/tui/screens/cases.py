"""Cases against the pooled phases: a row per case, a column per pooled frontier.

The same figures as ``workbench bracket --cases`` (see ``bracketing.case_shift``): each
case's crossing of each pooled frontier, as the shift in days from the pooled date
(+ later) with its interval, and the flag when the case's timing differs from the
typical case's. The rule, the typical crossing per frontier and any transition phase are
said above the table, so that "LATE" never has to be guessed at. The bracketing runs in
a worker, with the source resamples, on quarter bins.

``t`` switches to the path types (as ``workbench bracket --compare``): the types with
their medoid and members, and below them one coloured row per case, its pooled phase in
each bin from its first coding to its last, grouped by type, so that a late or skipping
case is seen as a shifted or shorter band rather than read off a distance.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from workbench.tui.bindings import CASES
from workbench.tui.widgets.fitted_table import Column, fill_table, fits
from workbench.tui.widgets.status import StatusLine

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.app import ComposeResult
    from textual.binding import BindingType

    from workbench.bracketing.case_results import (
        CaseFrontierShiftResult,
        CaseShiftResult,
        CaseTimingResult,
    )
    from workbench.bracketing.sequences import PathTypesResult
    from workbench.tui.app import WorkbenchApp

BOOTSTRAP = 200
SEED = 1
FREQ = "quarter"
# one colour per pooled phase, in order; the letter in the cell says it without colour
STATE_STYLES = (
    "black on #4e79a7",
    "black on #f28e2b",
    "black on #59a14f",
    "black on #e15759",
    "black on #76b7b2",
    "black on #edc948",
    "black on #b07aa1",
    "black on #ff9da7",
)


def _signed(days: int | None, open_end: str) -> str:
    return open_end if days is None else f"{days:+d}"


def frontier_cell(f: CaseFrontierShiftResult, *, narrow: bool = False) -> str:
    """One case at one frontier, in a table cell (``narrow``: the shift, its interval and
    the flag on lines of their own)."""
    gap = "\n" if narrow else " "
    if f.status == "not crossed":
        return "NOT CROSSED" if f.timing == "not crossed" else "not crossed"
    text = f"{_signed(f.shift_days, '?')}"
    if f.interval_days is not None:
        lo, hi = f.interval_days
        text += f"{gap}[{_signed(lo, 'before')}, {_signed(hi, 'after')}]"
    if f.status != "found":
        return f"too few to tell{gap}({text})"
    if f.timing in ("late", "early"):
        text += f"{gap}{f.timing.upper()}"
    return text


def case_columns(names: list[str]) -> tuple[Column, ...]:
    """Shifts, intervals and counts whole; the case's name ends in "…" when short of room."""
    return (
        Column("Case", minimum=8, wrap=True),
        Column("Events", figure=True, justify="right"),
        Column("Sources", figure=True, justify="right"),
        *(Column(name, figure=True) for name in names),
        Column("", figure=True),
    )


PATH_COLUMNS = (
    Column("Type", figure=True, justify="right"),
    Column("Cases", figure=True, justify="right"),
    Column("Medoid", minimum=8),
    Column("Medoid's path", figure=True),
    Column("Mean distance", figure=True, justify="right"),
    Column("Members", minimum=12, weight=3),
)


def case_row(case: CaseShiftResult, n_frontiers: int, *, narrow: bool = False) -> tuple[str, ...]:
    head = (case.case, str(case.n_events), str(case.n_sources))
    if case.status != "analysed":
        return (*head, *([case.status] + [""] * (n_frontiers - 1)), "")
    cells = tuple(frontier_cell(f, narrow=narrow) for f in case.frontiers)
    return (*head, *cells, "flagged" if case.flagged else "")


def notes_text(timing: CaseTimingResult) -> str:
    lines = [f"Placed on {timing.reference}; {timing.n_flagged} flagged. Rule: {timing.rule}."]
    for j, (date, typical) in enumerate(
        zip(timing.pooled_frontiers, timing.typical_shift_days, strict=True)
    ):
        name = f"{timing.pooled_labels[j]} | {timing.pooled_labels[j + 1]}"
        where = (
            "too few cases cross it for a typical date"
            if typical is None
            else f"the typical case crosses {typical:+d} days from it"
        )
        lines.append(f"{name}: pooled {date}; {where}")
    lines.extend(f"Note: {note}" for note in timing.transition_notes)
    return "\n".join(lines)


def state_letters(states: tuple[str, ...]) -> list[str]:
    """One character per phase for the sequence rows: the label's last character when
    those differ (P1, P2, P3 -> 1, 2, 3), else letters A, B, C."""
    last = [label[-1:] or "?" for label in states]
    if len(set(last)) == len(last):
        return last
    return [chr(ord("A") + i) if i < 26 else "?" for i in range(len(states))]


def path_type_rows(paths: PathTypesResult) -> list[tuple[str, ...]]:
    """The path types as table rows: type, size, medoid, the medoid's path, members."""
    return [
        (
            str(t.number),
            str(len(t.members)),
            t.medoid,
            t.medoid_path,
            f"{t.mean_distance:.2f}",
            ", ".join(t.members),
        )
        for t in paths.types
    ]


def sequence_rows(paths: PathTypesResult, first_bin: str) -> Text:
    """Each case's sequence as a coloured row on the pooled bins, grouped by type."""
    letters = state_letters(paths.states)
    width = max((len(c) for c in paths.cases), default=4) + 2
    out = Text()
    legend = Text("Phases: ")
    for i, label in enumerate(paths.states):
        legend.append(f" {letters[i]} ", style=STATE_STYLES[i % len(STATE_STYLES)])
        legend.append(f" {label}  ")
    out.append_text(legend)
    out.append(
        f"\nOne cell per {paths.bin_unit} from {first_bin}; blank before a case's first coding.\n"
    )
    for t in paths.types:
        out.append(f"\nType {t.number} (medoid {t.medoid}: {t.medoid_path})\n", style="bold")
        for name in t.members:
            i = paths.cases.index(name)
            out.append(f"{name:<{width}}")
            out.append(" " * paths.starts[i])
            for state in paths.sequences[i]:
                out.append(letters[state], style=STATE_STYLES[state % len(STATE_STYLES)])
            if name in paths.guessed:
                out.append("  (a frontier at a best guess)", style="italic")
            out.append("\n")
    if paths.skipped:
        out.append(f"\nNo sequence: {', '.join(paths.skipped)}\n", style="italic")
    return out


class CasesScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = list(CASES)

    def __init__(self) -> None:
        super().__init__()
        self.timing: CaseTimingResult | None = None
        self.paths: PathTypesResult | None = None
        self.paths_note = ""
        self.showing_paths = False

    @property
    def wb(self) -> WorkbenchApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Static("Cases against the pooled phases", id="screen-title")
        yield Static("", id="cases-notes")
        yield DataTable(id="cases", zebra_stripes=True, cursor_type="row")
        with VerticalScroll(id="paths-view"):
            yield Static("", id="paths-notes")
            yield DataTable(id="path-types", zebra_stripes=True, cursor_type="row")
            yield Static("", id="paths-rows")
        yield StatusLine()
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#paths-view").display = False
        project = self.wb.project
        coders = [self.wb.settings.coder] if self.wb.settings.blind else None
        self.query_one(StatusLine).say(
            f"Bracketing with {BOOTSTRAP} source resamples, then placing each case…", "busy"
        )

        def call() -> tuple[CaseTimingResult, PathTypesResult | None, str]:
            from workbench.services.bracketing import run_bracketing
            from workbench.services.case_bracketing import run_case_timing
            from workbench.services.case_paths import compare_case_paths

            params = {"bin_unit": FREQ, "bootstrap": BOOTSTRAP, "seed": SEED}
            result, events = run_bracketing(project, coders=coders, params=params)
            timing = run_case_timing(project, result, events, replicates=BOOTSTRAP, seed=SEED)
            if timing.note:
                return timing, None, ""
            paths = compare_case_paths(result, timing)
            starts = result.timeline.bin_starts
            return timing, paths, str(starts[0]) if starts else ""

        self.wb.services.submit(call, done=self._done, failed=self._failed, description="cases")

    def _done(self, found: tuple[CaseTimingResult, PathTypesResult | None, str]) -> None:
        timing, paths, first_bin = found
        self.show(timing)
        if paths is not None:
            self.show_paths(paths, first_bin)

    def show_paths(self, paths: PathTypesResult, first_bin: str) -> None:
        """The path types: the rule and costs above, the types, then the sequence rows."""
        self.paths = paths
        notes = (
            f"Optimal matching: substitution {paths.substitution}, indel {paths.indel:g}, "
            f"distances normalised by {paths.norm}. Grouping: {paths.rule}."
        )
        if paths.note:
            notes += f"\nNote: {paths.note}"
        self.paths_note = notes
        self.query_one("#paths-notes", Static).update(Text(notes))
        fill_table(
            self.query_one("#path-types", DataTable),
            PATH_COLUMNS,
            [(row, row[0]) for row in path_type_rows(paths)],
            self.app.size.width,
        )
        self.query_one("#paths-rows", Static).update(sequence_rows(paths, first_bin))

    def action_toggle_paths(self) -> None:
        if self.paths is None:
            self.query_one(StatusLine).say(
                "No path types yet: they follow the crossings (or no case has a sequence)."
            )
            return
        self.showing_paths = not self.showing_paths
        self.query_one("#paths-view").display = self.showing_paths
        self.query_one("#cases").display = not self.showing_paths
        self.query_one("#cases-notes").display = not self.showing_paths
        if self.showing_paths:
            self.query_one("#path-types", DataTable).focus()
            n = len(self.paths.types)
            self.query_one(StatusLine).say(
                f"{n} path type{'s' if n != 1 else ''} over {len(self.paths.cases)} cases; "
                "t: back to the crossings"
            )
        else:
            self.query_one("#cases", DataTable).focus()
            self.query_one(StatusLine).say("Crossings of the pooled frontiers; t: path types")

    def show(self, timing: CaseTimingResult) -> None:
        self.timing = timing
        table = self.query_one("#cases", DataTable)
        table.clear(columns=True)
        if timing.note:
            self.query_one("#cases-notes", Static).update(Text(timing.note))
            self.query_one(StatusLine).say(timing.note)
            return
        self._fill_cases()
        self.query_one("#cases-notes", Static).update(Text(notes_text(timing)))
        analysed = sum(c.status == "analysed" for c in timing.cases)
        self.query_one(StatusLine).say(
            f"{len(timing.cases)} cases, {analysed} placed, {timing.n_flagged} flagged; "
            "shifts in days from the pooled frontier (+ later), 95% interval"
        )
        table.focus()

    def _fill_cases(self) -> None:
        """A line a case when the shifts fit the terminal, else a line per figure."""
        timing = self.timing
        if timing is None or timing.note:
            return
        names = [
            f"{timing.pooled_labels[j]} | {timing.pooled_labels[j + 1]}"
            for j in range(len(timing.pooled_frontiers))
        ]
        columns = case_columns(names)
        width = self.app.size.width
        # cells become Text, not markup: an interval such as "[before, after]" is no tag
        rows = [(case_row(c, len(names)), c.case) for c in timing.cases]
        if not fits(columns, [r for r, _ in rows], width):
            rows = [(case_row(c, len(names), narrow=True), c.case) for c in timing.cases]
        fill_table(self.query_one("#cases", DataTable), columns, rows, width)

    def on_resize(self) -> None:
        self._fill_cases()
        if self.paths is not None:
            fill_table(
                self.query_one("#path-types", DataTable),
                PATH_COLUMNS,
                [(row, row[0]) for row in path_type_rows(self.paths)],
                self.app.size.width,
            )

    def _failed(self, exc: BaseException) -> None:
        from workbench.tui.jobs import describe_failure

        self.query_one(StatusLine).say(describe_failure(exc), "error")

    def action_back(self) -> None:
        self.app.pop_screen()

    def palette_commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        return [
            (
                "cases: Path types",
                "Cases grouped by their path through the pooled phases, as coloured rows (t)",
                self.action_toggle_paths,
            ),
            ("cases: Back", "Leave the per-case view (Esc)", self.action_back),
        ]
