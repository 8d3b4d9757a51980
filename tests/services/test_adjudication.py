from __future__ import annotations

import pytest

from workbench.core.errors import ConflictError, NotFoundError
from workbench.services.adjudication import adopt_agreements, take_coding
from workbench.services.bracketing import collect_events
from workbench.services.codings import add_coding, list_codings


@pytest.fixture
def disputed(coded_project):
    p = coded_project
    add_coding(
        p.uow(),
        document="Interview 01",
        code="imitation",
        coder="alice",
        quote="copied what they did",
        event_date="2000",
    )
    add_coding(
        p.uow(),
        document="Interview 01",
        code="imitation",
        coder="bob",
        quote="We went to an open day and copied what they did.",
    )
    add_coding(
        p.uow(),
        document="Interview 01",
        code="adaptation",
        coder="alice",
        quote="adapting ideas to our own context",
    )
    bob_only = add_coding(
        p.uow(), document="Interview 01", code="peer", coder="bob", quote="with a peer council"
    )
    return p, bob_only


def test_adopt_takes_the_union_of_agreeing_segments(disputed):
    project, _ = disputed
    result = adopt_agreements(project, coders=["alice", "bob"], actor="alice")
    assert (result.adopted, result.documents) == (1, 1)
    [c] = list_codings(project.uow(), coder="consensus")
    assert c.quote == "We went to an open day and copied what they did."
    assert (c.origin, c.event_date, c.code) == ("adjudicated", "2000", "imitation")
    again = adopt_agreements(project, coders=["alice", "bob"], actor="alice")
    assert (again.adopted, again.already) == (0, 1)


def test_take_settles_a_disagreement_and_bracketing_can_use_it(disputed):
    project, bob_only = disputed
    taken = take_coding(
        project,
        coding_id=bob_only.id,
        start=bob_only.start,
        end=bob_only.end - len(" council"),
        actor="alice",
    )
    assert taken.quote == "with a peer"
    assert taken.coder == "consensus"
    with pytest.raises(ConflictError, match="already a consensus coding"):
        take_coding(project, coding_id=taken.id, actor="alice")
    with pytest.raises(NotFoundError):
        take_coding(project, coding_id=99999, actor="alice")
    events = collect_events(project, coders=["consensus"])
    assert [e.theme for e in events.dated] == ["peer"]
    assert events.dated[0].date_source == "mention"  # "By 2003" in the same sentence
