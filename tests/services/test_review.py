"""Reviewing disagreements and settling them: take, both, neither, edited span, undo."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from workbench.core.errors import ConflictError, InputError, NotFoundError
from workbench.services import history
from workbench.services.adjudication import (
    list_neither,
    take_both,
    take_coding,
    take_codings,
    take_neither,
)
from workbench.services.bracketing import collect_events
from workbench.services.codings import add_coding, list_codings
from workbench.services.review import default_review_coders, review_document, review_overview
from workbench.store.models import AuditEvent, Coding

PAIR = ["alice", "bob"]


@pytest.fixture
def split(coded_project):
    """alice says imitation where bob says tacit; bob alone codes the peer council."""
    p = coded_project
    a = add_coding(
        p.uow(), document="Interview 01", code="imitation", coder="alice",
        quote="copied what they did", event_date="2000",
    )  # fmt: skip
    b = add_coding(
        p.uow(), document="Interview 01", code="tacit", coder="bob", quote="We went to an open day"
    )
    peer = add_coding(
        p.uow(), document="Interview 01", code="peer", coder="bob", quote="with a peer council"
    )
    return p, a, b, peer


def counts(project):
    with project.uow() as uow:
        s = uow.session
        return (
            s.scalar(select(func.count()).select_from(Coding)),
            s.scalar(select(func.count()).select_from(AuditEvent)),
        )


def audit(project, action):
    with project.uow() as uow:
        rows = uow.session.execute(
            select(AuditEvent.actor, AuditEvent.entity, AuditEvent.after).where(
                AuditEvent.action == action
            )
        ).all()
    return [tuple(r) for r in rows]


def review(project, **kw):
    return review_document(project, document_id=1, coders=PAIR, **kw)


def test_review_lists_each_disagreement_with_both_sides(split):
    project, a, b, _ = split
    r = review(project)
    first, second = r.items
    assert first.codes == ("imitation", "tacit")
    assert [s.id for s in first.side("alice").segments] == [a.id]
    assert [s.id for s in first.side("bob").segments] == [b.id]
    assert r.document.text[first.start : first.end] == (
        "We went to an open day and copied what they did."
    )
    assert second.codes == ("peer",)
    assert second.side("alice").segments == ()
    assert [i.state for i in r.items] == ["open", "open"]
    only_peer = review(project, code="peer")
    assert [i.codes for i in only_peer.items] == [("peer",)]
    turns = review(project, unit="turn")
    assert len(turns.items) == 2
    overview = review_overview(project, coders=PAIR)
    assert [(row.title, row.open, row.settled) for row in overview.rows] == [("Interview 01", 2, 0)]
    assert default_review_coders(project) == ["bob", "alice"]


def test_take_one_side_stores_adjudicated_codings_and_settles(split):
    project, a, _, _ = split
    [taken] = take_codings(project, coding_ids=[a.id], actor="alice")
    assert (taken.coder, taken.origin, taken.code, taken.quote) == (
        "consensus", "adjudicated", "imitation", "copied what they did",
    )  # fmt: skip
    assert taken.event_date == "2000"
    adds = [row for row in audit(project, "coding.add") if row[2]["guid"] == taken.guid]
    assert [(actor, entity) for actor, entity, _ in adds] == [("alice", "coding")]
    first, second = review(project).items
    assert (first.state, second.state) == ("taken", "open")
    assert "consensus codes" in first.decided
    assert [s.id for s in first.consensus] == [taken.id]
    assert review_overview(project, coders=PAIR).rows[0].open == 1
    events = collect_events(project, coders=["consensus"])
    assert [e.theme for e in events.dated] == ["imitation"]


def test_take_both_keeps_both_readings(split):
    project, a, b, _ = split
    both = take_both(project, coding_ids=[a.id, b.id], actor="alice")
    assert sorted(c.code for c in both) == ["imitation", "tacit"]
    assert {c.origin for c in list_codings(project.uow(), coder="consensus")} == {"adjudicated"}
    assert review(project).items[0].state == "taken"


def test_take_both_needs_two_coders_and_leaves_nothing_on_error(split):
    project, a, b, peer = split
    before = counts(project)
    with pytest.raises(InputError, match="at least two coders; these are all bob's"):
        take_both(project, coding_ids=[b.id, peer.id], actor="alice")
    with pytest.raises(NotFoundError, match="no coding #9999"):
        take_both(project, coding_ids=[a.id, 9999], actor="alice")
    with pytest.raises(InputError, match="name the codings"):
        take_codings(project, coding_ids=[], actor="alice")
    assert counts(project) == before


def test_take_skips_what_the_consensus_has_and_refuses_consensus_codings(split):
    project, a, b, _ = split
    [first] = take_codings(project, coding_ids=[a.id], actor="alice")
    both = take_both(project, coding_ids=[a.id, b.id], actor="alice")
    assert [c.code for c in both] == ["tacit"]  # alice's was taken already
    before = counts(project)
    with pytest.raises(ConflictError, match="already has these segments"):
        take_codings(project, coding_ids=[a.id], actor="alice")
    with pytest.raises(ConflictError, match="already a consensus coding"):
        take_codings(project, coding_ids=[first.id], actor="alice")
    assert counts(project) == before


def test_codings_of_two_documents_are_not_one_decision(split, tmp_path):
    from workbench.services.documents import import_file

    project, a, _, _ = split
    f = tmp_path / "other.txt"
    f.write_text("Councils copied the toolkit.\n")
    import_file(project, path=f, title="Other", kind="document")
    other = add_coding(project.uow(), document="Other", code="tacit", coder="bob", quote="copied")
    before = counts(project)
    with pytest.raises(InputError, match="different documents"):
        take_both(project, coding_ids=[a.id, other.id], actor="alice")
    assert counts(project) == before


def test_edited_span_is_taken_with_the_source_code(split):
    project, _, _, peer = split
    r = review(project)
    item = r.items[1]
    start = r.document.text.index("peer council")
    taken = take_coding(project, coding_id=peer.id, start=start, end=item.end - 1, actor="alice")
    assert (taken.quote, taken.code, taken.origin) == ("peer council", "peer", "adjudicated")
    assert review(project).items[1].state == "taken"


def test_neither_is_recorded_settles_and_can_be_undone(split):
    project, *_ = split
    item = review(project).items[0]
    before_codings = counts(project)[0]
    mark = take_neither(
        project, document=1, start=item.start, end=item.end, codes=list(item.codes),
        coders=PAIR, actor="alice",
    )  # fmt: skip
    assert counts(project)[0] == before_codings  # no coding: the text stays uncoded
    [(actor, entity, after)] = audit(project, "adjudication.neither")
    assert (actor, entity) == ("alice", "adjudication")
    assert after == {
        "document_id": 1, "start": item.start, "end": item.end,
        "codes": ["imitation", "tacit"], "coders": PAIR, "took": None,
    }  # fmt: skip
    assert list_neither(project) == [mark]
    first = review(project).items[0]
    assert (first.state, first.decided) == ("neither", "neither, decided by alice")
    assert review_overview(project, coders=PAIR).rows[0].open == 1

    result = history.undo(project, actor="alice")
    assert result.description == (
        "settle [65, 113) as neither Imitation of best practice, Tacit knowledge"
    )
    assert list_neither(project) == []
    assert review(project).items[0].state == "open"
    history.redo(project, actor="alice")
    assert review(project).items[0].state == "neither"
    assert [a for a, *_ in audit(project, "adjudication.undo")] == ["alice"]


def test_taking_the_uncoded_side_is_neither_in_that_coders_name(split):
    project, *_ = split
    item = review(project).items[1]
    take_neither(
        project, document="Interview 01", start=item.start, end=item.end, codes=["peer"],
        coders=PAIR, took="alice", actor="alice",
    )  # fmt: skip
    assert review(project).items[1].decided == "took alice's reading (no code), decided by alice"


def test_neither_errors_are_clear_and_change_nothing(split):
    project, a, _, _ = split
    item = review(project).items[0]
    before = counts(project)
    args = {"document": 1, "start": item.start, "end": item.end, "actor": "alice"}
    with pytest.raises(InputError, match="name the disputed codes"):
        take_neither(project, **args, codes=[])
    with pytest.raises(NotFoundError, match="no code 'nope'"):
        take_neither(project, **args, codes=["nope"])
    with pytest.raises(NotFoundError, match="no document"):
        take_neither(project, **(args | {"document": "Nope"}), codes=["tacit"])
    with pytest.raises(InputError, match="runs past the end"):
        take_neither(project, **(args | {"end": 10_000}), codes=["tacit"])
    with pytest.raises(InputError, match="bad span"):
        take_neither(project, **(args | {"end": item.start}), codes=["tacit"])
    with pytest.raises(InputError, match="not one of the compared coders"):
        take_neither(project, **args, codes=["tacit"], coders=PAIR, took="carol")
    assert counts(project) == before
    take_codings(project, coding_ids=[a.id], actor="alice")
    before = counts(project)
    with pytest.raises(ConflictError, match=r"the consensus codes .* Imitation .* undo or remove"):
        take_neither(project, **args, codes=["imitation", "tacit"])
    assert counts(project) == before
    history.undo(project, actor="alice")
    take_neither(project, **args, codes=["imitation", "tacit"])
    with pytest.raises(ConflictError, match="already settled as neither"):
        take_neither(project, **args, codes=["tacit"])


def test_a_disagreement_that_grows_after_neither_is_open_again(split):
    project, *_ = split
    item = review(project).items[1]
    take_neither(project, document=1, start=item.start, end=item.end, codes=["peer"], actor="alice")
    assert review(project).items[1].state == "neither"
    add_coding(project.uow(), document=1, code="tacit", coder="bob", quote="adapting ideas")
    assert review(project).items[1].codes == ("peer", "tacit")
    assert review(project).items[1].state == "open"


def test_undo_of_taken_segments_goes_one_coding_at_a_time(split):
    project, a, b, _ = split
    take_both(project, coding_ids=[a.id, b.id], actor="alice")
    history.undo(project, actor="alice")
    assert len(list_codings(project.uow(), coder="consensus")) == 1
    history.undo(project, actor="alice")
    assert list_codings(project.uow(), coder="consensus") == []
    assert review(project).items[0].state == "open"


def test_bad_review_settings(split):
    project, *_ = split
    with pytest.raises(InputError, match="unit must be one of"):
        review(project, unit="page")
    with pytest.raises(InputError, match="two different coders"):
        review_document(project, document_id=1, coders=["alice", "alice"])
    with pytest.raises(InputError, match="not the consensus"):
        review_overview(project, coders=["alice", "consensus"])
    with pytest.raises(NotFoundError, match="unknown coder 'carol'"):
        review_overview(project, coders=["alice", "carol"])
