"""Hostile and broken input files: refused on one line naming the file, the project untouched.

Every family a user imports from is fed files that are not what their names say:
documents (every supported extension), survey tables (.csv/.tsv) and REFI-QDA
projects and codebooks (.qdpx/.qdc). The files are binary garbage, real files cut
short, invalid UTF-8, empty files and a 200 MB file. Each must either import
cleanly (a truncated text file is still text) or fail with one line that names the
file; a failure must leave every table's rows, the kept sources and the database's
integrity exactly as they were, and no file may leave a document half imported.

Each project under test is a fresh copy of one coded project built per module, so
"unchanged" is checked against real content.
"""

from __future__ import annotations

import hashlib
import io
import logging
import random
import shutil
import struct
import tracemalloc
import zipfile
from typing import TYPE_CHECKING, Any

import pytest
from odf.opendocument import OpenDocumentText
from odf.text import P
from reportlab.pdfgen import canvas
from sqlalchemy import func, select

from tests.conftest import LEARNING
from workbench.core.errors import InputError
from workbench.ingest.registry import SUPPORTED_EXTENSIONS
from workbench.services.documents import import_file
from workbench.services.imports import ImportItem, import_documents, import_survey
from workbench.store.models import Base, Document, Sentence, Turn

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from workbench.services.imports import ImportOutcome
    from workbench.store.project import Project

MIB = 1024 * 1024
LINES = (
    "Interviewer: When did the scheme start here?",
    "R1: In spring 2002, after the open day in Hull, we copied what they did.",
    "Interviewer: And what happened after that?",
    "R1: By 2004 we were adapting the ideas with our own peer council.",
)
BAD_UTF8 = b"caf\xe9 \xff\xfe\x80 broken"
GARBAGE = {
    "a byte ramp": bytes(range(256)) * 64,
    "seeded random bytes": random.Random(20240611).randbytes(16 * 1024),
}
SURVEY_EXTENSIONS = (".csv", ".tsv")
REFI_EXTENSIONS = (".qdpx", ".qdc")


# -- valid files of every format, built here --------------------------------------------


def _docx() -> bytes:
    import docx

    document = docx.Document()
    for line in LINES:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _odt() -> bytes:
    document = OpenDocumentText()
    for line in LINES:
        document.text.addElement(P(text=line))
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def _pdf() -> bytes:
    out = io.BytesIO()
    pdf = canvas.Canvas(out, invariant=1)
    for i, line in enumerate(LINES):
        pdf.drawString(72, 800 - 16 * i, line)
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def _rtf(lines: tuple[str, ...] = LINES) -> bytes:
    body = "".join(f"\\pard {line}\\par\n" for line in lines)
    return ("{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Times;}}\n" + body + "}").encode()


def _html(lines: tuple[str, ...] = LINES) -> bytes:
    body = "".join(f"<p>{line}</p>" for line in lines)
    head = "<!DOCTYPE html><html><head><title>Interview</title></head><body>"
    return (head + body + "</body></html>").encode()


def _vtt(lines: tuple[str, ...] = LINES) -> bytes:
    cues = []
    for i, line in enumerate(lines):
        speaker, _, words = line.partition(": ")
        cues.append(f"00:00:{5 * i:02d}.000 --> 00:00:{5 * i + 4:02d}.000\n<v {speaker}>{words}\n")
    return ("WEBVTT\n\n" + "\n".join(cues)).encode()


def _srt(lines: tuple[str, ...] = LINES) -> bytes:
    cues = [
        f"{i + 1}\n00:00:{5 * i:02d},000 --> 00:00:{5 * i + 4:02d},000\n{line}\n"
        for i, line in enumerate(lines)
    ]
    return "\n".join(cues).encode()


def _txt(lines: tuple[str, ...] = LINES) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def _md(lines: tuple[str, ...] = LINES) -> bytes:
    return ("# Interview\n\n" + "\n\n".join(lines) + "\n").encode()


