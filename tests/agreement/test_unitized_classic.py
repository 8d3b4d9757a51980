"""Krippendorff's 1995/2004 unitizing alpha against the textbook's worked example."""

from __future__ import annotations

import pytest

from workbench.agreement.unitized_classic import classic_unitized_alpha, section_distance

# Krippendorff (2004), Content Analysis, 2nd ed., p. 254: two observers unitize the
# continuum [150, 450) into units of categories c and k (begin, end).
TEXTBOOK = {
    "i": [(225, 295, "c"), (370, 400, "c"), (180, 240, "k"), (300, 350, "k")],
    "j": [(220, 300, "c"), (355, 375, "c"), (400, 420, "c"), (180, 240, "k"), (300, 350, "k")],
}


def test_the_textbook_example():
    result = classic_unitized_alpha(300, TEXTBOOK, begin=150)
    c, k = result.by_category
    assert c.subject == "c"
    assert round(c.observed_disagreement, 4) == 0.0144
    assert round(c.expected_disagreement, 4) == 0.0532
    assert round(c.value, 4) == 0.7286
    assert k.value == 1.0
    assert round(k.expected_disagreement, 4) == 0.0490
    overall = result.overall
    # The book's .8591 is 1 - .0072 / .0511, from the disagreements rounded to four
    # decimals; unrounded it is .8587.
    assert round(overall.observed_disagreement, 4) == 0.0072
    assert round(overall.expected_disagreement, 4) == 0.0511
    rounded = 1 - round(overall.observed_disagreement, 4) / round(overall.expected_disagreement, 4)
    assert round(rounded, 4) == 0.8591
    assert overall.value == pytest.approx(0.8587, abs=5e-5)


@pytest.mark.parametrize(
    ("first", "second", "distance"),
    [
        # Krippendorff (2004): two units, a unit inside a gap, the book's pairs.
        ((225, 70, True), (220, 80, True), 50),
        ((370, 30, True), (355, 20, True), 850),
        ((400, 50, False), (400, 20, True), 400),
        ((5, 6, True), (4, 2, True), 26),
        ((5, 6, True), (6, 4, True), 2),
        ((5, 6, True), (5, 6, True), 0),
        ((2, 3, False), (2, 2, True), 4),
        ((3, 4, True), (2, 3, False), 0),  # only partly in the gap
    ],
)
def test_section_distances(first, second, distance):
    assert section_distance(first, second) == distance


def test_krippendorff_1995_observed_disagreements():
    # Krippendorff (1995), p. 57: four pairs of observers on a continuum of 24; the
    # observed disagreements per pair (category) are .03125, 2.26736, .02777 and .38715.
    segments = {
        "first": [
            (2, 10, "A"), (14, 20, "A"),
            (0, 18, "B"),
            (2, 8, "C"), (10, 12, "C"), (14, 18, "C"), (20, 22, "C"),
        ],
        "second": [
            (4, 8, "A"), (15, 17, "A"),
            (0, 2, "B"), (2, 3, "B"), (3, 4, "B"), (4, 5, "B"), (5, 6, "B"), (6, 9, "B"),
            (9, 10, "B"),
            (0, 2, "C"), (4, 8, "C"), (10, 14, "C"), (16, 18, "C"), (20, 22, "C"),
        ],
    }  # fmt: skip
    result = {r.subject: r for r in classic_unitized_alpha(24, segments).by_category}
    assert result["A"].observed_disagreement == pytest.approx(0.03125, abs=1e-5)
    assert result["B"].observed_disagreement == pytest.approx(2.26736, abs=1e-5)
    assert result["C"].observed_disagreement == pytest.approx(0.02777, abs=1e-5)
