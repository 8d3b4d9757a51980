from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from workbench.coding.exchange import BadRowsError, locate_quote
from workbench.core.errors import ConflictError, InputError, NotFoundError
from workbench.services.codings import (
    add_coding,
    export_codings,
    import_codings,
    list_codings,
    remove_coding,
)
from workbench.store.models import AuditEvent, Coding


def count(project) -> int:
    with project.uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(Coding)) or 0


def test_add_by_offsets_and_by_quote(coded_project):
    a = add_coding(
        coded_project.uow(),
        document="Interview 01",
        code="imitation",
        coder="alice",
        quote="copied what they did",
        event_date="2000",
    )
    assert a.quote == "copied what they did"
    assert a.event_date == "2000"
    b = add_coding(
        coded_project.uow(),
        document=str(a.document_id),
        code="Tacit knowledge",
        coder="bob",
        start=a.start,
        end=a.end,
        memo="hard call",
    )
    assert (b.start, b.end, b.coder, b.memo) == (a.start, a.end, "bob", "hard call")
    assert [c.coder for c in list_codings(coded_project.uow(), document="Interview 01")] == [
        "alice",
        "bob",
    ]


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"start": 0, "end": 10_000}, InputError, "runs past the end"),
        ({"start": 5, "end": 5}, InputError, "bad span"),
        ({"quote": "not in the text"}, InputError, "quote not found"),
        ({"quote": "Interviewer:"}, InputError, "occurs 2 times"),
        ({"quote": "2000", "code": "nope"}, NotFoundError, "no code 'nope'"),
        ({"quote": "2000", "coder": "carol"}, NotFoundError, "unknown coder 'carol'"),
        ({"quote": "2000", "document": "Missing"}, NotFoundError, "no document 'Missing'"),
        ({"quote": "2000", "event_date": "2004-13"}, InputError, "impossible month"),
    ],
)
def test_bad_codings_are_refused_and_nothing_is_saved(coded_project, kwargs, error, message):
    args = {"document": "Interview 01", "code": "tacit", "coder": "alice"} | kwargs
    with pytest.raises(error, match=message):
        add_coding(coded_project.uow(), **args)
    assert count(coded_project) == 0


def test_duplicate_coding_is_refused(coded_project):
    add_coding(
        coded_project.uow(), document="Interview 01", code="tacit", coder="alice", quote="open day"
    )
    with pytest.raises(ConflictError, match="already coded"):
        add_coding(
            coded_project.uow(),
            document="Interview 01",
            code="tacit",
            coder="alice",
            quote="open day",
        )


def test_remove_is_audited_with_the_full_row(coded_project):
    c = add_coding(
        coded_project.uow(),
        document="Interview 01",
        code="tacit",
        coder="alice",
        quote="open day",
        event_date="2000",
    )
    remove_coding(coded_project.uow(), coding_id=c.id, actor="alice")
    assert count(coded_project) == 0
    with coded_project.uow() as uow:
        last = uow.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert last.action == "coding.remove"
    assert last.before["start"] == c.start
    assert last.before["event_start"] == "2000-01-01"
    with pytest.raises(NotFoundError):
        remove_coding(coded_project.uow(), coding_id=c.id, actor="alice")


def test_import_reports_every_bad_row_and_imports_nothing(coded_project, tmp_path):
    f = tmp_path / "codings.csv"
    f.write_text(
        "document,start,end,quote,code,coder,event_date,memo\n"
        "Interview 01,,,open day,tacit,alice,2000,\n"  # line 2: fine
        "Interview 01,0,9999,,tacit,alice,,\n"  # line 3: past the end
        "Nope,,,open day,tacit,alice,,\n"  # line 4: no document
        "Interview 01,,,open day,nocode,alice,,\n"  # line 5: no code
        "Interview 01,,,open day,tacit,alice,2004-02-30,\n"  # line 6: impossible date
        "Interview 01,x,3,,tacit,alice,,\n"  # line 7: not a number
        "Interview 01,,,,tacit,alice,,\n"  # line 8: no span
        "Interview 01,,,open day,tacit,zed,,\n"  # line 9: unknown coder
    )
    with pytest.raises(BadRowsError) as info:
        import_codings(coded_project.uow(), path=f)
    lines = [p.line for p in info.value.problems]
    assert lines == [3, 4, 5, 6, 7, 8, 9]
    assert all(p.path == str(f) for p in info.value.problems)
    assert "nothing was imported" in str(info.value)
    assert count(coded_project) == 0