BUILDERS: dict[str, Callable[[], bytes]] = {
    ".txt": _txt,
    ".text": _txt,
    ".md": _md,
    ".markdown": _md,
    ".html": _html,
    ".htm": _html,
    ".docx": _docx,
    ".odt": _odt,
    ".rtf": _rtf,
    ".pdf": _pdf,
    ".vtt": _vtt,
    ".srt": _srt,
}
DOCUMENT_EXTENSIONS = sorted(BUILDERS)
TEXT_BUILDERS: dict[str, Callable[[tuple[str, ...]], bytes]] = {
    ".txt": _txt,
    ".text": _txt,
    ".md": _md,
    ".markdown": _md,
    ".html": _html,
    ".htm": _html,
    ".rtf": _rtf,
    ".vtt": _vtt,
    ".srt": _srt,
}
"""Formats written as text, into whose lines invalid UTF-8 can be spliced."""


def _survey(suffix: str) -> bytes:
    sep = "\t" if suffix == ".tsv" else ","
    rows = [
        ["id", "answer", "age"],
        ["1", "I think the open day was the start of everything for us", "34"],
        ["2", "We adapted the scheme later with help from the peer council", "45"],
        ["3", "Nobody here remembers when the scheme first reached the town", "52"],
    ]
    return "".join(sep.join(row) + "\n" for row in rows).encode()


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A coded project, built once: the learning codebook, two coders, a coded interview."""
    from workbench.services.codebook import list_codes, load_codebook_file
    from workbench.services.coders import add_coder
    from workbench.services.codings import add_coding
    from workbench.services.project import init_project

    base = tmp_path_factory.mktemp("template")
    source = init_project("study", base=base, coder="alice")
    try:
        load_codebook_file(source.uow(), path=LEARNING, actor="alice")
        add_coder(source.uow(), handle="bob")
        interview = base / "interview-01.txt"
        interview.write_text(
            "Interviewer: When did you first hear of the scheme?\n"
            "R1: In 2000. We went to an open day and copied what they did.\n",
            encoding="utf-8",
        )
        import_file(source, path=interview, title="Interview 01", kind="interview", date="2006")
        code = list_codes(source.uow())[3].path
        add_coding(source.uow(), document="Interview 01", code=code, coder="bob", quote="open day")
    finally:
        source.close()
    return source.root


@pytest.fixture
def study(template, tmp_path):
    """A fresh copy of the template project, open; it is what "unchanged" is checked on."""
    from workbench.store.project import open_project

    root = tmp_path / "projects" / "study"
    shutil.copytree(template, root)
    project = open_project(root)
    yield project
    project.close()


@pytest.fixture(scope="module")
def refi_files(template, tmp_path_factory) -> dict[str, bytes]:
    """The template exported as a real .qdpx and as a .qdc codebook."""
    from workbench.services.exchange import export_qdc, export_qdpx
    from workbench.store.project import open_project

    out = tmp_path_factory.mktemp("refi")
    source = open_project(template)
    try:
        return {
            ".qdpx": export_qdpx(source, out=out / "study.qdpx").path.read_bytes(),
            ".qdc": export_qdc(source, out=out / "study.qdc").path.read_bytes(),
        }
    finally:
        source.close()


# -- what "unchanged" and "one line naming the file" mean --------------------------------


def fingerprint(project: Project) -> dict[str, Any]:
    """Row count and content digest of every table, and the files kept under sources/."""
    tables: dict[str, tuple[int, str]] = {}
    with project.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            rows = conn.execute(select(table).order_by(*table.primary_key.columns)).all()
            digest = hashlib.sha256(repr([tuple(r) for r in rows]).encode()).hexdigest()
            tables[table.name] = (len(rows), digest)
    sources = project.root / "sources"
    files = (
        sorted(str(p.relative_to(sources)) for p in sources.rglob("*")) if sources.exists() else []
    )
    return {"tables": tables, "sources": files}


def assert_intact(project: Project) -> None:
    with project.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"


def assert_unchanged(project: Project, before: dict[str, Any]) -> None:
    assert fingerprint(project) == before
    assert_intact(project)


def assert_one_line(message: str, path: Path) -> None:
    """A non-empty single line that names ``path``."""
    assert message.strip(), "an empty error message"
    assert "\n" not in message.strip(), f"not one line: {message!r}"
    assert "Traceback" not in message
    assert str(path) in message, f"{message!r} does not name {path}"


def assert_documents_whole(project: Project) -> None:
    """Every document has its sentences, turns inside its text and its kept source."""
    with project.uow() as uow:
        s = uow.session
        for doc in s.scalars(select(Document)):
            sentences = s.scalar(
                select(func.count()).select_from(Sentence).where(Sentence.document_id == doc.id)
            )
            assert sentences, f"document {doc.title!r} has no sentences"
            assert doc.length == len(doc.text)
            beyond = s.scalar(
                select(func.count())
                .select_from(Turn)
                .where(Turn.document_id == doc.id, Turn.end > doc.length)
            )
            assert beyond == 0
            assert (project.root / doc.source_path).is_file()


def write(folder: Path, name: str, content: bytes) -> Path:
    path = folder / name
    path.write_bytes(content)
    return path


def refuse_document(project: Project, path: Path) -> str:
    """Import ``path`` both ways a user can; both must fail on one line naming it."""
    [outcome] = import_documents(project, [ImportItem(path)], actor="alice")
    assert outcome.status == "failed", outcome
    assert outcome.path == str(path)
    assert outcome.document_id is None
    assert_one_line(f"{outcome.path}: {outcome.reason}", path)  # the CLI's line
    with pytest.raises(InputError) as info:
        import_file(project, path=path, actor="alice")
    assert_one_line(str(info.value), path)
    assert info.value.message == outcome.reason
    return outcome.reason


def refuse_survey(project: Project, path: Path) -> str:
    with pytest.raises(InputError) as info:
        import_survey(project, path=path, actor="alice")
    assert_one_line(str(info.value), path)
    return str(info.value)


def refuse_refi(project: Project, path: Path) -> str:
    from workbench.services.exchange import import_refi

    with pytest.raises(InputError) as info:
        import_refi(project, path=path, actor="alice")
    assert_one_line(str(info.value), path)
    assert len(getattr(info.value, "problems", ())) <= 1, "several problems, several lines"
    return str(info.value)


def refuse(project: Project, path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in SURVEY_EXTENSIONS:
        return refuse_survey(project, path)
    if suffix in REFI_EXTENSIONS:
        return refuse_refi(project, path)
    return refuse_document(project, path)


def build(suffix: str, refi_files: dict[str, bytes]) -> bytes:
    if suffix in SURVEY_EXTENSIONS:
        return _survey(suffix)
    if suffix in REFI_EXTENSIONS:
        return refi_files[suffix]
    return BUILDERS[suffix]()


ALL_EXTENSIONS = [*DOCUMENT_EXTENSIONS, *SURVEY_EXTENSIONS, *REFI_EXTENSIONS]


def test_every_supported_document_extension_has_a_builder_here():
    assert set(BUILDERS) == set(SUPPORTED_EXTENSIONS)


# -- 1. binary garbage ------------------------------------------------------------------


@pytest.mark.parametrize("garbage", sorted(GARBAGE))
@pytest.mark.parametrize("suffix", ALL_EXTENSIONS)
def test_binary_garbage_is_refused_on_one_line_and_changes_nothing(
    study, tmp_path, suffix, garbage
):
    path = write(tmp_path, f"garbage{suffix}", GARBAGE[garbage])
    before = fingerprint(study)
    refuse(study, path)
    assert_unchanged(study, before)


def test_broken_files_in_a_batch_leave_no_trace_and_the_good_file_still_imports(study, tmp_path):
    good = write(tmp_path, "good.txt", _txt())
    broken = [write(tmp_path, f"garbage{s}", GARBAGE["a byte ramp"]) for s in DOCUMENT_EXTENSIONS]
    before = fingerprint(study)
    outcomes = import_documents(
        study, [ImportItem(p) for p in [*broken[:5], good, *broken[5:]]], actor="alice"
    )
    by_path = {o.path: o for o in outcomes}
    assert len(by_path) == len(outcomes) == len(broken) + 1
    assert by_path[str(good)].status == "imported"
    for path in broken:
        assert by_path[str(path)].status == "failed"
        assert_one_line(f"{path}: {by_path[str(path)].reason}", path)
    assert_imported_whole(before, fingerprint(study), [by_path[str(good)]])
    assert_intact(study)
    assert_documents_whole(study)


# -- 2. a real file cut short -----------------------------------------------------------

CUTS = {"a third": lambda n: n // 3, "half": lambda n: n // 2, "all but 10 bytes": lambda n: n - 10}


def import_or_refuse(project: Project, path: Path) -> list[ImportOutcome] | str:
    """Import ``path``: the outcomes if it imported, else its one-line refusal."""
    if path.suffix.lower() in SURVEY_EXTENSIONS:
        try:
            outcomes = import_survey(project, path=path, actor="alice")
        except InputError as exc:
            assert_one_line(str(exc), path)
            return str(exc)
    else:
        outcomes = import_documents(project, [ImportItem(path)], actor="alice")
        [outcome] = outcomes
        assert outcome.path == str(path)
        if outcome.status == "failed":
            assert_one_line(f"{outcome.path}: {outcome.reason}", path)
            return outcome.reason
    assert outcomes
    assert all(o.status == "imported" for o in outcomes), outcomes
    return outcomes


IMPORT_TABLES = {"documents", "turns", "sentences", "date_mentions", "audit_log"}


def assert_imported_whole(
    before: dict[str, Any], after: dict[str, Any], outcomes: list[ImportOutcome]
) -> None:
    """Only the import's rows were added: its documents whole, one audit entry each."""
    changed = {t for t, v in after["tables"].items() if v != before["tables"][t]}
    assert changed <= IMPORT_TABLES
    added = {t: after["tables"][t][0] - before["tables"][t][0] for t in IMPORT_TABLES}
    assert added == {
        "documents": len(outcomes),
        "audit_log": len(outcomes),
        "turns": sum(o.turns for o in outcomes),
        "sentences": sum(o.sentences for o in outcomes),
        "date_mentions": sum(o.mentions for o in outcomes),
    }
    assert len(after["sources"]) == len(before["sources"]) + 1  # the file, kept once


