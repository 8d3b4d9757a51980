"""Project search (ctrl+f): every hit of a query across the documents, keyword in context.

Enter opens the document at the hit, with the hit selected; ctrl+t codes every
hit the search found (all of them, not only those listed) as one action that
ctrl+z takes back. The search runs in the service (``services.search``), in a
thread worker: the full-text index answers, the screen only renders.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from workbench.tui.bindings import SEARCH
from workbench.tui.modals.code_picker import CodePickerDialog
from workbench.tui.widgets.status import StatusLine

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.app import ComposeResult
    from textual.binding import BindingType

    from workbench.services.search import CodedHits, SearchFilters, SearchHit, SearchResult
    from workbench.tui.app import WorkbenchApp

MODES = [("exact words", "exact"), ("fuzzy", "fuzzy"), ("regular expression", "regex")]
KINDS = ["interview", "document", "fieldnote", "survey", "other"]


def hit_prompt(h: SearchHit) -> Text:
    out = Text()
    out.append(h.document, style="bold")
    if h.case:
        out.append(f" · {h.case}")
    if h.speaker:
        out.append(f" · {h.speaker}", style="italic")
    out.append(f" · [{h.start}, {h.end})", style="dim")
    if h.codes:
        out.append(f" · {', '.join(h.codes)}", style="dim italic")
    out.append("\n  ")
    out.append(h.before, style="dim")
    out.append(h.match, style="bold reverse")
    out.append(h.after, style="dim")
    return out


class SearchScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = list(SEARCH)

    def __init__(self, query: str = "", *, document_id: int | None = None) -> None:
        super().__init__()
        self.initial = query
        self.document_id = document_id
        self.code: str | None = None
        self.result: SearchResult | None = None
        self._filters: SearchFilters | None = None

    @property
    def wb(self) -> WorkbenchApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Static("Search the project", id="screen-title")
        with Horizontal(id="search-bar"):
            yield Input(self.initial, placeholder="words to find, then Enter", id="search-query")
            yield Select[str](MODES, value="exact", allow_blank=False, id="search-mode")
        with Horizontal(id="search-filters"):
            yield Button("any code", id="search-code")
            yield Select[str]([(k, k) for k in KINDS], prompt="any kind", id="search-kind")
            yield Select[str]([], prompt="any case", id="search-case")
            yield Input(placeholder="speaker", id="search-speaker")
            yield Input(placeholder="document date: 2001-2004", id="search-date")
        yield OptionList(id="search-results")
        yield StatusLine()
        yield Footer(compact=True)

    def on_mount(self) -> None:
        project = self.wb.project
        if self.document_id is not None:
            self.query_one("#screen-title", Static).update(
                "Search this document (Esc goes back to it)"
            )

        def call() -> list[str]:
            from workbench.services.reading import list_cases

            return list_cases(project)

        def done(cases: list[str]) -> None:
            self.query_one("#search-case", Select).set_options([(c, c) for c in cases])

        self.wb.services.submit(call, done=done, failed=self._failed, description="cases")
        self.query_one("#search-query", Input).focus()
        self.query_one(StatusLine).say(
            "Type words and Enter. Enter on a hit opens it; ctrl+t codes every hit; "
            "ctrl+o filters by code."
        )
        if self.initial:
            self.search()

    def _failed(self, exc: BaseException) -> None:
        from workbench.tui.jobs import describe_failure

        self.query_one(StatusLine).say(describe_failure(exc), "error")

    # ------------------------------------------------------------------ searching

    def filters(self) -> SearchFilters:
        from workbench.services.search import SearchFilters

        def value(selector: str) -> str | None:
            v = self.query_one(selector, Select).value
            return v if isinstance(v, str) else None

        def text(selector: str) -> str | None:
            return self.query_one(selector, Input).value.strip() or None

        return SearchFilters(
            code=self.code,
            coder=self.wb.settings.coder if self.wb.settings.blind and self.code else None,
            shown_coder=self.wb.settings.coder if self.wb.settings.blind else None,
            document_id=self.document_id,
            kind=value("#search-kind"),
            case=value("#search-case"),
            speaker=text("#search-speaker"),
            date=text("#search-date"),
        )

    def search(self, *, then_say: str | None = None) -> None:
        query = self.query_one("#search-query", Input).value
        if not query.strip():
            self.query_one(StatusLine).say("Type what to find first.")
            return
        mode = str(self.query_one("#search-mode", Select).value)
        filters = self.filters()
        project = self.wb.project
        status = self.query_one(StatusLine)
        status.say("Searching…", "busy")

        def call() -> SearchResult:
            from workbench.services.search import search

            return search(project, query=query, mode=mode, filters=filters)

        def done(result: SearchResult) -> None:
            self.result = result
            self._filters = filters
            box = self.query_one("#search-results", OptionList)
            box.set_options([Option(hit_prompt(h)) for h in result.hits])
            if result.hits:
                box.highlighted = 0
                box.focus()
            docs = result.documents
            said = (
                f"{result.total:,} hit{'' if result.total == 1 else 's'} in {docs:,} "
                f"document{'' if docs == 1 else 's'}"
            )
            extra = "".join(f"; {n}" for n in result.notes)
            hint = ". Enter opens the hit; ctrl+t codes every hit." if result.hits else "."
            if then_say is not None:  # what was just saved stays in view
                status.say(then_say, "saved")
            else:
                status.say(said + extra + hint)

        self.wb.services.submit(call, done=done, failed=self._failed, description="search")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.search()

    def on_select_changed(self, event: Select.Changed) -> None:
        if self.query_one("#search-query", Input).value.strip():
            self.search()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "search-code":
            self.action_choose_code()

    def action_choose_code(self) -> None:
        def chosen(guid: str | None) -> None:
            self.code = guid
            button = self.query_one("#search-code", Button)
            name = next((c.path for c in self.wb.codes if c.guid == guid), None)
            button.label = f"in {name}" if name else "any code"
            if self.query_one("#search-query", Input).value.strip():
                self.search()

        self.app.push_screen(
            CodePickerDialog(
                self.wb.codes, self.wb.recent, title="Only hits inside segments of (Esc: any code)"
            ),
            chosen,
        )

    def action_focus_query(self) -> None:
        self.query_one("#search-query", Input).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if self.result is None:
            return
        h = self.result.hits[event.option_index]
        self.wb.open_document(h.document_id, offset=h.start, end=h.end)

    # ------------------------------------------------------------------ coding every hit

    def action_code_all(self) -> None:
        result, filters = self.result, self._filters
        if result is None or not result.hits or filters is None:
            self.query_one(StatusLine).say("Search first: ctrl+t codes every hit found.")
            return

        def chosen(guid: str | None) -> None:
            if guid is not None:
                self._code_all(result, filters, guid)

        n = result.total
        self.app.push_screen(
            CodePickerDialog(
                self.wb.codes, self.wb.recent, title=f"Code all {n:,} hits with which code?"
            ),
            chosen,
        )

    def _code_all(self, result: SearchResult, filters: SearchFilters, guid: str) -> None:
        project, me = self.wb.project, self.wb.settings.coder
        self.wb.note_recent(guid)

        def call() -> CodedHits:
            from workbench.services.search import code_hits, search

            every = search(
                project, query=result.query, mode=result.mode, filters=filters, limit=None
            )
            return code_hits(
                project,
                hits=[(h.document_id, h.start, h.end) for h in every.hits],
                code=guid,
                coder=me,
            )

        def done(coded: CodedHits) -> None:
            from workbench.tui.messages import CodingsChanged

            for doc in coded.documents:
                for screen in self.app.screen_stack:
                    screen.post_message(CodingsChanged(doc, reload=True))
            self.wb.bump_code(guid, coded.added)
            already = f" ({coded.already:,} were coded so already)" if coded.already else ""
            self.search(
                then_say=f"Saved: coded {coded.added:,} hits as {coded.code_path}{already} · "
                "ctrl+z undoes them all"
            )

        self.wb.services.submit(
            call, done=done, failed=self._failed, description=f"code {result.total} hits"
        )

    def action_back(self) -> None:
        self.app.pop_screen()

    def palette_commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        return [
            (
                "search: Code all hits…",
                "Code every hit with one code (ctrl+t)",
                self.action_code_all,
            ),
            (
                "search: Only inside a code…",
                "Filter hits by code (ctrl+o)",
                self.action_choose_code,
            ),
            ("search: Back", "Leave the search", self.action_back),
        ]
