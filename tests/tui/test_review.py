"""The review: F6, the document list, moving between disagreements, and every decision key,
checked in the database afterwards."""

from __future__ import annotations

import io

import pytest
from textual.widgets import DataTable, Select

from tests.tui.helpers import settle, status, transcript
from workbench.services.adjudication import list_neither
from workbench.services.codings import add_coding, list_codings
from workbench.tui.screens.adjudication import AdjudicationScreen
from workbench.tui.screens.help import HelpScreen
from workbench.tui.screens.review import ReviewScreen


@pytest.fixture
def disputed(coded_project, doc_id):
    """alice: push on "In 2000.", imitation on "copied what they did";
    bob: tacit on "We went to an open day", peer on "with a peer council".
    Three disagreements, in text order: push (alice only), imitation vs tacit, peer (bob only).
    """
    p = coded_project
    for coder, code, quote in (
        ("alice", "push", "In 2000."),
        ("alice", "imitation", "copied what they did"),
        ("bob", "tacit", "We went to an open day"),
        ("bob", "peer", "with a peer council"),
    ):
        add_coding(p.uow(), document=doc_id, code=code, coder=coder, quote=quote)
    return p


def consensus(project):
    return sorted(
        (c.code, c.quote, c.origin) for c in list_codings(project.uow(), coder="consensus")
    )


def help_text() -> str:
    from rich.console import Console

    from workbench.tui.screens.help import help_table

    console = Console(width=200, record=True, file=io.StringIO())
    console.print(help_table({}))
    return console.export_text()


def current(app):
    screen = app.screen
    return screen.review.items[screen.current]


async def open_review(pilot):
    await settle(pilot)
    await pilot.press("f6")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ReviewScreen)
    await pilot.press("enter", "y")  # y: alice adjudicates her own disagreements (asked first)
    await settle(pilot)
    assert isinstance(pilot.app.screen, AdjudicationScreen)


async def test_f6_lists_documents_and_opens_the_first_disagreement(make, disputed):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.choice.coders == ("alice", "bob")  # most codings, then by name
        table = screen.query_one(DataTable)
        assert [str(c) for c in table.get_row_at(0)] == ["Interview 01", "Northbridge", "3", "0"]
        assert "alice (A) vs bob (B)" in str(screen.query_one("#screen-title").content)
        await pilot.press("enter", "y")
        await settle(pilot)
        assert isinstance(app.screen, AdjudicationScreen)
        tv = transcript(pilot)
        item = current(app)
        assert item.codes == ("push",)
        assert tv.text[slice(*tv.selection)] == "R1: In 2000."
        assert tv.columns == ("alice", "bob", "consensus")
        assert status(pilot).startswith("3 open of 3 disagreements in 'Interview 01'")
        details = str(app.screen.query_one("#disagreement-details").content)
        assert "A alice" in details
        assert "B bob" in details
        assert "(not coded here)" in details


async def test_moving_between_disagreements(make, disputed):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_review(pilot)
        seen = [current(app).codes]
        for key in ("n", "n", "N", "right_square_bracket", "left_square_bracket"):
            await pilot.press(key)
            seen.append(current(app).codes)
        assert seen == [
            ("push",),
            ("imitation", "tacit"),
            ("peer",),
            ("imitation", "tacit"),
            ("peer",),
            ("imitation", "tacit"),
        ]
        await pilot.press("n", "n")
        assert "No open disagreement after this one" in status(pilot)
        assert current(app).codes == ("peer",)