@pytest.mark.parametrize("suffix", [*DOCUMENT_EXTENSIONS, *SURVEY_EXTENSIONS])
def test_a_truncated_file_imports_whole_or_is_refused_on_one_line(
    study, tmp_path, suffix, refi_files
):
    data = build(suffix, refi_files)
    before = fingerprint(study)
    intact = import_or_refuse(study, write(tmp_path, f"intact{suffix}", data))
    assert not isinstance(intact, str), f"the intact file is refused: {intact}"
    assert_imported_whole(before, fingerprint(study), intact)
    if suffix not in SURVEY_EXTENSIONS:
        assert intact[0].turns == len(LINES)
    for label, cut in CUTS.items():
        path = write(tmp_path, f"cut to {label.replace(' ', '-')}{suffix}", data[: cut(len(data))])
        before = fingerprint(study)
        outcome = import_or_refuse(study, path)
        if isinstance(outcome, str):
            assert fingerprint(study) == before, f"{label}: refused ({outcome}), yet changed"
        else:
            assert_imported_whole(before, fingerprint(study), outcome)
        assert_intact(study)
        assert_documents_whole(study)


@pytest.mark.parametrize("suffix", REFI_EXTENSIONS)
def test_a_truncated_refi_file_is_refused_on_one_line_and_changes_nothing(
    project, tmp_path, suffix, refi_files
):
    from workbench.services.exchange import import_refi

    data = refi_files[suffix]
    for label, cut in CUTS.items():
        path = write(tmp_path, f"cut to {label.replace(' ', '-')}{suffix}", data[: cut(len(data))])
        before = fingerprint(project)
        refuse_refi(project, path)
        assert_unchanged(project, before)
    result = import_refi(project, path=write(tmp_path, f"intact{suffix}", data), actor="alice")
    assert result.codes == 47
    assert_documents_whole(project)


