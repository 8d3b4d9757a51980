"""Reports built from the demo study: their numbers are the services' numbers, and every
report renders in every format with real headings, tables, charts and no network links."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from itertools import combinations

import pytest

from tests.report.demo import shared_demo, shared_root
from workbench.core.errors import InputError, NotFoundError
from workbench.report.model import QuoteBlock, Table

FORMATS = ("md", "html", "docx", "csv", "json")
KINDS = ("phases", "agreement", "codebook", "segments", "matrix")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    project = shared_demo(shared_root(tmp_path_factory))
    yield project
    project.close()


@pytest.fixture(scope="module")
def reports(demo):
    from workbench.services.reports import build_report

    return {
        "phases": build_report(demo, "phases", scheme="study", coders=["ana"], level=0),
        "agreement": build_report(
            demo, "agreement", coders=["ana", "ben"], bootstrap=50, over_time="year"
        ),
        "codebook": build_report(demo, "codebook"),
        "segments": build_report(demo, "segments", context=60),
        "matrix": build_report(demo, "matrix", within=150),
    }


def _rows(table: Table) -> list[dict[str, object]]:
    keys = [c.key for c in table.columns]
    return [dict(zip(keys, row, strict=True)) for row in table.rows]


# --------------------------------------------------------------------------- content


def test_phase_report_gives_each_frontier_its_verdict_and_the_diagnostics(reports):
    from workbench.report.model import BulletList

    tests = _rows(reports["phases"].table("frontier-tests"))
    assert [t["verdict"] for t in tests] == ["supported", "supported"]
    assert all(t["stated_inside"] == "inside" for t in tests)
    assert all(t["interval_start"] < t["interval_end"] for t in tests)
    bullets = [
        item for b in reports["phases"].blocks() if isinstance(b, BulletList) for item in b.items
    ]
    assert any("is the change here? supported" in item for item in bullets)
    assert any("more coarsely than one quarter bin" in item for item in bullets)


def test_phase_report_carries_the_bracketing_numbers(demo, reports):
    from workbench.services.bracketing import run_bracketing

    result, _ = run_bracketing(
        demo, scheme="study", coders=["ana"], level=0, params={"bin_unit": "quarter"}
    )
    report = reports["phases"]
    assert report.title == "Phase timeline: scheme “study”"
    researcher = result.researcher
    assert researcher is not None
    phases = _rows(report.table("phases"))
    assert [p["phase"] for p in phases] == [
        "duplicative imitation",
        "adaptation",
        "creative innovation",
    ]
    assert [p["events"] for p in phases] == [p.n_events for p in researcher.phases]
    assert [p["sources"] for p in phases] == [p.n_sources for p in researcher.phases]
    tests = _rows(report.table("frontier-tests"))
    assert [t["p_value"] for t in tests] == [f.test.p_value for f in researcher.frontiers]
    assert all(t["p_value"] < 0.01 for t in tests)
    k_path = _rows(report.table("k-path"))
    assert [(k["k"], k["bic"]) for k in k_path] == [(e.k, e.bic) for e in result.proposal.path]
    continuity = {r["theme_id"]: r for r in _rows(report.table("continuity"))}
    assert continuity["innovation"]["frontier_2"] == "emergent"
    assert dict(report.manifest)["Events SHA-256"] == result.manifest.events_sha256
    assert (
        "workbench report phases --scheme study --coder ana --level 0"
        in dict(report.manifest)["Command"]
    )
    # Exemplar quotes carry the coding's full text and cite source, date and case.
    quotes = [b for b in report.blocks() if isinstance(b, QuoteBlock)]
    assert len(quotes) == sum(len(p.exemplars) for p in researcher.phases)
    first = researcher.phases[0].exemplars[0]
    assert first.source in quotes[0].attribution
    assert first.start.isoformat() in quotes[0].attribution
    assert (first.case or "") in quotes[0].attribution
    assert quotes[0].text.startswith(" ".join(first.text.split())[:100])
    assert {f.id for f in report.figures()} == {"timeline", "k-path-chart", "case-paths"}


def test_agreement_report_carries_every_statistic(demo, reports):
    from workbench.services.agreement import compute_agreement, list_disagreements

    run = compute_agreement(demo, coders=["ana", "ben"], bootstrap=50)
    report = reports["agreement"]
    rows = {r["code_id"]: r for r in _rows(report.table("per-code"))}
    for code in run.report.codes:
        stats = code.statistics
        row = rows[code.code]
        assert row["alpha"] == stats.krippendorff_alpha.value
        assert row["cohen_kappa"] == stats.cohen_kappa.value
        assert row["fleiss_kappa"] == stats.fleiss_kappa.value
        assert row["ac1"] == stats.gwet_ac1.value
        assert row["brennan_prediger"] == stats.brennan_prediger.value
        assert row["percent_agreement"] == stats.percent_agreement.value
        assert row["alpha_low"] == stats.bootstrap.lower
        assert row["alpha_high"] == stats.bootstrap.upper
    pooled = rows["(pooled)"]
    assert pooled["alpha"] == run.report.pooled.krippendorff_alpha.value
    assert pooled["units"] == run.report.pooled.n_units
    u_alpha = dict(zip([c.code for c in run.report.codes], run.unitized, strict=True))
    assert rows["push"]["u_alpha"] == u_alpha["push"].value
    splits = [r for r in _rows(report.table("disagreements")) if r["code_id"] == "tacit"]
    expected = list_disagreements(demo, coders=["ana", "ben"], code="tacit")
    assert [(s["document"], s["start"]) for s in splits] == [
        (d.document, d.start) for d in expected
    ]
    counts = {r["code_id"]: r["disagreements"] for r in _rows(report.table("disagreement-counts"))}
    assert counts["tacit"] == len(expected)


def test_codebook_report_counts_the_chosen_coders_codings(demo, reports):
    from workbench.services.codings import list_codings
    from workbench.services.documents import list_documents

    report = reports["codebook"]
    codings = list_codings(demo.uow(), coder="consensus")
    per_code = Counter(c.code for c in codings)
    overview = {r["code_id"]: r for r in _rows(report.table("codes"))}
    assert overview["tacit"]["segments"] == per_code["tacit"]
    assert overview["push"]["with_children"] == sum(
        n for code, n in per_code.items() if code == "push" or code.startswith("push.")
    )
    cases = {d.id: d.case for d in list_documents(demo)}
    by_case = {r["code_id"]: r for r in _rows(report.table("by-case"))}
    northbridge = sum(
        1 for c in codings if c.code == "tacit" and cases[c.document_id] == "Northbridge"
    )
    assert by_case["tacit"]["Northbridge"] == northbridge
    assert by_case["tacit"]["total"] == per_code["tacit"]
    by_phase = report.table("by-phase")
    assert [c.label for c in by_phase.columns[2:5]] == [
        "duplicative imitation",
        "adaptation",
        "creative innovation",
    ]
    assert "consensus" in dict(report.manifest)["Coders"]
    text = " ".join(str(b) for b in report.blocks())
    assert "Do not use when" in text
    assert "Learning pull (pull)" in text  # push's exclusion criterion, from the YAML
    about = report.sections[0].blocks[0]
    assert "Inter-organisational learning and innovation" in about.text


def test_segment_report_quotes_every_segment_in_context(demo, reports):
    from workbench.services.codings import list_codings

    report = reports["segments"]
    codings = {c.id: c for c in list_codings(demo.uow(), coder="consensus")}
    rows = _rows(report.table("segments"))
    assert len(rows) == len(codings)
    for row in rows[:50]:
        coding = codings[row["coding_id"]]
        assert row["quote"] == coding.quote
        assert row["code_id"] == coding.code
        assert len(row["before"]) <= 60
    quotes = [b for b in report.blocks() if isinstance(b, QuoteBlock)]
    assert len(quotes) == len(codings)
    assert any(q.before and q.after for q in quotes)


def _brute_cooccurrence(codings, up, within):
    pairs = Counter()
    for a, b in combinations(codings, 2):
        if a.document_id != b.document_id or a.coder != b.coder:
            continue
        x, y = up[a.code], up[b.code]
        if x == y:
            continue
        gap = max(a.start, b.start) - min(a.end, b.end)
        if (within is None and gap < 0) or (within is not None and gap <= within):
            pairs[frozenset((x, y))] += 1
    return pairs


def test_matrix_report_matches_a_brute_force_count(demo, reports):
    from workbench.services.codebook import list_codes
    from workbench.services.codings import list_codings

    report = reports["matrix"]
    codings = list_codings(demo.uow(), coder="consensus")
    parent = {c.guid: c.parent_guid for c in list_codes(demo.uow())}
    up = {g: (p or g) for g, p in parent.items()}  # the demo codebook is two levels deep
    for table_id, within in (("overlap", None), ("within", 150)):
        pairs = _brute_cooccurrence(codings, up, within)
        rows = {r["code_id"]: r for r in _rows(report.table(table_id))}
        for (a, b), n in [(tuple(k), v) for k, v in pairs.items()][:40]:
            assert rows[a][b] == n == rows[b][a], (table_id, a, b)
        assert rows["peer"]["peer"] == sum(1 for c in codings if up[c.code] == "peer")
    by_case = _rows(report.table("by-case"))
    assert by_case[-1]["code"] == "Total"
    assert by_case[-1]["total"] == len(codings)
    by_phase = _rows(report.table("by-phase"))
    assert by_phase[-1]["total"] == len(codings)  # every consensus segment is dated


def test_report_errors_are_user_errors(demo):
    from workbench.services.reports import build_report

    with pytest.raises(NotFoundError, match="no bracket scheme"):
        build_report(demo, "matrix", scheme="nope")
    with pytest.raises(InputError, match="two coders"):
        build_report(demo, "agreement", coders=["ana"])
    with pytest.raises(InputError, match="report must be one of"):
        build_report(demo, "summary")


# --------------------------------------------------------------------------- rendering


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("kind", KINDS)
def test_every_report_renders_in_every_format(reports, kind, fmt, tmp_path):
    from workbench.report.export import write_report

    report = reports[kind]
    path = tmp_path / f"{kind}.{fmt}"
    written = write_report(report, path, fmt)
    assert written[0] == path
    assert path.stat().st_size > 0
    shown = [t for t in report.tables() if t.shown]
    first = shown[0]
    label = first.columns[first.display_columns[1]].label
    if fmt == "md":
        text = path.read_text(encoding="utf-8")
        assert text.startswith(f"# {report.title}")
        assert f"**Table 1.** {first.title}" in text
        assert f"| {label} |" in text
        figures = {p.name for p in written[1:]}
        assert figures == {f"{f.id}.{x}" for f in report.figures() for x in ("svg", "png")}
        for f in report.figures():
            assert f"]({path.stem}_figures/{f.id}.svg)" in text
    elif fmt == "html":
        text = path.read_text(encoding="utf-8")
        assert "http://" not in text
        assert "https://" not in text
        assert "<link" not in text
        assert "<script" not in text
        assert text.count("<svg") == len(report.figures())
        assert text.count("<table") == len(shown)
        assert f"<h1>{report.title}</h1>" in text
        assert "@media print" in text
    elif fmt == "docx":
        import docx

        document = docx.Document(str(path))
        assert len(document.tables) == len(shown)
        header = [c.text for c in document.tables[0].rows[0].cells]
        assert header == [first.columns[i].label for i in first.display_columns]
        chapters = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
        assert chapters == [s.title for s in report.printed_sections()]
        assert document.paragraphs[0].style.name == "Title"
        assert len(document.inline_shapes) == len(report.figures())
        assert document.core_properties.title == report.title
    elif fmt == "csv":
        primary = report.table(report.primary_table)
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
        assert list(rows[0]) == [c.key for c in primary.columns]
        assert len(rows) == len(primary.rows)
        assert len(written) == len(report.tables())
    else:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["report"] == kind
        assert set(data["tables"]) == {t.id for t in report.tables()}
        primary = report.table(report.primary_table)
        assert len(data["tables"][primary.id]["rows"]) == len(primary.rows)
        assert data["manifest"]["Project"] == "demo"


def test_csv_and_json_keep_raw_numbers(reports, tmp_path):
    from workbench.report.export import write_report

    report = reports["agreement"]
    write_report(report, tmp_path / "a.csv", "csv")
    write_report(report, tmp_path / "a.json", "json")
    table = report.table("per-code")
    alpha = dict(zip(table.column("code_id"), table.column("alpha"), strict=True))
    rows = list(csv.DictReader((tmp_path / "a.csv").open(encoding="utf-8")))
    assert float(rows[0]["alpha"]) == alpha[rows[0]["code_id"]]  # full precision, not 0.768
    data = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    first = data["tables"]["per-code"]["rows"][0]
    assert first["alpha"] == alpha[first["code_id"]]
    assert (tmp_path / "a-disagreements.csv").exists()
    phases = json.loads(_json(reports["phases"], tmp_path / "p.json").read_text(encoding="utf-8"))
    assert phases["data"]["manifest"]["n_events"] == reports["phases"].data["manifest"]["n_events"]


def _json(report, path):
    from workbench.report.export import write_report

    write_report(report, path, "json")
    return path


def test_greyscale_charts_and_figure_files(reports, tmp_path):
    from workbench.report.export import write_report
    from workbench.report.palette import GREYSCALE

    written = write_report(
        reports["agreement"],
        tmp_path / "a.html",
        "html",
        palette=GREYSCALE,
        figures_dir=tmp_path / "f",
    )
    pngs = [p for p in written if p.suffix == ".png"]
    svgs = [p for p in written if p.suffix == ".svg"]
    # α per code, and α on the dates of passages both coders coded.
    assert len(pngs) == len(svgs) == len(reports["agreement"].figures()) == 2
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in pngs)
    svg = svgs[0].read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml")
    assert "<svg" in svg
    # Grey-scale means no saturated colour anywhere in the drawing.
    import numpy as np
    from PIL import Image

    for png in pngs:
        pixels = np.asarray(Image.open(png).convert("RGB"), dtype=int)
        assert int((pixels.max(axis=2) - pixels.min(axis=2)).max()) < 8


def test_without_a_scheme_the_proposed_phases_lead(demo):
    from workbench.report.markdown import render_markdown
    from workbench.services.reports import build_report

    report = build_report(demo, "phases", coders=["ben"], level=0, freq="half")
    assert report.title == "Phase timeline: phases proposed from the data"
    assert report.table("phases").column("phase")[0] == "P1"
    assert report.table("frontier-tests").columns[9].key == "p_value"
    assert report.table("frontier-tests").display_columns.count(9) == 0  # no p for a search
    assert "--freq half" in dict(report.manifest)["Command"]
    assert "No p-value is given" in render_markdown(report)  # charts left as captions


def test_a_codebook_report_before_anyone_has_coded(project, tmp_path):
    from tests.conftest import LEARNING
    from workbench.report.export import write_report
    from workbench.services.codebook import load_codebook_file
    from workbench.services.reports import build_report

    load_codebook_file(project.uow(), path=LEARNING, actor="alice")
    report = build_report(project, "codebook")
    assert set(report.table("codes").column("segments")) == {0}
    assert [t.id for t in report.tables() if t.shown] == ["codes"]
    text = write_report(report, tmp_path / "c.html", "html")[0].read_text(encoding="utf-8")
    assert "No codings yet." in text
    assert "Dissemination push" in text
    with pytest.raises(InputError, match="no codings yet"):
        build_report(project, "matrix")


def test_phase_report_places_each_case_on_the_pooled_frontiers(demo, reports):
    """The "Cases" section is the per-case timing (as ``bracket --cases``): a row per case
    and pooled frontier, the rule said above the table, and skipped cases listed."""
    from workbench.report.model import Paragraph
    from workbench.services.case_bracketing import project_case_names

    report = reports["phases"]
    rows = _rows(report.table("case-timing"))
    assert {r["case"] for r in rows} == set(project_case_names(demo))
    placed = [r for r in rows if r["frontier"]]
    assert placed, rows
    for r in placed:
        assert r["status"].split(":")[0] in ("found", "not crossed", "too few events to tell")
        if r["status"] == "found":
            low, high = r["low_days"], r["high_days"]
            assert low == "before its codings" or int(low) <= int(r["shift_days"])
            assert high == "after its codings" or int(r["shift_days"]) <= int(high)
    texts = [b.text for b in report.blocks() if isinstance(b, Paragraph)]
    assert any("Rule: a case is flagged late (early)" in t for t in texts)