async def test_take_b_both_and_take_a_settle_the_document(make, disputed):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_review(pilot)
        await pilot.press("b")  # bob did not code push here: his reading, no code
        await settle(pilot)
        assert status(pilot).startswith("Saved: took bob's reading: no Dissemination push")
        assert current(app).codes == ("imitation", "tacit")  # moved on to the next open one
        await pilot.press("2")
        await settle(pilot)
        assert status(pilot).startswith(
            "Saved: took both: Tacit knowledge on [65, 87), Imitation of best practice on"
        )
        assert status(pilot).endswith("ctrl+z undoes one segment at a time")
        assert current(app).codes == ("peer",)
        await pilot.press("a")  # alice did not code the peer council
        await settle(pilot)
        assert "this document is settled" in status(pilot)
        assert [it.state for it in app.screen.review.items] == ["neither", "taken", "neither"]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        row = app.screen.query_one(DataTable).get_row_at(0)
        assert [str(c) for c in row[2:]] == ["0", "3"]
    assert consensus(disputed) == [
        ("imitation", "copied what they did", "adjudicated"),
        ("tacit", "We went to an open day", "adjudicated"),
    ]
    assert sorted((m.codes, m.took, m.actor) for m in list_neither(disputed)) == [
        (("peer",), "alice", "alice"),
        (("push",), "bob", "alice"),
    ]


