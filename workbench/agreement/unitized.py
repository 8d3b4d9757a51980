"""Krippendorff's unitized alpha family on a character continuum (the 2016 generation).

This is the family of Krippendorff, Mathet, Bouvry & Widlöcher (2016) "On the reliability of
unitizing textual continua: Further developments", Quality & Quantity 50:2347-2364 (taken up
in Krippendorff 2019, Content Analysis 4th ed., ch. 12) - the coefficients ATLAS.ti reports.
It is NOT the older u-alpha of Krippendorff (1995, 2004), which the 2016 paper replaces
because it misbehaved with more than two coders.

Data: each coder partitions the continuum [0, L) into stretches with a value (a code, or a
semantic domain) and gaps (value 0, irrelevant matter). Definitions used here, all nominal:

* observed coincidences l_ck = 1/(m-1) sum_i sum_{j != i} sum_{g in i, h in j} |g_c & h_k|:
  the length over which coder i's value c meets coder j's value k;
* expected coincidences e_ck = (l_c. l_.k - [c = k] S_c) / (l.. - S / l..) with S_c the sum of
  squared lengths of the stretches valued c (a gap counts its length, not its square: a gap
  is a run of length-1 non-units) - the analogue of n_c (n_k - [c = k]) / (n - 1);
* u-alpha = 1 - D_o / D_e with D = sum_{c != k} of the respective matrix (all values and gaps);
* |u-alpha ("alpha binary") uses only the disagreements between gaps and valued stretches:
  relevant versus irrelevant matter;
* cu-alpha restricts both matrices to valued x valued cells (coding of the matter coders
  jointly identified), with expected coincidences
  e*_ck = (l*_c l*_k - [c = k] S*_c / (m-1)) / (l*.. - S* / ((m-1) l*..)),
  S*_c = sum_i sum_{j != i} sum_{g in i valued c} |g & V_j|^2, V_j being coder j's valued matter;
* (k)u-alpha = 1 - (e*_k / l*_k) (l*_k - l*_kk) / (e*_k - e*_kk) for one value k.

Provenance, stated plainly: the paper itself was not at hand. The formulas above are the
paper's equations 1, 4, 5a, 6, 10, 11 and 13b as transcribed by two independent public
implementations; both agree on u-alpha and |u-alpha, and they agree on cu-alpha for two
coders. For more than two coders one of them squares the overlap with the *union* of the
other coders' matter instead of averaging per other coder; we follow the transcription that
cites equation 10 (per other coder). Verified properties: with every coder partitioning the
continuum into length-1 stretches, u-alpha and cu-alpha equal Krippendorff's nominal alpha
over positions. No published numeric example was available to check against.

Semantic domains (ATLAS.ti): codes of one domain must be mutually exclusive within a coder;
|u-alpha and cu-alpha are computed per domain, (k)u-alpha per code within its domain.
"Cu-alpha" across domains is computed here as cu-alpha over domain labels (every code replaced
by its domain). That reading of Krippendorff (2019) is ours and unverified.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from workbench.agreement.align import covered_length, merge_spans
from workbench.agreement.coincidence import coincidence_matrix, unit_value_counts
from workbench.agreement.errors import AgreementInputError
from workbench.agreement.result import UnitizedAlphaResult, UnitizedFamilyResult

if TYPE_CHECKING:
    from collections.abc import Hashable, Mapping, Sequence

    Segments = Mapping[str, Sequence[tuple[int, int, Hashable]]]

GAP = 0
U_ALPHA = "u-alpha"
BINARY_ALPHA = "|u-alpha"
CU_ALPHA = "cu-alpha"
VALUE_ALPHA = "(k)u-alpha"
DOMAIN_ALPHA = "Cu-alpha"


@dataclass(frozen=True, eq=False)
class _Partition:
    """One coder's stretches covering [0, L): value 0 is a gap."""

    starts: np.ndarray
    ends: np.ndarray
    values: np.ndarray


@dataclass(frozen=True, eq=False)
class _Tables:
    """Observed and expected coincidence matrices for one choice of values."""

    length: int
    n_coders: int
    labels: tuple[Hashable, ...]
    observed: np.ndarray
    expected: np.ndarray
    cu_observed: np.ndarray
    cu_expected: np.ndarray | None
    self_pairs: np.ndarray | None = None  # S_c (gaps by length, stretches by squared length)


