"""REFI-QDA exchange through the services: round trip, re-import, failures, real samples."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from tests.conftest import SHARED
from workbench.core.errors import ConflictError, InputError
from workbench.interop.refi import RefiImportError
from workbench.services.bracketing import collect_events
from workbench.services.codebook import list_codes
from workbench.services.coders import add_coder, list_coders
from workbench.services.codings import add_coding, list_codings
from workbench.services.documents import import_file, list_documents
from workbench.services.exchange import (
    export_qdc,
    export_qdpx,
    import_qdc,
    import_qdpx,
    import_refi,
)
from workbench.services.phases import add_phase, list_phases
from workbench.services.project import init_project
from workbench.store.models import (
    Case,
    Code,
    Coder,
    Coding,
    DateMention,
    Document,
    Memo,
    Sentence,
    Turn,
)

REFI = SHARED / "refi-qda"
SAMPLES = REFI / "samples"


def sample(name: str) -> Path:
    path = SAMPLES / name
    if not path.exists():
        pytest.skip(f"{path} is absent (the REFI-QDA samples live in ../shared/refi-qda/samples)")
    return path


def fresh(tmp_path: Path, name: str = "copy"):
    return init_project(name, base=tmp_path / name, coder="alice")


def table_counts(project) -> dict[str, int]:
    with project.uow() as uow:
        s = uow.session
        return {
            m.__name__: s.scalar(select(func.count()).select_from(m)) or 0
            for m in (Document, Code, Coder, Coding, Memo, Case, Turn, Sentence, DateMention)
        }


@pytest.fixture
def study(coded_project, tmp_path):
    """The coded project with codings by two coders, dates, memos, a case and phases."""
    p = coded_project
    add_coder(p.uow(), handle="lee", name="Lee Park", role="lead")
    second = tmp_path / "guidance.txt"
    second.write_text(
        "Guidance round 3.\r\n\r\nCouncils adapted the   \r\nscheme locally.", "utf-8"
    )
    import_file(p, path=second, title="Guidance", kind="document", date="2001-07/2004-06")
    cues = tmp_path / "focus-group.vtt"
    cues.write_text(
        "WEBVTT\n\n00:00:02.000 --> 00:00:05.500\n<v Moderator>When did it start?\n\n"
        "00:00:06.000 --> 00:00:09.000\n<v Dawn>In spring 2002, after the open day.\n",
        "utf-8",
    )
    import_file(p, path=cues, title="Focus group", kind="interview", date="2004-03-25")
    add_coding(
        p.uow(),
        document="Interview 01",
        code="imitation",
        coder="alice",
        quote="copied what they did",
        event_date="2000",
        memo="they -- copied\r\nexactly",
    )
    add_coding(
        p.uow(),
        document="Interview 01",
        code="imitation",
        coder="bob",
        quote="copied what they did",
    )
    add_coding(
        p.uow(),
        document="Interview 01",
        code="tacit",
        coder="bob",
        quote="adapting ideas to our own context",
        origin="suggested",
    )
    add_coding(p.uow(), document="Guidance", code="adaptation", coder="lee", quote="adapted the")
    add_phase(
        p, scheme="study", label="imitation", start="1999", end="2001-06", justification="why"
    )
    add_phase(p, scheme="study", label="adaptation", start="2001-07", end="2004")
    with p.uow() as uow:
        s = uow.session
        case = s.scalar(select(Case).where(Case.name == "Northbridge"))
        case.attributes = {"region": "north"}
        alice = s.scalar(select(Coder).where(Coder.handle == "alice"))
        coding = s.scalar(select(Coding).where(Coding.memo.is_not(None)))
        code = s.scalar(select(Code).where(Code.guid == "tacit"))
        s.add(
            Memo(
                coder_id=alice.id,
                title="On copying",
                body="Memo body",
                coding_id=coding.id,
                document_id=coding.document_id,
            )
        )
        s.add(Memo(coder_id=alice.id, title=None, body="About tacit", code_id=code.id))
        s.add(Memo(coder_id=alice.id, title="Free", body="Unattached"))
    return p


def snapshot(project) -> dict[str, object]:
    """Everything the round trip must keep, without the database's own row ids."""
    docs = list_documents(project)
    with project.uow() as uow:
        s = uow.session
        rows = {d.guid: d for d in s.scalars(select(Document))}
        rows_by_id = {d.id: d.guid for d in rows.values()}
        coding_guid = dict(s.execute(select(Coding.id, Coding.guid)).all())
        memos = sorted(
            (
                m.guid,
                m.title,
                m.body,
                m.coder_id is not None,
                m.document_id is not None,
                m.code_id is not None,
                m.coding_id is not None,
            )
            for m in s.scalars(select(Memo))
        )
        turns = sorted(
            (
                t.document_id and rows_by_id[t.document_id],
                t.start,
                t.end,
                t.speaker,
                t.start_ms,
                t.end_ms,
            )
            for t in s.scalars(select(Turn))
        )
        mentions = s.scalar(select(func.count()).select_from(DateMention))
    events = collect_events(project)
    return {
        "documents": sorted(
            (
                d.guid,
                d.title,
                d.kind,
                d.case,
                d.date,
                d.length,
                d.sha256,
                d.turns,
                tuple(sorted(d.attributes.items())),
                rows[d.guid].text,
                rows[d.guid].date_precision,
            )
            for d in docs
        ),
        "codes": [
            (
                c.guid,
                c.codebook,
                c.name,
                c.path,
                c.parent_guid,
                c.status,
                c.colour,
                c.shortcut,
                c.description,
                c.inclusion,
                c.exclusion,
                c.examples,
                c.keywords,
                c.synonyms,
                c.phase_markers,
                c.codings,
            )
            for c in list_codes(project.uow(), include_inactive=True)
        ],
        "coders": [(c.handle, c.name, c.role, c.codings) for c in list_coders(project.uow())],
        "codings": sorted(
            (
                c.guid,
                c.document,
                c.start,
                c.end,
                c.code,
                c.coder,
                c.origin,
                c.event_date,
                c.memo,
                c.quote,
            )
            for c in list_codings(project.uow())
        ),
        "memos": memos,
        "phases": [
            (p.scheme, p.label, p.start, p.end, p.justification) for p in list_phases(project)
        ],
        "events": sorted(
            (
                coding_guid[e.event_id],
                e.theme,
                e.source,
                e.case,
                e.start,
                e.end,
                e.precision,
                e.date_source,
            )
            for e in events.dated
        ),
        "undated": len(events.undated),
        "turns": turns,
        "mentions": mentions,
    }


