"""The review's document list: each compared document with its open and settled disagreements.

F6 opens it comparing the two coders with the most codings (``c`` chooses others,
a code and the unit); ``a`` adopts everything both agree on first; Enter opens a
document for adjudication. Counts are read again whenever the list comes back
into view, so they follow what was settled.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from workbench.tui.bindings import REVIEW_LIST
from workbench.tui.modals.review_setup import ReviewChoice, ReviewSetupDialog
from workbench.tui.widgets.fitted_table import Column, fill_table
from workbench.tui.widgets.status import StatusLine

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.app import ComposeResult
    from textual.binding import BindingType

    from workbench.services.adjudication import AdoptResult
    from workbench.services.review import ReviewOverview
    from workbench.tui.app import WorkbenchApp

COLUMNS = (
    Column("Title", "title", weight=3, minimum=16, rest=True),
    Column("Case", "case", minimum=8),
    Column("Open", "open", figure=True, justify="right"),
    Column("Settled", "settled", figure=True, justify="right"),
)


class ReviewScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = list(REVIEW_LIST)
    DEFAULT_CSS = """
    ReviewScreen #review-documents { height: 1fr; }
    """

    def __init__(self, choice: ReviewChoice | None = None) -> None:
        super().__init__()
        self.choice = choice
        self.overview: ReviewOverview | None = None
        self._own_confirmed: ReviewChoice | None = None
        """The comparison in which the coder agreed to adjudicate their own codings."""

    @property
    def wb(self) -> WorkbenchApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Static("Review", id="screen-title")
        yield DataTable(id="review-documents", cursor_type="row", zebra_stripes=True)
        yield StatusLine()
        yield Footer(compact=True)

    @property
    def status(self) -> StatusLine:
        return self.query_one(StatusLine)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.focus()
        if self.choice is None:
            self._default_choice()
        else:
            self.reload()

    def on_screen_resume(self) -> None:
        if self.overview is not None:
            self.reload()

    def _failed(self, exc: BaseException) -> None:
        from workbench.tui.jobs import describe_failure

        self.status.say(describe_failure(exc), "error")

    def _default_choice(self) -> None:
        project = self.wb.project

        def call() -> list[str]:
            from workbench.services.review import default_review_coders

            return default_review_coders(project)

        def done(coders: list[str]) -> None:
            if len(coders) < 2:
                self.status.say(
                    "Nothing to review: it takes two coders who coded the same documents.",
                    "error",
                )
                return
            self.choice = ReviewChoice(coders=(coders[0], coders[1]))
            self.reload()

        self.status.say("Finding the coders to compare…", "busy")
        self.wb.services.submit(call, done=done, failed=self._failed, description="coders")

    def reload(self) -> None:
        choice = self.choice
        if choice is None:
            return
        project = self.wb.project

        def call() -> ReviewOverview:
            from workbench.services.review import review_overview

            return review_overview(
                project, coders=list(choice.coders), unit=choice.unit, code=choice.code
            )

        def done(overview: ReviewOverview) -> None:
            first = self.overview is None
            self.overview = overview
            self._fill()
            # the counts in the status line follow the list's (unless it says what was saved)
            if first or not overview.rows or self.status.level != "saved":
                self._summary()

        if self.overview is None:
            self.status.say("Comparing the coders…", "busy")
        self.wb.services.submit(call, done=done, failed=self._failed, description="review")

    def _title(self) -> None:
        overview, choice = self.overview, self.choice
        if overview is None or choice is None:
            return
        code = overview.code_path or "all codes"
        docs = sum(1 for r in overview.rows if r.open)
        self.query_one("#screen-title", Static).update(
            f"Review: {choice.label} · {code} · unit: {overview.unit} · "
            f"{overview.open} open in {docs} document{'' if docs == 1 else 's'}"
            f" · adjudicating as {self.wb.settings.coder}"
            + (" (one of the two coders)" if self._own() else "")
        )

    def _summary(self) -> None:
        overview = self.overview
        if overview is None:
            return
        notes = f" ({'; '.join(overview.notes[:2])})" if overview.notes else ""
        if not overview.rows:
            self.status.say(f"No document was coded by both coders{notes}.", "error")
        elif overview.open:
            self.status.say(
                f"{overview.open} open disagreements{notes}. Enter reviews a document; "
                "a adopts what both agree on; c compares other coders."
            )
        else:
            self.status.say(f"No open disagreements: all settled{notes}.", "saved")

    def _fill(self) -> None:
        overview = self.overview
        if overview is None:
            return
        self._title()
        fill_table(
            self.query_one(DataTable),
            COLUMNS,
            [
                (
                    (
                        r.title,
                        r.case or "",
                        Text(str(r.open), style="bold" if r.open else "dim"),
                        str(r.settled),
                    ),
                    str(r.id),
                )
                for r in overview.rows
            ],
            self.app.size.width,
        )

    def on_resize(self) -> None:
        self._fill()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def _own(self) -> bool:
        """Whether the coder adjudicating is one of the two coders compared."""
        return self.choice is not None and self.wb.settings.coder in self.choice.coders

    def action_open(self) -> None:
        from workbench.tui.modals.confirm_dialog import ConfirmDialog
        from workbench.tui.screens.adjudication import AdjudicationScreen

        overview, choice = self.overview, self.choice
        table = self.query_one(DataTable)
        if overview is None or choice is None or not overview.rows:
            return
        position = min(table.cursor_row, len(overview.rows) - 1)

        def go(yes: bool | None) -> None:
            if yes:
                self._own_confirmed = choice
                self.app.push_screen(AdjudicationScreen(choice, list(overview.rows), position))

        if self._own() and self._own_confirmed != choice:
            me = self.wb.settings.coder
            other = next(c for c in choice.coders if c != me)
            self.app.push_screen(
                ConfirmDialog(
                    title="You are one of the two coders compared",
                    body=f"You ({me}) would settle your own disagreements with {other}. "
                    "Consensus is usually decided by a lead or by both coders together; "
                    "c compares other coders. Adjudicate anyway?",
                    yes="adjudicate",
                    no="back to the list",
                ),
                go,
            )
            return
        go(True)

    def action_setup(self) -> None:
        project = self.wb.project

        def call() -> list[str]:
            from workbench.services.adjudication import CONSENSUS
            from workbench.services.coders import list_coders

            return [c.handle for c in list_coders(project.uow()) if c.handle != CONSENSUS]

        def chosen(choice: ReviewChoice | None) -> None:
            if choice is not None and choice != self.choice:
                self.choice = choice
                self.overview = None
                self.reload()

        def ask(coders: list[str]) -> None:
            self.app.push_screen(ReviewSetupDialog(coders, self.wb.codes, self.choice), chosen)

        self.wb.services.submit(call, done=ask, failed=self._failed, description="coders")

    def action_adopt(self) -> None:
        choice, project, me = self.choice, self.wb.project, self.wb.settings.coder
        if choice is None:
            return

        def call() -> AdoptResult:
            from workbench.services.adjudication import adopt_agreements

            return adopt_agreements(
                project,
                coders=list(choice.coders),
                codes=[choice.code] if choice.code else None,
                actor=me,
            )

        def done(result: AdoptResult) -> None:
            self.status.say(
                f"Saved: adopted {result.adopted} agreed segments in {result.documents} "
                f"documents as consensus ({result.already} were already there)",
                "saved",
            )
            self.reload()

        self.wb.services.submit(call, done=done, failed=self._failed, description="adopt")

    def action_reload(self) -> None:
        self.reload()

    def action_back(self) -> None:
        self.app.pop_screen()

    def palette_commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        return [
            ("review: Open document", "Adjudicate the highlighted document", self.action_open),
            (
                "review: Coders, code and unit…",
                "Choose whom to compare, on which code, by which unit",
                self.action_setup,
            ),
            (
                "review: Adopt agreed segments",
                "Store what both coders agree on as consensus",
                self.action_adopt,
            ),
            ("review: Back", "Leave the review", self.action_back),
        ]