def _partition(length: int, spans: list[tuple[int, int, int]], coder: str) -> _Partition | str:
    """Merge each value's spans, refuse overlaps between values, fill the gaps."""
    pieces: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    for value in sorted({value for _, _, value in spans}):
        starts, ends = merge_spans(
            [(s, e) for s, e, v in spans if v == value], length, merge_touching=False
        )
        pieces.append((starts, ends, np.full(starts.size, value, dtype=np.int64)))
    if pieces:
        starts = np.concatenate([p[0] for p in pieces])
        ends = np.concatenate([p[1] for p in pieces])
        values = np.concatenate([p[2] for p in pieces])
        order = np.argsort(starts, kind="stable")
        starts, ends, values = starts[order], ends[order], values[order]
    else:
        starts = ends = values = np.zeros(0, dtype=np.int64)
    clash = np.flatnonzero(starts[1:] < ends[:-1])
    if clash.size:
        at = int(clash[0])
        return (
            f"coder {coder!r} applied two mutually exclusive values over "
            f"[{starts[at + 1]}, {min(ends[at], ends[at + 1])}); multi-valued alpha "
            "(Krippendorff & Craggs 2016) compares codes applied together"
        )
    previous_end = np.concatenate(([0], ends))
    next_start = np.concatenate((starts, [length]))
    gap = next_start > previous_end
    all_starts = np.concatenate((starts, previous_end[gap]))
    all_ends = np.concatenate((ends, next_start[gap]))
    all_values = np.concatenate((values, np.full(int(gap.sum()), GAP, dtype=np.int64)))
    order = np.argsort(all_starts, kind="stable")
    return _Partition(all_starts[order], all_ends[order], all_values[order])


def _tables(
    length: int, segments: Segments, label_of: Mapping[Hashable, Hashable]
) -> _Tables | str:
    """Coincidence tables over the values ``label_of`` maps codes to; others are ignored."""
    if length <= 0:
        raise AgreementInputError(f"continuum length must be positive, got {length}")
    coders = list(segments)
    if len(coders) < 2:
        return "unitized alpha needs two or more coders"
    labels = tuple(dict.fromkeys(label_of[code] for code in label_of))
    index = {label: i + 1 for i, label in enumerate(labels)}
    partitions: list[_Partition] = []
    for coder in coders:
        spans = [
            (int(start), int(end), index[label_of[code]])
            for start, end, code in segments[coder]
            if code in label_of
        ]
        partition = _partition(length, spans, coder)
        if isinstance(partition, str):
            return partition
        partitions.append(partition)
    m = len(coders)
    n_values = len(labels) + 1
    boundaries = np.unique(np.concatenate([p.starts for p in partitions] + [[length]]))
    stretch = np.diff(boundaries).astype(np.float64)
    value_at = np.column_stack(
        [p.values[np.searchsorted(p.starts, boundaries[:-1], side="right") - 1] for p in partitions]
    )
    counts = unit_value_counts(value_at, n_values)
    observed = coincidence_matrix(counts, n_values, unit_weight=stretch / (m - 1)).dense()
    self_pairs = np.zeros(n_values)
    for p in partitions:
        size = (p.ends - p.starts).astype(np.float64)
        np.add.at(self_pairs, p.values, np.where(p.values == GAP, size, size * size))
    expected = _expected(observed, self_pairs)
    assert expected is not None  # every coder covers [0, L): total - S / total >= (m-1) L
    cu_observed = observed[1:, 1:]
    cu_expected = None
    cu_total = float(cu_observed.sum())
    if cu_total > 0:
        cu_self = np.zeros(n_values)
        valued = [
            merge_spans(np.column_stack((p.starts, p.ends))[p.values != GAP], length)
            for p in partitions
        ]
        for i, p in enumerate(partitions):
            mine = p.values != GAP
            for j in range(m):
                if j != i:
                    overlap = covered_length(*valued[j], p.starts[mine], p.ends[mine])
                    np.add.at(cu_self, p.values[mine], overlap.astype(np.float64) ** 2)
        cu_self = cu_self[1:] / (m - 1)
        cu_expected = _expected(cu_observed, cu_self)
    return _Tables(length, m, labels, observed, expected, cu_observed, cu_expected, self_pairs)


def _expected(observed: np.ndarray, self_pairs: np.ndarray) -> np.ndarray | None:
    """Expected coincidences; None when the matter is too thin to pair with anything else
    (the analogue of n - 1 = 0 pairable values)."""
    margin = observed.sum(axis=1)
    total = float(margin.sum())
    denominator = total - float(self_pairs.sum()) / total
    if denominator <= 0.0:
        return None
    return (np.outer(margin, margin) - np.diag(self_pairs)) / denominator


