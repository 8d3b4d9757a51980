"""Agreement from a project: the right documents, units and codes reach the statistics."""

from __future__ import annotations

import numpy as np
import pytest

from workbench.agreement import krippendorff_alpha
from workbench.core.errors import InputError
from workbench.services.agreement import compute_agreement, list_disagreements
from workbench.services.codings import add_coding
from workbench.services.documents import import_file

TEXT = (
    "We copied their leaflet. Then we visited them. We adapted the rota. "
    "We built a new service. Nothing else happened."
)


@pytest.fixture
def two_coders(coded_project, tmp_path):
    f = tmp_path / "notes.txt"
    f.write_text(TEXT)
    import_file(coded_project, path=f, title="Notes")
    for coder, code, quote in [
        ("alice", "imitation", "We copied their leaflet."),
        ("bob", "imitation", "copied their leaflet"),
        ("alice", "adaptation", "We adapted the rota."),
        ("bob", "adaptation", "We adapted the rota."),
        ("alice", "innovation", "We built a new service."),
        ("bob", "adaptation", "We built a new service."),
    ]:
        add_coding(coded_project.uow(), document="Notes", code=code, coder=coder, quote=quote)
    return coded_project


def test_alpha_per_code_matches_the_reliability_matrix(two_coders):
    run = compute_agreement(two_coders, coders=["alice", "bob"], unit="sentence")
    assert run.documents == ("Notes",)  # Interview 01 has no codings by either: left out
    by_code = {c.code: c.statistics for c in run.report.codes}
    # Five sentences; adaptation: alice codes sentence 3, bob sentences 3 and 4.
    matrix = np.array([[0, 0], [0, 0], [1, 1], [0, 1], [0, 0]], dtype=float)
    expected = krippendorff_alpha(matrix, "nominal").value
    assert by_code["adaptation"].krippendorff_alpha.value == pytest.approx(expected)
    assert by_code["imitation"].krippendorff_alpha.value == pytest.approx(1.0)
    assert by_code["adaptation"].n_units == 5
    assert by_code["innovation"].percent_agreement.value == pytest.approx(0.8)


def test_options_change_the_units(two_coders):
    uncoded_out = compute_agreement(two_coders, coders=["alice", "bob"], exclude_uncoded=True)
    assert {c.code: c.statistics.n_units for c in uncoded_out.report.codes}["adaptation"] == 2
    chars = compute_agreement(two_coders, coders=["alice", "bob"], unit="character")
    assert chars.report.codes[0].statistics.n_units == len(TEXT)
    rolled = compute_agreement(two_coders, coders=["alice", "bob"], codes=["adaptation"])
    assert [c.code for c in rolled.report.codes] == ["adaptation"]


def test_disagreements_list_the_units_with_their_text(two_coders):
    found = list_disagreements(two_coders, coders=["alice", "bob"], code="adaptation")
    assert [(d.text, d.with_code, d.without_code) for d in found] == [
        ("We built a new service.", ("bob",), ("alice",))
    ]


def test_bad_requests(two_coders):
    with pytest.raises(InputError, match="at least two coders"):
        compute_agreement(two_coders, coders=["alice"])
    with pytest.raises(InputError, match="unit must be"):
        compute_agreement(two_coders, coders=["alice", "bob"], unit="word")
    with pytest.raises(InputError, match="min-share"):
        compute_agreement(two_coders, coders=["alice", "bob"], min_share=2)


def test_a_coder_named_twice_is_refused(two_coders):
    with pytest.raises(InputError, match="names 'alice' twice"):
        compute_agreement(two_coders, coders=["alice", "alice"])
    with pytest.raises(InputError, match="names 'alice' twice"):
        list_disagreements(two_coders, coders=["alice", "alice"], code="adaptation")


def test_a_document_one_coder_left_uncoded_is_named_not_dropped_silently(two_coders):
    # Interview 01: alice codes it, bob applies no code there.
    add_coding(
        two_coders.uow(),
        document="Interview 01",
        code="imitation",
        coder="alice",
        quote="copied what they did",
    )
    run = compute_agreement(two_coders, coders=["alice", "bob"])
    assert run.documents == ("Notes",)
    assert [(d.title, d.coded_by) for d in run.left_out] == [("Interview 01", ("alice",))]
    assert "'Interview 01' (only alice)" in run.notes[0]
    assert "--include-partial" in run.notes[0]
    both = compute_agreement(two_coders, coders=["alice", "bob"], partial=True)
    assert set(both.documents) == {"Notes", "Interview 01"}
    assert both.left_out == ()
    imitation = {c.code: c.statistics for c in both.report.codes}["imitation"]
    assert imitation.percent_agreement.value < 1.0  # bob's silence there is a disagreement


def test_every_statistic_has_an_interval_across_documents(two_coders, tmp_path):
    f = tmp_path / "more.txt"
    f.write_text(TEXT + " And more.")
    import_file(two_coders, path=f, title="More")
    for coder, code, quote in [
        ("alice", "imitation", "We copied their leaflet."),
        ("bob", "imitation", "We copied their leaflet."),
        ("alice", "adaptation", "We adapted the rota."),
        ("bob", "innovation", "We adapted the rota."),
    ]:
        add_coding(two_coders.uow(), document="More", code=code, coder=coder, quote=quote)
    run = compute_agreement(two_coders, coders=["alice", "bob"], bootstrap=200)
    assert run.clustered
    pooled = run.report.pooled
    for result in (
        pooled.percent_agreement,
        pooled.cohen_kappa,
        pooled.scott_pi,
        pooled.fleiss_kappa,
        pooled.conger_kappa,
        pooled.gwet_ac1,
        pooled.brennan_prediger,
    ):
        assert result.interval is not None
        assert result.interval.n_clusters == 2
        assert result.interval.lower <= result.value <= result.interval.upper
    assert pooled.bootstrap is not None
    assert pooled.bootstrap.clustered
    assert pooled.bootstrap.n_clusters == 2
    assert run.holsti[-1].value is not None


def test_codes_applied_together_get_multi_valued_alpha(two_coders):
    run = compute_agreement(two_coders, coders=["alice", "bob"])
    overall = run.report.multi_valued[-1]
    assert overall.subject == "(all codes)"
    assert overall.n_units == 5
    assert overall.value is not None
    # alice: innovation on the fourth sentence, bob: adaptation; both imitation on the first.
    assert 0.0 < overall.value < 1.0
