"""The per-code / pooled / per-group driver over coded spans."""

from __future__ import annotations

import numpy as np
import pytest

from workbench.agreement import (
    POOLING,
    DocumentCodings,
    agreement_by_code,
    agreement_statistics,
    krippendorff_alpha,
)
from workbench.agreement.errors import AgreementInputError

SENTENCES = [(0, 10), (10, 20), (20, 30), (30, 40)]


def _documents() -> dict[str, DocumentCodings]:
    return {
        "doc-a": DocumentCodings(
            length=40,
            segments={
                "ann": [(0, 8, "hope"), (20, 25, "fear")],
                "bob": [(2, 9, "hope"), (12, 14, "fear"), (21, 30, "fear")],
            },
            units=SENTENCES,
            unit_groups=["2020", "2020", "2021", "2021"],
        ),
        "doc-b": DocumentCodings(
            length=20,
            segments={"ann": [(0, 20, "hope")], "cat": [(5, 6, "hope")]},
            units=[(0, 10), (10, 20)],
            unit_groups=["2021", "2021"],
        ),
    }


def test_per_code_matrices_and_statistics() -> None:
    report = agreement_by_code(_documents())
    assert report.coders == ("ann", "bob", "cat")
    assert [c.code for c in report.codes] == ["fear", "hope"]
    nan = np.nan
    # Rows: doc-a's four sentences then doc-b's two; bob is missing in doc-b, cat in doc-a.
    hope = np.array([[1, 1, nan], [0, 0, nan], [0, 0, nan], [0, 0, nan], [1, nan, 1], [1, nan, 0]])
    fear = np.array([[0, 0, nan], [0, 1, nan], [1, 1, nan], [0, 0, nan], [0, nan, 0], [0, nan, 0]])
    by_code = {c.code: c.statistics for c in report.codes}
    documents = np.array([0, 0, 0, 0, 1, 1])  # intervals are clustered by document
    assert by_code["hope"] == agreement_statistics(hope, clusters=documents)
    assert by_code["fear"] == agreement_statistics(fear, clusters=documents)
    assert by_code["hope"].n_units == 6
    assert by_code["hope"].prevalence == pytest.approx(5 / 12)
    assert report.pooled == agreement_statistics(
        np.vstack([fear, hope]), clusters=np.concatenate([documents, documents])
    )
    plain = agreement_by_code(_documents(), cluster_by_document=False)
    assert {c.code: c.statistics for c in plain.codes}["hope"] == agreement_statistics(hope)
    assert report.pooling == POOLING


def test_exclude_uncoded_and_min_share() -> None:
    report = agreement_by_code(_documents(), exclude_uncoded=True, min_share=0.5)
    by_code = {c.code: c.statistics for c in report.codes}
    # hope at >= 50%: sentence 1 (ann 8/10, bob 7/10), doc-b unit 1 (ann only: cat 1/10).
    assert by_code["hope"].n_units == 3
    assert by_code["fear"].n_units == 1  # only sentence 3 (ann 5/10, bob 9/10)
    assert report.min_share == 0.5
    assert report.exclude_uncoded


def test_groups_split_units_by_label() -> None:
    report = agreement_by_code(_documents())
    assert [g.group for g in report.groups] == ["2020", "2021"]
    group_2020 = report.groups[0]
    hope_2020 = next(c for c in group_2020.codes if c.code == "hope").statistics
    assert hope_2020.n_units == 2
    expected = krippendorff_alpha(np.array([[1, 1, np.nan], [0, 0, np.nan]]), "nominal")
    assert hope_2020.krippendorff_alpha == expected
    assert sum(g.pooled.n_units for g in report.groups) == report.pooled.n_units


def test_code_nobody_applied_is_undefined_not_an_error() -> None:
    report = agreement_by_code(_documents(), codes=["hope", "anger"])
    anger = next(c for c in report.codes if c.code == "anger").statistics
    assert anger.krippendorff_alpha.value is None
    assert anger.fleiss_kappa.value is None
    assert anger.gwet_ac1.value == 1.0  # AC1 is defined without variation
    assert anger.prevalence == 0.0


def test_two_coders_get_cohen_and_bootstrap_is_seeded() -> None:
    documents = {
        "d": DocumentCodings(
            length=50,
            segments={"x": [(0, 15, "c"), (30, 40, "c")], "y": [(5, 12, "c"), (41, 45, "c")]},
            units=[(0, 10), (10, 20), (20, 30), (30, 40), (40, 50)],
        )
    }
    first = agreement_by_code(documents, bootstrap_replicates=200, rng=9)
    second = agreement_by_code(documents, bootstrap_replicates=200, rng=9)
    assert first == second
    statistics = first.codes[0].statistics
    assert statistics.cohen_kappa.value is not None
    assert statistics.bootstrap is not None
    assert statistics.bootstrap.n_replicates == 200
    assert first.groups == ()


def test_character_units_by_default() -> None:
    documents = {"d": DocumentCodings(10, {"x": [(0, 5, "c")], "y": [(0, 5, "c")]})}
    statistics = agreement_by_code(documents).codes[0].statistics
    assert statistics.n_units == 10
    assert statistics.krippendorff_alpha.value == 1.0


def test_group_labels_must_match_units() -> None:
    documents = {"d": DocumentCodings(20, {"x": []}, units=[(0, 10), (10, 20)], unit_groups=["a"])}
    with pytest.raises(AgreementInputError):
        agreement_by_code(documents)
