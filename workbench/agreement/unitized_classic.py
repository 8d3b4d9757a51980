"""Krippendorff's unitizing alpha in its 1995/2004 form (u-alpha, "alpha_U").

Krippendorff (1995, "On the reliability of unitizing continuous data", Sociological
Methodology 25:47-76; 2004, Content Analysis, 2nd ed., section 12.5). This is the form
older papers and the 2004 textbook report; ATLAS.ti and the 2016 paper use the newer
family in ``workbench.agreement.unitized``, which gives other numbers on the same codings,
so each figure says which one it is.

For one category c, each coder's continuum [B, B + L) is a sequence of sections: the
coder's units of c and the gaps between them. For every pair of coders and every pair of
their sections that overlap, the squared difference is

* two units: (begin difference)^2 + (end difference)^2;
* a unit lying wholly inside the other coder's gap: the unit's length squared;
* otherwise (two gaps, or a unit only partly in a gap): 0;

Do_c = 2 sum over coder pairs and overlapping sections / (m (m - 1) L^2). The expected
disagreement places every unit of c at every position it could take in every gap:

De_c = (2 / L) sum_u [ (N_c - 1) (2 l_u^3 - 3 l_u^2 + l_u) / 3 + l_u^2 sum_{gaps g >= l_u}
       (g - l_u + 1) ] / (m L (m L - 1) - sum_u l_u (l_u - 1)),

with N_c the number of units of c over all coders. alpha_c = 1 - Do_c / De_c; over
categories, alpha = 1 - mean(Do_c) / mean(De_c). This follows the transcription of
DKPro Statistics (Meyer et al. 2014), which reproduces the textbook's example; a coder's
units of one category may not overlap each other (they are merged first).
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from workbench.agreement.align import merge_spans
from workbench.agreement.errors import AgreementInputError

if TYPE_CHECKING:
    from collections.abc import Hashable, Mapping, Sequence

    from workbench.agreement.intervals import IntervalResult


@dataclass(frozen=True)
class ClassicUnitizedResult:
    """u-alpha (1995/2004) for one category (``subject``) or over all (``None``)."""

    subject: str | None
    value: float | None
    observed_disagreement: float
    expected_disagreement: float
    n_coders: int
    length: int
    undefined_reason: str | None = None
    interval: IntervalResult | None = None
    interval_reason: str | None = None


@dataclass(frozen=True)
class ClassicUnitizedFamilyResult:
    by_category: tuple[ClassicUnitizedResult, ...]
    overall: ClassicUnitizedResult


Section = tuple[int, int, bool]  # begin, length, is a unit of the category


def _sections(units: list[tuple[int, int]], begin: int, length: int) -> list[Section]:
    out: list[Section] = []
    pos = begin
    for start, end in units:
        if start > pos:
            out.append((pos, start - pos, False))
        out.append((start, end - start, True))
        pos = end
    if pos < begin + length:
        out.append((pos, begin + length - pos, False))
    return out


def section_distance(first: Section, second: Section) -> int:
    """The squared difference of two overlapping sections (see the module docstring)."""
    b1, l1, unit1 = first
    b2, l2, unit2 = second
    begin_diff = b1 - b2
    length_diff = l1 - l2
    if unit1 and unit2 and -l1 < begin_diff < l2:
        return begin_diff * begin_diff + (begin_diff + length_diff) ** 2
    if unit1 and not unit2 and 0 <= begin_diff <= -length_diff:
        return l1 * l1
    if unit2 and not unit1 and -length_diff <= begin_diff <= 0:
        return l2 * l2
    return 0


def _observed_sum(partitions: list[list[Section]]) -> int:
    """Sum of squared differences over coder pairs and their overlapping sections."""
    m = len(partitions)
    total = 0
    for i in range(m):
        for j in range(i + 1, m):
            first, second = partitions[i], partitions[j]
            x = y = 0
            while x < len(first) and y < len(second):
                a, b = first[x], second[y]  # both partitions tile the continuum, so they overlap
                total += section_distance(a, b)
                end_a, end_b = a[0] + a[1], b[0] + b[1]
                x += end_a <= end_b
                y += end_b <= end_a
    return total


def _observed(partitions: list[list[Section]], length: int) -> float:
    m = len(partitions)
    return 2 * _observed_sum(partitions) / (m * (m - 1) * length * length)


def _expected(partitions: list[list[Section]], length: int) -> float:
    """De_c in exact integers until the last division (the sums are large)."""
    m = len(partitions)
    lengths = [s[1] for p in partitions for s in p if s[2]]
    gaps = sorted(s[1] for p in partitions for s in p if not s[2])
    # sum over gaps g >= l of (g - l + 1) = (sum of those g) - (count) (l - 1), by bisection.
    suffix = [0] * (len(gaps) + 1)
    for i in range(len(gaps) - 1, -1, -1):
        suffix[i] = suffix[i + 1] + gaps[i]
    n_c = len(lengths)
    cubic = 0
    placed = 0
    for unit in lengths:
        cubic += (n_c - 1) * (2 * unit**3 - 3 * unit**2 + unit)
        first = bisect_left(gaps, unit)
        count = len(gaps) - first
        placed += unit * unit * (suffix[first] - count * (unit - 1))
    squared = sum(unit * (unit - 1) for unit in lengths)
    denominator = m * length * (m * length - 1) - squared
    if denominator <= 0:
        return 0.0
    return 2 * (cubic + 3 * placed) / (3 * length * denominator)


def classic_unitized_alpha(
    length: int,
    segments: Mapping[str, Sequence[tuple[int, int, Hashable]]],
    *,
    begin: int = 0,
    categories: Sequence[Hashable] | None = None,
) -> ClassicUnitizedFamilyResult:
    """u-alpha per category and over categories on the continuum [begin, begin + length)."""
    if length <= 0:
        raise AgreementInputError(f"continuum length must be positive, got {length}")
    coders = list(segments)
    if categories is None:
        categories = sorted({c for spans in segments.values() for *_, c in spans}, key=str)
    results = []
    observed_sum = 0.0
    expected_sum = 0.0
    for category in categories:
        partitions = []
        for coder in coders:
            spans = [(a - begin, b - begin) for a, b, c in segments[coder] if c == category]
            starts, ends = merge_spans(spans, length, merge_touching=False)
            units = [(int(s) + begin, int(e) + begin) for s, e in zip(starts, ends, strict=True)]
            partitions.append(_sections(units, begin, length))
        result = _category(str(category), partitions, length)
        results.append(result)
        observed_sum += result.observed_disagreement
        expected_sum += result.expected_disagreement
    k = max(len(results), 1)
    overall = _alpha(None, observed_sum / k, expected_sum / k, len(coders), length)
    return ClassicUnitizedFamilyResult(tuple(results), overall)


@dataclass(frozen=True)
class ClassicParts:
    """One category on one document: what u-alpha sums over it.

    ``observed`` is the sum of squared differences over coder pairs; ``units`` the lengths
    of every coder's units, ``gaps`` of every coder's gaps. The observed sum and the unit
    terms add up over documents; the expected disagreement also pairs each unit with every
    gap, of its own document and of the others, which ``workbench.agreement.
    continuum_intervals`` does as a quadratic form over document weights.
    """

    length: int
    n_coders: int
    observed: int
    units: tuple[int, ...]
    gaps: tuple[int, ...]


def classic_unitized_alpha_documents(
    documents: Sequence[tuple[int, Mapping[str, Sequence[tuple[int, int, Hashable]]]]],
    categories: Sequence[Hashable],
) -> tuple[ClassicUnitizedResult, ...]:
    """u-alpha per category over several documents, each its own stretch of continuum.

    Laying the documents end to end would let a gap at the end of one run on into a gap at
    the start of the next, which makes the expected disagreement depend on the order the
    documents happen to be listed in (and places units across a document's end). Here
    every document keeps its own gaps; the observed disagreement and the unit terms are
    those of the documents laid end to end. With one document this is
    ``classic_unitized_alpha``.
    """
    pieces = [(length, segments) for length, segments in documents if length > 0]
    if not pieces:
        raise AgreementInputError("no document with text to compare")
    n_coders = len(pieces[0][1])
    total = sum(length for length, _ in pieces)
    per_document = [classic_parts(length, segments, categories) for length, segments in pieces]
    out = []
    for index, category in enumerate(categories):
        if n_coders < 2:
            out.append(_category(str(category), [[]] * n_coders, total))
            continue
        _, do, de = classic_alpha_from_parts(
            np.ones((1, len(pieces))), [doc[index] for doc in per_document]
        )
        out.append(_alpha(str(category), float(do[0]), float(de[0]), n_coders, total))
    return tuple(out)


def classic_parts(
    length: int,
    segments: Mapping[str, Sequence[tuple[int, int, Hashable]]],
    categories: Sequence[Hashable],
) -> list[ClassicParts]:
    """Per category, the parts of u-alpha on the continuum [0, length) of one document."""
    if length <= 0:
        raise AgreementInputError(f"continuum length must be positive, got {length}")
    out = []
    for category in categories:
        partitions = []
        for coder in segments:
            spans = [(a, b) for a, b, c in segments[coder] if c == category]
            starts, ends = merge_spans(spans, length, merge_touching=False)
            units = [(int(s), int(e)) for s, e in zip(starts, ends, strict=True)]
            partitions.append(_sections(units, 0, length))
        out.append(
            ClassicParts(
                length,
                len(partitions),
                _observed_sum(partitions) if len(partitions) >= 2 else 0,
                tuple(s[1] for p in partitions for s in p if s[2]),
                tuple(s[1] for p in partitions for s in p if not s[2]),
            )
        )
    return out


def classic_alpha_from_parts(
    weights: np.ndarray, parts: Sequence[ClassicParts]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """u-alpha (1995/2004), Do and De for each row of ``weights`` (replicates x documents:
    how often each document is drawn) from one category's per-document parts, each
    document's gaps kept apart; alpha is NaN where undefined."""
    weights = np.atleast_2d(np.asarray(weights, dtype=np.float64))
    m = parts[0].n_coders
    length = weights @ np.array([p.length for p in parts], dtype=np.float64)
    observed = weights @ np.array([p.observed for p in parts], dtype=np.float64)
    n_units = weights @ np.array([len(p.units) for p in parts], dtype=np.float64)
    cubic = weights @ np.array(
        [sum(2 * u**3 - 3 * u**2 + u for u in p.units) for p in parts], dtype=np.float64
    )
    squared = weights @ np.array([sum(u * (u - 1) for u in p.units) for p in parts], np.float64)
    placed_matrix = _placed(parts)
    placed = np.einsum("rd,de,re->r", weights, placed_matrix, weights)
    with np.errstate(divide="ignore", invalid="ignore"):
        do = 2.0 * observed / (m * (m - 1) * length * length)
        denominator = m * length * (m * length - 1.0) - squared
        de = 2.0 * ((n_units - 1.0) * cubic + 3.0 * placed) / (3.0 * length * denominator)
        value = 1.0 - do / de
    ok = (denominator > 0) & (de > 0)
    return np.where(ok, value, np.nan), do, np.where(ok, de, 0.0)


def _placed(parts: Sequence[ClassicParts]) -> np.ndarray:
    """H[d, e] = sum over units u of d and gaps g >= l_u of e of l_u^2 (g - l_u + 1)."""
    n = len(parts)
    lengths = np.array([u for p in parts for u in p.units], dtype=np.float64)
    owner = np.repeat(np.arange(n), [len(p.units) for p in parts])
    out = np.zeros((n, n))
    if lengths.size == 0:
        return out
    for e, p in enumerate(parts):
        gaps = np.sort(np.array(p.gaps, dtype=np.float64))
        suffix = np.concatenate((np.cumsum(gaps[::-1])[::-1], [0.0]))
        first = np.searchsorted(gaps, lengths, side="left")
        count = gaps.size - first
        term = lengths * lengths * (suffix[first] - count * (lengths - 1.0))
        out[:, e] = np.bincount(owner, weights=term, minlength=n)
    return out


def _category(subject: str, partitions: list[list[Section]], length: int) -> ClassicUnitizedResult:
    if len(partitions) < 2:
        return ClassicUnitizedResult(
            subject, None, 0.0, 0.0, len(partitions), length, "u-alpha needs two or more coders"
        )
    return _alpha(
        subject,
        _observed(partitions, length),
        _expected(partitions, length),
        len(partitions),
        length,
    )


def _alpha(
    subject: str | None, observed: float, expected: float, n_coders: int, length: int
) -> ClassicUnitizedResult:
    if expected <= 0.0:
        return ClassicUnitizedResult(
            subject,
            None,
            observed,
            0.0,
            n_coders,
            length,
            "no unit of the category: expected disagreement is 0, so u-alpha is 0/0",
        )
    return ClassicUnitizedResult(
        subject, 1.0 - observed / expected, observed, expected, n_coders, length
    )
