"""Find in the open document (``/``, then ``]`` and ``[``) and go to a place in it (``g``):
a part of the coding view.

The text is on screen already, so the hits are found here, with the same
patterns the project search uses (``workbench.coding.find``): exact words by
default, ``re:`` before a regular expression, ``~`` before words to find fuzzily.
"Code all hits" in the document goes through ``services.search.code_hits``: one
action, one undo.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Input

from workbench.tui.modals.code_picker import CodePickerDialog

if TYPE_CHECKING:
    from workbench.services.search import CodedHits
    from workbench.tui.app import WorkbenchApp
    from workbench.tui.widgets.status import StatusLine
    from workbench.tui.widgets.transcript import TranscriptView


class FindBar(Input):
    """The one-line query of find-in-document, hidden until ``/``."""


def parse_find(query: str) -> tuple[str, str]:
    """``(mode, words)`` of what was typed in the find bar."""
    q = query.strip()
    if q.startswith("re:"):
        return "regex", q[3:].strip()
    if q.startswith("~"):
        return "fuzzy", q[1:].strip()
    return "exact", q


class FindInDocument:
    """Mixed into ``CodingScreen``: ``/`` opens the bar, Enter finds, ``]`` and ``[`` move."""

    find_hits: list[tuple[int, int]]
    find_query: str

    # provided by the screen
    wb: WorkbenchApp
    document_id: int
    transcript: TranscriptView
    status: StatusLine

    def find_bar(self) -> FindBar:
        return self.query_one(FindBar)  # type: ignore[attr-defined,no-any-return]

    def action_find(self) -> None:
        bar = self.find_bar()
        bar.remove_class("-hidden")
        bar.focus()
        self.status.say(
            "Find: words (from their start), re:PATTERN or ~fuzzy words; Enter finds, Esc closes"
        )

    def hide_find(self) -> bool:
        """Close the find bar if open (Esc); whether it was."""
        bar = self.find_bar()
        if bar.has_class("-hidden"):
            return False
        bar.add_class("-hidden")
        self.transcript.focus()
        return True

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if not isinstance(event.input, FindBar):
            return
        event.stop()
        self.find(event.value)

    def find(self, query: str) -> None:
        from workbench.coding.find import QueryError, compile_query, find_all, query_words

        tv = self.transcript
        mode, words = parse_find(query)
        vocabulary = None
        if mode == "fuzzy":
            vocabulary = {w.casefold() for w in query_words(tv.text)}
        try:
            pattern = compile_query(words, mode, vocabulary=vocabulary)
        except QueryError as exc:
            self.status.say(str(exc), "error")
            return
        self.find_query = query
        self.find_hits = list(find_all(pattern, tv.text))
        self.find_bar().add_class("-hidden")
        tv.focus()
        if not self.find_hits:
            self.status.say(f"No hits for {query!r} in this document.")
            return
        here = tv.cursor
        index = next((i for i, (a, _b) in enumerate(self.find_hits) if a >= here), 0)
        self._show_hit(index)

    def _show_hit(self, index: int) -> None:
        a, b = self.find_hits[index]
        self.transcript.select(a, b)
        self.transcript.scroll_to_cursor(center=True)
        n = len(self.find_hits)
        self.status.say(
            f"Hit {index + 1} of {n} for {self.find_query!r} at [{a}, {b}): ] next, [ previous; "
            "a codes it; palette: code all hits"
        )

    def action_find_next(self, step: int) -> None:
        hits = getattr(self, "find_hits", [])
        if not hits:
            self.status.say("Nothing found yet: / to find words in this document.")
            return
        tv = self.transcript
        here = tv.selection[0] if tv.selection else tv.cursor
        if step > 0:
            index = next((i for i, (a, _b) in enumerate(hits) if a > here), None)
            if index is None:
                index = 0
                self.app_say_wrapped("Back at the first hit.")
        else:
            before = [i for i, (a, _b) in enumerate(hits) if a < here]
            index = before[-1] if before else len(hits) - 1
        self._show_hit(index)

    def app_say_wrapped(self, text: str) -> None:
        self.wb.notify(text, timeout=2)

    def action_go_to(self) -> None:
        from workbench.tui.modals.prompt_dialog import PromptDialog

        turns = len(self.transcript.document.turns) if self.transcript.document else 0
        turn_hint = f", a speaker turn (t12; 1-{turns})" if turns else ""

        def chosen(value: str | None) -> None:
            if value is not None and value.strip():
                self.go_to(value.strip())

        self.wb.push_screen(
            PromptDialog(
                title="Go to",
                note=f"an offset (1467){turn_hint} or a share of the text (50%); Enter goes",
            ),
            chosen,
        )

    def go_to(self, where: str) -> None:
        """Move to an offset, a turn (``t12``) or a share of the text (``50%``)."""
        view, tv = self.transcript.document, self.transcript
        if view is None:
            return
        text = where.replace(",", "").replace(" ", "").lower()
        try:
            if text.startswith(("t", "#")):
                n = int(text.lstrip("t#"))
                if not 1 <= n <= len(view.turns):
                    raise ValueError
                turn = view.turns[n - 1]
                tv.move_to(turn.start)
                said = f"turn {n} ({turn.speaker}) at offset {turn.start}"
            elif text.endswith("%"):
                share = float(text[:-1])
                if not 0 <= share <= 100:
                    raise ValueError
                offset = int(len(tv.text) * share / 100)
                tv.move_to(min(offset, len(tv.text)))
                said = f"{share:g}% of the text, offset {tv.cursor}"
            else:
                offset = int(text)
                if not 0 <= offset <= len(tv.text):
                    raise ValueError
                tv.move_to(offset)
                said = f"offset {offset}"
        except ValueError:
            turns = f", t1-t{len(view.turns)}" if view.turns else ""
            self.status.say(
                f"Cannot go to {where!r}: give an offset 0-{len(tv.text)}{turns} or 0-100%",
                "error",
            )
            return
        tv.scroll_to_cursor(center=True)
        tv.focus()
        self.status.say(f"At {said}.")

    # ------------------------------------------------------------------ bookmarks

    def action_bookmark(self) -> None:
        """Set a bookmark at the cursor, or remove the one on the cursor's line."""
        tv = self.transcript
        marks = self.wb.places.bookmarks.get(self.document_id, [])
        layout = tv._layout
        line = layout.line_of(tv.cursor)
        a, b = layout.starts[line], layout.ends[line]
        at = next((m for m in marks if a <= m <= b), tv.cursor)
        project, me, doc = self.wb.project, self.wb.settings.coder, self.document_id

        def call() -> bool:
            from workbench.services.places import toggle_bookmark

            return toggle_bookmark(project, coder=me, document_id=doc, offset=at)

        def done(added: bool) -> None:
            now = set(self.wb.places.bookmarks.get(doc, []))
            now = now | {at} if added else now - {at}
            self.wb.places.bookmarks[doc] = sorted(now)
            n = len(now)
            self.status.say(
                f"{'Bookmark set' if added else 'Bookmark removed'} at offset {at} · "
                f"{n} in this document; ' goes to the next",
                "saved",
            )

        def failed(exc: BaseException) -> None:
            from workbench.tui.jobs import describe_failure

            self.status.say(describe_failure(exc), "error")

        self.wb.services.submit(call, done=done, failed=failed, description="bookmark")

    def action_next_bookmark(self) -> None:
        tv = self.transcript
        marks = self.wb.places.bookmarks.get(self.document_id, [])
        if not marks:
            self.status.say("No bookmarks in this document: B sets one at the cursor.")
            return
        after = [m for m in marks if m > tv.cursor]
        target = after[0] if after else marks[0]
        tv.move_to(min(target, len(tv.text)))
        tv.scroll_to_cursor(center=True)
        number = marks.index(target) + 1
        self.status.say(f"Bookmark {number} of {len(marks)} at offset {target}.")

    def action_code_all_found(self) -> None:
        hits = getattr(self, "find_hits", [])
        if not hits:
            self.status.say("Find first (/): then this codes every hit in the document.")
            return

        def chosen(guid: str | None) -> None:
            if guid is not None:
                self._code_found(guid, list(hits))

        self.wb.push_screen(
            CodePickerDialog(
                self.wb.codes, self.wb.recent, title=f"Code all {len(hits)} hits with which code?"
            ),
            chosen,
        )

    def _code_found(self, guid: str, hits: list[tuple[int, int]]) -> None:
        project, me, doc = self.wb.project, self.wb.settings.coder, self.document_id
        self.wb.note_recent(guid)

        def call() -> CodedHits:
            from workbench.services.search import code_hits

            return code_hits(project, hits=[(doc, a, b) for a, b in hits], code=guid, coder=me)

        def done(coded: CodedHits) -> None:
            from workbench.tui.messages import CodingsChanged

            self.wb.bump_code(guid, coded.added)
            self.post_message(CodingsChanged(doc, reload=True))  # type: ignore[attr-defined]
            already = f" ({coded.already} were coded so already)" if coded.already else ""
            self.status.say(
                f"Saved: coded {coded.added} hits as {coded.code_path}{already} · "
                "ctrl+z undoes them all",
                "saved",
            )

        def failed(exc: BaseException) -> None:
            from workbench.tui.jobs import describe_failure

            self.status.say(f"Not saved: {describe_failure(exc)}", "error")

        self.wb.services.submit(call, done=done, failed=failed, description="code all hits")