# -- 3. invalid UTF-8, and empty files ---------------------------------------------------


def stored_text(project: Project, outcome: ImportOutcome) -> str:
    with project.uow() as uow:
        return uow.session.get_one(Document, outcome.document_id).text


@pytest.mark.parametrize("suffix", ALL_EXTENSIONS)
def test_a_line_of_invalid_utf8_is_read_as_legacy_text_or_refused_on_one_line(
    study, tmp_path, suffix
):
    path = write(tmp_path, f"bad-bytes{suffix}", BAD_UTF8)
    before = fingerprint(study)
    if suffix not in (".txt", ".text", ".md", ".markdown", ".html", ".htm"):
        refuse(study, path)  # not the format its name says
        assert_unchanged(study, before)
        return
    outcomes = import_or_refuse(study, path)
    assert not isinstance(outcomes, str), outcomes
    assert_imported_whole(before, fingerprint(study), outcomes)
    assert_documents_whole(study)
    text = stored_text(study, outcomes[0])
    assert text.startswith("caf")
    assert text.endswith("broken")
    assert "\ufffd" not in text  # read in some encoding, not papered over


@pytest.mark.parametrize("suffix", sorted(TEXT_BUILDERS))
def test_invalid_utf8_inside_a_well_formed_text_file_imports_whole_or_is_refused(
    study, tmp_path, suffix
):
    lines = (*LINES[:2], "R2: " + BAD_UTF8.decode("latin-1"), *LINES[2:])
    data = TEXT_BUILDERS[suffix](lines).replace(BAD_UTF8.decode("latin-1").encode(), BAD_UTF8)
    assert BAD_UTF8 in data
    before = fingerprint(study)
    outcomes = import_or_refuse(study, write(tmp_path, f"mixed{suffix}", data))
    if isinstance(outcomes, str):
        assert_unchanged(study, before)
        return
    assert_imported_whole(before, fingerprint(study), outcomes)
    assert outcomes[0].turns == len(lines)
    text = stored_text(study, outcomes[0])
    assert "broken" in text
    assert "\ufffd" not in text
    assert_intact(study)
    assert_documents_whole(study)


