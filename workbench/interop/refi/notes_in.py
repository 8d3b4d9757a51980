"""Notes of a REFI-QDA project read as memos, attached to what refers to them.

A note reaches the workbench through a code's ``NoteRef``, a link from the note to a
source, a selection or a code, or (the workbench's own files) the extension data that
says exactly where each memo was attached. Split from ``inbound`` so that the reading of
sources and selections and the reading of notes can be followed apart; ``NotesIn`` is
mixed into the reader and uses its state.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from workbench.core.dates import parse_date
from workbench.core.errors import InputError
from workbench.interop.refi.bundle import ExchangeMemo
from workbench.interop.refi.identity import MAX_NAME
from workbench.interop.refi.outbound import EVENT_LINE
from workbench.interop.refi.reader import all_codes
from workbench.interop.refi.values import parse_timestamp

if TYPE_CHECKING:
    from collections.abc import Iterable

    from workbench.core.dates import DateRange
    from workbench.interop.refi.bundle import ExchangeCode, ExchangeCoding, ExchangeDocument
    from workbench.interop.refi.model import RefiNote, RefiProject, RefiSelection
    from workbench.interop.refi.texts import SourceFiles

__all__ = ["EVENT_LINE_RE", "NotesIn"]

EVENT_LINE_RE = re.compile(rf"(?:\A|\n\n){re.escape(EVENT_LINE)}([^\n]+)\Z")


class NotesIn:
    """The note-reading half of the inbound reader (its state is set by the reader)."""

    refi: RefiProject
    files: SourceFiles
    strict: bool
    documents: list[ExchangeDocument]
    codes: dict[str, ExchangeCode]
    codings: list[ExchangeCoding]
    note_targets: dict[str, dict[str, str]]
    selection_codings: dict[str, tuple[str, str]]
    attached: dict[str, dict[str, str]]
    untitled: set[str]
    events: dict[str, DateRange]
    own_events: dict[str, DateRange]
    known_targets: set[str]

    def count(self, key: str, n: int = 1) -> None:
        raise NotImplementedError

    def coder(self, *candidates: str | None) -> str:
        raise NotImplementedError

    def memo_and_event(
        self, sel: RefiSelection | None, memo: str | None
    ) -> tuple[str | None, DateRange | None]:
        """A selection's memo without its event-date line, and the coding's own event date:
        the extension's, else that line's, else an event case's (files of older versions)."""
        if sel is None:
            return memo, None
        event = self.own_events.get(sel.guid) or self.events.get(sel.guid)
        if memo:
            m = EVENT_LINE_RE.search(memo)
            if m is not None:
                try:
                    stated = parse_date(m.group(1))
                except InputError:
                    stated = None
                if stated is not None:
                    memo = memo[: m.start()]
                    event = event or stated
        return (memo if memo and memo.strip() else None), event

    def note_target(self, refs: Iterable[str], **targets: str) -> None:
        for ref in refs:
            slot = self.note_targets.setdefault(ref, {})
            for key, value in targets.items():
                slot.setdefault(key, value)

    def memos(self) -> list[ExchangeMemo]:
        for code in all_codes(self.refi.codes):
            self.note_target(code.note_refs, code=code.guid)
        documents = {d.guid for d in self.documents}
        self.known_targets = documents | set(self.codes) | {c.guid for c in self.codings}
        for link in self.refi.links:  # a note linked to a source, a selection or a code
            if link.target in documents:
                self.note_target([link.origin], document=link.target)
            elif link.target in self.selection_codings:
                doc, coding = self.selection_codings[link.target]
                self.note_target([link.origin], document=doc, coding=coding)
            elif link.target in self.codes:
                self.note_target([link.origin], code=link.target)
            else:
                self.count("link(s) of a note to what the workbench does not keep, not imported")
        out = []
        for note in self.refi.notes:
            body = self.note_body(note)
            if body is None:
                continue
            where = self.note_targets.pop(note.guid, {})
            exact = self.attached.get(note.guid)
            if exact is not None:  # the workbench's own memo: attached exactly as it was
                where = {k: v for k, v in exact.items() if v in self.known_targets}
            out.append(
                ExchangeMemo(
                    guid=note.guid,
                    body=body,
                    title=None
                    if note.guid in self.untitled
                    else (note.name or "").strip()[:MAX_NAME] or None,
                    coder=self.coder(note.user),
                    document=where.get("document"),
                    code=where.get("code"),
                    coding=where.get("coding"),
                    created=parse_timestamp(note.created),
                    updated=parse_timestamp(note.modified),
                )
            )
        if self.note_targets:
            self.count(
                "reference(s) to notes the file does not hold, ignored", len(self.note_targets)
            )
        return out

    def note_body(self, note: RefiNote) -> str | None:
        from workbench.ingest.text import normalise_text

        content = note.content
        if self.refi.extension is not None and content is not None and not note.description:
            return content  # the workbench's own memo, exactly as it was written
        owner = f"note {note.name or note.guid!r}"
        if note.plain_path:
            got = self.files.member(
                note.plain_path, owner=owner, line=note.line, missing_is_error=self.strict
            )
            if got is None:
                return None
            content = self.files.decode(got[1], owner=owner, line=note.line)
            if content is None:
                return None
        parts = [p for p in (note.description, content) if p and p.strip()]
        return normalise_text("\n\n".join(parts))
