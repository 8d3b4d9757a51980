"""Reports and the REFI-QDA export from the command palette: real files, checked as the
command line's tests check them."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from tests.conftest import SHARED
from tests.tui.helpers import settle
from workbench.tui.screens.report_dialog import ReportDialog


async def _finish(pilot, dialog: ReportDialog) -> None:
    for _ in range(40):
        await settle(pilot)
        if not dialog.running:
            return
    raise AssertionError("the report did not finish")


async def _open(pilot, app, entry: str) -> ReportDialog:
    """The dialog a command-palette entry opens (typed as a user types it)."""
    await settle(pilot)
    await pilot.press("ctrl+p")
    await pilot.press(*entry)
    await pilot.pause(0.3)
    await pilot.press("enter")
    await settle(pilot)
    dialog = app.screen
    assert isinstance(dialog, ReportDialog)
    return dialog


async def test_codebook_report_from_the_palette(make, coded_project, tmp_path):
    out = tmp_path / "book.json"
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await _open(pilot, app, "report: Codebook")
        assert dialog.job.kind == "codebook"
        default = dialog.query_one("#report-out").value
        assert default.startswith(str(coded_project.exports_dir / "report-codebook-"))
        assert default.endswith(".md")
        dialog.query_one("#report-format").value = "json"
        await pilot.pause()
        assert dialog.query_one("#report-out").value.endswith(".json")  # suffix follows
        dialog.query_one("#report-out").value = str(out)
        await pilot.press("ctrl+s")
        await _finish(pilot, dialog)
        assert not dialog.failed, dialog.result
        assert dialog.result.startswith(f"wrote the codebook report (json): {out} in ")
        assert dialog.result.endswith(" s")
    assert json.loads(out.read_text())["report"] == "codebook"


async def test_report_in_markdown_to_the_exports_folder(make, coded_project, dated_project):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.action_report("segments")
        await settle(pilot)
        dialog = app.screen
        await pilot.press("ctrl+s")
        await _finish(pilot, dialog)
        assert not dialog.failed, dialog.result
    written = list(coded_project.exports_dir.glob("report-segments-*.md"))
    assert len(written) == 1
    assert written[0].read_text().lstrip().startswith("#")


async def test_qdpx_export_from_the_palette_is_valid(make, coded_project, tmp_path):
    out = tmp_path / "study.qdpx"
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await _open(pilot, app, "export: REFI")
        assert dialog.query_one("#report-out").value == str(
            coded_project.exports_dir / f"{coded_project.name}.qdpx"
        )
        dialog.query_one("#report-out").value = str(out)
        await pilot.press("ctrl+s")
        await _finish(pilot, dialog)
        assert not dialog.failed, dialog.result
        assert dialog.result.startswith(f"wrote {out}: 1 documents")
    qde = zipfile.ZipFile(io.BytesIO(out.read_bytes())).read("project.qde").decode("utf-8")
    assert "Interview 01" in qde
    xmlschema = pytest.importorskip("xmlschema", reason="xmlschema validates the exports")
    xsd = SHARED / "refi-qda" / "Project-mrt2019.xsd"
    if not xsd.exists():
        pytest.skip(f"{xsd} is absent (the REFI-QDA schema)")
    xmlschema.XMLSchema(str(xsd)).validate(qde)


async def test_a_bad_scheme_is_one_line_and_writes_nothing(make, coded_project, tmp_path):
    out = tmp_path / "book.md"
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.action_report("codebook")
        await settle(pilot)
        dialog = app.screen
        dialog.query_one("#report-scheme").value = "no-such-scheme"
        dialog.query_one("#report-out").value = str(out)
        await pilot.press("ctrl+s")
        await _finish(pilot, dialog)
        assert dialog.failed
        assert "\n" not in dialog.result
        assert "internal error" not in dialog.result
        assert "no-such-scheme" in dialog.result
    assert not out.exists()


async def test_nothing_coded_yet_is_said_in_one_line(make, coded_project):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.action_report("segments")
        await settle(pilot)
        dialog = app.screen
        await pilot.press("ctrl+s")
        await _finish(pilot, dialog)
        assert dialog.failed
        assert dialog.result == "no codings yet: code some segments first"
        assert "error: no codings yet" in str(dialog.query_one("#report-result").render())
    assert not list(coded_project.exports_dir.glob("report-segments-*"))


async def test_closing_while_it_runs_says_it_when_written(
    make, coded_project, dated_project, tmp_path, monkeypatch
):
    import threading

    from workbench.tui.screens import report_dialog

    out = tmp_path / "segments.md"
    release = threading.Event()
    real = report_dialog.run_job

    def held(*args, **kw):  # the report waits until the dialog is closed
        assert release.wait(10)
        return real(*args, **kw)

    monkeypatch.setattr(report_dialog, "run_job", held)
    app = make()
    told: list[str] = []
    shown = app.notify
    app.notify = lambda message, **kw: (told.append(message), shown(message, **kw))[1]
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.action_report("segments")
        await settle(pilot)
        dialog = app.screen
        dialog.query_one("#report-out").value = str(out)
        await pilot.press("ctrl+s")
        await pilot.pause(0.6)
        assert dialog.running
        assert "s" in str(dialog.query_one("#report-step").render())  # "starting… 0.5 s"
        await pilot.press("escape")
        assert not isinstance(app.screen, ReportDialog)
        release.set()
        await settle(pilot, 6)
    assert told[0].endswith("goes on in the background; you are told when it is written.")
    assert told[-1].startswith(f"wrote the segments report (md): {out} in "), told
    assert out.exists()


def test_help_lists_the_palette_entries():
    from rich.console import Console

    from workbench.tui.screens.help import help_table

    console = Console(width=160, record=True)
    console.print(help_table({}))
    shown = console.export_text()
    assert "Reports and export (ctrl+p)" in shown
    assert "report: Codebook" in shown
    assert "export: REFI-QDA project (.qdpx)" in shown


async def test_codings_csv_export_from_the_palette(make, coded_project, tmp_path):
    import csv

    from workbench.services.codings import add_coding

    add_coding(
        coded_project.uow(),
        document="Interview 01",
        code="imitation",
        coder="alice",
        quote="copied what they did",
    )
    out = tmp_path / "codings.csv"
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await _open(pilot, app, "export: Codings")
        assert dialog.job.kind == "codings"
        default = dialog.query_one("#report-out").value
        assert default.startswith(str(coded_project.exports_dir / "codings-"))
        assert default.endswith(".csv")
        dialog.query_one("#report-format").value = "jsonl"
        await pilot.pause()
        assert dialog.query_one("#report-out").value.endswith(".jsonl")  # suffix follows
        dialog.query_one("#report-format").value = "csv"
        await pilot.pause()
        dialog.query_one("#report-out").value = str(out)
        await pilot.press("ctrl+s")
        await _finish(pilot, dialog)
        assert not dialog.failed, dialog.result
        assert dialog.result.startswith(f"wrote 1 coding (csv): {out} in ")
    [row] = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert (row["code"], row["coder"], row["quote"]) == (
        "imitation",
        "alice",
        "copied what they did",
    )
