"""Applying, removing, adjusting, memoing and dating segments, as the coding view does."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from workbench.core.errors import ConflictError, InputError
from workbench.services.codings import list_codings
from workbench.services.reading import list_document_rows
from workbench.services.segments import (
    apply_code,
    date_choices,
    remove_segment,
    update_segment,
)
from workbench.store.models import AuditEvent


@pytest.fixture
def doc(coded_project) -> int:
    return list_document_rows(coded_project, coder="alice")[0].id


def _text(project) -> str:
    from workbench.services.reading import open_document

    return open_document(project, document_id=list_document_rows(project, coder="x")[0].id).text


def test_apply_code_returns_a_dated_segment_and_is_stored(coded_project, doc):
    text = _text(coded_project)
    start = text.index("By 2003")
    seg = apply_code(
        coded_project, document_id=doc, start=start, end=start + 40, code="adaptation", coder="bob"
    )
    assert (seg.code, seg.coder, seg.origin) == ("adaptation", "bob", "manual")
    assert (seg.event_date, seg.date_source, seg.date_scope) == ("2003", "mention", "span")
    [stored] = list_codings(coded_project.uow(), coder="bob")
    assert (stored.start, stored.end, stored.code) == (start, start + 40, "adaptation")


def test_update_changes_bounds_memo_and_date_with_an_audit_row(coded_project, doc):
    seg = apply_code(coded_project, document_id=doc, start=60, end=80, code="tacit", coder="alice")
    seg = update_segment(coded_project, coding_id=seg.id, coder="alice", start=55, end=90)
    assert (seg.start, seg.end) == (55, 90)
    seg = update_segment(coded_project, coding_id=seg.id, coder="alice", memo="  key  ")
    assert seg.memo == "key"
    seg = update_segment(coded_project, coding_id=seg.id, coder="alice", event_date="Q3 2004")
    assert (seg.own_date, seg.event_date, seg.date_source) == ("Q3 2004", "Q3 2004", "own")
    seg = update_segment(coded_project, coding_id=seg.id, coder="alice", event_date=None)
    assert seg.own_date is None
    assert seg.date_source != "own"
    with coded_project.uow() as uow:
        rows = uow.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "coding.update")
        ).all()
    assert len(rows) == 4
    assert rows[0].before["start"] == 60
    assert rows[0].after["start"] == 55
    assert rows[2].after["event_precision"] == "quarter"


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"start": 10, "end": 5}, InputError),
        ({"end": 100_000}, InputError),
        ({"event_date": "2004-13"}, InputError),
        ({"memo": None}, InputError),  # nothing to change
    ],
)
def test_bad_updates_change_nothing(coded_project, doc, kwargs, error):
    seg = apply_code(coded_project, document_id=doc, start=60, end=80, code="tacit", coder="alice")
    with pytest.raises(error):
        update_segment(coded_project, coding_id=seg.id, coder="alice", **kwargs)
    [stored] = list_codings(coded_project.uow())
    assert (stored.start, stored.end, stored.memo, stored.event_date) == (60, 80, None, None)


def test_a_coder_changes_only_their_own_codings(coded_project, doc):
    seg = apply_code(coded_project, document_id=doc, start=60, end=80, code="tacit", coder="bob")
    with pytest.raises(ConflictError, match="bob's"):
        update_segment(coded_project, coding_id=seg.id, coder="alice", memo="mine now")
    with pytest.raises(ConflictError, match="bob's"):
        remove_segment(coded_project, coding_id=seg.id, coder="alice")
    removed = remove_segment(coded_project, coding_id=seg.id, coder="bob")
    assert removed.id == seg.id
    assert list_codings(coded_project.uow()) == []


def test_adjusting_onto_an_existing_coding_is_refused(coded_project, doc):
    apply_code(coded_project, document_id=doc, start=10, end=20, code="tacit", coder="alice")
    b = apply_code(coded_project, document_id=doc, start=30, end=40, code="tacit", coder="alice")
    with pytest.raises(ConflictError, match="already coded"):
        update_segment(coded_project, coding_id=b.id, coder="alice", start=10, end=20)


def test_date_choices_list_nearby_mentions_nearest_first(coded_project, doc):
    text = _text(coded_project)
    start = text.index("we were adapting")
    seg = apply_code(
        coded_project, document_id=doc, start=start, end=start + 20, code="tacit", coder="alice"
    )
    choices = date_choices(coded_project, coding_id=seg.id)
    assert choices.mentions[0].text == "2003"
    assert choices.document_date == "2006-05"
    assert choices.segment.event_date == "2003"