def test_export_then_import_into_a_new_project_reproduces_it_exactly(study, tmp_path):
    exported = export_qdpx(study, out=tmp_path / "study.qdpx")
    assert (exported.documents, exported.codings, exported.coders, exported.memos) == (3, 4, 3, 3)
    assert (exported.events, exported.phases) == (1, 2)  # own event dates
    copy = fresh(tmp_path)
    result = import_qdpx(copy, path=exported.path, actor="alice")
    assert (result.documents, result.codings, result.memos, result.phases) == (3, 4, 3, 2)
    assert result.coders == 2  # alice was there already
    assert result.event_dates == 1  # the coding's own date; the others are derived again
    before, after = snapshot(study), snapshot(copy)
    for key in before:
        assert after[key] == before[key], key
    assert any(turn[4] == 2000 for turn in after["turns"])  # subtitle cue times came back
    with copy.uow() as uow:
        case = uow.session.scalar(select(Case).where(Case.name == "Northbridge"))
        assert case.attributes == {"region": "north"}


def test_the_exported_project_is_valid_against_the_schema(study, tmp_path):
    xmlschema = pytest.importorskip("xmlschema", reason="xmlschema validates the exports")
    xsd = REFI / "Project-mrt2019.xsd"
    if not xsd.exists():
        pytest.skip(f"{xsd} is absent (the REFI-QDA schema lives in ../shared/refi-qda)")
    data = (export_qdpx(study, out=tmp_path / "s.qdpx").path).read_bytes()
    qde = zipfile.ZipFile(io.BytesIO(data)).read("project.qde").decode("utf-8")
    xmlschema.XMLSchema(str(xsd)).validate(qde)


