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
