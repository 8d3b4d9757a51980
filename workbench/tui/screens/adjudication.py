"""Adjudicating one document: the coders' stripes side by side, one key per decision.

The text shows a stripe column for coder A, for coder B and for the consensus;
the current disagreement is selected and marked ``▶``. ``a`` / ``b`` take A's or
B's segments, ``2`` both, ``0`` neither, ``e`` takes a segment with an edited span
(select it as in the coding view, Enter saves); ``n`` / ``N`` move from open
disagreement to open disagreement, on into the next or previous document.

Taking a side that did not code the passage is that side's reading ("no code
here"): it is stored as a "neither" decision in that coder's name. A date
disagreement (the same passage and code, dated differently) is settled the same
way: ``a`` / ``b`` give the consensus coding that coder's date. Every decision
goes through ``services.adjudication`` in a worker; the view and the status line
change once it is committed, and the screen moves on to the next open
disagreement. ctrl+z undoes a decision (a taken segment at a time).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any, ClassVar

from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static

from workbench.tui.bindings import ADJUDICATION
from workbench.tui.messages import CodingsChanged
from workbench.tui.modals.choose_segment import ChooseSegmentDialog
from workbench.tui.widgets.disagreement import DisagreementPanel, item_details
from workbench.tui.widgets.review_transcript import ReviewTranscript
from workbench.tui.widgets.status import StatusLine

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.app import ComposeResult
    from textual.binding import BindingType

    from workbench.services.reading import SegmentInfo
    from workbench.services.review import DocumentReview, ReviewItem, ReviewRow
    from workbench.tui.app import WorkbenchApp
    from workbench.tui.modals.review_setup import ReviewChoice

CONSENSUS = "consensus"


def _spans(segments: list[Any]) -> str:
    return ", ".join(f"{s.code_path} on [{s.start}, {s.end})" for s in segments)


class AdjudicationScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = list(ADJUDICATION)
    DEFAULT_CSS = """
    AdjudicationScreen #review-body { height: 1fr; }
    AdjudicationScreen #transcript { width: 1fr; }
    AdjudicationScreen #review-columns { height: 1; color: $foreground-muted; }
    """

    def __init__(self, choice: ReviewChoice, rows: list[ReviewRow], position: int) -> None:
        super().__init__()
        self.choice = choice
        self.rows = rows
        """The review's documents, in list order, with their counts (kept current here)."""
        self.position = position
        self.review: DocumentReview | None = None
        self.current: int | None = None
        """Index of the current disagreement in ``review.items``."""
        self.editing: SegmentInfo | None = None
        """The segment whose span is being edited (``e``), if any."""

    @property
    def wb(self) -> WorkbenchApp:
        return self.app  # type: ignore[return-value]

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield Static("Opening…", id="doc-title")
        yield Static("", id="review-columns")
        with Horizontal(id="review-body"):
            yield ReviewTranscript(id="transcript")
            yield DisagreementPanel(id="review-panel")
        yield StatusLine()
        yield Footer(compact=True)

    @property
    def transcript(self) -> ReviewTranscript:
        return self.query_one(ReviewTranscript)

    @property
    def panel(self) -> DisagreementPanel:
        return self.query_one(DisagreementPanel)

    @property
    def status(self) -> StatusLine:
        return self.query_one(StatusLine)

    def on_mount(self) -> None:
        columns = (*self.choice.coders, CONSENSUS)
        tv = self.transcript
        tv.set_columns(columns)
        tv.set_visible_coders(frozenset(columns))
        tv.focus()
        self.status.say("Opening the document…", "busy")
        self._open(self.position, pick="first")

    def on_resize(self) -> None:
        self.call_after_refresh(self._header)

    def _header(self) -> None:
        self.query_one("#review-columns", Static).update(self.transcript.header())

    def _title(self) -> None:
        review = self.review
        if review is None:
            return
        view = review.document
        parts = [view.title, view.kind, *([view.case] if view.case else [])]
        code = "all codes"
        if review.code is not None:
            code = next((c.path for c in self.wb.codes if c.guid == review.code), review.code)
        self.query_one("#doc-title", Static).update(
            f"{' · '.join(parts)} — review: {self.choice.label}, {code}, by {review.unit} · "
            f"document {self.position + 1} of {len(self.rows)}",
            layout=False,
        )

    # ------------------------------------------------------------------ loading

    def _failed(self, exc: BaseException) -> None:
        from workbench.tui.jobs import describe_failure

        self.status.say(f"Not saved: {describe_failure(exc)}", "error")

    def _load_call(self, document_id: int) -> Callable[[], DocumentReview]:
        project, choice = self.wb.project, self.choice

        def call() -> DocumentReview:
            from workbench.services.review import review_document

            return review_document(
                project,
                document_id=document_id,
                coders=list(choice.coders),
                unit=choice.unit,
                code=choice.code,
            )

        return call

    def _open(self, position: int, *, pick: str, step: int = 0) -> None:
        """Open the document at ``position`` on its first (or last) open disagreement.

        With ``step`` (+1 or -1) a document found to have nothing open is passed over.
        """

        def done(review: DocumentReview) -> None:
            self.position = position
            self._refresh(review)
            self._title()
            self._header()
            opened = [i for i, it in enumerate(review.items) if not it.settled]
            if not opened and step:
                onward = self._next_position(position, step)
                if onward is not None:
                    self._open(onward, pick=pick, step=step)
                    return
            if opened:
                self._go(opened[0] if pick == "first" else opened[-1])
                self.status.say(
                    f"{len(opened)} open of {len(review.items)} "
                    f"disagreement{'' if len(review.items) == 1 else 's'} in "
                    f"{review.document.title!r}; the keys are listed beside the text."
                )
            else:
                if review.items:
                    self._go(0)
                onward = self._next_position(position, 1) is not None
                self.status.say(
                    f"No open disagreements in {review.document.title!r}"
                    + (": n goes to the next document." if onward else ".")
                )

        row = self.rows[position]
        self.wb.services.submit(
            self._load_call(row.id), done=done, failed=self._failed, description="review"
        )

    def _refresh(self, review: DocumentReview) -> list[CodingsChanged]:
        """Show ``review``: a new document is loaded, the same one updated in place.

        Returns what changed in the same document, as messages for other views.
        """
        old, self.review = self.review, review
        tv = self.transcript
        changes: list[CodingsChanged] = []
        doc = review.document.id
        if old is None or old.document.id != doc:
            self.current = None
            tv.labels = self.wb.stripe_labels
            tv.load(review.document)
        else:
            now = {s.id: s for s in review.document.segments}
            for seg in old.document.segments:
                if seg.id not in now:
                    tv.remove_segment(seg.id)
                    changes.append(CodingsChanged(doc, removed=seg.id))
            for seg in now.values():
                if tv.segment(seg.id) != seg:
                    tv.upsert_segment(seg)
                    changes.append(CodingsChanged(doc, segment=seg))
        if self.current is not None and self.current >= len(review.items):
            self.current = len(review.items) - 1 if review.items else None
        tv.show_items(review.items, self.current)
        self.panel.set_items(review.items, self.current)
        n_open = len(review.open_items)
        row = self.rows[self.position]
        self.rows[self.position] = replace(row, open=n_open, settled=len(review.items) - n_open)
        return changes

    def _next_position(self, position: int, step: int) -> int | None:
        p = position + step
        while 0 <= p < len(self.rows):
            if self.rows[p].open:
                return p
            p += step
        return None

    # ------------------------------------------------------------------ moving

    def _item(self) -> ReviewItem | None:
        if self.review is None or self.current is None or not self.review.items:
            self.status.say("No disagreement here: n goes to the next one.")
            return None
        return self.review.items[self.current]

    def _go(self, index: int) -> None:
        """Make disagreement ``index`` the current one: select it, mark it, describe it."""
        review = self.review
        if review is None or not review.items:
            return
        index = max(0, min(index, len(review.items) - 1))
        self.current = index
        item = review.items[index]
        tv = self.transcript
        tv.select(item.end, item.start)  # selected, with the cursor (and the view) at its start
        tv.show_items(review.items, index)
        self.panel.show(
            item_details(
                item,
                number=index + 1,
                total=len(review.items),
                open_count=len(review.open_items),
                unit=review.unit,
                text=review.document.text,
            )
        )
        self.panel.highlight(index)
        self.status.set_info(
            f"{index + 1} of {len(review.items)} · {len(review.open_items)} open here · "
            f"{sum(r.open for r in self.rows)} in the review"
        )

    def _cancel_edit(self) -> None:
        if self.editing is not None:
            self.editing = None
            self.status.say("Editing the span cancelled.")

    def action_next_item(self) -> None:
        self._move(1)

    def action_previous_item(self) -> None:
        self._move(-1)

    def _move(self, step: int) -> None:
        review = self.review
        if review is None:
            return
        self._cancel_edit()
        here = self.current if self.current is not None else (-1 if step > 0 else len(review.items))
        i = here + step
        while 0 <= i < len(review.items):
            if not review.items[i].settled:
                self._go(i)
                self.transcript.focus()
                return
            i += step
        onward = self._next_position(self.position, step)
        if onward is None:
            left = len(review.open_items)
            where = "after" if step > 0 else "before"
            more = f"; {left} open in this document" if left else ""
            total = sum(r.open for r in self.rows)
            self.status.say(
                f"No open disagreement {where} this one{more}."
                + (" The review is complete." if total == 0 else "")
            )
            return
        self.status.say("Opening the next document…" if step > 0 else "Opening…", "busy")
        self._open(onward, pick="first" if step > 0 else "last", step=step)

    def on_disagreement_panel_chosen(self, event: DisagreementPanel.Chosen) -> None:
        self._cancel_edit()
        self._go(event.index)
        self.transcript.focus()

    def action_toggle_labels(self) -> None:
        on = not self.transcript.labels
        self.wb.stripe_labels = on
        self.transcript.set_labels(on)
        self.status.say(
            "Labelled stripes: each coder's segments named where they start (A, B: the columns)."
            if on
            else "Stripes without labels."
        )

    def action_focus_list(self) -> None:
        self.query_one("#disagreement-list", OptionList).focus()

    def action_back(self) -> None:
        tv = self.transcript
        if self.editing is not None:
            self._cancel_edit()
            if self.current is not None:
                self._go(self.current)
        elif not tv.has_focus:
            tv.focus()
        else:
            self.app.pop_screen()

    # ------------------------------------------------------------------ deciding

    def action_decide(self, kind: str) -> None:
        item = self._item()
        if item is None:
            return
        self._cancel_edit()
        if item.kind == "date":
            self._decide_date(item, kind)
            return
        project, me, coders = self.wb.project, self.wb.settings.coder, self.choice.coders
        where = f"[{item.start}, {item.end})"
        codes = ", ".join(item.code_paths)

        def neither(took: str | None) -> Callable[[], Any]:
            def call() -> Any:
                from workbench.services.adjudication import take_neither

                return take_neither(
                    project,
                    document=item.document_id,
                    start=item.start,
                    end=item.end,
                    codes=list(item.codes),
                    coders=list(coders),
                    took=took,
                    actor=me,
                )

            return call

        def take(ids: list[int], both: bool) -> Callable[[], Any]:
            def call() -> Any:
                from workbench.services.adjudication import take_both, take_codings

                act = take_both if both else take_codings
                return act(project, coding_ids=ids, actor=me)

            return call

        if kind in ("a", "b"):
            coder = coders[0 if kind == "a" else 1]
            side = item.side(coder)
            if side.segments:
                n = len(side.segments)
                self._save(
                    take([s.id for s in side.segments], both=False),
                    lambda taken: (
                        f"took {coder}'s segment{'' if n == 1 else 's'}: " + _spans(taken)
                    ),
                )
            else:
                said = f"took {coder}'s reading: no {codes} on {where}"
                self._save(neither(coder), lambda _: said)
        elif kind == "both":
            coded = [s for s in item.sides if s.segments]
            if len(coded) < 2:
                only = coded[0].coder if coded else "nobody"
                self.status.say(
                    f"Only {only} coded here, so there is no 'both': a or b takes one reading, "
                    "0 leaves it uncoded."
                )
                return
            ids = [s.id for side in coded for s in side.segments]
            self._save(take(ids, both=True), lambda taken: "took both: " + _spans(taken))
        else:
            self._save(neither(None), lambda _: f"neither: no {codes} on {where}")

    def _decide_date(self, item: ReviewItem, kind: str) -> None:
        """a / b: the consensus takes that coder's date for the passage."""
        if kind not in ("a", "b"):
            self.status.say(
                "A date disagreement takes one date: a or b (or date the consensus "
                "segment with d in the coding view)."
            )
            return
        project, me = self.wb.project, self.wb.settings.coder
        coder = self.choice.coders[0 if kind == "a" else 1]
        side = item.side(coder)
        when = next((w for c, w, _ in item.dates if c == coder), None)
        if not side.segments or when is None:
            self.status.say(f"{coder} gave no date here: take the other coder's.")
            return
        coding_id = side.segments[0].id

        def call() -> Any:
            from workbench.services.adjudication import take_date

            return take_date(project, coding_id=coding_id, actor=me)

        self._save(call, lambda taken: f"the consensus dates {taken.code_path} {when} ({coder}'s)")

    def _save(self, action: Callable[[], Any], words: Callable[[Any], str]) -> None:
        review = self.review
        if review is None:
            return
        load = self._load_call(review.document.id)
        was = self.current if self.current is not None else 0
        decided = review.items[was] if was < len(review.items) else None

        def call() -> tuple[Any, DocumentReview]:
            return action(), load()

        def done(found: tuple[Any, DocumentReview]) -> None:
            result, new = found
            # ctrl+z right after comes back to this item, not to the next one
            self._last_decided = (decided.start, decided.end) if decided is not None else None
            for message in self._refresh(new):  # a coding view of this document, below
                for screen in self.app.screen_stack:
                    if screen is not self:
                        screen.post_message(message)
            after = next(
                (i for i in range(was + 1, len(new.items)) if not new.items[i].settled), None
            )
            if after is None:
                after = next((i for i, it in enumerate(new.items) if not it.settled), None)
            if after is not None:
                self._go(after)
                tail = f"next: {after + 1} of {len(new.items)}"
            else:
                self._go(was)
                tail = (
                    "this document is settled; n goes on"
                    if self._next_position(self.position, 1) is not None
                    else "this document is settled"
                )
            several = isinstance(result, list) and len(result) > 1
            undo = "ctrl+z undoes one segment at a time" if several else "ctrl+z undoes"
            self.status.say(f"Saved: {words(result)} · {tail} · {undo}", "saved")

        self.wb.services.submit(call, done=done, failed=self._failed, description="adjudicate")

    # ------------------------------------------------------------------ editing a span

    def action_edit_span(self) -> None:
        item = self._item()
        if item is None:
            return
        if item.kind == "date":
            self.status.say("This disagreement is about the date, not the span: a or b.")
            return
        candidates = [s for side in item.sides for s in side.segments]

        def start(seg: SegmentInfo) -> None:
            self.editing = seg
            tv = self.transcript
            tv.select(seg.start, seg.end)
            tv.focus()
            self.status.say(
                f"Editing {seg.coder}'s {seg.code_name}: shift+arrows, w/s/t/p grow, "
                "o other end; Enter saves it as consensus, Esc cancels",
                "busy",
            )

        if len(candidates) == 1:
            start(candidates[0])
            return

        def chosen(segment_id: int | None) -> None:
            seg = next((s for s in candidates if s.id == segment_id), None)
            if seg is not None:
                start(seg)

        self.app.push_screen(
            ChooseSegmentDialog(candidates, title="Edit which segment's span? (its code is kept)"),
            chosen,
        )

    def action_save_span(self) -> None:
        seg = self.editing
        if seg is None:
            self.status.say("e edits a span first; Enter then saves it.")
            return
        selection = self.transcript.selection
        if selection is None:
            self.status.say("Select the span first: shift+arrows or w/s/t/p.")
            return
        self.editing = None
        project, me = self.wb.project, self.wb.settings.coder
        start, end = selection

        def call() -> Any:
            from workbench.services.adjudication import take_coding

            return take_coding(project, coding_id=seg.id, start=start, end=end, actor=me)

        self._save(
            call,
            lambda taken: (
                f"took {seg.coder}'s {seg.code_name} with the edited span "
                f"[{taken.start}, {taken.end})"
            ),
        )

    # ------------------------------------------------------------------ undo / redo

    def on_codings_changed(self, event: CodingsChanged) -> None:
        review = self.review
        if review is None or event.document_id != review.document.id:
            return

        def done(new: DocumentReview) -> None:
            self._refresh(new)
            last = getattr(self, "_last_decided", None)
            back = next((i for i, it in enumerate(new.items) if (it.start, it.end) == last), None)
            if back is not None:  # an undone (or redone) decision: show its item
                self._go(back)
            elif self.current is not None:
                self._go(self.current)

        call = self._load_call(review.document.id)
        self.wb.services.submit(call, done=done, failed=self._failed, description="review")

    # ------------------------------------------------------------------ palette

    def palette_commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        a, b = self.choice.coders
        return [
            ("adjudicate: Take A", f"Take {a}'s segments here", lambda: self.action_decide("a")),
            ("adjudicate: Take B", f"Take {b}'s segments here", lambda: self.action_decide("b")),
            ("adjudicate: Both", "Take both coders' segments", lambda: self.action_decide("both")),
            (
                "adjudicate: Neither",
                "Leave the passage without the disputed codes",
                lambda: self.action_decide("neither"),
            ),
            ("adjudicate: Edit span", "Take a segment with a new span", self.action_edit_span),
            ("navigate: Next disagreement", "The next open one", self.action_next_item),
            (
                "navigate: Previous disagreement",
                "The previous open one",
                self.action_previous_item,
            ),
            ("navigate: Disagreement list", "Choose one from the list", self.action_focus_list),
            (
                "view: Labelled stripes",
                "Name each coder's codes in the margin (l)",
                self.action_toggle_labels,
            ),
        ]