def test_importing_the_same_file_again_changes_nothing(study, tmp_path):
    path = export_qdpx(study, out=tmp_path / "s.qdpx").path
    copy = fresh(tmp_path)
    import_qdpx(copy, path=path)
    counts = table_counts(copy)
    again = import_qdpx(copy, path=path)
    assert table_counts(copy) == counts
    assert (again.documents, again.codings, again.codes, again.memos, again.phases) == (0,) * 5
    assert (again.documents_matched, again.codings_present) == (3, 4)
    # Back into the project it came from: everything matches what is there.
    home = import_qdpx(study, path=path)
    assert (home.documents, home.codings, home.codes) == (0, 0, 0)


def rewrite_qde(path: Path, target: Path, edit) -> Path:
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(target, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "project.qde":
                data = edit(data.decode("utf-8")).encode("utf-8")
            dst.writestr(info, data)
    return target


def test_a_file_with_one_bad_selection_imports_nothing(study, tmp_path):
    good = export_qdpx(study, out=tmp_path / "s.qdpx").path
    bad = rewrite_qde(
        good,
        tmp_path / "bad.qdpx",
        lambda x: re.sub(r'endPosition="\d+"', 'endPosition="99999"', x, count=1),
    )
    copy = fresh(tmp_path)
    before = table_counts(copy)
    with pytest.raises(InputError, match=r"\[\d+, 99999\) lies outside its text"):
        import_qdpx(copy, path=bad)
    assert table_counts(copy) == before


def test_a_conflict_found_while_writing_rolls_everything_back(study, tmp_path):
    path = export_qdpx(study, out=tmp_path / "s.qdpx").path
    copy = fresh(tmp_path)
    other = tmp_path / "other.txt"
    other.write_text("A different text under the same GUID.", "utf-8")
    info = import_file(copy, path=other, title="Other")
    guid = next(d.guid for d in list_documents(study) if d.title == "Interview 01")
    with copy.uow() as uow:
        uow.session.get(Document, info.id).guid = guid
    before = table_counts(copy)
    with pytest.raises(ConflictError, match="already in the project with a different text"):
        import_qdpx(copy, path=path)
    assert table_counts(copy) == before  # codes and coders written before the clash are gone


def test_codebook_export_and_import(study, tmp_path):
    whole = export_qdc(study, out=tmp_path / "all.qdc")
    assert whole.codes == 47
    copy = fresh(tmp_path)
    result = import_qdc(copy, path=whole.path, actor="alice")
    assert (result.codes, result.codebook) == (47, "learning-innovation")
    assert [(c.guid, c.path, c.description, c.inclusion) for c in list_codes(copy.uow())] == [
        (c.guid, c.path, c.description, c.inclusion) for c in list_codes(study.uow())
    ]
    assert import_qdc(copy, path=whole.path).codes_matched == 47
    with pytest.raises(InputError, match="no codebook 'nope' in the project"):
        export_qdc(study, codebook="nope")
    assert export_qdc(study, codebook="learning-innovation").path.name == "learning-innovation.qdc"


def test_import_refi_chooses_by_extension(project, tmp_path):
    with pytest.raises(InputError, match=r"expected \.qdpx or \.qdc"):
        import_refi(project, path=tmp_path / "x.zip")
    with pytest.raises(InputError, match="no such file"):
        import_refi(project, path=tmp_path / "missing.qdpx")


# -- the real exports of other tools ------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("atlasti23-codebook-only.qdpx", {"codes": 3, "coders": 2, "documents": 0}),
        ("atlasti23-empty.qdpx", {"codes": 0, "coders": 2, "documents": 0}),
        ("nvivo15-export.qdpx", {"codes": 262, "coders": 2, "documents": 0}),
        (
            "qc-export-no-internal-prefix.qdpx",
            {"codes": 262, "coders": 1, "documents": 2, "codings": 205},
        ),
    ],
)
def test_real_exports_import(project, name, expected):
    result = import_refi(project, path=sample(name), actor="alice")
    for key, value in expected.items():
        assert getattr(result, key) == value, key
    counts = table_counts(project)
    assert counts["Code"] == expected["codes"]
    assert counts["Document"] == expected["documents"]


