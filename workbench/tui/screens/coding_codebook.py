"""Codebook work from the coding view: in-vivo code, new code, rename, recolour, move,
retire, merge, and applying the last code again. A part of ``CodingScreen``.

The edits are services (``services.codebook_edits``), audited and undone with
ctrl+z like codings (merge is the exception: it says so before it runs). They
change the project; ``codebook: Save to YAML`` (``workbench codebook save``)
writes the file, and the status line says so after each edit.

In the codebook panel (F2) the keys act on the highlighted code; from the
palette, a picker asks which code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from workbench.tui.modals.code_picker import CodePickerDialog
from workbench.tui.modals.prompt_dialog import PromptDialog

if TYPE_CHECKING:
    from collections.abc import Callable

    from workbench.services.codebook_edits import InVivoResult, SavedCodebook
    from workbench.services.memos import MemoInfo
    from workbench.services.reading import SegmentInfo
    from workbench.services.records import CodeInfo
    from workbench.tui.app import WorkbenchApp
    from workbench.tui.widgets.codebook import CodeTree
    from workbench.tui.widgets.status import StatusLine
    from workbench.tui.widgets.transcript import TranscriptView

UNSAVED = "the YAML file follows with 'codebook: Save to YAML'"
COLOURS = "#RRGGBB or blue, orange, green, red, purple, brown, pink, grey, olive, cyan"


class CodebookEditing:
    """Mixed into ``CodingScreen``."""

    wb: WorkbenchApp
    document_id: int
    transcript: TranscriptView
    status: StatusLine

    if TYPE_CHECKING:

        def apply(self, guid: str) -> None: ...
        def _changed(
            self, segment: SegmentInfo | None = None, removed: int | None = None
        ) -> None: ...
        def _failed(self, exc: BaseException) -> None: ...
        def _count(self, guid: str, delta: int) -> None: ...

    # ------------------------------------------------------------------ applying

    def action_repeat_code(self) -> None:
        """Apply the code applied last (the first of the recent codes) to the selection."""
        if not self.wb.recent:
            self.status.say("No code applied yet in this project: a picks one.")
            return
        if self.transcript.selection is None:
            self.status.say("Select text first: r applies the last code again.")
            return
        self.apply(self.wb.recent[0])

    def action_in_vivo(self) -> None:
        tv = self.transcript
        if tv.selection is None:
            self.status.say("Select the words first: i makes them a new code and codes them.")
            return
        start, end = tv.selection
        project, me, doc = self.wb.project, self.wb.settings.coder, self.document_id

        def call() -> InVivoResult:
            from workbench.services.codebook_edits import in_vivo_code

            return in_vivo_code(project, document_id=doc, start=start, end=end, coder=me)

        def done(result: InVivoResult) -> None:
            self.wb.note_recent(result.code.guid)
            self.wb.reload_codebook()
            self._changed(result.segment)
            self.status.say(
                f"Saved: new code {result.code.name!r} on [{start}, {end}) · ctrl+z undoes "
                f"both; {UNSAVED}",
                "saved",
            )

        self.wb.services.submit(call, done=done, failed=self._failed, description="in-vivo code")

    # ------------------------------------------------------------------ which code

    _tree_code: CodeInfo | None = None

    def _highlighted(self) -> CodeInfo | None:
        """The code a key in the codebook panel acts on (None: from the palette, ask)."""
        return self._tree_code

    def _with_code(self, verb: str, then: Callable[[CodeInfo], None]) -> None:
        code = self._highlighted()
        if code is not None:
            then(code)
            return

        def chosen(guid: str | None) -> None:
            found = next((c for c in self.wb.codes if c.guid == guid), None)
            if found is not None:
                then(found)

        self.wb.push_screen(
            CodePickerDialog(self.wb.codes, self.wb.recent, title=f"{verb} which code?"), chosen
        )

    def _edit(self, what: str, code: CodeInfo, **changes: Any) -> None:
        project, me = self.wb.project, self.wb.settings.coder

        def call() -> CodeInfo:
            from workbench.services.codebook_edits import edit_code

            return edit_code(project, code=code.guid, actor=me, **changes)

        def done(info: CodeInfo) -> None:
            self.wb.reload_codebook()
            self.status.say(f"Saved: {what} {info.path} · ctrl+z undoes; {UNSAVED}", "saved")

        self.wb.services.submit(call, done=done, failed=self._failed, description=what)

    # ------------------------------------------------------------------ edits

    def action_new_code(self) -> None:
        parent = self._highlighted()
        project, me = self.wb.project, self.wb.settings.coder
        where = f" under {parent.path}" if parent else " at the top"

        def named(name: str | None) -> None:
            if name is None or not name.strip():
                return

            def call() -> CodeInfo:
                from workbench.services.codebook_edits import create_code

                return create_code(
                    project, name=name, actor=me, parent=parent.guid if parent else None
                )

            def done(info: CodeInfo) -> None:
                self.wb.reload_codebook()
                self.status.say(f"Saved: new code {info.path} · ctrl+z undoes; {UNSAVED}", "saved")

            self.wb.services.submit(call, done=done, failed=self._failed, description="new code")

        self.wb.push_screen(
            PromptDialog(
                title=f"New code{where}",
                note="Enter adds it · Esc cancels · in the codebook panel, n adds under the "
                "highlighted code",
            ),
            named,
        )

    def action_rename_code(self) -> None:
        def ask(code: CodeInfo) -> None:
            def named(name: str | None) -> None:
                if name is not None and name.strip() and name.strip() != code.name:
                    self._edit("renamed", code, name=name)

            self.wb.push_screen(PromptDialog(title=f"Rename {code.path}", value=code.name), named)

        self._with_code("Rename", ask)

    def action_recolour_code(self) -> None:
        def ask(code: CodeInfo) -> None:
            def coloured(value: str | None) -> None:
                if value is not None:
                    self._edit("recoloured", code, colour=value.strip() or None)

            self.wb.push_screen(
                PromptDialog(
                    title=f"Colour of {code.path}",
                    value=code.colour or "",
                    note=f"{COLOURS}; empty: the default colour",
                ),
                coloured,
            )

        self._with_code("Recolour", ask)

    def action_move_code(self) -> None:
        def ask(code: CodeInfo) -> None:
            parent = next((c for c in self.wb.codes if c.guid == code.parent_guid), None)

            def moved(value: str | None) -> None:
                if value is not None:
                    self._edit("moved", code, parent=value.strip() or None)

            self.wb.push_screen(
                PromptDialog(
                    title=f"Move {code.path} under",
                    value=parent.path if parent else "",
                    note="a code's path, name or id; empty: the top level",
                ),
                moved,
            )

        self._with_code("Move", ask)

    def action_retire_code(self) -> None:
        self._with_code("Retire", lambda code: self._edit("retired", code, status="retired"))

    def action_merge_code(self) -> None:
        def ask(source: CodeInfo) -> None:
            project, me = self.wb.project, self.wb.settings.coder

            def into(guid: str | None) -> None:
                if guid is None:
                    return
                if guid == source.guid:
                    self.status.say("A code cannot be merged into itself.")
                    return

                def call() -> int:
                    from workbench.services.codebook import merge_codes

                    return merge_codes(project.uow(), source=source.guid, target=guid, actor=me)

                def done(moved: int) -> None:
                    self.wb.reload_codebook()
                    self.status.say(
                        f"Saved: merged {source.path} ({moved} codings moved; a merge is not "
                        f"undone by ctrl+z); {UNSAVED}",
                        "saved",
                    )

                self.wb.services.submit(call, done=done, failed=self._failed, description="merge")

            self.wb.push_screen(
                CodePickerDialog(
                    self.wb.codes,
                    self.wb.recent,
                    title=f"Merge {source.path} into which code? (ctrl+z does not undo a merge)",
                ),
                into,
            )

        self._with_code("Merge", ask)

    def action_code_memo(self) -> None:
        self._with_code("Write a memo on", lambda code: self._memo(code=code.guid, about=code.path))

    def action_document_memo(self) -> None:
        title = self.transcript.document.title if self.transcript.document else "this document"
        self._memo(document_id=self.document_id, about=title)

    def _memo(self, *, about: str, document_id: int | None = None, code: str | None = None) -> None:
        """Open the coder's memo on a document or a code (a new one if none) in the editor."""
        from workbench.tui.modals.memo_dialog import MemoDialog

        project, me = self.wb.project, self.wb.settings.coder

        def call() -> MemoInfo | None:
            from workbench.services.memos import own_memo

            return own_memo(project, coder=me, document_id=document_id, code=code)

        def edit(found: MemoInfo | None) -> None:
            def written(text: str | None) -> None:
                if text is None or (found is None and not text.strip()):
                    return
                if found is not None and text.strip() == found.body:
                    return

                def save() -> MemoInfo | None:
                    from workbench.services.memos import write_memo

                    return write_memo(
                        project,
                        coder=me,
                        body=text,
                        memo_id=found.id if found is not None else None,
                        document_id=document_id if found is None else None,
                        code=code if found is None else None,
                    )

                def saved(memo: MemoInfo | None) -> None:
                    what = "deleted" if memo is None else "saved"
                    self.status.say(f"Saved: your memo on {about} {what} · F8 lists memos", "saved")

                self.wb.services.submit(save, done=saved, failed=self._failed, description="memo")

            body = found.body if found is not None else ""
            self.wb.push_screen(MemoDialog(body, title=f"Your memo on {about}"), written)

        self.wb.services.submit(call, done=edit, failed=self._failed, description="memo")

    def action_save_codebook(self) -> None:
        project = self.wb.project

        def call() -> SavedCodebook:
            from workbench.services.codebook_edits import save_codebook

            return save_codebook(project)

        def done(saved: SavedCodebook) -> None:
            kept = f"; the previous file is {saved.backup.name}" if saved.backup else ""
            self.status.say(
                f"Saved: codebook {saved.codebook!r} ({saved.codes} codes) to {saved.path}{kept}",
                "saved",
            )

        self.wb.services.submit(call, done=done, failed=self._failed, description="save codebook")

    def on_code_tree_edit_requested(self, event: CodeTree.EditRequested) -> None:
        self._tree_code = event.code
        try:
            getattr(self, f"action_{event.action}")()
        finally:
            self._tree_code = None

    def codebook_palette(self) -> list[tuple[str, str, Callable[[], Any]]]:
        return [
            (
                "code: Apply last code again",
                "The code applied last, on the selection (r)",
                self.action_repeat_code,
            ),
            (
                "code: In-vivo code",
                "The selected words become a new code, applied to them (i)",
                self.action_in_vivo,
            ),
            (
                "codebook: New code…",
                "Add a code (in the panel: under the highlighted one)",
                self.action_new_code,
            ),
            ("codebook: Rename code…", "Rename a code; its codings stay", self.action_rename_code),
            ("codebook: Recolour code…", "Give a code another colour", self.action_recolour_code),
            (
                "codebook: Move code…",
                "Put a code under another, or at the top",
                self.action_move_code,
            ),
            (
                "codebook: Retire code…",
                "Hide a code from the pickers; its codings stay",
                self.action_retire_code,
            ),
            (
                "codebook: Merge code…",
                "Move a code's codings into another (not undoable)",
                self.action_merge_code,
            ),
            (
                "codebook: Save to YAML",
                "Write the codebook, with these edits, to its YAML file",
                self.action_save_codebook,
            ),
        ]
