"""``workbench report ...`` on the demo study: files written, formats inferred, errors."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from workbench.cli.report import report


@pytest.fixture
def run(demo):
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(report, [*args, "-p", str(demo.root)], catch_exceptions=True)

    return invoke


def test_phases_report_to_word(run, tmp_path):
    out = tmp_path / "phases.docx"
    result = run("phases", "--scheme", "study", "--coder", "ana", "--level", "0", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert f"wrote the phases report (docx): {out}" in result.output
    assert out.read_bytes().startswith(b"PK")


def test_chart_files_beside_the_report(run, tmp_path):
    result = run(
        "agreement", "--codes", "tacit,push", "--out", str(tmp_path / "a.html"), "--greyscale",
        "--figures", str(tmp_path / "fig"),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "with 4 more file(s)" in result.output
    assert {p.name for p in (tmp_path / "fig").iterdir()} == {
        "alpha-by-code.svg",
        "alpha-by-code.png",
        "date-alpha-by-code.svg",
        "date-alpha-by-code.png",
    }


def test_format_follows_the_suffix_or_the_flag(run, tmp_path):
    result = run("codebook", "--out", str(tmp_path / "book.json"))
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "book.json").read_text())["report"] == "codebook"
    result = run("matrix", "--format", "csv", "--within", "80", "--out", str(tmp_path / "m.txt"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "m.txt").read_text().startswith("code_id,code,")
    assert (tmp_path / "m-within.txt").exists()
    result = run(
        "segments", "--codes", "innovation", "--limit", "2", "--out", str(tmp_path / "s.md")
    )
    assert result.exit_code == 0, result.output
    text = (tmp_path / "s.md").read_text()
    assert "## Segments" in text
    assert "### Creative innovation and next practice" in text
    assert "Creative innovation and next practice/Jointly created practice" in text
    assert "the first 2 are shown" in text


def test_agreement_needs_two_coders(run, tmp_path):
    from workbench.core.errors import InputError

    result = run("agreement", "--coder", "ana", "--out", str(tmp_path / "a.html"))
    assert isinstance(result.exception, InputError)
    assert not (tmp_path / "a.html").exists()


def test_help_lists_every_report():
    result = CliRunner().invoke(report, ["--help"])
    for kind in ("phases", "agreement", "codebook", "segments", "matrix"):
        assert kind in result.output