def _alpha(
    coefficient: str,
    subject: str | None,
    tables: _Tables,
    observed: float,
    expected: float,
    total: float,
    coverage: float | None = None,
) -> UnitizedAlphaResult:
    if not expected > 0.0:  # also catches NaN
        return _undefined(
            coefficient,
            subject,
            tables.n_coders,
            tables.length,
            "expected disagreement is 0 (no variation in the compared matter)",
        )
    return UnitizedAlphaResult(
        coefficient=coefficient,
        subject=subject,
        value=1.0 - observed / expected,
        observed_disagreement=observed / total,
        expected_disagreement=expected / total,
        n_coders=tables.n_coders,
        length=tables.length,
        coverage=coverage,
    )


def _undefined(
    coefficient: str, subject: str | None, n_coders: int, length: int, reason: str
) -> UnitizedAlphaResult:
    return UnitizedAlphaResult(
        coefficient, subject, None, None, None, n_coders, length, undefined_reason=reason
    )


def _off_diagonal(matrix: np.ndarray) -> float:
    return float(matrix.sum() - np.trace(matrix))


def _label_map(segments: Segments, codes: Sequence[Hashable] | None) -> dict[Hashable, Hashable]:
    if codes is None:
        codes = sorted({code for spans in segments.values() for _, _, code in spans}, key=str)
    return {code: code for code in codes}


def _subject(codes: Sequence[Hashable] | None) -> str | None:
    return None if codes is None else ", ".join(str(code) for code in codes)


def unitized_alpha(
    length: int, segments: Segments, *, codes: Sequence[Hashable] | None = None
) -> UnitizedAlphaResult:
    """u-alpha over the ``codes`` (default: all) and the gaps between them."""
    tables = _tables(length, segments, _label_map(segments, codes))
    if isinstance(tables, str):
        return _undefined(U_ALPHA, _subject(codes), len(segments), length, tables)
    total = float(tables.observed.sum())
    return _alpha(
        U_ALPHA,
        _subject(codes),
        tables,
        _off_diagonal(tables.observed),
        _off_diagonal(tables.expected),
        total,
    )


def binary_unitized_alpha(
    length: int, segments: Segments, *, codes: Sequence[Hashable] | None = None
) -> UnitizedAlphaResult:
    """|u-alpha: agreement on relevant (coded with one of ``codes``) versus irrelevant matter."""
    return _binary(
        _tables(length, segments, _label_map(segments, codes)),
        _subject(codes),
        len(segments),
        length,
    )


def _binary(
    tables: _Tables | str, subject: str | None, n_coders: int, length: int
) -> UnitizedAlphaResult:
    if isinstance(tables, str):
        return _undefined(BINARY_ALPHA, subject, n_coders, length, tables)
    observed = float(tables.observed[0, 1:].sum() + tables.observed[1:, 0].sum())
    expected = float(tables.expected[0, 1:].sum() + tables.expected[1:, 0].sum())
    return _alpha(BINARY_ALPHA, subject, tables, observed, expected, float(tables.observed.sum()))


def binary_parts(
    length: int, segments: Segments, code: Hashable
) -> tuple[np.ndarray, np.ndarray] | str:
    """What |u-alpha for ``code`` sums over a continuum: the 2 x 2 observed coincidences
    (gap, code) and S (gaps by length, stretches by squared length), or why there are none.

    Both are sums over positions and stretches, so the parts of documents laid end to end
    add up (a stretch never runs across a document's end); the document bootstrap of
    ``workbench.agreement.continuum_intervals`` resamples them.
    """
    tables = _tables(length, segments, {code: code})
    if isinstance(tables, str):
        return tables
    assert tables.self_pairs is not None
    return tables.observed, tables.self_pairs


