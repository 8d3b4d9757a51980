"""The change feed: what others did since a cursor, read from the audit log by primary key."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from workbench.services import changes as feed
from workbench.services.changes import ChangeCursor, changes_since, latest_cursor
from workbench.services.codebook import merge_codes
from workbench.services.codings import remove_coding
from workbench.services.history import undo
from workbench.services.reading import list_document_rows, segment_info
from workbench.services.segments import apply_code, remove_segment, update_segment
from workbench.store.models import AuditEvent


@pytest.fixture
def doc(coded_project) -> int:
    return list_document_rows(coded_project, coder="alice")[0].id


def test_others_additions_removals_and_adjustments(coded_project, doc):
    p = coded_project
    start = latest_cursor(p)
    bob = apply_code(p, document_id=doc, start=4, end=11, code="tacit", coder="bob")
    apply_code(p, document_id=doc, start=12, end=20, code="push", coder="alice")
    batch = changes_since(p, start, document_id=doc, exclude_actor="alice")
    assert [(c.actor, c.kind, c.guid) for c in batch.changes] == [("bob", "added", bob.guid)]
    assert batch.segments == (segment_info(p, bob.id),)  # as the view shows its own codings
    assert batch.segments[0].coder == "bob"
    assert batch.summary() == "bob added 1 coding"
    assert batch.documents == {doc}
    assert batch.code_deltas == (("tacit", 1),)
    assert batch.cursor.after > start.after

    update_segment(p, coding_id=bob.id, coder="bob", start=3, event_date="2001", memo="m")
    again = changes_since(p, batch.cursor, document_id=doc, exclude_actor="alice")
    assert [c.kind for c in again.changes] == ["adjusted"]
    assert (again.segments[0].start, again.segments[0].end) == (3, 11)
    assert again.segments == (segment_info(p, bob.id),)
    assert again.code_deltas == ()

    remove_segment(p, coding_id=bob.id, coder="bob")
    gone = changes_since(p, again.cursor, document_id=doc, exclude_actor="alice")
    assert gone.removed == (bob.guid,)
    assert gone.segments == ()
    assert gone.summary() == "bob removed 1 coding"
    assert gone.code_deltas == (("tacit", -1),)

    undo(p, actor="bob")  # the removal: the coding is back
    back = changes_since(p, gone.cursor, document_id=doc, exclude_actor="alice")
    assert [c.kind for c in back.changes] == ["added"]
    assert [s.guid for s in back.segments] == [bob.guid]


def test_nothing_new_is_an_empty_batch_with_the_same_cursor(coded_project, doc):
    start = latest_cursor(coded_project)
    batch = changes_since(coded_project, start, document_id=doc, exclude_actor="alice")
    assert batch.empty
    assert batch.cursor == start
    assert batch.summary() is None


def test_changes_in_another_document_name_it_but_bring_no_segments(coded_project, doc):
    start = latest_cursor(coded_project)
    apply_code(coded_project, document_id=doc, start=4, end=11, code="tacit", coder="bob")
    batch = changes_since(coded_project, start, document_id=doc + 1, exclude_actor="alice")
    assert batch.documents == {doc}
    assert batch.segments == ()
    assert batch.summary(doc + 1) is None
    assert batch.summary(doc) == "bob added 1 coding"


def test_blind_mode_never_sees_other_coders_codings(coded_project, doc):
    p = coded_project
    start = latest_cursor(p)
    apply_code(p, document_id=doc, start=4, end=11, code="tacit", coder="bob")
    mine = apply_code(p, document_id=doc, start=12, end=20, code="push", coder="alice")
    blind = changes_since(p, start, document_id=doc, exclude_actor="alice", only_coder="alice")
    assert blind.changes == ()
    assert blind.segments == ()
    # someone else (a lead tidying up) removing one of alice's codings does reach her view
    remove_coding(p.uow(), coding_id=mine.id, actor="lead")
    later = changes_since(
        p, blind.cursor, document_id=doc, exclude_actor="alice", only_coder="alice"
    )
    assert [(c.actor, c.kind) for c in later.changes] == [("lead", "removed")]
    assert later.removed == (mine.guid,)


def test_a_skipped_undo_is_no_change(coded_project, doc):
    p = coded_project
    seg = apply_code(p, document_id=doc, start=4, end=11, code="tacit", coder="bob")
    remove_coding(p.uow(), coding_id=seg.id, actor="lead")
    start = latest_cursor(p)
    result = undo(p, actor="bob")  # bob's coding was removed by someone else: skipped
    assert result is not None
    assert result.skipped
    assert changes_since(p, start, document_id=doc, exclude_actor="alice").changes == ()


def test_codebook_changes_ask_for_a_reload(coded_project, doc):
    start = latest_cursor(coded_project)
    merge_codes(coded_project.uow(), source="tacit", target="push", actor="lead")
    batch = changes_since(coded_project, start, document_id=doc, exclude_actor="alice")
    assert batch.codebook_changed
    assert not batch.empty


def _insert_audit(project, audit_id: int, actor: str = "bob") -> None:
    with project.uow() as uow:
        uow.session.add(AuditEvent(id=audit_id, actor=actor, action="x.y", entity="thing"))


def test_an_id_that_commits_late_is_not_missed(coded_project):
    """PostgreSQL can commit id 101 before id 100: the missing id is asked for again."""
    p = coded_project
    start = latest_cursor(p)
    _insert_audit(p, start.after + 2)
    batch = changes_since(p, start)
    assert batch.cursor.after == start.after + 2
    assert [i for i, _ in batch.cursor.gaps] == [start.after + 1]
    seg = apply_code(p, document_id=1, start=4, end=11, code="tacit", coder="bob")
    # apply_code took the next id above; put a coding change into the gap by hand
    with p.uow() as uow:
        row = uow.session.get(AuditEvent, uow.session.scalar(text("SELECT max(id) FROM audit_log")))
        snapshot = row.after
    with p.uow() as uow:
        uow.session.add(
            AuditEvent(
                id=start.after + 1,
                actor="carla",
                action="coding.update",
                entity="coding",
                entity_id=seg.guid,
                before=snapshot,
                after=snapshot | {"memo": "late"},
            )
        )
    late = changes_since(p, batch.cursor, document_id=1, exclude_actor="alice")
    assert {c.actor for c in late.changes} == {"bob", "carla"}
    assert late.cursor.gaps == ()


def test_gaps_are_given_up_after_a_while(coded_project):
    p = coded_project
    start = latest_cursor(p)
    _insert_audit(p, start.after + 3)
    batch = changes_since(p, start, now=1000.0)
    assert len(batch.cursor.gaps) == 2
    assert changes_since(p, batch.cursor, now=1000.0 + feed.GAP_SECONDS - 1).cursor.gaps
    assert changes_since(p, batch.cursor, now=1000.0 + feed.GAP_SECONDS + 1).cursor.gaps == ()


def test_a_large_batch_comes_in_parts(coded_project, doc, monkeypatch):
    monkeypatch.setattr(feed, "MAX_ROWS", 3)
    p = coded_project
    cursor = latest_cursor(p)
    for i in range(7):
        apply_code(p, document_id=doc, start=i, end=i + 5, code="tacit", coder="bob")
    seen = 0
    rounds = 0
    while True:
        batch = changes_since(p, cursor, document_id=doc, exclude_actor="alice")
        seen += len(batch.changes)
        cursor = batch.cursor
        rounds += 1
        if not batch.more:
            break
    assert (seen, rounds) == (7, 3)
    assert cursor.gaps == ()


@pytest.mark.parametrize(
    "where", ["id > 5 ORDER BY id LIMIT 2001", "id IN (2, 3) ORDER BY id"], ids=["new", "gaps"]
)
def test_the_poll_searches_the_primary_key(coded_project, where):
    """O(changes): both of the poll's reads search the rowid; neither scans the log."""
    with coded_project.uow() as uow:
        plan = uow.session.execute(
            text(f"EXPLAIN QUERY PLAN SELECT id, actor, before FROM audit_log WHERE {where}")
        ).all()
    details = [str(r[-1]) for r in plan]
    assert details == [details[0]]
    assert details[0].startswith("SEARCH audit_log USING INTEGER PRIMARY KEY"), details


