"""The document list: metadata, coded share and my codings; filter; Enter opens."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Select, Static

from workbench.core.dates import parse_date
from workbench.core.errors import InputError
from workbench.tui.bindings import DOCUMENTS
from workbench.tui.widgets.fitted_table import Column, fill_table
from workbench.tui.widgets.status import StatusLine

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.app import ComposeResult
    from textual.binding import BindingType

    from workbench.services.reading import DocumentRow
    from workbench.services.revisions import RevisionReport
    from workbench.tui.app import WorkbenchApp
    from workbench.tui.messages import LiveChanges
    from workbench.tui.modals.revise_dialog import RevisionChoice

KINDS = ("interview", "document", "fieldnote", "survey", "other")
COLUMNS = (
    Column("Title", "title", weight=3, minimum=16, rest=True),
    Column("Kind", "kind", figure=True),  # one of a few words: never shortened
    Column("Case", "case", minimum=8),
    Column("Date", "date", figure=True),
    Column("Length", "length", figure=True, justify="right"),
    Column("Coded", "coded", figure=True, justify="right"),
    Column("Mine", "mine", figure=True, justify="right"),
)
"""Titles and cases are shortened with "…" to fit; a date or a count never is."""


def _size(n: int) -> str:
    return f"{n / 1000:.1f}k" if n >= 10_000 else f"{n:,}"


class DocumentsScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = list(DOCUMENTS)

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[DocumentRow] = []
        self.shown: list[DocumentRow] = []
        self.cases: list[str] = []

    @property
    def wb(self) -> WorkbenchApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Static("", id="screen-title")
        with Horizontal(id="doc-filters"):
            yield Input(placeholder="filter by text…", id="filter-text")
            yield Select[str]([], prompt="any case", id="filter-case")
            yield Select[str]([(k, k) for k in KINDS], prompt="any kind", id="filter-kind")
            yield Input(placeholder="date 2001-2004", id="filter-date")
        yield DataTable(id="documents", cursor_type="row", zebra_stripes=True)
        yield StatusLine()
        yield Footer(compact=True)

    def on_mount(self) -> None:
        settings = self.wb.settings
        mode = " · blind: only your codings count" if settings.blind else ""
        self.query_one("#screen-title", Static).update(
            f"Documents of {self.wb.project.name} · coding as {settings.coder}{mode}"
        )
        table = self.query_one(DataTable)
        table.focus()
        self.reload()

    def on_screen_resume(self) -> None:
        if self.rows:
            self.reload()

    def on_resize(self) -> None:
        if self.rows:
            self._fill()

    def reload(self) -> None:
        status = self.query_one(StatusLine)
        if not self.rows:
            status.say("Loading documents…", "busy")
        project, me, blind = self.wb.project, self.wb.settings.coder, self.wb.settings.blind

        def call() -> list[DocumentRow]:
            from workbench.services.reading import list_document_rows

            return list_document_rows(project, coder=me, only_coder=me if blind else None)

        def done(rows: list[DocumentRow]) -> None:
            first = not self.rows
            self.rows = rows
            cases = sorted({r.case for r in rows if r.case})
            select = self.query_one("#filter-case", Select)
            if cases != self.cases:
                self.cases = cases
                select.set_options([(c, c) for c in cases])
            self._fill()
            if not rows:
                status.say(
                    "No documents yet: import some with 'workbench import FILES -p PROJECT'."
                )
            elif first:
                self.show_last(self.wb.places.last_document)
                status.say(f"{len(rows)} documents. Enter opens one; / filters; F5 retrieves.")

        def failed(exc: BaseException) -> None:
            from workbench.tui.jobs import describe_failure

            status.say(describe_failure(exc), "error")

        self.wb.services.submit(call, done=done, failed=failed, description="documents")

    def on_live_changes(self, event: LiveChanges) -> None:
        """Others changed codings: refresh the rows concerned (all of them on return here)."""
        batch = event.batch
        if not self.is_current or not self.rows:
            return  # ``on_screen_resume`` reads the list again anyway
        if batch.documents_changed or batch.codebook_changed:
            self.reload()
            return
        ids = batch.documents & {r.id for r in self.rows}
        if not ids:
            return
        project, me, blind = self.wb.project, self.wb.settings.coder, self.wb.settings.blind

        def call() -> list[DocumentRow]:
            from workbench.services.reading import list_document_rows

            return list_document_rows(
                project, coder=me, only_coder=me if blind else None, document_ids=ids
            )

        def done(rows: list[DocumentRow]) -> None:
            fresh = {r.id: r for r in rows}
            self.rows = [fresh.get(r.id, r) for r in self.rows]
            self._fill()

        def failed(exc: BaseException) -> None:
            pass  # the next change, or coming back to this list, reads them again

        self.wb.services.submit(
            call, done=done, failed=failed, description="document rows", ordered=False
        )

    def action_revise(self) -> None:
        from workbench.tui.modals.revise_dialog import ReviseDialog

        table = self.query_one(DataTable)
        if not self.shown or table.cursor_row >= len(self.shown):
            return
        row = self.shown[table.cursor_row]
        status = self.query_one(StatusLine)
        project, me = self.wb.project, self.wb.settings.coder

        def chosen(choice: RevisionChoice | None) -> None:
            if choice is None:
                return
            status.say(f"Revising {row.title!r}…", "busy")

            def call() -> RevisionReport:
                from workbench.services.revisions import revise_document

                return revise_document(
                    project,
                    document=row.id,
                    path=choice.path,
                    actor=me,
                    drop_lost=choice.drop_lost,
                )

            def done(report: RevisionReport) -> None:
                counts = ", ".join(f"{n} {how}" for how, n in report.counts.items() if n)
                status.say(
                    f"Saved: {report.title!r} is now version {report.revision} "
                    f"({counts or 'no codings'}; {report.dropped} dropped).",
                    "saved",
                )
                self.reload()

            def failed(exc: BaseException) -> None:
                from workbench.tui.jobs import describe_failure

                status.say(describe_failure(exc), "error")

            self.wb.services.submit(call, done=done, failed=failed, description="revise document")

        self.app.push_screen(ReviseDialog(row.id, row.title), chosen)

    def _filters(self) -> tuple[str, str | None, str | None, Any]:
        text = self.query_one("#filter-text", Input).value.strip().casefold()
        case = self.query_one("#filter-case", Select).value
        kind = self.query_one("#filter-kind", Select).value
        spec = self.query_one("#filter-date", Input).value.strip()
        window = None
        if spec:
            try:
                window = parse_date(spec)
            except InputError as exc:
                self.query_one(StatusLine).say(f"Date filter: {exc.message}", "error")
        return (
            text,
            case if isinstance(case, str) else None,
            kind if isinstance(kind, str) else None,
            window,
        )

    def _fill(self) -> None:
        text, case, kind, window = self._filters()
        shown = []
        for r in self.rows:
            if text and text not in r.title.casefold() and text not in (r.case or "").casefold():
                continue
            if case and r.case != case:
                continue
            if kind and r.kind != kind:
                continue
            if window is not None and (
                r.date_start is None
                or r.date_end is None
                or r.date_end < window.start
                or r.date_start > window.end
            ):
                continue
            shown.append(r)
        self.shown = shown
        fill_table(
            self.query_one(DataTable),
            COLUMNS,
            [
                (
                    (
                        r.title,
                        r.kind,
                        r.case or "",
                        r.date or "",
                        _size(r.length),
                        f"{r.coded_share:.0%}",
                        str(r.mine),
                    ),
                    str(r.id),
                )
                for r in shown
            ],
            self.app.size.width,
        )

    def show_last(self, document_id: int | None) -> None:
        """Put the cursor on the document the coder left last (if it is listed)."""
        for i, r in enumerate(self.shown):
            if r.id == document_id:
                self.query_one(DataTable).move_cursor(row=i)
                return

    def on_input_changed(self, event: Input.Changed) -> None:
        self._fill()

    def on_select_changed(self, event: Select.Changed) -> None:
        self._fill()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one(DataTable).focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def action_open(self) -> None:
        table = self.query_one(DataTable)
        if not self.shown or table.cursor_row is None:
            return
        row = self.shown[min(table.cursor_row, len(self.shown) - 1)]
        self.wb.open_document(row.id)

    def action_focus_filter(self) -> None:
        self.query_one("#filter-text", Input).focus()

    def action_reload(self) -> None:
        self.reload()

    def palette_commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        return [
            ("documents: Open", "Open the highlighted document for coding", self.action_open),
            ("documents: Filter…", "Filter the list by text", self.action_focus_filter),
            ("documents: Reload", "Read the list again", self.action_reload),
        ]