def binary_alpha_from_parts(observed: np.ndarray, self_pairs: np.ndarray) -> np.ndarray:
    """|u-alpha for stacks of summed parts (..., 2, 2) and (..., 2); NaN where undefined."""
    margin = observed.sum(axis=-1)
    total = margin.sum(axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        denominator = total - self_pairs.sum(axis=-1) / total
        expected = 2.0 * margin[..., 0] * margin[..., 1] / denominator
        disagreeing = observed[..., 0, 1] + observed[..., 1, 0]
        value = 1.0 - disagreeing / expected
    return np.where((expected > 0.0) & (denominator > 0.0), value, np.nan)


def coding_unitized_alpha(
    length: int, segments: Segments, *, codes: Sequence[Hashable] | None = None
) -> UnitizedAlphaResult:
    """cu-alpha: agreement on which of ``codes`` applies where coded matter intersects."""
    return _coding(
        _tables(length, segments, _label_map(segments, codes)),
        CU_ALPHA,
        _subject(codes),
        len(segments),
        length,
    )


def _coding(
    tables: _Tables | str, coefficient: str, subject: str | None, n_coders: int, length: int
) -> UnitizedAlphaResult:
    if isinstance(tables, str):
        return _undefined(coefficient, subject, n_coders, length, tables)
    if float(tables.cu_observed.sum()) == 0.0:
        return _undefined(
            coefficient, subject, tables.n_coders, length, "no two coders' coded matter intersects"
        )
    if tables.cu_expected is None:
        return _undefined(
            coefficient,
            subject,
            tables.n_coders,
            length,
            "too little intersecting coded matter to estimate chance",
        )
    cu_total = float(tables.cu_observed.sum())
    coded = float(tables.observed[1:, :].sum())
    return _alpha(
        coefficient,
        subject,
        tables,
        _off_diagonal(tables.cu_observed),
        _off_diagonal(tables.cu_expected),
        cu_total,
        coverage=cu_total / coded,
    )


def value_unitized_alphas(
    length: int, segments: Segments, *, codes: Sequence[Hashable] | None = None
) -> tuple[UnitizedAlphaResult, ...]:
    """(k)u-alpha for each of ``codes`` (a semantic domain), in the order given."""
    label_map = _label_map(segments, codes)
    return _values(_tables(length, segments, label_map), tuple(label_map), len(segments), length)


def _values(
    tables: _Tables | str, codes: tuple[Hashable, ...], n_coders: int, length: int
) -> tuple[UnitizedAlphaResult, ...]:
    if isinstance(tables, str):
        return tuple(_undefined(VALUE_ALPHA, str(code), n_coders, length, tables) for code in codes)
    results = []
    for position, code in enumerate(tables.labels):
        subject = str(code)
        pairable = float(tables.cu_observed[position].sum())
        if tables.cu_expected is None or pairable == 0.0:
            results.append(
                _undefined(
                    VALUE_ALPHA,
                    subject,
                    tables.n_coders,
                    length,
                    "this code never meets another coder's coded matter",
                )
            )
            continue
        agreeing = float(tables.cu_observed[position, position])
        expected_row = float(tables.cu_expected[position].sum())
        expected_disagreeing = expected_row - float(tables.cu_expected[position, position])
        coverage = pairable / float(tables.observed[position + 1].sum())
        if not (expected_disagreeing > 0.0 and expected_row > 0.0):
            results.append(
                _undefined(
                    VALUE_ALPHA,
                    subject,
                    tables.n_coders,
                    length,
                    "expected disagreement is 0 for this code",
                )
            )
            continue
        observed_share = (pairable - agreeing) / pairable
        expected_share = expected_disagreeing / expected_row
        results.append(
            UnitizedAlphaResult(
                VALUE_ALPHA,
                subject,
                1.0 - observed_share / expected_share,
                observed_share,
                expected_share,
                tables.n_coders,
                length,
                coverage=coverage,
            )
        )
    return tuple(results)


def domain_unitized_alpha(
    length: int, segments: Segments, domains: Mapping[Hashable, str]
) -> UnitizedAlphaResult:
    """Cu-alpha as cu-alpha over semantic-domain labels (our reading; see module docstring)."""
    tables = _tables(length, segments, dict(domains))
    return _coding(tables, DOMAIN_ALPHA, None, len(segments), length)


def unitized_alpha_family(
    length: int, segments: Segments, *, domains: Mapping[Hashable, str] | None = None
) -> UnitizedFamilyResult:
    """The ATLAS.ti set: |u-alpha per code and per domain, cu-alpha per domain, (k)u-alpha
    per code, Cu-alpha across domains. Without ``domains`` all codes form one domain."""
    all_codes = sorted({code for spans in segments.values() for _, _, code in spans}, key=str)
    if domains is None:
        domains = dict.fromkeys(all_codes, "all codes")
    by_domain: dict[str, list[Hashable]] = {}
    for code in all_codes:
        if code in domains:
            by_domain.setdefault(domains[code], []).append(code)
    binary_by_code = tuple(
        binary_unitized_alpha(length, segments, codes=[code]) for code in all_codes
    )
    binary_by_domain = []
    cu_by_domain = []
    value_by_code: list[UnitizedAlphaResult] = []
    for domain, codes in by_domain.items():
        tables = _tables(length, segments, {code: code for code in codes})
        binary_by_domain.append(_binary(tables, domain, len(segments), length))
        cu_by_domain.append(_coding(tables, CU_ALPHA, domain, len(segments), length))
        value_by_code.extend(_values(tables, tuple(codes), len(segments), length))
    return UnitizedFamilyResult(
        length=length,
        coders=tuple(segments),
        binary_by_code=binary_by_code,
        binary_by_domain=tuple(binary_by_domain),
        cu_by_domain=tuple(cu_by_domain),
        value_by_code=tuple(value_by_code),
        cu_across_domains=domain_unitized_alpha(length, segments, domains),
    )
