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

from workbench.agreement.align import merge_spans
from workbench.agreement.errors import AgreementInputError

if TYPE_CHECKING:
    from collections.abc import Hashable, Mapping, Sequence


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


def _observed(partitions: list[list[Section]], length: int) -> float:
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
    return 2 * total / (m * (m - 1) * length * length)


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
