"""Only leads adjudicate, on a SQLite project too: by the project's roles.

Every way a decision is written (adopt, take, take several, both, neither) is
refused for a coder, for a handle the project does not know and without a name,
and the refusal changes nothing.
"""

from __future__ import annotations

import pytest

from workbench.core.errors import NotFoundError, RefusedError
from workbench.services.adjudication import (
    adopt_agreements,
    list_neither,
    take_both,
    take_coding,
    take_codings,
    take_neither,
)
from workbench.services.codings import add_coding, list_codings


@pytest.fixture
def two_readings(coded_project):
    p = coded_project
    a = add_coding(
        p.uow(), document="Interview 01", code="imitation", coder="alice", quote="copied what"
    )
    b = add_coding(
        p.uow(), document="Interview 01", code="adaptation", coder="bob", quote="copied what"
    )
    return p, a, b


def _decisions(project):
    consensus = [c for c in list_codings(project.uow()) if c.coder == "consensus"]
    return len(consensus), len(list_neither(project))


ATTEMPTS = {
    "adopt": lambda p, a, b, who: adopt_agreements(p, coders=["alice", "bob"], actor=who),
    "take": lambda p, a, b, who: take_coding(p, coding_id=b.id, actor=who),
    "take several": lambda p, a, b, who: take_codings(p, coding_ids=[b.id], actor=who),
    "both": lambda p, a, b, who: take_both(p, coding_ids=[a.id, b.id], actor=who),
    "neither": lambda p, a, b, who: take_neither(
        p, document="Interview 01", start=b.start, end=b.end, codes=["adaptation"], actor=who
    ),
}


@pytest.mark.parametrize("action", sorted(ATTEMPTS))
@pytest.mark.parametrize(
    ("who", "error", "said"),
    [
        ("bob", RefusedError, "bob is not a lead: only leads adjudicate"),
        ("consensus", RefusedError, "not a lead"),
        ("mallory", NotFoundError, "no coder 'mallory'"),
        (None, RefusedError, "adjudication is a lead's"),
    ],
)
def test_only_a_lead_adjudicates(two_readings, action, who, error, said):
    project, a, b = two_readings
    before = _decisions(project)
    with pytest.raises(error, match=said):
        ATTEMPTS[action](project, a, b, who)
    assert _decisions(project) == before


def test_a_lead_adjudicates(two_readings):
    project, a, b = two_readings
    taken = take_coding(project, coding_id=b.id, actor="alice")
    assert taken.coder == "consensus"
    mark = take_neither(
        project, document="Interview 01", start=a.start, end=a.end, codes=["tacit"], actor="alice"
    )
    assert mark.actor == "alice"


def test_the_consensus_command_refuses_a_coder_on_one_line(cli, two_readings, monkeypatch):
    project, _, b = two_readings
    monkeypatch.setenv("WORKBENCH_CODER", "bob")
    code, _, err = cli("consensus", "take", str(b.id), "-p", str(project.root))
    assert code == 1
    assert err == "error: bob is not a lead: only leads adjudicate\n"
    code, _, err = cli(
        "consensus", "neither", "-d", "Interview 01", "--start", str(b.start), "--end",
        str(b.end), "--codes", "adaptation", "-p", str(project.root),
    )  # fmt: skip
    assert code == 1
    assert "only leads adjudicate" in err
    assert _decisions(project) == (0, 0)
