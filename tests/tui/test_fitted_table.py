"""Tables fit the terminal without cutting a figure; words end in "…"."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.widgets import DataTable

from tests.tui.helpers import settle
from workbench.tui.widgets.fitted_table import Column, _cell, fit_widths, fits

COLUMNS = (
    Column("Title", weight=3, minimum=12, rest=True),
    Column("Case", minimum=6),
    Column("Date", figure=True),
    Column("Coded", figure=True, justify="right"),
)
ROWS = [
    ("Field notes: Selworth open day and the workshop after it", "Selworth", "2000-10-12", "72%"),
    ("Prospectus", "Brackenholme", "1999-03", "5%"),
]


@pytest.mark.parametrize("width", [40, 60, 80, 100, 160])
def test_figures_keep_their_width_and_words_share_the_rest(width):
    widths = fit_widths(COLUMNS, ROWS, width)
    assert widths[2] == len("2000-10-12")
    assert widths[3] == len("Coded")
    assert widths[0] >= 12
    assert widths[1] >= 6
    if fits(COLUMNS, ROWS, width):
        assert sum(widths) + 2 * len(COLUMNS) + 2 == width  # the title takes what is left


def test_fits_asks_for_the_figures_and_the_words_minimums_or_every_word():
    figures = len("2000-10-12") + len("Coded")
    least = figures + 12 + 6 + 2 * len(COLUMNS) + 2
    assert fits(COLUMNS, ROWS, least)
    assert not fits(COLUMNS, ROWS, least - 1)
    assert not fits(COLUMNS, ROWS, least, whole=True)
    every = figures + len(ROWS[0][0]) + len("Brackenholme") + 2 * len(COLUMNS) + 2
    assert fits(COLUMNS, ROWS, every, whole=True)


def test_a_word_cell_that_does_not_fit_ends_in_an_ellipsis():
    cell = _cell(ROWS[0][0], COLUMNS[0], 20, 1)
    assert cell.plain == "Field notes: Selwor…"
    assert _cell("Prospectus", COLUMNS[0], 20, 1).plain == "Prospectus"


def test_a_figure_cell_is_never_cut_and_words_wrap_onto_its_lines():
    assert _cell("2000-09-30 –\n2001-12-31", COLUMNS[2], 4, 2).plain == "2000-09-30 –\n2001-12-31"
    wrapped = Column("Frontier", wrap=True)
    cell = _cell(Text("study: duplicative imitation → adaptation"), wrapped, 16, 3)
    assert cell.plain.split("\n") == ["study:", "duplicative", "imitation → ada…"]


async def test_document_list_at_80x24_shows_whole_dates(make, coded_project, tmp_path):
    from workbench.services.documents import import_file

    f = tmp_path / "notes.txt"
    f.write_text("We visited the council on a grey morning.\n", encoding="utf-8")
    import_file(
        coded_project,
        path=f,
        title="Field notes: Selworth open day and the workshop that followed it",
        kind="fieldnote",
        case="Brackenholme",
        date="2000-10-12",
    )
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        rows = [[c.plain for c in table.get_row_at(i)] for i in range(table.row_count)]
        notes = next(r for r in rows if r[3] == "2000-10-12")
        assert notes[0].endswith("…")
        assert notes[0].startswith("Field notes: Sel")
        assert table.columns[table.ordered_columns[3].key].width >= len("2000-10-12")
        assert table.virtual_size.width <= table.size.width  # nothing off to the right
        await pilot.resize_terminal(160, 40)
        await settle(pilot)
        rows = [[c.plain for c in table.get_row_at(i)] for i in range(table.row_count)]
        notes = next(r for r in rows if r[3] == "2000-10-12")
        assert notes[0] == "Field notes: Selworth open day and the workshop that followed it"
