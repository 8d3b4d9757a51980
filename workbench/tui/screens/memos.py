"""Memos (F8): every memo on the project, its documents and codes, newest first, searchable.

Enter opens a memo: yours to change (ctrl+s saves, an empty memo is deleted),
another coder's to read. ``n`` writes a memo on the project; in the coding view
``M`` writes one on the document and ``m`` in the codebook panel one on the code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from workbench.tui.bindings import MEMOS
from workbench.tui.modals.memo_dialog import MemoDialog
from workbench.tui.widgets.status import StatusLine

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.app import ComposeResult
    from textual.binding import BindingType

    from workbench.services.memos import MemoInfo
    from workbench.tui.app import WorkbenchApp

KIND_CHOICES = [("project", "project"), ("documents", "document"), ("codes", "code")]


def memo_prompt(m: MemoInfo) -> Text:
    out = Text()
    out.append(f"{m.kind}: ", style="dim")
    out.append(m.about, style="bold")
    out.append(f" · {m.coder} · {m.updated_at:%Y-%m-%d %H:%M}", style="italic dim")
    line = m.first_line
    out.append("\n  " + (line[:110] + "…" if len(line) > 110 else line))
    return out


class MemosScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = list(MEMOS)

    def __init__(self) -> None:
        super().__init__()
        self.memos: list[MemoInfo] = []

    @property
    def wb(self) -> WorkbenchApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Static("Memos", id="screen-title")
        with Horizontal(id="memo-filters"):
            yield Input(placeholder="search memos: words in the title or text", id="memo-query")
            yield Select[str](KIND_CHOICES, prompt="all memos", id="memo-kind")
        yield OptionList(id="memo-list")
        yield StatusLine()
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#memo-list", OptionList).focus()

    def reload(self, then_say: str | None = None) -> None:
        project = self.wb.project
        query = self.query_one("#memo-query", Input).value.strip() or None
        kind = self.query_one("#memo-kind", Select).value
        status = self.query_one(StatusLine)

        def call() -> list[MemoInfo]:
            from workbench.services.memos import list_memos

            return list_memos(project, query=query, kind=kind if isinstance(kind, str) else None)

        def done(memos: list[MemoInfo]) -> None:
            self.memos = memos
            box = self.query_one("#memo-list", OptionList)
            box.set_options([Option(memo_prompt(m)) for m in memos])
            if memos:
                box.highlighted = 0
            if then_say is not None:
                status.say(then_say, "saved")
            else:
                n = len(memos)
                status.say(
                    f"{n} memo{'' if n == 1 else 's'}"
                    + (f" with {query!r}" if query else "")
                    + ". Enter opens one; n writes a memo on the project; / searches."
                )

        self.wb.services.submit(call, done=done, failed=self._failed, description="memos")

    def _failed(self, exc: BaseException) -> None:
        from workbench.tui.jobs import describe_failure

        self.query_one(StatusLine).say(describe_failure(exc), "error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.reload()
        self.query_one("#memo-list", OptionList).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.reload()

    def on_select_changed(self, event: Select.Changed) -> None:
        self.reload()

    def action_search(self) -> None:
        self.query_one("#memo-query", Input).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        memo = self.memos[event.option_index]
        if memo.coder != self.wb.settings.coder:
            self.app.push_screen(
                MemoDialog(memo.body, title=f"{memo.coder}'s memo on {memo.about} (read only)"),
                lambda _: None,
            )
            return
        self._write(memo.body, f"Your memo on {memo.about}", memo_id=memo.id)

    def action_new(self) -> None:
        self._write("", "A memo on the project")

    def _write(self, body: str, title: str, *, memo_id: int | None = None) -> None:
        project, me = self.wb.project, self.wb.settings.coder

        def written(text: str | None) -> None:
            if text is None or (memo_id is None and not text.strip()):
                return

            def call() -> MemoInfo | None:
                from workbench.services.memos import write_memo

                return write_memo(project, coder=me, body=text, memo_id=memo_id)

            def done(memo: MemoInfo | None) -> None:
                self.reload(then_say="Saved: memo " + ("deleted" if memo is None else "written"))

            self.wb.services.submit(call, done=done, failed=self._failed, description="memo")

        self.app.push_screen(MemoDialog(body, title=title), written)

    def action_back(self) -> None:
        self.app.pop_screen()

    def palette_commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        return [
            ("memo: New project memo…", "A memo on the whole project (n)", self.action_new),
            ("memo: Search memos", "Words in the memos' titles or text (/)", self.action_search),
            ("memo: Back", "Leave the memo list", self.action_back),
        ]
