"""A round trip through a .qdpx loses nothing: every table compared, row by row, but ids.

Each row is compared with its primary key dropped and every foreign key replaced
by what identifies the row it points at in any project (a document's GUID, a
code's id, a coder's handle, a case's or a scheme's name). The audit log is the
one table not compared row by row: it is the history of the project's own
actions, and an import is one new action; the lead's "neither" decisions it
holds are compared instead, as the adjudication service reads them.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from workbench.services.adjudication import list_neither, take_neither
from workbench.services.codebook import merge_codes
from workbench.services.codings import add_coding
from workbench.services.documents import import_file
from workbench.services.exchange import export_qdpx, import_qdpx
from workbench.services.indicators import import_indicators
from workbench.services.phases import add_phase
from workbench.services.project import init_project
from workbench.services.revisions import revise_document
from workbench.services.speakers import set_speaker_role
from workbench.store.models import (
    AuditEvent,
    Base,
    BracketScheme,
    Case,
    Code,
    Coder,
    Coding,
    Document,
    Memo,
    Setting,
)

NATURAL = {
    "documents": lambda r: r.guid,
    "codes": lambda r: r.guid,
    "coders": lambda r: r.handle,
    "cases": lambda r: r.name,
    "bracket_schemes": lambda r: r.name,
    "codings": lambda r: r.guid,
}
MODELS = {m.__tablename__: m for m in (Document, Code, Coder, Case, BracketScheme, Coding)}


def table_rows(project) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows without ids: foreign keys as natural keys, sorted."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with project.uow() as uow:
        s = uow.session
        keys = {
            name: {row.id: NATURAL[name](row) for row in s.scalars(select(model))}
            for name, model in MODELS.items()
        }
        for table in Base.metadata.sorted_tables:
            if table.name == AuditEvent.__tablename__:
                continue
            fks = {
                fk.parent.name: fk.column.table.name
                for fk in table.foreign_keys
                if fk.column.table.name in keys
            }
            rows = []
            for row in s.execute(select(table)).mappings():
                values = []
                for column in table.columns:
                    if column.primary_key and column.name == "id":
                        continue
                    value = row[column.name]
                    if column.name in fks and value is not None:
                        value = keys[fks[column.name]][value]
                    if column.name == "source_path" and value is not None:
                        value = value.replace("\\", "/")
                    values.append((column.name, repr(value)))
                rows.append(tuple(values))
            out[table.name] = sorted(rows)
    return out


@pytest.fixture
def full(coded_project, tmp_path):
    """A project with something in every table the workbench has."""
    p = coded_project
    root = tmp_path / "files"
    root.mkdir()
    guidance = root / "guidance.md"
    guidance.write_text("# Guidance\n\nCouncils adapted the scheme 😀 locally in 2002.\n", "utf-8")
    import_file(p, path=guidance, title="Guidance", date="2001-07/2004-06", case="Northbridge")
    add_coding(
        p.uow(),
        document="Interview 01",
        code="imitation",
        coder="alice",
        quote="copied what they did",
        event_date="2000",
        memo="they copied",
    )
    add_coding(p.uow(), document="Interview 01", code="imitation", coder="bob", quote="copied")
    add_coding(p.uow(), document="Guidance", code="adaptation", coder="bob", quote="locally")
    add_coding(p.uow(), document="Guidance", code="tacit", coder="alice", quote="Councils")
    take_neither(
        p,
        document="Interview 01",
        start=0,
        end=12,
        codes=["imitation"],
        coders=["alice", "bob"],
        actor="alice",
    )
    set_speaker_role(p, label="R1", role="manager", actor="alice")
    csv = root / "indicators.csv"
    csv.write_text(
        "indicator,date,value,unit,source,wave\nattendees who changed,2001,55,%,survey 2001,1\n",
        "utf-8",
    )
    import_indicators(p.uow(), path=csv, actor="alice")
    add_phase(p, scheme="study", label="imitation", start="1999", end="2001-06")
    add_phase(p, scheme="study", label="adaptation", start="2001-07", end="2004")
    revised = root / "guidance-2.md"
    revised.write_text(
        "# Guidance\n\nCouncils adapted the scheme 😀 locally in 2002, and again in 2004.\n",
        "utf-8",
    )
    revise_document(p, document="Guidance", path=revised, actor="alice")
    merge_codes(p.uow(), source="tacit", target="adaptation", actor="alice")
    with p.uow() as uow:
        s = uow.session
        alice = s.scalar(select(Coder).where(Coder.handle == "alice"))
        coding = s.scalar(select(Coding).where(Coding.memo.is_not(None)))
        s.add(Memo(coder_id=alice.id, title=None, body="On copying\r\n", coding_id=coding.id))
        doc = s.scalar(select(Document).where(Document.title == "Guidance"))
        s.add(Memo(coder_id=alice.id, title="Doc memo", body="About guidance", document_id=doc.id))
        s.add(Setting(key="blind", value="off"))
    return p


def test_every_table_survives_a_round_trip(full, tmp_path):
    path = export_qdpx(full, out=tmp_path / "full.qdpx").path
    copy = init_project("copy", base=tmp_path / "copy")
    result = import_qdpx(copy, path=path, actor="alice")
    assert result.warnings == ()
    before, after = table_rows(full), table_rows(copy)
    assert before.keys() == after.keys()
    differ = {name: (before[name], after[name]) for name in before if before[name] != after[name]}
    for name, (b, a) in differ.items():
        print(name, "lost:", sorted(set(b) - set(a))[:3], "new:", sorted(set(a) - set(b))[:3])
    assert not differ
    assert len(before["indicators"]) == 1
    assert len(before["document_versions"]) == 1
    mark = [(m.start, m.end, m.codes, m.coders, m.actor) for m in list_neither(full)]
    assert [(m.start, m.end, m.codes, m.coders, m.actor) for m in list_neither(copy)] == mark
    assert copy.config.speakers == {"R1": "manager"}
    # The codebook file the project was loaded from is linked again (found by its digest).
    assert [(copy.root / e).resolve() for e in copy.config.codebooks] == [
        (full.root / e).resolve() for e in full.config.codebooks
    ]


def test_the_utf16_export_round_trips_too(full, tmp_path):
    path = export_qdpx(full, out=tmp_path / "nvivo.qdpx", offsets="utf16").path
    copy = init_project("copy", base=tmp_path / "copy")
    import_qdpx(copy, path=path)
    assert table_rows(copy)["codings"] == table_rows(full)["codings"]


def test_a_second_import_adds_nothing(full, tmp_path):
    path = export_qdpx(full, out=tmp_path / "full.qdpx").path
    copy = init_project("copy", base=tmp_path / "copy")
    import_qdpx(copy, path=path)
    once = table_rows(copy)
    again = import_qdpx(copy, path=path)
    assert (again.indicators, again.decisions, again.codings) == (0, 0, 0)
    assert table_rows(copy) == once


def test_the_events_hash_is_the_same_in_the_copy(full, tmp_path):
    from workbench.bracketing.events import EventTable
    from workbench.bracketing.manifest import events_sha256
    from workbench.services.bracketing import collect_events

    path = export_qdpx(full, out=tmp_path / "full.qdpx").path
    copy = init_project("copy", base=tmp_path / "copy")
    import_qdpx(copy, path=path)

    def digest(project):
        return events_sha256(EventTable.from_events(collect_events(project).dated))

    assert digest(copy) == digest(full)