@pytest.mark.parametrize("suffix", SURVEY_EXTENSIONS)
def test_invalid_utf8_inside_a_survey_answer_imports_every_row_or_none(study, tmp_path, suffix):
    data = _survey(suffix).replace(b"peer council", b"peer " + BAD_UTF8)
    before = fingerprint(study)
    outcomes = import_or_refuse(study, write(tmp_path, f"mixed{suffix}", data))
    if isinstance(outcomes, str):
        assert_unchanged(study, before)
        return
    assert len(outcomes) == 3
    assert_imported_whole(before, fingerprint(study), outcomes)
    assert "broken" in stored_text(study, outcomes[1])
    assert_intact(study)
    assert_documents_whole(study)


def test_invalid_utf8_inside_a_codebook_is_refused_on_one_line(study, tmp_path, refi_files):
    data = refi_files[".qdc"]
    at = data.index(b'name="', 200) + len(b'name="')
    path = write(tmp_path, "bad-name.qdc", data[:at] + b"\xff\xfe" + data[at:])
    before = fingerprint(study)
    refuse_refi(study, path)
    assert_unchanged(study, before)


@pytest.mark.parametrize("suffix", ALL_EXTENSIONS)
def test_an_empty_file_is_refused_on_one_line_and_changes_nothing(study, tmp_path, suffix):
    path = write(tmp_path, f"empty{suffix}", b"")
    before = fingerprint(study)
    refuse(study, path)
    assert_unchanged(study, before)


# -- 4. a 200 MB file -------------------------------------------------------------------


def sparse(path: Path, size: int) -> Path:
    """A file of ``size`` bytes made in no time: a hole, then one byte."""
    with path.open("wb") as handle:
        handle.seek(size - 1)
        handle.write(b"x")
    return path