def test_starting_cursor_counts_missing_recent_ids_as_gaps(coded_project):
    p = coded_project
    newest = latest_cursor(p).after
    _insert_audit(p, newest + 5)
    cursor = latest_cursor(p)
    assert cursor.after == newest + 5
    assert [i for i, _ in cursor.gaps] == list(range(newest + 1, newest + 5))
    assert ChangeCursor().after == 0


@pytest.mark.postgres
def test_on_postgres_a_transaction_that_commits_after_a_later_one_is_seen(pg_url, tmp_path):
    """Two coders at once: the one holding the smaller id commits last."""
    from tests.conftest import LEARNING
    from workbench.services.codebook import load_codebook_file
    from workbench.services.coders import add_coder
    from workbench.services.documents import import_file
    from workbench.services.project import init_project

    p = init_project("team", base=tmp_path, coder="alice", database=pg_url)
    try:
        load_codebook_file(p.uow(), path=LEARNING, actor="alice")
        add_coder(p.uow(), handle="bob")
        f = tmp_path / "i.txt"
        f.write_text("R1: In 2000 we copied what they did. By 2003 we adapted.\n", encoding="utf-8")
        import_file(p, path=f, title="I", kind="interview")
        start = latest_cursor(p)
        slow = p.uow()
        with slow:
            from workbench.services.audit import record

            record(slow.session, actor="bob", action="x.y", entity="thing", entity_id=1)
            slow.session.flush()  # takes the next id, not yet committed
            seg = apply_code(p, document_id=1, start=4, end=11, code="tacit", coder="bob")
            first = changes_since(p, start, document_id=1, exclude_actor="alice")
            assert [c.guid for c in first.changes] == [seg.guid]
            assert [i for i, _ in first.cursor.gaps] == [start.after + 1]
        late = changes_since(p, first.cursor, document_id=1, exclude_actor="alice")
        assert late.cursor.gaps == ()
        assert late.cursor.after == first.cursor.after
        # an empty poll and the blind filter work on PostgreSQL too
        assert changes_since(p, late.cursor, document_id=1, only_coder="alice").empty
    finally:
        p.close()


@pytest.mark.parametrize("near", [2000, 10])
def test_many_changed_codings_resolve_as_one_by_one(coded_project, doc, monkeypatch, near):
    """Nearby codings share a date resolver: the result is the same as reading each alone."""
    monkeypatch.setattr(feed, "NEAR", near)
    p = coded_project
    start = latest_cursor(p)
    length = list_document_rows(p, coder="alice")[0].length
    made = [
        apply_code(p, document_id=doc, start=a, end=min(length, a + 9), code="tacit", coder="bob")
        for a in range(0, length - 10, 7)
    ]
    batch = changes_since(p, start, document_id=doc, exclude_actor="alice")
    assert sorted(batch.segments, key=lambda s: s.id) == [segment_info(p, m.id) for m in made]
