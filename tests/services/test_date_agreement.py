"""Date and phase agreement from a project, and date disagreements in the review."""

from __future__ import annotations

import pytest

from workbench.core.errors import InputError
from workbench.services.adjudication import adopt_agreements, take_date
from workbench.services.codings import add_coding, list_codings
from workbench.services.date_agreement import compute_date_agreement, compute_phase_agreement
from workbench.services.documents import import_file
from workbench.services.history import undo
from workbench.services.phases import add_phase
from workbench.services.review import DATE, review_document, review_overview

TEXT = (
    "We copied their leaflet. Then we visited them. We adapted the rota. "
    "We built a new service. Nothing else happened."
)


@pytest.fixture
def dated(coded_project, tmp_path):
    """Notes: four passages both coders coded alike; ana and bob date them:
    leaflet 2000 / 2000 (same), visit 2001 / March 2001 (nested), rota 2002 / 2004
    (apart), service 2005 / bob gives no own date (the document's date stands in)."""
    f = tmp_path / "notes.txt"
    f.write_text(TEXT)
    import_file(coded_project, path=f, title="Notes", date="2006")
    rows = [
        ("imitation", "We copied their leaflet.", "2000", "2000"),
        ("peer", "Then we visited them.", "2001", "2001-03"),
        ("adaptation", "We adapted the rota.", "2002", "2004"),
        ("innovation", "We built a new service.", "2005", None),
    ]
    for code, quote, first, second in rows:
        add_coding(
            coded_project.uow(),
            document="Notes",
            code=code,
            coder="alice",
            quote=quote,
            event_date=first,
        )
        add_coding(
            coded_project.uow(),
            document="Notes",
            code=code,
            coder="bob",
            quote=quote,
            event_date=second,
        )
    return coded_project


def test_date_agreement_counts_exact_overlap_and_the_rule(dated):
    run = compute_date_agreement(dated, coders=["alice", "bob"])
    assert run.documents == ("Notes",)
    pooled = run.result.pooled
    assert pooled.n_units == 4
    assert pooled.exact.value == pytest.approx(1 / 4)
    assert pooled.overlap.value == pytest.approx(2 / 4)  # 2000 = 2000, 2001 contains March
    assert pooled.nested == pytest.approx(1 / 4)
    assert len(run.disagreements) == 3
    own = compute_date_agreement(dated, coders=["alice", "bob"], basis="own")
    assert own.result.pooled.n_units == 3  # bob gave no own date to the service
    with pytest.raises(InputError, match="date basis"):
        compute_date_agreement(dated, coders=["alice", "bob"], basis="text")
    with pytest.raises(InputError, match="twice"):
        compute_date_agreement(dated, coders=["alice", "alice"])


def test_phase_agreement_under_a_scheme(dated):
    for label, start, end in (("early", "1999", "2001"), ("late", "2002", "2006")):
        add_phase(dated, scheme="s", label=label, start=start, end=end, actor="alice")
    run = compute_phase_agreement(dated, coders=["alice", "bob"], scheme="s", bootstrap=100)
    # 2000/2000 early; 2001/March 2001 early; 2002/2004 late; 2005/2006 late: all agree.
    assert run.result.same_phase == pytest.approx(1.0)
    assert run.result.labels == ("before early", "early", "late", "after late")
    assert run.split == ()
    add_coding(
        dated.uow(),
        document="Notes",
        code="tacit",
        coder="alice",
        quote="Nothing else happened.",
        event_date="2001",
    )
    add_coding(
        dated.uow(),
        document="Notes",
        code="tacit",
        coder="bob",
        quote="Nothing else happened.",
        event_date="2003",
    )
    run = compute_phase_agreement(dated, coders=["alice", "bob"], scheme="s", bootstrap=100)
    assert run.result.same_phase == pytest.approx(4 / 5)
    assert [phases for _, phases in run.split] == [("early", "late")]


def test_date_disagreements_are_reviewed_and_settled_by_taking_a_date(dated):
    doc = next(
        d for d in review_overview(dated, coders=["alice", "bob"]).rows if d.title == "Notes"
    )
    assert doc.open == 3
    review = review_document(dated, document_id=doc.id, coders=["alice", "bob"])
    items = [i for i in review.items if i.kind == DATE]
    assert len(items) == 3
    rota = next(i for i in items if "2004" in str(i.dates))
    assert [(c, w) for c, w, _ in rota.dates] == [("alice", "2002"), ("bob", "2004")]
    bob_segment = rota.side("bob").segments[0]
    taken = take_date(dated, coding_id=bob_segment.id, actor="alice")
    assert taken.coder == "consensus"
    review = review_document(dated, document_id=doc.id, coders=["alice", "bob"])
    rota = next(i for i in review.items if i.kind == DATE and i.start == rota.start)
    assert rota.settled
    assert rota.decided == "the consensus dates it 2004"
    consensus = list(list_codings(dated.uow(), coder="consensus"))
    assert [c.event_date for c in consensus] == ["2004"]
    undo(dated, actor="alice")
    assert list_codings(dated.uow(), coder="consensus") == []


def test_adopting_agreements_dates_only_what_the_coders_dated_alike(dated):
    result = adopt_agreements(dated, coders=["alice", "bob"], actor="alice")
    assert result.adopted == 4
    assert result.undated == 3  # 2001 vs March 2001, 2002 vs 2004, 2005 vs none
    dates = sorted((c.code, c.event_date) for c in list_codings(dated.uow(), coder="consensus"))
    assert ("imitation", "2000") in dates
    assert sum(1 for _, when in dates if when is None) == 3
    # The two still open about their dates: take alice's for the rota.
    doc = next(
        d for d in review_overview(dated, coders=["alice", "bob"]).rows if d.title == "Notes"
    )
    review = review_document(dated, document_id=doc.id, coders=["alice", "bob"])
    rota = next(i for i in review.items if i.kind == DATE and "2004" in str(i.dates))
    taken = take_date(dated, coding_id=rota.side("alice").segments[0].id, actor="alice")
    assert taken.event_date == "2002"


def test_the_agreement_report_has_date_and_phase_sections(dated, tmp_path):
    import json

    from workbench.report.export import write_report
    from workbench.services.reports import build_report

    for label, start, end in (("early", "1999", "2001"), ("late", "2002", "2006")):
        add_phase(dated, scheme="s", label=label, start=start, end=end, actor="alice")
    report = build_report(dated, "agreement", coders=["alice", "bob"], bootstrap=100, scheme="s")
    assert {f.id for f in report.figures()} == {"alpha-by-code", "date-alpha-by-code"}
    dates = report.table("dates")
    assert dates.column("code_id")[-1] == "(pooled)"
    assert dates.column("passages")[-1] == 4
    assert report.table("phase-agreement").column("value")[0] == pytest.approx(1.0)
    assert report.table("documents").column("document") == ("Notes",)
    written = write_report(report, tmp_path / "a.json", "json")
    data = json.loads(written[0].read_text())
    assert "dates" in json.dumps(data)
    text = write_report(report, tmp_path / "a.md", "md")[0].read_text()
    assert "## Agreement on dates" in text or "Agreement on dates" in text
    assert "3 passages dated differently" in text
    assert "alice: 2002 (coder's date); bob: 2004 (coder's date)" in text
