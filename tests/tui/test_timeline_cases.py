"""The timeline's case rows (C): a row per case under the pooled phases, its crossing of
each pooled frontier drawn at its date, on the timeline's own bins."""

from __future__ import annotations

from textual.widgets import Static

from tests.tui.helpers import settle, status
from tests.tui.test_timeline import bin_of, open_timeline, row_text
from workbench.tui.widgets.timeline import TimelineView


def case_rows(view: TimelineView) -> dict[str, int]:
    return {r.label.removeprefix("▹ "): i for i, r in enumerate(view.rows) if r.kind == "case"}


async def test_c_draws_a_row_per_case_with_its_crossings(make, dated_project):
    app = make()
    async with app.run_test(size=(140, 44)) as pilot:
        screen = await open_timeline(pilot)
        view = screen.query_one(TimelineView)
        assert not case_rows(view)
        await pilot.press("C")
        await settle(pilot, rounds=8)
        assert screen.case_timing is not None
        rows = case_rows(view)
        assert set(rows) == {"Alpha", "Beta", "Gamma", "Northbridge"}
        # under the pooled phases: after the fixed header rows, before the themes
        assert min(rows.values()) == view.header
        frontiers = row_text(view, "frontiers", 0)
        pooled = [i for i, ch in enumerate(frontiers) if ch == "┃"]
        assert len(pooled) == 2
        for name in ("Alpha", "Beta", "Gamma"):
            text = view.plain(rows[name])
            marks = [i for i, ch in enumerate(text) if ch == "┃"]
            # every case follows the pooled quarters: crossings within a bin of the pooled
            assert len(marks) == 2, text
            for mine, theirs in zip(marks, pooled, strict=True):
                assert abs(mine - theirs) <= view.cell, (name, text)
            assert " 1" in text
            assert " 2" in text
            assert "LATE" not in text
            assert "EARLY" not in text
            assert "━" in text
        assert "skipped: no codings" in view.plain(rows["Northbridge"])
        note = str(screen.query_one("#timeline-cases-note", Static).content)
        assert "┃ crossing" in note
        assert "3 of 4 cases placed" in note
        assert "0 flagged" in note
        # the cursor on a case row says its crossings in words
        view.move_to(rows["Beta"])
        await settle(pilot)
        info = screen.describe_case(view.cursor.key)
        assert info.startswith("Beta · 36 events: early | middle 2002-01-01 (+0 d)")
        # Enter on a case row lists that case's coded segments in the bin, and only its
        view.move_to(rows["Beta"], bin_of(screen, "2002-01-01"))
        await pilot.press("enter")
        await settle(pilot, rounds=4)
        title = str(screen.query_one("#quotes-title", Static).content)
        assert title.startswith("Beta in 2002 Q1: 2 coded segments")
        assert screen.quotes
        assert {q.case for q in screen.quotes} == {"Beta"}
        view.focus()
        await settle(pilot)
        # C again takes them away
        await pilot.press("C")
        await settle(pilot)
        assert not case_rows(view)
        assert screen.query_one("#timeline-cases-note").has_class("-empty")


async def test_case_rows_follow_a_new_bin_size(make, dated_project):
    app = make()
    async with app.run_test(size=(140, 44)) as pilot:
        screen = await open_timeline(pilot)
        await pilot.press("C")
        await settle(pilot, rounds=8)
        first = screen.case_timing
        assert first is not None
        await pilot.press("f")  # quarters -> half-years: bracketed again, cases placed again
        await settle(pilot, rounds=10)
        assert screen.run is not None
        assert screen.run.freq == "half"
        view = screen.query_one(TimelineView)
        assert case_rows(view)
        assert screen.case_timing is not first


async def test_case_rows_are_in_the_palette_and_help(make, dated_project):
    from workbench.tui.screens.help import help_table

    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_timeline(pilot)
        names = [name for name, _, _ in screen.palette_commands()]
        assert "bracket: Case rows" in names
    text = str(help_table({}).columns[1]._cells)
    assert "A row per case under the pooled phases" in text


def test_a_late_case_is_drawn_late_and_flagged_and_a_stuck_one_not_crossed():
    """On a planted corpus (independent generator): the late cases' ``┃`` stands about 18
    months right of the pooled frontier with LATE beside it; the stuck case has ``×`` at
    the pooled date and "not crossed"; on-time cases cross within a few bins of it."""
    from bisect import bisect_right

    from rich.style import Style

    from workbench.bracketing import BracketParams, bracket
    from workbench.bracketing.case_shift import case_timing
    from workbench.bracketing.synthetic_cases import generate_cases
    from workbench.tui.widgets.timeline_cases import draw_case

    shifts = [(0, 0)] * 8 + [(18, 18)] * 2 + [(None, None)]
    data = generate_cases(shifts=shifts, events_per_case=300, difficulty="easy", seed=3)
    pooled = bracket(list(data.events), params=BracketParams(bootstrap=0, seed=1))
    timing = case_timing(list(data.events), pooled, replicates=60, seed=2)
    starts = pooled.timeline.bin_starts

    def bin_of(day):
        return max(0, min(bisect_right(starts, day) - 1, len(starts) - 1))

    cell = 2
    pooled_col = [bin_of(d) * cell for d in timing.pooled_frontiers]
    rows = {}
    for case in timing.cases:
        chars, styles = [" "] * (len(starts) * cell), [Style()] * (len(starts) * cell)
        draw_case(
            case,
            chars,
            styles,
            cell=cell,
            bin_of=bin_of,
            column_of=lambda day: bin_of(day) * cell,
            interval=Style(),
            marker=Style(bold=True),
            dim=Style(dim=True),
        )
        rows[case.case] = "".join(chars)
    names = [t.case for t in data.truth]
    late, stuck, on_time = names[8:10], names[10], names[:8]
    months_per_bin = {"month": 1, "quarter": 3, "half": 6, "year": 12}[pooled.timeline.bin_unit]
    for name in late:
        text = rows[name]
        assert "LATE" in text, text
        first = text.index("┃")
        assert (first - pooled_col[0]) // cell * months_per_bin >= 12, text
    assert "× 1 not crossed" in rows[stuck]
    assert "┃" not in rows[stuck][: pooled_col[0] + 1]
    calm = [n for n in on_time if "LATE" not in rows[n] and "EARLY" not in rows[n]]
    assert len(calm) >= 7
    for name in calm:
        first = rows[name].index("┃")
        assert abs(first - pooled_col[0]) // cell * months_per_bin <= 6, rows[name]


async def test_without_cases_the_note_says_so_in_one_line(make, dated_project):
    from sqlalchemy import delete, update

    from workbench.store.models import Case, Document

    project, _ = dated_project
    with project.uow() as uow:  # the same study with its documents' cases taken away
        uow.session.execute(update(Document).values(case_id=None))
        uow.session.execute(delete(Case))
    app = make()
    async with app.run_test(size=(140, 44)) as pilot:
        screen = await open_timeline(pilot)
        await pilot.press("C")
        await settle(pilot, rounds=8)
        view = screen.query_one(TimelineView)
        assert not case_rows(view)
        note = str(screen.query_one("#timeline-cases-note", Static).content)
        assert note == "Cases: the project has no cases: give documents a case to compare cases"
        assert "No case rows: the project has no cases" in status(pilot)