def test_jsonl_import_with_new_coders(coded_project, tmp_path):
    f = tmp_path / "c.jsonl"
    rows = [
        {
            "document": "Interview 01",
            "quote": "open day",
            "code": "peer",
            "coder": "carol",
            "event_date": "2001-07/2004-06",
        },
        {"document": "Interview 01", "quote": "peer council", "code": "peer", "coder": "carol"},
    ]
    f.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    with pytest.raises(BadRowsError):
        import_codings(coded_project.uow(), path=f)
    result = import_codings(coded_project.uow(), path=f, add_coders=True)
    assert result.imported == 2
    assert result.coders_added == ("carol",)
    listed = list_codings(coded_project.uow(), coder="carol")
    assert listed[0].event_date == "2001-07-01/2004-06-30"
    assert listed[0].origin == "imported"
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"document": "Interview 01"\n[1]\n')
    with pytest.raises(BadRowsError) as info:
        import_codings(coded_project.uow(), path=bad)
    assert [(p.line, p.message[:8]) for p in info.value.problems] == [
        (1, "not JSON"),
        (2, "each lin"),
    ]


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_export_then_import_into_a_new_project_round_trips(coded_project, tmp_path, fmt):
    from tests.conftest import LEARNING
    from workbench.services.codebook import load_codebook_file
    from workbench.services.documents import import_file
    from workbench.services.project import init_project

    add_coding(
        coded_project.uow(),
        document="Interview 01",
        code="tacit",
        coder="alice",
        quote="open day",
        event_date="spring 2000",
        memo='a "quoted", memo\nline 2',
    )
    add_coding(
        coded_project.uow(),
        document="Interview 01",
        code="adaptation",
        coder="bob",
        quote="adapting ideas to our own context",
        event_date="Q3 2003",
    )
    text = export_codings(coded_project.uow(), fmt=fmt)
    out = tmp_path / f"codings.{fmt}"
    out.write_text(text)

    other = init_project("other", base=tmp_path / "elsewhere", coder="alice")
    load_codebook_file(other.uow(), path=LEARNING, actor="alice")
    import_file(other, path=tmp_path / "interview-01.txt", title="Interview 01")
    import_codings(other.uow(), path=out, add_coders=True)

    def key(c):
        return (c.document, c.start, c.end, c.code, c.coder, c.event_date, c.memo, c.quote)

    assert sorted(map(key, list_codings(other.uow()))) == sorted(
        map(key, list_codings(coded_project.uow()))
    )
    other.close()


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=50)
@given(
    st.text(min_size=1, max_size=40),
    st.text(min_size=0, max_size=40),
    st.text(min_size=0, max_size=40),
)
def test_locate_quote_finds_the_unique_passage(quote, before, after):
    text = before + quote + after
    if text.count(quote) != 1:
        with pytest.raises(ValueError, match="occurs"):
            locate_quote(text, quote)
        return
    start, end = locate_quote(text, quote)
    assert text[start:end] == quote
    assert start == len(before)


def _expected_listing(project, *, code_ids=None, coder=None, document_id=None):
    """The segment list rebuilt from ORM objects, independently of list_codings' query."""
    from workbench.core.dates import format_range, range_from_iso
    from workbench.services.resolve import CodeResolver
    from workbench.store.models import Coder, Document

    with project.uow() as uow:
        s = uow.session
        resolver = CodeResolver(s)
        q = select(Coding, Document, Coder).join(Document).join(Coder)
        if code_ids is not None:
            q = q.where(Coding.code_id.in_(code_ids))
        if coder is not None:
            q = q.where(Coder.handle == coder)
        if document_id is not None:
            q = q.where(Coding.document_id == document_id)
        out = []
        for c, d, k in s.execute(q).all():
            code = resolver.codes[c.code_id]
            event = (
                format_range(range_from_iso(c.event_start, c.event_end, c.event_precision))
                if c.event_start
                else None
            )
            out.append(
                (
                    (c.document_id, c.start, c.end, c.id),
                    (c.id, c.guid, d.title, code.guid, resolver.path(code), k.handle),
                    (c.origin, event, c.memo, d.text[c.start : c.end]),
                )
            )
        return [rest for _key, *rest in sorted(out)]


def _listing(infos):
    return [
        [
            (i.id, i.guid, i.document, i.code, i.code_path, i.coder),
            (i.origin, i.event_date, i.memo, i.quote),
        ]
        for i in infos
    ]


def test_listing_agrees_with_the_orm_for_every_filter(dated_project):
    project, _events = dated_project
    first = list_codings(project.uow())[0]
    add_coding(
        project.uow(),
        document="Interview Alpha",
        quote=first.quote,
        code="peer",
        coder="bob",
        memo="a second reading",
        event_date="2001",
    )
    with project.uow() as uow:
        s = uow.session
        codes = s.execute(select(Coding.code_id).distinct()).scalars().all()
        documents = s.execute(select(Coding.document_id).distinct()).scalars().all()
    assert len(codes) >= 4
    assert len(documents) >= 3

    everything = list_codings(project.uow())
    assert _listing(everything) == _expected_listing(project)
    assert any(i.memo for i in everything)
    assert any(i.event_date for i in everything)
    for info in {i.code: i for i in everything}.values():
        code_id = next(c for c in codes if _code_guid(project, c) == info.code)
        assert _listing(list_codings(project.uow(), code=info.code)) == _expected_listing(
            project, code_ids=[code_id]
        )
    assert _listing(list_codings(project.uow(), coder="bob")) == _expected_listing(
        project, coder="bob"
    )
    assert _listing(
        list_codings(project.uow(), document="Interview Beta", code="imitation")
    ) == _expected_listing(
        project,
        document_id=_document_id(project, "Interview Beta"),
        code_ids=[next(c for c in codes if _code_guid(project, c) == "imitation")],
    )
    assert len(list_codings(project.uow(), limit=5)) == 5
    assert _listing(list_codings(project.uow(), limit=5)) == _expected_listing(project)[:5]


def _code_guid(project, code_id: int) -> str:
    from workbench.store.models import Code

    with project.uow() as uow:
        return uow.session.get(Code, code_id).guid


def _document_id(project, title: str) -> int:
    from workbench.store.models import Document

    with project.uow() as uow:
        return uow.session.scalar(select(Document.id).where(Document.title == title))


def test_one_codes_segments_are_read_from_the_code_index_alone(dated_project):
    """Retrieval speed rests on this plan: no table look-up per segment, and no sort."""
    from workbench.services.codings import segment_query

    project, _events = dated_project
    with project.uow() as uow:
        conn = uow.session.connection()
        code_id = conn.execute(select(Coding.code_id).limit(1)).scalar()
        q = segment_query([Coding.code_id.in_([code_id])])
        sql = str(q.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
        plan = " | ".join(row[-1] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))
    assert "COVERING INDEX ix_codings_code_document" in plan, plan
    assert "TEMP B-TREE" not in plan, plan
