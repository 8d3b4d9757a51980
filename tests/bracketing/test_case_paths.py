"""Path types planted in generated multi-case corpora: on time, 18 months late, skipping.

The cases' sequences are their readings through the pooled phases; the planted groups
must come back as path types (easy corpora), or at least as the tree's cut at the planted
number of types (medium corpora, where on-time and late cases sit closer to each other
than either to the cases that skip the last phase, and the silhouette rule says so).
"""

from __future__ import annotations

import numpy as np
import pytest

from workbench.bracketing import BracketParams, bracket
from workbench.bracketing.case_shift import case_timing
from workbench.bracketing.sequences import case_sequence, cut_tree, linkage, spells
from workbench.bracketing.synthetic_cases import generate_cases
from workbench.services.case_paths import compare_case_paths

ON_TIME, LATE, SKIP = (0, 0), (18, 18), (0, None)
SHIFTS = [ON_TIME] * 8 + [LATE] * 5 + [SKIP] * 5
PLANTED = [0] * 8 + [1] * 5 + [2] * 5


def _same_partition(a, b) -> bool:
    pairs = {(int(x), int(y)) for x, y in zip(a, b, strict=True)}
    return len(pairs) == len(set(a)) == len(set(b))


def _run(difficulty: str, events: int, seed: int):
    data = generate_cases(shifts=SHIFTS, events_per_case=events, difficulty=difficulty, seed=seed)
    pooled = bracket(
        list(data.events), params=BracketParams(bin_unit="quarter", bootstrap=0, seed=1)
    )
    timing = case_timing(list(data.events), pooled, replicates=0, seed=2)
    return data, pooled, timing


@pytest.fixture(scope="module")
def easy():
    return _run("easy", 300, 1)


@pytest.mark.parametrize("substitution", ["constant", "trate"])
@pytest.mark.parametrize("method", ["ward", "average"])
def test_planted_path_types_are_recovered(easy, substitution, method):
    _, pooled, timing = easy
    paths = compare_case_paths(pooled, timing, substitution=substitution, method=method)
    assert len(paths.types) == 3, paths.silhouettes
    assert _same_partition(paths.assignment, PLANTED)
    assert paths.note == "" or paths.note.startswith("a near tie: ")
    # every medoid is a member of its own type, and every case is in exactly one type
    assert sorted(c for t in paths.types for c in t.members) == sorted(paths.cases)
    for t in paths.types:
        assert t.medoid in t.members


def test_the_medoids_read_as_the_planted_paths(easy):
    data, pooled, timing = easy
    paths = compare_case_paths(pooled, timing)
    frontier_bin = {
        f: next(i for i, s in enumerate(pooled.timeline.bin_starts) if s >= f)
        for f in data.frontiers
    }
    by_case = dict(zip(paths.cases, paths.sequences, strict=True))
    last = len(pooled.proposal.segmentation.phases) - 1
    for t in paths.types:
        seq = by_case[t.medoid]
        kind = PLANTED[paths.cases.index(t.medoid)]
        first_change = next(i for i, s in enumerate(seq) if s != seq[0])
        if kind == 1:  # 18 months (6 quarters) late at the first frontier
            assert abs(first_change - frontier_bin[data.frontiers[0]] - 6) <= 2
        else:
            assert abs(first_change - frontier_bin[data.frontiers[0]]) <= 2
        if kind == 2:  # never reaches the last pooled phase
            assert last not in seq
        else:
            assert seq[-1] == last


def test_medium_corpora_cut_at_the_planted_number_recover_the_groups():
    _, pooled, timing = _run("medium", 400, 0)
    paths = compare_case_paths(pooled, timing)
    dist = np.array(paths.distances)
    assert _same_partition(cut_tree(linkage(dist, "ward"), len(dist), 3), PLANTED)
    # the cases that skip the last phase are a type of their own, whatever the rule chose
    skip_type = {paths.assignment[i] for i in range(13, 18)}
    assert len(skip_type) == 1
    assert not skip_type & {paths.assignment[i] for i in range(13)}
    # and when the rule chooses 2, the planted 3 are named as a near tie
    if len(paths.types) == 2:
        assert paths.note.startswith("a near tie: 3 types")


def test_a_case_sequence_follows_its_crossings(easy):
    _, pooled, timing = easy
    tl = pooled.timeline
    case = timing.cases[0]
    first, seq, guesses = case_sequence(case, tl.bin_starts, tl.bin_ends)
    assert guesses == 0
    assert list(seq) == sorted(seq)  # a reading through the pooled phases only moves forward
    for f in case.frontiers:
        if f.date is None:
            continue
        for b, phase in enumerate(seq, start=first):
            middle = tl.bin_starts[b] + (tl.bin_ends[b] - tl.bin_starts[b]) / 2
            assert (phase > f.frontier) == (middle >= f.date)
    assert spells(seq, timing.pooled_labels).startswith(timing.pooled_labels[0])


@pytest.mark.parametrize("difficulty", ["easy", "medium"])
def test_cases_on_one_path_make_one_type(difficulty):
    """No planted types: crossings that differ by a bin or two, and cases observed a little
    longer, are noise, not path types (the medoids would differ by under a year)."""
    data = generate_cases(shifts=[ON_TIME] * 16, events_per_case=400, difficulty=difficulty, seed=0)
    pooled = bracket(
        list(data.events), params=BracketParams(bin_unit="quarter", bootstrap=0, seed=1)
    )
    timing = case_timing(list(data.events), pooled, replicates=0, seed=2)
    paths = compare_case_paths(pooled, timing)
    assert len(paths.types) == 1
    assert paths.note


def test_the_number_of_types_can_be_set_and_the_note_says_what_the_rule_chose():
    _, pooled, timing = _run("medium", 400, 0)
    ruled = compare_case_paths(pooled, timing)
    asked = compare_case_paths(pooled, timing, n_types=3)
    assert len(asked.types) == 3
    assert _same_partition(asked.assignment, PLANTED)
    assert f"3 types as asked; the rule would give {len(ruled.types)}" == asked.note
