"""Undo and redo from the audit log: every coding action, also after a restart."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from workbench.core.errors import ConflictError
from workbench.services.codings import add_coding, list_codings, remove_coding
from workbench.services.history import coding_history, history_state, redo, undo
from workbench.services.reading import list_document_rows
from workbench.services.segments import apply_code, update_segment
from workbench.store.project import open_project


@pytest.fixture
def doc(coded_project) -> int:
    return list_document_rows(coded_project, coder="alice")[0].id


def spans(project):
    return [(c.start, c.end, c.code, c.memo) for c in list_codings(project.uow())]


def test_undo_and_redo_an_applied_code(coded_project, doc):
    seg = apply_code(coded_project, document_id=doc, start=5, end=15, code="tacit", coder="alice")
    assert history_state(coded_project, actor="alice").undo.startswith("apply Tacit")
    result = undo(coded_project, actor="alice")
    assert (result.kind, result.action, result.removed, result.segment) == (
        "undo",
        "coding.add",
        seg.id,
        None,
    )
    assert spans(coded_project) == []
    result = redo(coded_project, actor="alice")
    assert result.segment.guid == seg.guid
    assert spans(coded_project) == [(5, 15, "tacit", None)]
    assert [a for a, _ in coding_history(coded_project, guid=seg.guid)] == [
        "coding.add",
        "coding.undo",
        "coding.redo",
    ]


def test_undo_remove_and_update_restore_exactly(coded_project, doc):
    seg = apply_code(coded_project, document_id=doc, start=5, end=15, code="tacit", coder="alice")
    update_segment(coded_project, coding_id=seg.id, coder="alice", memo="m", event_date="2003")
    update_segment(coded_project, coding_id=seg.id, coder="alice", start=3)
    remove_coding(coded_project.uow(), coding_id=seg.id, actor="alice")
    assert spans(coded_project) == []
    undo(coded_project, actor="alice")  # the removal
    assert spans(coded_project) == [(3, 15, "tacit", "m")]
    undo(coded_project, actor="alice")  # the new start
    assert spans(coded_project) == [(5, 15, "tacit", "m")]
    undo(coded_project, actor="alice")  # memo and date
    [c] = list_codings(coded_project.uow())
    assert (c.memo, c.event_date, c.guid) == (None, None, seg.guid)
    undo(coded_project, actor="alice")  # the coding itself
    assert spans(coded_project) == []
    assert undo(coded_project, actor="alice") is None
    for _ in range(4):
        redo(coded_project, actor="alice")
    assert spans(coded_project) == []
    assert redo(coded_project, actor="alice") is None
    undo(coded_project, actor="alice")
    [c] = list_codings(coded_project.uow())
    assert (c.start, c.end, c.memo, c.event_date) == (3, 15, "m", "2003")


def test_a_new_action_clears_the_redo_stack(coded_project, doc):
    apply_code(coded_project, document_id=doc, start=5, end=15, code="tacit", coder="alice")
    undo(coded_project, actor="alice")
    apply_code(coded_project, document_id=doc, start=20, end=25, code="tacit", coder="alice")
    assert history_state(coded_project, actor="alice").redo is None
    assert redo(coded_project, actor="alice") is None


def test_history_is_per_coder_and_survives_a_restart(coded_project, doc):
    apply_code(coded_project, document_id=doc, start=5, end=15, code="tacit", coder="alice")
    add_coding(coded_project.uow(), document=doc, code="tacit", coder="bob", start=1, end=4)
    coded_project.close()
    reopened = open_project(coded_project.root)
    try:
        result = undo(reopened, actor="alice")
        assert result.description == "apply Tacit knowledge to [5, 15)"
        assert [(c.coder, c.start) for c in list_codings(reopened.uow())] == [("bob", 1)]
        assert undo(reopened, actor="alice") is None
    finally:
        reopened.close()


def test_an_action_changed_by_someone_else_is_skipped_not_stuck(coded_project, doc):
    a = apply_code(coded_project, document_id=doc, start=5, end=15, code="tacit", coder="alice")
    apply_code(coded_project, document_id=doc, start=30, end=35, code="tacit", coder="alice")
    b = apply_code(coded_project, document_id=doc, start=40, end=45, code="tacit", coder="alice")
    remove_coding(coded_project.uow(), coding_id=b.id, actor="lee")  # a lead, say
    assert undo(coded_project, actor="alice").skipped is True
    result = undo(coded_project, actor="alice")
    assert (result.skipped, result.description) == (False, "apply Tacit knowledge to [30, 35)")
    assert [c.start for c in list_codings(coded_project.uow())] == [a.start]


def test_the_audit_log_stays_append_only(coded_project, doc):
    apply_code(coded_project, document_id=doc, start=5, end=15, code="tacit", coder="alice")
    undo(coded_project, actor="alice")
    with pytest.raises(Exception, match="append-only"), coded_project.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_log"))


def test_other_coders_codings_cannot_be_updated_through_undo(coded_project, doc):
    seg = apply_code(coded_project, document_id=doc, start=5, end=15, code="tacit", coder="bob")
    with pytest.raises(ConflictError):
        update_segment(coded_project, coding_id=seg.id, coder="alice", memo="x")
    assert undo(coded_project, actor="alice") is None
