"""The rule-based phase map (as ``workbench bracket --phase-map``), in the terminal.

The codebook's ``phase_markers`` say which phase each code marks; each bin is read as the
phase most of its markers point to, and runs of bins are parsed into phases by the rules
of flexible phase mapping (Holmes & Poole): a minimum run, the interruptions a phase
carries on through, how many empty bins are bridged, and when a stretch is a mixed phase
(named by its components and their shares, because "mixed" alone tells a reader nothing).
The rules are said above the map so the reader can see why a stretch is or is not a
phase, and can be changed here (+/- minimum run, i interruptions, g gaps) to see how much
the map rests on them. The defaults are those of ``bracket --phase-map``. The map needs
no resamples, so the bracketing runs with inference off.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from workbench.tui.bindings import PHASE_MAP
from workbench.tui.widgets.fitted_table import Column, fill_table, fits
from workbench.tui.widgets.status import StatusLine

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.app import ComposeResult
    from textual.binding import BindingType

    from workbench.bracketing.result import PhaseMapResult, PhaseMapSegmentResult
    from workbench.services.phase_map import PhaseMapSetup
    from workbench.tui.app import WorkbenchApp

FREQ = "quarter"
INTERRUPTIONS = (0, 1, 2, 3)
GAPS: tuple[int | None, ...] = (0, 1, 2, 4, None)  # None: bridge any gap


COLUMNS = (
    Column("Phase", minimum=8, weight=2, wrap=True),
    Column("Kind", figure=True),
    Column("From", figure=True),
    Column("To", figure=True),
    Column("Bins", figure=True, justify="right"),
    Column("Carried through", figure=True, justify="right"),
    Column("Markers", minimum=12, weight=3),
)
"""Dates and counts whole; a long label or marker ends in "…" (the share comes first in a
narrow terminal, so the "…" only ever takes words)."""


def segment_row(segment: PhaseMapSegmentResult, *, narrow: bool = False) -> tuple[str, ...]:
    """One stretch of the map: label, dates, bins, interruptions carried, its markers
    (``narrow``: one marker a line, its share first)."""
    bins = getattr(segment, "n_bins", 0) or segment.last_bin - segment.first_bin + 1
    interruptions = getattr(segment, "interruptions", 0)
    components = getattr(segment, "components", ())
    shares = getattr(segment, "shares", ())
    pairs = zip(components, shares, strict=False)
    mix = (
        "\n".join(f"{s:.0%} {c}" for c, s in pairs)
        if narrow
        else ", ".join(f"{c} {s:.0%}" for c, s in pairs)
    )
    return (
        segment.label,
        segment.kind,
        str(segment.start),
        str(segment.end),
        str(bins),
        str(interruptions) if interruptions else "",
        mix,
    )


def map_notes(rule_map: PhaseMapResult, setup: PhaseMapSetup) -> str:
    """The rules, the sequence, and the notes on the markers, above the table."""
    from workbench.bracketing.phasemap import describe_rules

    sequence = " -> ".join(rule_map.sequence) or "no phase"
    lines = [
        f"Rules: {describe_rules(setup.rules)}.",
        f"Sequence: {sequence}",
    ]
    lines.extend(f"Note: {note}" for note in setup.notes)
    return "\n".join(lines)


class PhaseMapScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = list(PHASE_MAP)

    def __init__(self) -> None:
        super().__init__()
        self.rule_map: PhaseMapResult | None = None
        self.min_run = 3
        self.interruption = 1
        self.max_gap: int | None = 1

    @property
    def wb(self) -> WorkbenchApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Static("Phase map from the codebook's markers", id="screen-title")
        yield Static("", id="phase-map-notes")
        yield DataTable(id="phase-map", zebra_stripes=True, cursor_type="row")
        yield StatusLine()
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.load()

    def load(self) -> None:
        """Map again with the current rules, in a worker."""
        project = self.wb.project
        coders = [self.wb.settings.coder] if self.wb.settings.blind else None
        rules = {
            "min_run": self.min_run,
            "max_interruption": self.interruption,
            "max_gap": self.max_gap,
        }
        self.query_one(StatusLine).say("Mapping phases from the codebook's markers…", "busy")

        def call() -> tuple[PhaseMapResult | None, PhaseMapSetup]:
            from workbench.services.bracketing import run_bracketing
            from workbench.services.phase_map import phase_map_rules

            setup = phase_map_rules(project, **rules)
            params = {"bin_unit": FREQ, "bootstrap": 0}
            result, _ = run_bracketing(project, coders=coders, params=params, rules=setup.rules)
            return result.rule_map, setup

        self.wb.services.submit(call, done=self._done, failed=self._failed, description="map")

    def _done(self, found: tuple[PhaseMapResult | None, PhaseMapSetup]) -> None:
        rule_map, setup = found
        self.show(rule_map, setup)

    def show(self, rule_map: PhaseMapResult | None, setup: PhaseMapSetup) -> None:
        self.rule_map = rule_map
        table = self.query_one("#phase-map", DataTable)
        table.clear(columns=True)
        if rule_map is None:
            self.query_one(StatusLine).say("No phase map: no bin carries a phase marker.")
            return
        self.query_one("#phase-map-notes", Static).update(Text(map_notes(rule_map, setup)))
        self._fill()
        mixed = sum(s.kind == "mixed" for s in rule_map.segments)
        self.query_one(StatusLine).say(
            f"{len(rule_map.sequence)} phases on {FREQ} bins, {mixed} of them mixed; "
            "the same map as workbench bracket --phase-map"
        )
        table.focus()

    def _fill(self) -> None:
        """One line a stretch when everything fits, else a line per marker."""
        if self.rule_map is None:
            return
        segments = self.rule_map.segments
        width = self.app.size.width
        rows: list[tuple[tuple[str, ...], str | None]] = [(segment_row(s), None) for s in segments]
        if not fits(COLUMNS, [r for r, _ in rows], width, whole=True):
            rows = [(segment_row(s, narrow=True), None) for s in segments]
        fill_table(self.query_one("#phase-map", DataTable), COLUMNS, rows, width)

    def on_resize(self) -> None:
        self._fill()

    def _failed(self, exc: BaseException) -> None:
        from workbench.tui.jobs import describe_failure

        self.query_one(StatusLine).say(describe_failure(exc), "error")

    def action_min_run(self, step: int) -> None:
        self.min_run = max(1, self.min_run + step)
        self.load()

    def action_interruption(self) -> None:
        self.interruption = INTERRUPTIONS[
            (INTERRUPTIONS.index(self.interruption) + 1) % len(INTERRUPTIONS)
        ]
        self.load()

    def action_gap(self) -> None:
        self.max_gap = GAPS[(GAPS.index(self.max_gap) + 1) % len(GAPS)]
        self.load()

    def action_back(self) -> None:
        self.app.pop_screen()

    def palette_commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        return [
            ("phase map: Longer minimum run", "A phase needs one more bin (+)", self._longer),
            ("phase map: Shorter minimum run", "A phase needs one bin fewer (-)", self._shorter),
            (
                "phase map: Interruptions",
                "Bins read otherwise a phase carries on through, in turn (i)",
                self.action_interruption,
            ),
            ("phase map: Gaps", "Empty bins bridged, in turn (g)", self.action_gap),
            ("phase map: Back", "Leave the phase map (Esc)", self.action_back),
        ]

    def _longer(self) -> None:
        self.action_min_run(1)

    def _shorter(self) -> None:
        self.action_min_run(-1)