def test_the_nvivo_export_reports_its_empty_sources(project):
    result = import_refi(project, path=sample("nvivo15-export.qdpx"))
    assert result.codebook == "refi-qc-project"
    assert sum("its text is empty; not imported" in w for w in result.warnings) == 2
    codes = list_codes(project.uow())
    assert codes[0].path == "rq1_definition"
    assert any(c.path == "rq1_definition/competencies/programming" for c in codes)


def test_the_export_without_internal_prefixes_imports_with_a_warning(project):
    result = import_refi(project, path=sample("qc-export-no-internal-prefix.qdpx"))
    assert any("lack the internal:// prefix" in w for w in result.warnings)
    codings = list_codings(project.uow(), document="board_2017")
    assert len(codings) == 205
    assert {(c.coder, c.origin) for c in codings} == {("cp", "imported")}
    # Offsets were moved from the file's text (which has trailing blanks) to the stored one.
    assert codings[0].quote == (
        "This district goal is engage every student in joyful, purposeful learning that\n"
    )


def test_the_atlas_reference_project_imports_what_it_holds_and_names_what_is_missing(project):
    result = import_refi(project, path=sample("atlasti8-reference-project.qdpx"))
    missing = [w for w in result.warnings if "is not in the archive; not imported" in w]
    assert len(missing) == 8  # one line per source whose file the archive lacks
    assert (
        "source 'Simon.docx' (ae5298be-7c94-4b66-8a9c-51fbe232d2f5): "
        "internal://C1C745F7-8E4D-48B2-9710-655AFE7E54FA.txt is not in the archive; not imported"
        " with its 3 coding(s)"
    ) in missing
    assert result.documents == 0
    assert result.codes == table_counts(project)["Code"] > 0
    assert result.memos == 2  # the notes are in the project file itself


def test_the_atlas_reference_project_is_refused_under_strict(project):
    before = table_counts(project)
    with pytest.raises(RefiImportError) as info:
        import_refi(project, path=sample("atlasti8-reference-project.qdpx"), strict=True)
    error = info.value
    assert error.message == (
        "8 problems (8 source file(s) missing from the archive, which holds only Project.qde); "
        "nothing was imported"
    )
    assert str(error.problems[0]).endswith(
        "atlasti8-reference-project.qdpx!Project.qde:42: source '1960s Coca Cola commercial - "
        "Audio.docx' (69a4332d-5b31-4915-b520-5275cfc21b40): "
        "internal://01106019-2518-43DD-BBD1-8F0252BACB30.txt is not in the archive"
    )
    assert table_counts(project) == before


# -- the command line ---------------------------------------------------------------------


def test_export_commands(study, tmp_path):
    from workbench.cli.exchange import export

    runner = CliRunner()
    out = tmp_path / "cli.qdpx"
    done = runner.invoke(export, ["qdpx", "--out", str(out), "-p", str(study.root)])
    assert done.exit_code == 0, done.output
    assert done.output.startswith(f"wrote {out}: 3 documents, 47 codes, 3 coders, 4 codings")
    done = runner.invoke(
        export, ["qdc", "-p", str(study.root), "--codebook", "learning-innovation"]
    )
    assert done.exit_code == 0, done.output
    assert (study.exports_dir / "learning-innovation.qdc").is_file()


def test_import_refi_file_prints_a_summary_and_the_warnings(project, capsys):
    from workbench.cli.exchange import import_refi_file, is_refi_file

    path = sample("nvivo15-export.qdpx")
    assert [is_refi_file(p) for p in (path, Path("x.QDC"), Path("x.txt"))] == [True, True, False]
    import_refi_file(project, path, actor="alice")
    out, err = capsys.readouterr()
    assert out.startswith(f"{path}: imported 0 documents (0 already there), 262 codes")
    assert err.count("warning: ") == 2