@pytest.mark.parametrize("suffix", [".txt", ".pdf", ".docx", ".csv", ".qdc"])
def test_a_200_mb_file_is_refused_by_the_size_limit_without_being_read(study, tmp_path, suffix):
    path = sparse(tmp_path / f"huge{suffix}", 200 * MIB)
    before = fingerprint(study)
    refuse(study, path)  # once untraced: spaCy and the readers load here
    tracemalloc.start()
    try:
        message = refuse(study, path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 10 * MIB, f"{peak / MIB:.1f} MiB held while refusing a 200 MiB file"
    expected = {".qdc": "refused: larger than 50 MB"}.get(
        suffix, "file is 200.0 MiB, over the import limit of 50.0 MiB"
    )
    assert message.endswith(expected)
    assert_unchanged(study, before)


def test_the_size_limit_is_the_projects_max_file_mb(study, tmp_path):
    path = write(tmp_path, "long.txt", _txt() * (2 * MIB // len(_txt())))
    study.config.import_["max_file_mb"] = 1
    before = fingerprint(study)
    reason = refuse_document(study, path)
    assert reason == "file is 2.0 MiB, over the import limit of 1.0 MiB"
    assert_unchanged(study, before)


def test_a_200_mb_qdpx_that_is_not_a_zip_is_refused_without_being_read(study, tmp_path):
    path = sparse(tmp_path / "huge.qdpx", 200 * MIB)
    before = fingerprint(study)
    tracemalloc.start()
    try:
        message = refuse_refi(study, path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 10 * MIB
    assert "not a valid zip" in message
    assert_unchanged(study, before)


# -- corrupted inside: the checksum or the compressed stream of a member ---------------


def member_data_offset(archive: bytes, name: str) -> int:
    """Where ``name``'s (compressed) bytes start in a zip."""
    info = zipfile.ZipFile(io.BytesIO(archive)).getinfo(name)
    name_len, extra_len = struct.unpack_from("<HH", archive, info.header_offset + 26)
    return info.header_offset + 30 + name_len + extra_len


def scramble(archive: bytes, name: str) -> bytes:
    """``archive`` with eight bytes of ``name``'s deflated stream overwritten."""
    at = member_data_offset(archive, name) + 2
    return archive[:at] + b"\xff" * 8 + archive[at + 8 :]


def test_a_docx_with_a_scrambled_document_xml_is_refused_on_one_line(study, tmp_path):
    path = write(tmp_path, "scrambled.docx", scramble(_docx(), "word/document.xml"))
    before = fingerprint(study)
    refuse_document(study, path)
    assert_unchanged(study, before)


def test_an_odt_with_a_scrambled_content_xml_is_refused_on_one_line(study, tmp_path):
    path = write(tmp_path, "scrambled.odt", scramble(_odt(), "content.xml"))
    before = fingerprint(study)
    refuse_document(study, path)
    assert_unchanged(study, before)


@pytest.mark.parametrize("member", ["mimetype", "META-INF/manifest.xml"])
def test_an_odt_with_a_corrupt_manifest_or_mimetype_is_refused_on_one_line(study, tmp_path, member):
    data = _odt()
    if member == "mimetype":  # stored, not deflated: one changed letter breaks its CRC
        corrupt = data.replace(b"opendocument.text", b"opendocument.TEXT", 1)
    else:
        corrupt = scramble(data, member)
    path = write(tmp_path, "corrupt.odt", corrupt)
    before = fingerprint(study)
    refuse_document(study, path)
    assert_unchanged(study, before)


def test_a_qdpx_with_a_scrambled_project_qde_is_refused_on_one_line(study, tmp_path, refi_files):
    path = write(tmp_path, "scrambled.qdpx", scramble(refi_files[".qdpx"], "project.qde"))
    before = fingerprint(study)
    refuse_refi(study, path)
    assert_unchanged(study, before)


# -- 5. the command line, as a user runs it ---------------------------------------------


def cli_refuses(cli, project: Project, path: Path) -> None:
    before = fingerprint(project)
    code, _, err = cli("import", str(path), "-p", str(project.root))
    assert code != 0
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ")
    assert_one_line(lines[0], path)
    assert_unchanged(project, before)


BROKEN_DOCUMENTS: dict[str, Callable[[], bytes]] = {
    "garbage.docx": lambda: GARBAGE["a byte ramp"],
    "garbage.txt": lambda: GARBAGE["seeded random bytes"],
    "empty.pdf": lambda: b"",
    "cut.pdf": lambda: _pdf()[:700],
    "cut.odt": lambda: _odt()[:-10],
    "bad-utf8.vtt": lambda: BAD_UTF8,
}
BROKEN_SURVEYS: dict[str, Callable[[], bytes]] = {
    "garbage.csv": lambda: GARBAGE["a byte ramp"],
    "bad-utf8.tsv": lambda: BAD_UTF8,
    "empty.csv": lambda: b"",
    "cut.csv": lambda: _survey(".csv")[:20],
}


@pytest.mark.parametrize("name", sorted(BROKEN_DOCUMENTS))
def test_the_import_command_refuses_a_broken_document_on_one_stderr_line(
    cli, study, tmp_path, name
):
    cli_refuses(cli, study, write(tmp_path, name, BROKEN_DOCUMENTS[name]()))


@pytest.mark.parametrize("name", sorted(BROKEN_SURVEYS))
def test_the_import_command_refuses_a_broken_survey_table_on_one_stderr_line(
    cli, study, tmp_path, name
):
    cli_refuses(cli, study, write(tmp_path, name, BROKEN_SURVEYS[name]()))


@pytest.mark.parametrize("suffix", REFI_EXTENSIONS)
def test_the_import_command_refuses_a_broken_refi_file_on_one_stderr_line(
    cli, study, tmp_path, suffix, refi_files
):
    data = refi_files[suffix]
    cli_refuses(cli, study, write(tmp_path, f"cut{suffix}", data[: len(data) // 2]))
    cli_refuses(cli, study, write(tmp_path, f"garbage{suffix}", GARBAGE["a byte ramp"]))


def test_the_import_command_refuses_a_200_mb_file_on_one_stderr_line(cli, study, tmp_path):
    cli_refuses(cli, study, sparse(tmp_path / "huge.txt", 200 * MIB))


def test_the_import_command_prints_only_the_error_line_on_stderr(cli, study, tmp_path):
    path = write(tmp_path, "garbage.txt", GARBAGE["a byte ramp"])
    code, _, err = cli("import", str(path), "-p", str(study.root))
    assert code == 1
    assert err == f"error: {path}: looks binary, not text\n"


def test_a_truncated_pdf_prints_no_library_warnings_on_stderr(cli, study, tmp_path):
    """The logging set-up of a real ``workbench`` process: no handlers on the root logger."""
    path = write(tmp_path, "cut.pdf", _pdf()[:700])
    before = fingerprint(study)
    root = logging.getLogger()
    pytest_handlers = root.handlers[:]
    root.handlers.clear()
    try:
        code, _, err = cli("import", str(path), "-p", str(study.root))
    finally:
        root.handlers[:] = pytest_handlers
    assert code == 1
    assert_unchanged(study, before)
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines == [f"error: {path}: not a valid PDF (Stream has ended unexpectedly)"]


# -- 6. names that a terminal would act on ------------------------------------------------


def _edit_qde(qdpx: bytes, edit: Callable[[str], str]) -> bytes:
    """``qdpx`` with its ``project.qde`` text passed through ``edit``; other members as they are."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(qdpx)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "project.qde":
                data = edit(data.decode("utf-8")).encode("utf-8")
            dst.writestr(info, data)
    return out.getvalue()


def _renamed(qdpx: bytes, element: str, name: str) -> bytes:
    """``qdpx`` with the first ``<element>``'s name replaced by ``name`` (XML text)."""
    import re

    pattern = rf'(<{element} [^>]*?name=")[^"]*(")'
    return _edit_qde(qdpx, lambda text: re.sub(pattern, rf"\g<1>{name}\g<2>", text, count=1))


REFI_NAMES = {
    "Code": "Dissemination&#x202E; push&#x9B;2J",
    "TextSource": "Interview&#x85;&#x202E;01",
}


def test_control_characters_in_refi_names_are_neutralised_and_named(cli, tmp_path, refi_files):
    """Names from another program's file are neutralised (their author is not at hand to
    mend them), each change on a warning naming the file and the code or source."""
    from workbench.core.names import unsafe_characters
    from workbench.services.codebook import list_codes
    from workbench.services.documents import list_documents
    from workbench.services.project import init_project

    data = refi_files[".qdpx"]
    for element, name in REFI_NAMES.items():
        data = _renamed(data, element, name)
    path = write(tmp_path, "hostile.qdpx", data)
    project = init_project("fresh", base=tmp_path, coder="alice")
    try:
        code, out, err = cli("import", str(path), "-p", str(project.root))
        assert code == 0, err
        assert unsafe_characters((out + err).replace("\n", " ")) == []
        warned = [line for line in err.splitlines() if "holds U+" in line]
        assert len(warned) == 2, err
        assert all(line.startswith(f"warning: {path}: ") for line in warned), err
        assert {line.split(": ")[2].split()[0] for line in warned} == {"code", "source"}
        names = [c.name for c in list_codes(project.uow())]
        names += [d.title for d in list_documents(project)]
        assert "Dissemination push 2J" in names
        assert "Interview 01" in names
        assert all(unsafe_characters(n) == [] for n in names)
    finally:
        project.close()


def _with_case(qdpx: bytes, name: str) -> bytes:
    """``qdpx`` with a ``<Cases>`` element (schema order: before ``<Sources>``) holding one
    case named ``name`` (XML text) over the first text source."""
    import re

    def edit(text: str) -> str:
        source = re.search(r'<TextSource [^>]*?guid="([^"]+)"', text)
        assert source is not None
        assert "<Cases" not in text
        case = (
            '<Cases><Case guid="8d6c1f2e-4b0a-4c57-9a3e-3f1b2c4d5e6f" '
            f'name="{name}"><SourceRef targetGUID="{source.group(1)}"/></Case></Cases>'
        )
        return text.replace("<Sources", case + "<Sources", 1)

    return _edit_qde(qdpx, edit)


def test_control_characters_in_a_refi_case_name_are_neutralised_and_named(
    cli, tmp_path, refi_files
):
    """A case name is shown in the document list, the case screen and every report: the
    same neutralising as code and source names, with its warning line."""
    from workbench.core.names import unsafe_characters
    from workbench.services.project import init_project
    from workbench.services.reading import list_cases

    path = write(
        tmp_path, "case.qdpx", _with_case(refi_files[".qdpx"], "North&#x202E;bridge&#x9B;2J")
    )
    project = init_project("fresh", base=tmp_path, coder="alice")
    try:
        code, out, err = cli("import", str(path), "-p", str(project.root))
        assert code == 0, err
        assert unsafe_characters((out + err).replace("\n", " ")) == []
        warned = [line for line in err.splitlines() if "holds U+" in line]
        assert len(warned) == 1, err
        assert warned[0].startswith(f"warning: {path}: case "), err
        cases = list_cases(project)
        assert cases == ["Northbridge 2J"], cases
        assert all(unsafe_characters(c) == [] for c in cases)
    finally:
        project.close()


# -- 7. the project's own database, under another name ----------------------------------


@pytest.mark.parametrize("member", ["workbench.db", "workbench.db-wal"])
def test_a_link_to_the_projects_own_database_is_refused_unread(study, tmp_path, member):
    """Read with ``open()`` while the project is open, the database would lose this
    process's SQLite locks when the descriptor closes; it is no document either."""
    from workbench.services.imports import OWN_DATABASE, import_survey

    with study.engine.connect() as conn:  # the log exists while a connection is open
        conn.exec_driver_sql("SELECT 1")
        for name in ("interview.txt", "survey.csv"):
            link = tmp_path / name
            link.unlink(missing_ok=True)
            link.symlink_to(study.root / member)
        before = fingerprint(study)
        [outcome] = import_documents(study, [ImportItem(tmp_path / "interview.txt")])
        assert (outcome.status, outcome.reason) == ("failed", OWN_DATABASE)
        with pytest.raises(InputError, match="own database"):
            import_survey(study, path=tmp_path / "survey.csv")
    assert_unchanged(study, before)
