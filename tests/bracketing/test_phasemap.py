"""Flexible phase mapping against maps worked by hand from the published parsing rules.

Holmes & Poole (1991) and Poole, Van de Ven, Dooley & Holmes (2000, ch. 8) parse a
sequence of phase markers with: a phase needs a minimum run of identical markers (three);
a phase carries on through a short interruption when its markers resume; stretches where
two kinds of marker alternate without either reaching the minimum are mixed phases, named
by what they mix; periods without markers are not phases. Each sequence below is worked by
hand under those rules (defaults: minimum run 3, interruption 1, gaps of 1 empty bin
bridged, mixed components at 25% of the markers).

One character per bin: A, B, C mark that phase; m is a bin where A and B markers are
equally heavy; . has codings but no marker; _ has no codings at all.
"""

from __future__ import annotations

import numpy as np
import pytest

from workbench.bracketing.binning import Grid
from workbench.bracketing.phasemap import (
    GAP,
    MIXED,
    UNPHASED,
    PhaseMapRules,
    describe_rules,
    map_phases,
)
from workbench.core.errors import InputError

THEMES = ("a", "b", "c", "other")
MARKERS = {"a": "A", "b": "B", "c": "C"}
ROWS = {
    "A": [3, 0, 0, 1],
    "B": [0, 3, 0, 1],
    "C": [0, 0, 3, 1],
    "m": [2, 2, 0, 0],
    ".": [0, 0, 0, 2],
    "_": [0, 0, 0, 0],
}


def _map(sequence: str, **rules):
    counts = np.array([ROWS[c] for c in sequence], dtype=float)
    grid = Grid("month", 24_000, len(sequence))
    return map_phases(counts, THEMES, PhaseMapRules(markers=MARKERS, **rules), grid)


def _segments(result):
    return [(s.label, s.first_bin, s.last_bin) for s in result.segments]


def test_strict_alternation_is_a_mixed_stretch_not_a_phase():
    # ABABABAB: no marker ever runs three in a row, so nothing founds a phase; A and B
    # each hold half the markers: one mixed phase of A and B.
    result = _map("ABABABAB")
    assert result.sequence == ("mixed: A+B",)
    assert _segments(result) == [("mixed: A+B", 0, 7)]
    assert result.segments[0].components == ("A", "B")
    assert result.segments[0].shares == (0.5, 0.5)
    assert set(result.bin_labels) == {MIXED}


def test_a_long_gap_is_not_bridged():
    # AAA, five years without data, AAA: two phases of A with a gap between, not one
    # 66-month phase.
    result = _map("AAA" + "_" * 60 + "AAA")
    assert result.sequence == ("A", "A")
    assert _segments(result) == [("A", 0, 2), ("no data", 3, 62), ("A", 63, 65)]
    assert result.segments[1].kind == GAP
    assert result.bin_labels[3:63] == (GAP,) * 60
    bridged = _map("AAA" + "_" * 60 + "AAA", max_gap=None)
    assert _segments(bridged) == [("A", 0, 65)]


def test_codings_without_markers_are_an_interruption_not_a_gap():
    # AAA....AAA: four coded bins without markers exceed the interruption of one bin.
    result = _map("AAA....AAA")
    assert _segments(result) == [("A", 0, 2), (UNPHASED, 3, 6), ("A", 7, 9)]
    # AAA.AAA: one such bin is tolerated; the phase carries on through it.
    result = _map("AAA.AAA")
    assert _segments(result) == [("A", 0, 6)]
    assert result.segments[0].interruptions == 1


def test_an_interrupted_phase_carries_on_and_short_runs_join_it():
    # AAABAAACCC: B interrupts A for one bin and A resumes; C founds its own phase.
    result = _map("AAABAAACCC")
    assert result.sequence == ("A", "C")
    assert _segments(result) == [("A", 0, 6), ("C", 7, 9)]
    # BAAA: a lone B before A stays outside (B is not A's marker, nothing to carry).
    # AAAABAA: the short run AA after the interruption joins the phase.
    assert _segments(_map("AAAABAA")) == [("A", 0, 6)]
    # AABAAA: the same to the left of the founding run.
    assert _segments(_map("AABAAA")) == [("A", 0, 5)]


def test_mixed_phases_name_their_components():
    # AAAA BCBCBC AAAA: B and C alternate between two phases of A.
    result = _map("AAAABCBCBCAAAA")
    assert result.sequence == ("A", "mixed: B+C", "A")
    mixed = result.segments[1]
    assert (mixed.kind, mixed.first_bin, mixed.last_bin) == (MIXED, 4, 9)
    assert mixed.components == ("B", "C")
    # AAA mmm BBB: bins where A and B weigh the same read as mixed; between A and B.
    result = _map("AAAmmmBBB")
    assert result.sequence == ("A", "mixed: A+B", "B")
    assert result.bin_readings[3:6] == (MIXED,) * 3