async def test_take_a_neither_and_undo(make, disputed):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_review(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert status(pilot).startswith("Saved: took alice's segment: Dissemination push on")
        await pilot.press("0")
        await settle(pilot)
        assert status(pilot).startswith(
            "Saved: neither: no Imitation of best practice, Tacit knowledge"
        )
        assert [m.codes for m in list_neither(disputed)] == [("imitation", "tacit")]
        assert consensus(disputed) == [("push", "In 2000.", "adjudicated")]
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert "undone 'settle [65, 113) as neither" in status(pilot)
        assert list_neither(disputed) == []
        assert [it.state for it in app.screen.review.items] == ["taken", "open", "open"]
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert [it.state for it in app.screen.review.items] == ["open", "open", "open"]
    assert consensus(disputed) == []


async def test_edit_span_takes_a_segment_with_the_new_span(make, disputed):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_review(pilot)
        await pilot.press("n", "e")  # two segments there: which one?
        await pilot.pause()
        assert type(app.screen).__name__ == "ChooseSegmentDialog"
        await pilot.press("enter")  # alice's imitation, listed first
        await pilot.pause()
        tv = transcript(pilot)
        assert tv.text[slice(*tv.selection)] == "copied what they did"
        await pilot.press("shift+left", "shift+left", "shift+left", "shift+left", "enter")
        await settle(pilot)
        assert "with the edited span" in status(pilot)
        assert current(app).codes == ("peer",)
        await pilot.press("N", "e", "escape")
        await settle(pilot)
        assert status(pilot) == "Editing the span cancelled."
    assert consensus(disputed) == [("imitation", "copied what they", "adjudicated")]


async def test_next_goes_on_into_the_next_document_and_back(make, disputed, tmp_path):
    from workbench.services.documents import import_file

    f = tmp_path / "report.txt"
    f.write_text("The scheme held a conference in 2002.\n\nCouncils copied the toolkit.\n")
    report = import_file(disputed, path=f, title="Report", kind="document")
    add_coding(disputed.uow(), document=report.id, code="tacit", coder="alice", quote="copied")
    add_coding(disputed.uow(), document=report.id, code="push", coder="bob", quote="conference")
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_review(pilot)
        await pilot.press("n", "n", "n")
        await settle(pilot)
        assert app.screen.review.document.title == "Report"
        assert current(app).codes == ("push",)
        assert "document 2 of 2" in str(app.screen.query_one("#doc-title").content)
        await pilot.press("N")
        await settle(pilot)
        assert app.screen.review.document.title == "Interview 01"
        assert current(app).codes == ("peer",)  # the last open one


async def test_choosing_a_code_and_adopting_agreements(make, disputed, doc_id):
    add_coding(disputed.uow(), document=doc_id, code="push", coder="bob", quote="In 2000")
    add_coding(disputed.uow(), document=doc_id, code="adaptation", coder="alice", quote="adapting")
    add_coding(disputed.uow(), document=doc_id, code="adaptation", coder="bob", quote="adapting")
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await settle(pilot)
        screen = app.screen
        assert screen.choice.coders == ("bob", "alice")  # bob has the most codings
        assert screen.overview.open == 2  # push and adaptation are agreed
        await pilot.press("c")
        await settle(pilot)
        dialog = app.screen
        assert type(dialog).__name__ == "ReviewSetupDialog"
        dialog.query_one("#review-code", Select).value = "peer"
        dialog.query_one("#review-unit", Select).value = "turn"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.choice.code == "peer"
        assert screen.overview.open == 1
        assert "Peer exchange · unit: turn" in str(screen.query_one("#screen-title").content)
        await pilot.press("c")
        await settle(pilot)
        app.screen.query_one("#coder-b", Select).value = "bob"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "two different coders" in str(app.screen.query_one("#review-setup-error").content)
        await pilot.press("escape")
        await pilot.press("a")
        await settle(pilot)
        assert status(pilot).startswith("Saved: adopted 0 agreed segments")  # peer only
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert status(pilot).startswith("Saved: adopted 2 agreed segments in 1 documents")
    assert consensus(disputed) == [
        ("adaptation", "adapting", "adjudicated"),
        ("push", "In 2000.", "adjudicated"),
    ]


async def test_palette_help_and_blind_mode(make, disputed):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "review: Disagreements…" in {t for t, _, _ in app.palette_commands()}
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"disagreements")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("enter", "y")
        await settle(pilot)
        titles = {t for t, _, _ in app.screen.palette_commands()}
        assert {"adjudicate: Take A", "adjudicate: Both", "adjudicate: Neither"} <= titles
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rendered = help_text()
        assert "Neither: leave the passage without the disputed codes" in rendered
        assert "Review two coders' disagreements and adjudicate the consensus" in rendered
        assert "n, ]" in rendered
    app = make(blind=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await pilot.pause()
        assert not isinstance(app.screen, ReviewScreen)


async def test_review_in_a_small_terminal(make, disputed):
    app = make(theme="textual-light")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_review(pilot)
        tv = transcript(pilot)
        assert tv.per_coder == 2
        assert tv.text_width >= 30
        await pilot.press("a")
        await settle(pilot)
        assert status(pilot).startswith("Saved:")


async def test_a_coding_view_below_sees_the_consensus_segments(make, disputed):
    from workbench.tui.screens.coding import CodingScreen

    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # the coding view of Interview 01
        await settle(pilot)
        assert isinstance(app.screen, CodingScreen)
        await pilot.press("f6")
        await settle(pilot)
        await pilot.press("enter", "y", "n")
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert isinstance(app.screen, CodingScreen)
        coders = sorted(s.coder for s in transcript(pilot).segments)
        assert coders == ["alice", "alice", "bob", "bob", "consensus", "consensus"]


async def test_a_coder_is_warned_before_adjudicating_their_own_disagreements(make, disputed):
    from workbench.tui.modals.confirm_dialog import ConfirmDialog

    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await settle(pilot)
        assert "one of the two coders" in str(app.screen.query_one("#screen-title").content)
        await pilot.press("enter")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("enter", "y")
        await settle(pilot)
        assert isinstance(app.screen, AdjudicationScreen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("enter")  # asked once per comparison
        await settle(pilot)
        assert isinstance(app.screen, AdjudicationScreen)


async def test_undo_returns_to_the_item_and_the_counts_agree(make, disputed):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_review(pilot)
        first = current(app)
        await pilot.press("a")  # take A on the first item: the view moves on
        await settle(pilot)
        assert current(app) != first
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert (current(app).start, current(app).end) == (first.start, first.end)
        assert not current(app).settled
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        title = str(screen.query_one("#screen-title").content)
        assert f"{screen.overview.open} open" in title
        assert status(pilot).startswith(f"{screen.overview.open} open disagreements")
