"""Revising a document: choose the new file, see where every coding lands, confirm.

The dialog runs the revision as a dry run first (nothing is written) and shows
what would happen to each coding; only ctrl+s applies it. Codings whose passage
is gone block the revision until the researcher agrees to drop them (``d``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Label

from workbench.tui.widgets.fitted_table import Column, fill_table

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.binding import BindingType

    from workbench.services.revisions import RevisionReport
    from workbench.tui.app import WorkbenchApp


COLUMNS = (
    Column("How", figure=True),
    Column("Score", figure=True, justify="right"),
    Column("Code", minimum=12, weight=2),
    Column("Coder", minimum=6),
    Column("Quote", minimum=16, weight=4, rest=True),
)
"""Score and how are never cut; the code, coder and quote end in "…" when short of room."""


@dataclass(frozen=True, slots=True)
class RevisionChoice:
    path: Path
    drop_lost: bool


class ReviseDialog(ModalScreen["RevisionChoice | None"]):
    """Returns the file and whether lost codings may be dropped, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Revise", id="revise.save"),
        Binding("ctrl+t", "toggle_drop", "Drop lost", id="revise.drop"),
        Binding("escape", "cancel", "Cancel", id="revise.cancel"),
    ]
    DEFAULT_CSS = """
    ReviseDialog { align: center middle; }
    #revise-dialog { width: 90%; max-width: 120; }
    #revise-dialog DataTable { height: auto; max-height: 14; }
    #revise-error { color: $error; }
    """

    def __init__(self, document_id: int, title: str) -> None:
        super().__init__()
        self.document_id = document_id
        self.title_text = title
        self.report: RevisionReport | None = None
        self.path: Path | None = None
        self.drop_lost = False

    @property
    def wb(self) -> WorkbenchApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="revise-dialog"):
            yield Label(
                f"Revise {self.title_text!r}: its new text from a file", classes="dialog-title"
            )
            yield Input(placeholder="path of the revised file, then Enter", id="revise-path")
            yield Label("", id="revise-summary")
            yield DataTable(id="revise-codings", cursor_type="row", show_cursor=False)
            yield Label("", id="revise-error")
            yield Label(
                "Enter checks the file (nothing is changed) · ctrl+s revises · "
                "ctrl+t agrees to drop lost codings · Esc cancels",
                classes="dialog-note",
            )

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.display = False
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        raw = event.value.strip()
        if not raw:
            return
        path = Path(raw).expanduser()
        self._error("")
        self.query_one("#revise-summary", Label).update("Checking the file…")
        project, doc = self.wb.project, self.document_id

        def call() -> RevisionReport:
            from workbench.services.revisions import revise_document

            return revise_document(project, document=doc, path=path, dry_run=True)

        def done(report: RevisionReport) -> None:
            self.report, self.path = report, path
            self._show()

        def failed(exc: BaseException) -> None:
            from workbench.tui.jobs import describe_failure

            self.report = self.path = None
            self.query_one("#revise-summary", Label).update("")
            self.query_one(DataTable).display = False
            self._error(describe_failure(exc))

        self.wb.services.submit(call, done=done, failed=failed, description="check revision")

    def _show(self) -> None:
        report = self.report
        if report is None:
            return
        counts = ", ".join(f"{n} {how}" for how, n in report.counts.items())
        lost = report.count("lost")
        line = f"{len(report.codings)} codings would carry over: {counts}."
        if lost:
            line += (
                " Lost codings will be dropped (ctrl+t keeps them and blocks the revision)."
                if self.drop_lost
                else " Lost codings block the revision: ctrl+t agrees to drop them."
            )
        self.query_one("#revise-summary", Label).update(line)
        table = self.query_one(DataTable)
        rows: list[tuple[tuple[str | Text, ...], str | None]] = []
        for c in report.codings:
            if c.how == "same":
                continue
            style = {"lost": "bold red", "fuzzy": "yellow"}.get(c.how, "")
            quote = c.new_quote if c.how == "fuzzy" and c.new_quote else c.old_quote
            rows.append(
                (
                    (
                        Text(c.how, style=style),
                        f"{c.score:.0f}",
                        c.code,
                        c.coder,
                        " ".join(quote.split()),
                    ),
                    None,
                )
            )
        width = self.query_one("#revise-dialog").content_size.width or self.app.size.width
        fill_table(table, COLUMNS, rows, width)
        table.display = table.row_count > 0

    def _error(self, text: str) -> None:
        self.query_one("#revise-error", Label).update(text)

    def action_toggle_drop(self) -> None:
        self.drop_lost = not self.drop_lost
        self._show()

    def action_save(self) -> None:
        if self.report is None or self.path is None:
            self._error("Give the revised file's path and press Enter to check it first.")
            return
        if self.report.count("lost") and not self.drop_lost:
            self._error("Some codings would be lost: ctrl+t agrees to drop them.")
            return
        self.dismiss(RevisionChoice(self.path, self.drop_lost))

    def action_cancel(self) -> None:
        self.dismiss(None)