def test_a_short_stretch_is_unphased_and_says_what_it_holds():
    result = _map("__AA____")
    assert result.sequence == ()
    assert _segments(result) == [("no data", 0, 1), (UNPHASED, 2, 3), ("no data", 4, 7)]
    assert result.segments[1].components == ("A",)
    # AAAABCCCC: the lone B between two phases is unphased, not a phase of one bin.
    result = _map("AAAABCCCC")
    assert _segments(result) == [("A", 0, 3), (UNPHASED, 4, 4), ("C", 5, 8)]


def test_one_empty_bin_is_bridged_two_are_not():
    assert _segments(_map("AAA_AAA")) == [("A", 0, 6)]
    assert _segments(_map("AAA__AAA")) == [("A", 0, 2), ("no data", 3, 4), ("A", 5, 7)]
    assert _segments(_map("AAA__AAA", max_gap=2)) == [("A", 0, 7)]


def test_a_phase_keeps_the_majority_of_its_bins():
    # AAABABABA: A carries on while its bins stay the majority (six of nine).
    assert _segments(_map("AAABABABA")) == [("A", 0, 8)]
    # with an interruption tolerance of two, AAA BB A BB A BB A: taking in the last BB A
    # would leave A six bins of twelve, no majority; the phase ends at the ninth bin and
    # BBA (B two thirds of the markers) is a mixed stretch.
    result = _map("AAABBABBABBA", max_interruption=2)
    assert _segments(result) == [("A", 0, 8), ("mixed: B+A", 9, 11)]


def test_the_rules_are_options():
    # a minimum run of two founds a phase on AA.
    assert _map("__AA____", min_run=2).sequence == ("A",)
    # with no interruption tolerance, AAABAAA is two phases.
    assert _segments(_map("AAABAAA", max_interruption=0)) == [
        ("A", 0, 2),
        (UNPHASED, 3, 3),
        ("A", 4, 6),
    ]
    text = describe_rules(PhaseMapRules(markers=MARKERS))
    assert "3 bins in a row" in text
    assert "gaps of up to 1 empty bin bridged" in text


def test_a_code_marking_two_phases_splits_its_weight():
    rules = PhaseMapRules(markers=(("a", "A"), ("b", "B"), ("other", "A"), ("other", "B")))
    counts = np.array([ROWS["."]] * 4, dtype=float)  # only 'other': half A, half B
    result = map_phases(counts, THEMES, rules, Grid("month", 24_000, 4))
    assert result.sequence == ("mixed: A+B",)


def test_the_earlier_example_under_the_published_defaults():
    # iii n ii .. ii mmm nnnnn (initiation / negotiation): initiation founded by iii and
    # carried through one n to ii; the two marker-less bins end it; ..iimmm holds
    # initiation 2/3 and negotiation 1/3 of its markers: a mixed phase; then negotiation.
    themes = ("init-1", "init-2", "neg", "other")
    rows = {"i": [3, 0, 0, 1], "n": [0, 0, 3, 1], "m": [2, 0, 2, 0], ".": [0, 0, 0, 2]}
    counts = np.array([rows[c] for c in "iiinii..iimmmnnnnn"], dtype=float)
    rules = PhaseMapRules(
        markers={"init-1": "initiation", "init-2": "initiation", "neg": "negotiation"}
    )
    result = map_phases(counts, themes, rules, Grid("month", 600, 18))
    assert result.sequence == (
        "initiation",
        "mixed: initiation+negotiation",
        "negotiation",
    )
    kinds = [(s.kind, s.first_bin, s.last_bin) for s in result.segments]
    assert kinds == [("phase", 0, 5), ("mixed", 6, 12), ("phase", 13, 17)]
    assert result.to_dict()["segments"][0]["start"] == "2020-01-01"
    assert result.to_dict()["segments"][1]["components"] == ["initiation", "negotiation"]


@pytest.mark.parametrize(
    ("rules", "said"),
    [
        ({"min_run": 0}, "minimum run"),
        ({"max_interruption": -1}, "interruption"),
        ({"max_gap": -1}, "gap"),
        ({"mixed_min_share": 0.7}, "mixed-phase share"),
        ({"markers": {"a": "mixed"}}, "reserved"),
    ],
)
def test_bad_rules_are_one_clear_line(rules, said):
    with pytest.raises(InputError, match=said):
        PhaseMapRules(**({"markers": MARKERS} | rules))
