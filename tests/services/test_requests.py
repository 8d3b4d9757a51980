"""Action requests: an action sent twice after a lost connection is saved once."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError, OperationalError

from tests.netproxy import proxied_url
from workbench.services.codings import list_codings
from workbench.services.history import undo
from workbench.services.reading import list_document_rows
from workbench.services.requests import (
    Outcome,
    action_request,
    is_connection_lost,
    new_request_id,
    request_outcome,
)
from workbench.services.segments import apply_code
from workbench.store.models import AuditEvent


@pytest.fixture
def doc(coded_project) -> int:
    return list_document_rows(coded_project, coder="alice")[0].id


def markers(project) -> int:
    with project.uow() as uow:
        return uow.session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.entity == "request")
        )


def test_an_action_under_a_request_leaves_a_marker(coded_project, doc):
    rid = new_request_id()
    assert request_outcome(coded_project, rid).outcome is Outcome.NOT_SAVED
    with action_request(rid):
        apply_code(coded_project, document_id=doc, start=4, end=11, code="tacit", coder="alice")
    got = request_outcome(coded_project, rid)
    assert (got.outcome, got.action, got.document_id) == (Outcome.SAVED, "coding.add", doc)
    assert markers(coded_project) == 1


def test_no_marker_without_a_request(coded_project, doc):
    apply_code(coded_project, document_id=doc, start=4, end=11, code="tacit", coder="alice")
    assert markers(coded_project) == 0


def test_a_failed_action_leaves_no_marker(coded_project, doc):
    apply_code(coded_project, document_id=doc, start=4, end=11, code="tacit", coder="alice")
    rid = new_request_id()
    with action_request(rid), pytest.raises(Exception, match="already coded"):
        apply_code(coded_project, document_id=doc, start=4, end=11, code="tacit", coder="alice")
    assert request_outcome(coded_project, rid).outcome is Outcome.NOT_SAVED


def test_undo_is_marked_too(coded_project, doc):
    apply_code(coded_project, document_id=doc, start=4, end=11, code="tacit", coder="alice")
    rid = new_request_id()
    with action_request(rid):
        undo(coded_project, actor="alice")
    assert request_outcome(coded_project, rid).outcome is Outcome.SAVED
    # the marker is not a coding action: undo's history ignores it
    assert undo(coded_project, actor="alice") is None


def test_sqlite_file_out_of_reach_is_a_lost_connection(coded_project, doc):
    root = coded_project.root
    away = root.with_name("away")
    root.rename(away)
    coded_project.engine.dispose()  # pooled connections would keep the moved file open
    try:
        with pytest.raises(OperationalError) as caught:
            list_document_rows(coded_project, coder="alice")
        assert is_connection_lost(caught.value)
    finally:
        away.rename(root)
    assert list_document_rows(coded_project, coder="alice")


def test_other_errors_are_not_a_lost_connection(coded_project):
    with pytest.raises(IntegrityError) as caught, coded_project.uow() as uow:
        uow.session.execute(
            text("INSERT INTO coders (handle, role, created_at) VALUES (NULL, 'x', 0)")
        )
    assert not is_connection_lost(caught.value)
    assert not is_connection_lost(ValueError("unable to open database file"))


# ---------------------------------------------------------------------- PostgreSQL


@pytest.fixture
def pg_project(pg_url, tmp_path):
    """A coded project on PostgreSQL, reached through a proxy the test can cut."""
    from tests.conftest import LEARNING
    from workbench.services.codebook import load_codebook_file
    from workbench.services.coders import add_coder
    from workbench.services.documents import import_file
    from workbench.services.project import init_project

    proxy, url = proxied_url(pg_url)
    project = init_project("team", base=tmp_path, coder="alice", database=url)
    load_codebook_file(project.uow(), path=LEARNING, actor="alice")
    add_coder(project.uow(), handle="bob")
    f = tmp_path / "i.txt"
    f.write_text("R1: In 2000 we copied what they did. By 2003 we adapted.\n", encoding="utf-8")
    import_file(project, path=f, title="I", kind="interview")
    yield project, proxy
    proxy.close()
    project.close()


@pytest.mark.postgres
def test_a_refused_connection_is_lost_and_comes_back(pg_project):
    project, proxy = pg_project
    proxy.cut()
    with pytest.raises(OperationalError) as caught:
        list_document_rows(project, coder="alice")
    assert is_connection_lost(caught.value)
    proxy.restore()
    assert list_document_rows(project, coder="alice")


@pytest.mark.postgres
def test_a_commit_whose_reply_is_lost_is_found_saved(pg_project):
    """The ambiguous failure: the server commits, the client hears nothing."""
    project, proxy = pg_project
    rid = new_request_id()
    proxy.cut_after(b"COMMIT")
    with action_request(rid), pytest.raises(OperationalError) as caught:
        apply_code(project, document_id=1, start=4, end=11, code="tacit", coder="alice")
    assert is_connection_lost(caught.value)
    assert proxy.tripped.is_set()
    proxy.restore()
    assert request_outcome(project, rid).outcome is Outcome.SAVED
    assert [(c.start, c.end) for c in list_codings(project.uow())] == [(4, 11)]


@pytest.mark.postgres
def test_an_attempt_still_committing_is_in_doubt(pg_project):
    """While an earlier attempt holds the request's lock, the check does not say "not saved"."""
    project, _ = pg_project
    rid = new_request_id()
    holding = threading.Event()
    release = threading.Event()

    def slow_attempt() -> None:
        with action_request(rid), project.uow() as uow:
            from workbench.services.audit import record

            record(uow.session, actor="alice", action="x.y", entity="thing", entity_id=1)
            uow.session.flush()
            holding.set()
            release.wait(10)

    worker = threading.Thread(target=slow_attempt)
    worker.start()
    try:
        assert holding.wait(10)
        assert request_outcome(project, rid).outcome is Outcome.IN_DOUBT
    finally:
        release.set()
        worker.join(10)
    assert request_outcome(project, rid).outcome is Outcome.SAVED
