"""Krippendorff et al. (2016) unitized alpha family on a character continuum.

No published numeric example was available, so the tests pin down what can be verified:
the reduction to ordinary nominal alpha when every coder partitions the continuum into
length-1 stretches, agreement with a plain per-character transcription of the formulas, and
the boundary cases.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.agreement import (
    binary_unitized_alpha,
    coding_unitized_alpha,
    domain_unitized_alpha,
    krippendorff_alpha,
    unitized_alpha,
    unitized_alpha_family,
    value_unitized_alphas,
)

positions = st.integers(2, 4).flatmap(
    lambda m: st.lists(st.lists(st.integers(0, 3), min_size=m, max_size=m), min_size=3, max_size=25)
)


def _length_one_segments(values: list[list[int]]) -> dict[str, list[tuple[int, int, int]]]:
    coders = len(values[0])
    return {
        f"coder{c}": [(p, p + 1, row[c]) for p, row in enumerate(values) if row[c] > 0]
        for c in range(coders)
    }


def _same(ours: float | None, reference: float | None) -> bool:
    if reference is None:
        return ours is None
    return ours is not None and ours == pytest.approx(reference, abs=1e-12)


@settings(max_examples=100, deadline=None)
@given(positions)
def test_length_one_stretches_reduce_to_nominal_alpha(values: list[list[int]]) -> None:
    matrix = np.array(values)
    segments = _length_one_segments(values)
    length = len(values)
    assert _same(unitized_alpha(length, segments).value, krippendorff_alpha(matrix).value)
    assert _same(
        binary_unitized_alpha(length, segments).value,
        krippendorff_alpha((matrix > 0).astype(int)).value,
    )
    if (matrix > 0).all():
        assert _same(
            coding_unitized_alpha(length, segments).value, krippendorff_alpha(matrix).value
        )


def _reference(length: int, segments: dict[str, list[tuple[int, int, str]]]) -> dict:
    """Per-character transcription of the 2016 formulas (no merging of touching stretches)."""
    coders = list(segments)
    m = len(coders)
    values = sorted({code for spans in segments.values() for _, _, code in spans})
    label = {code: i + 1 for i, code in enumerate(values)}
    pieces = {}
    for coder in coders:
        spans = sorted((s, e, label[c]) for s, e, c in segments[coder] if e > s)
        full, cursor = [], 0
        for s, e, v in spans:
            if s > cursor:
                full.append((cursor, s, 0))
            full.append((s, e, v))
            cursor = e
        if cursor < length:
            full.append((cursor, length, 0))
        pieces[coder] = full
    size = len(values) + 1
    observed = np.zeros((size, size))
    for a, b in itertools.permutations(coders, 2):
        for s1, e1, v1 in pieces[a]:
            for s2, e2, v2 in pieces[b]:
                observed[v1, v2] += max(0, min(e1, e2) - max(s1, s2)) / (m - 1)
    self_pairs = np.zeros(size)
    for coder in coders:
        for s, e, v in pieces[coder]:
            self_pairs[v] += (e - s) if v == 0 else (e - s) ** 2
    margin = observed.sum(1)
    total = margin.sum()
    expected = (np.outer(margin, margin) - np.diag(self_pairs)) / (total - self_pairs.sum() / total)
    cu = observed[1:, 1:]
    cu_margin = cu.sum(1)
    cu_total = cu.sum()
    cu_self = np.zeros(size - 1)
    for a, b in itertools.permutations(coders, 2):
        valued_b = {x for s, e, v in pieces[b] if v for x in range(s, e)}
        for s, e, v in pieces[a]:
            if v:
                cu_self[v - 1] += sum(1 for x in range(s, e) if x in valued_b) ** 2
    cu_expected = None
    if cu_total and cu_total - cu_self.sum() / ((m - 1) * cu_total) > 0:
        cu_expected = (np.outer(cu_margin, cu_margin) - np.diag(cu_self / (m - 1))) / (
            cu_total - cu_self.sum() / ((m - 1) * cu_total)
        )

    def off(matrix: np.ndarray) -> float:
        return float(matrix.sum() - np.trace(matrix))

    u = 1 - off(observed) / off(expected) if off(expected) else None
    binary_o = observed[0, 1:].sum() + observed[1:, 0].sum()
    binary_e = expected[0, 1:].sum() + expected[1:, 0].sum()
    binary = 1 - binary_o / binary_e if binary_e else None
    cu_alpha = None
    per_value = {}
    if cu_expected is not None:
        if off(cu_expected):
            cu_alpha = 1 - off(cu) / off(cu_expected)
        for i, code in enumerate(values):
            e_k, e_kk = cu_expected[i].sum(), cu_expected[i, i]
            if cu_margin[i] and e_k - e_kk > 0 and e_k > 0:
                per_value[code] = 1 - (e_k / cu_margin[i]) * (cu_margin[i] - cu[i, i]) / (
                    e_k - e_kk
                )
    return {"u": u, "binary": binary, "cu": cu_alpha, "values": per_value}


exclusive_segments = st.integers(2, 4).flatmap(
    lambda m: st.lists(
        st.lists(
            st.tuples(st.integers(1, 6), st.sampled_from(["A", "B", "C"]), st.booleans()),
            max_size=6,
        ),
        min_size=m,
        max_size=m,
    )
)


def _layout(plans: list[list[tuple[int, str, bool]]]) -> tuple[int, dict]:
    """Turn (width, code, coded?) runs into non-overlapping segments per coder."""
    segments = {}
    length = 1
    for c, plan in enumerate(plans):
        cursor, spans = 0, []
        for width, code, coded in plan:
            if coded:
                spans.append((cursor, cursor + width, code))
            cursor += width
        segments[f"coder{c}"] = spans
        length = max(length, cursor)
    return length, segments


@settings(max_examples=100, deadline=None)
@given(exclusive_segments)
def test_vectorised_family_matches_per_character_transcription(plans: list) -> None:
    length, segments = _layout(plans)
    reference = _reference(length, segments)
    assert _same(unitized_alpha(length, segments).value, reference["u"])
    assert _same(binary_unitized_alpha(length, segments).value, reference["binary"])
    assert _same(coding_unitized_alpha(length, segments).value, reference["cu"])
    for result in value_unitized_alphas(length, segments):
        assert _same(result.value, reference["values"].get(result.subject))


def test_identical_coders_agree_perfectly() -> None:
    spans = [(0, 10, "A"), (15, 30, "B"), (40, 45, "A")]
    segments = {"x": spans, "y": list(spans), "z": list(spans)}
    assert unitized_alpha(60, segments).value == pytest.approx(1.0)
    assert binary_unitized_alpha(60, segments).value == pytest.approx(1.0)
    assert coding_unitized_alpha(60, segments).value == pytest.approx(1.0)


def test_overlapping_codes_of_one_domain_are_undefined_not_errors() -> None:
    segments = {"x": [(0, 10, "A"), (5, 12, "B")], "y": [(0, 10, "A")]}
    result = coding_unitized_alpha(20, segments)
    assert result.value is None
    assert result.undefined_reason is not None
    assert "mutually exclusive" in result.undefined_reason
    # Binary alpha for one code alone merges that code's own overlaps and stays defined.
    assert binary_unitized_alpha(20, segments, codes=["A"]).value == pytest.approx(1.0)


def test_undefined_cases() -> None:
    assert unitized_alpha(10, {"x": [(0, 5, "A")]}).undefined_reason is not None
    nobody = {"x": [], "y": []}
    assert binary_unitized_alpha(10, nobody).value is None
    disjoint = {"x": [(0, 3, "A")], "y": [(5, 8, "B")]}
    assert coding_unitized_alpha(10, disjoint).undefined_reason == (
        "no two coders' coded matter intersects"
    )


def test_family_reports_codes_domains_and_across_domains() -> None:
    segments = {
        "x": [(0, 10, "hope"), (20, 30, "fear"), (50, 60, "plan")],
        "y": [(2, 10, "hope"), (20, 28, "hope"), (50, 62, "plan")],
    }
    domains = {"hope": "emotion", "fear": "emotion", "plan": "action"}
    family = unitized_alpha_family(100, segments, domains=domains)
    assert [r.subject for r in family.binary_by_code] == ["fear", "hope", "plan"]
    assert [r.subject for r in family.binary_by_domain] == ["emotion", "action"]
    assert [r.subject for r in family.value_by_code] == ["fear", "hope", "plan"]
    emotion_cu = family.cu_by_domain[0]
    assert emotion_cu.value == coding_unitized_alpha(100, segments, codes=["fear", "hope"]).value
    assert family.cu_across_domains == domain_unitized_alpha(100, segments, domains)
    assert family.cu_across_domains.coefficient == "Cu-alpha"
    # Domains never disagree where both coders coded, so Cu-alpha is 1.
    assert family.cu_across_domains.value == pytest.approx(1.0)
