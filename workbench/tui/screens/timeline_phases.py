"""Defining phases from the timeline (a, e): the dialog, the service call, and bracketing
again. A mixin of ``TimelineScreen``, kept apart so the screen stays about showing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.tui.modals.phase_dialog import PhaseDialog, PhaseEdit

if TYPE_CHECKING:
    from workbench.services.phases import PhaseInfo
    from workbench.services.timeline import TimelineChoices, TimelineRun
    from workbench.tui.app import WorkbenchApp
    from workbench.tui.widgets.status import StatusLine
    from workbench.tui.widgets.timeline import TimelineView


class PhaseActions:
    """Adding, changing and removing the shown scheme's phases."""

    run: TimelineRun | None
    choices: TimelineChoices | None
    phases: list[PhaseInfo]
    _editing: PhaseInfo | None

    if TYPE_CHECKING:

        @property
        def wb(self) -> WorkbenchApp: ...
        @property
        def view(self) -> TimelineView: ...
        @property
        def status(self) -> StatusLine: ...
        @property
        def app(self) -> WorkbenchApp: ...
        def _load_choices(self, scheme: str | None = None) -> None: ...
        def _failed(self, exc: BaseException) -> None: ...

    def _scheme(self) -> str | None:
        return self.run.scheme if self.run is not None else None

    def _date_of_bin(self, b: int, *, end: bool = False) -> str:
        if self.run is None:
            return ""
        tl = self.run.result.timeline
        day = tl.bin_ends[b] if end else tl.bin_starts[b]
        return f"{day.year}-{day.month:02d}"

    def action_add_phase(self) -> None:
        scheme = self._scheme() or ("" if self.choices and self.choices.schemes else "study")
        b = self.view.bin if self.view.rows else 0
        self.app.push_screen(
            PhaseDialog(scheme=scheme, start=self._date_of_bin(b) if self.run else ""),
            self._phase_edited,
        )

    def action_edit_phase(self) -> None:
        scheme = self._scheme()
        if scheme is None or not self.view.rows:
            self.status.say(
                "The phases the data propose cannot be edited: choose a scheme (s), or add "
                "a phase (a) to start one."
            )
            return
        found = self.view.phase_at(0, self.view.bin)
        stored = next((p for p in self.phases if found and p.label == found[1].label), None)
        if stored is None:
            self.status.say("Move onto one of the scheme's phases first.")
            return
        self._editing = stored
        self.app.push_screen(
            PhaseDialog(
                scheme=scheme,
                label=stored.label,
                start=stored.start,
                end=stored.end,
                justification=stored.justification or "",
                editing=True,
            ),
            self._phase_edited,
        )

    def _phase_edited(self, edit: PhaseEdit | None) -> None:
        if edit is None:
            return
        project, actor = self.wb.project, self.wb.settings.coder
        stored, self._editing = self._editing, None

        def call() -> str:
            from workbench.services.phases import add_phase, edit_phase, remove_phase

            if stored is None:
                add_phase(
                    project,
                    scheme=edit.scheme,
                    label=edit.label,
                    start=edit.start,
                    end=edit.end,
                    justification=edit.justification or None,
                    actor=actor,
                )
                return f"added phase “{edit.label}” to scheme “{edit.scheme}”"
            if edit.remove:
                remove_phase(
                    project,
                    scheme=stored.scheme,
                    label=stored.label,
                    actor=actor,
                    expected_version=stored.version,
                )
                return f"removed phase “{stored.label}”"
            edit_phase(
                project,
                scheme=stored.scheme,
                label=stored.label,
                expected_version=stored.version,
                new_label=edit.label if edit.label != stored.label else None,
                start=edit.start,
                end=edit.end,
                justification=edit.justification,
                actor=actor,
            )
            return f"changed phase “{edit.label}”"

        def done(what: str) -> None:
            self.status.say(f"Saved: {what}; bracketing again…", "saved")
            self._load_choices(scheme=edit.scheme)

        self.wb.services.submit(call, done=done, failed=self._failed, description="phase")
