"""The renderers on a small hand-built report: every block kind, in every format."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from workbench.report.chartspec import HeatmapChart, IntervalChart
from workbench.report.formatting import format_cell, format_p, format_resampled_p
from workbench.report.model import (
    BulletList,
    Column,
    Figure,
    Paragraph,
    QuoteBlock,
    Report,
    Section,
    Table,
)

WHEN = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)


def small_report() -> Report:
    table = Table(
        "stats",
        "Agreement | per code",
        (
            Column("code_id", "Id", display=False),
            Column("code", "Code"),
            Column("alpha", "α", "float", undefined="undefined"),
            Column("share", "Share", "share"),
            Column("p", "p", "p"),
            Column("ci", "CI", hide_if_empty=True),
        ),
        (
            ("push", "Dissemination *push*", 0.7682, 0.18, 0.0004, None),
            ("pull", "Learning pull", None, 0.004, 0.0312, None),
        ),
        notes=("α undefined for pull: no variation.",),
        emphasis_rows=frozenset({1}),
    )
    chart = HeatmapChart(("a", "b"), ("x", "y"), ((1, 2), (0, None)), "segments")
    forest = IntervalChart(("a", "b"), (0.8, None), (0.7, None), (0.9, None), "α")
    return Report(
        kind="test",
        title="A <small> report",
        subtitle="project · today",
        sections=(
            Section(
                "First",
                (
                    Paragraph("Body text with a [link-like] bit and 5 * 3."),
                    Paragraph("A note.", style="note"),
                    BulletList(("one", "two")),
                    table,
                    Figure("heat", "A heat map.", chart, width="column"),
                ),
                (
                    Section(
                        "Child",
                        (
                            QuoteBlock(
                                "the coded words",
                                "Interview 1 (North); 2001",
                                "before ",
                                " after",
                                "push",
                            ),
                            QuoteBlock("a lone quote", "Document 2"),
                            Figure("forest", "A forest plot.", forest),
                        ),
                    ),
                ),
            ),
        ),
        manifest=(("Project", "p"), ("Seed", "1")),
        extra_tables=(Table("raw", "Raw", (Column("n", "N", "int"),), ((1,), (2,)), shown=False),),
        primary_table="stats",
        generated=WHEN,
    )


def test_cells_print_undefined_never_zero():
    column = Column("alpha", "α", "float", undefined="undefined")
    assert format_cell(None, column) == "undefined"
    assert format_cell(-0.0001, column) == "0.000"
    assert format_cell(-0.25, column) == "−0.250"
    assert format_cell(0.004, Column("s", "s", "share")) == "0.4%"
    assert format_cell(0.998, Column("s", "s", "share", digits=1)) == "99.8%"
    assert format_cell(dt.date(2001, 7, 1), Column("d", "d", "date")) == "2001-07-01"
    assert (format_p(0.0004), format_p(0.0312), format_p(1.0)) == ("< .001", ".031", "1.000")
    # a resampled p at its floor (no resample as extreme) is a bound, not a measured value
    assert format_resampled_p(1 / 201, 200) == "≤ .005"
    assert format_resampled_p(3 / 201, 200) == ".015"
    assert format_resampled_p(1 / 2001, 2000) == "< .001"


def test_report_checks_ids_and_numbers_tables_and_figures():
    report = small_report()
    assert report.numbering() == {"stats": "Table 1", "heat": "Figure 1", "forest": "Figure 2"}
    assert [t.id for t in report.tables()] == ["stats", "raw"]
    assert report.printed_sections()[-1].title == "Reproducibility manifest"
    assert report.table("stats").display_columns == (1, 2, 3, 4)  # empty CI column hidden
    with pytest.raises(ValueError, match="duplicate"):
        Report(
            "x",
            "t",
            "",
            (Section("s", (report.table("stats"),)),),
            extra_tables=(report.table("stats"),),
        )
    with pytest.raises(ValueError, match="row 0 has 1 cells"):
        Table("t", "t", (Column("a", "a"), Column("b", "b")), (("x",),))


def test_markdown_escapes_and_links_figures():
    from workbench.report.markdown import render_markdown

    text = render_markdown(small_report(), figure_paths={"heat": "f/heat.svg"})
    assert text.startswith("# A \\<small> report\n")
    assert "| Code | α | Share | p |" in text
    assert "|---|---:|---:|---:|" in text
    assert "| Dissemination \\*push\\* | 0.768 | 18% | < .001 |" in text
    assert "| **Learning pull** | **undefined** | **0.4%** | **.031** |" in text
    assert "**Table 1.** Agreement | per code" in text
    assert "![A heat map.](f/heat.svg)" in text
    assert "[**Figure 2.** A forest plot.]" in text  # no file given: the caption stands in
    assert "> *push:* …before **the coded words** after…" in text
    assert "> a lone quote" in text
    assert "- **Seed**: 1" in text


def test_html_is_self_contained_with_inline_svg():
    from workbench.report.html import render_html

    text = render_html(small_report())
    assert "http://" not in text
    assert "https://" not in text
    assert text.count("<svg") == 2
    assert "<title>A &lt;small&gt; report</title>" in text
    assert 'id="heat-' in text  # ids prefixed per figure
    assert 'id="forest-' in text
    assert "<?xml" not in text
    assert "<!DOCTYPE svg" not in text
    assert '<td class="num">0.768</td>' in text
    assert '<tr class="emph">' in text
    assert "<th" in text
    assert "CI" not in text.split("<table")[1].split("</table>")[0]
    assert '<span class="context">…before </span><strong>the coded words</strong>' in text


def test_docx_has_headings_tables_quotes_and_pictures():
    import docx

    from workbench.report.docx import render_docx

    document = docx.Document(io.BytesIO(render_docx(small_report())))
    styles = [(p.style.name, p.text) for p in document.paragraphs]
    assert ("Title", "A <small> report") in styles
    assert ("Heading 1", "First") in styles
    assert ("Heading 2", "Child") in styles
    assert ("Heading 1", "Reproducibility manifest") in styles
    assert any(name == "Quote" and "the coded words" in text for name, text in styles)
    assert any(name == "Caption" and text.startswith("Table 1. ") for name, text in styles)
    assert any(name == "List Bullet" and text == "one" for name, text in styles)
    (table,) = document.tables
    assert [c.text for c in table.rows[0].cells] == ["Code", "α", "Share", "p"]
    assert [c.text for c in table.rows[2].cells] == ["Learning pull", "undefined", "0.4%", ".031"]
    assert table.rows[0]._tr.trPr.xpath("./w:tblHeader")  # repeats on every page
    assert len(document.inline_shapes) == 2
    assert document.core_properties.title == "A <small> report"


def test_csv_and_json_export_every_table_raw():
    from workbench.report.tabular import render_csv_tables, render_json

    tables = render_csv_tables(small_report())
    assert set(tables) == {"stats", "raw"}
    rows = list(csv.DictReader(io.StringIO(tables["stats"])))
    assert list(rows[0]) == ["code_id", "code", "alpha", "share", "p", "ci"]
    assert rows[0]["alpha"] == "0.7682"
    assert rows[1]["alpha"] == ""
    data = json.loads(render_json(small_report()))
    assert data["tables"]["stats"]["rows"][1] == {
        "code_id": "pull",
        "code": "Learning pull",
        "alpha": None,
        "share": 0.004,
        "p": 0.0312,
        "ci": None,
    }
    assert data["manifest"] == {"Project": "p", "Seed": "1"}
    assert data["generated"] == "2026-01-02T03:04:05+00:00"


def test_write_report_writes_atomically_and_beside(tmp_path):
    from workbench.report.export import write_report

    written = write_report(small_report(), tmp_path / "out" / "r.csv", "csv")
    assert [p.name for p in written] == ["r.csv", "r-raw.csv"]
    written = write_report(small_report(), tmp_path / "r.md", "md")
    assert [p.name for p in written[1:]] == ["heat.svg", "heat.png", "forest.svg", "forest.png"]
    assert written[1].parent.name == "r_figures"
    assert not list(tmp_path.rglob("*.part"))
    with pytest.raises(ValueError, match="format must be one of"):
        write_report(small_report(), tmp_path / "r.pdf", "pdf")


def test_charts_are_reproducible_and_need_no_display():
    import sys

    from workbench.report.charts import _cached, render_chart
    from workbench.report.palette import GREYSCALE

    spec = small_report().figures()[0].chart
    _cached.cache_clear()
    first = render_chart(spec, "svg", GREYSCALE, 3.5)
    _cached.cache_clear()
    assert render_chart(spec, "svg", GREYSCALE, 3.5) == first  # no dates, fixed ids
    assert render_chart(spec, "png", GREYSCALE, 3.5).startswith(b"\x89PNG")
    assert "matplotlib.pyplot" not in sys.modules
    with pytest.raises(ValueError, match="svg or png"):
        render_chart(spec, "pdf")
