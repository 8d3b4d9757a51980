"""Multi-valued alpha (Krippendorff & Craggs 2016)."""

from __future__ import annotations

import numpy as np
import pytest

from workbench.agreement import krippendorff_alpha
from workbench.agreement.multivalued import multi_valued_alpha, set_difference

# Krippendorff & Craggs (2016), Table 3: observers F, G, H; "" (missing) is None and "|"
# (a coder who gave the unit no value) the empty set. The ``mvalpha`` R package, an
# independent implementation of the paper, prints mv-alpha = 0.2865907 for it.
TABLE_3 = [
    [{"b", "d"}, {"d"}, None],
    [{"a", "b", "d"}, {"b"}, {"b", "d"}],
    [set(), {"a"}, {"a"}],
    [{"a"}, None, None],
]


def test_krippendorff_craggs_table_3():
    result = multi_valued_alpha(TABLE_3)
    assert round(result.value, 7) == 0.2865907
    assert result.n_units == 3  # the fourth unit has one rating
    assert result.n_values == 8


def test_the_difference_of_two_sets():
    assert set_difference(frozenset("ab"), frozenset("ab")) == 0.0
    assert set_difference(frozenset("ab"), frozenset("b")) == pytest.approx(1 - 2 / 3)
    assert set_difference(frozenset(), frozenset("a")) == 1.0
    assert set_difference(frozenset(), frozenset()) == 0.0


def test_single_values_give_nominal_alpha():
    rng = np.random.default_rng(4)
    data = rng.integers(0, 4, size=(40, 3)).astype(float)
    data[rng.random(data.shape) < 0.2] = np.nan
    sets = [[None if np.isnan(v) else {int(v)} for v in row] for row in data]
    assert multi_valued_alpha(sets).value == pytest.approx(krippendorff_alpha(data).value)


def test_undefined_without_variation_or_pairs():
    same = multi_valued_alpha([[{"a"}, {"a"}], [{"a"}, {"a"}]])
    assert same.value is None
    assert "0/0" in same.undefined_reason
    assert multi_valued_alpha([[{"a"}, None]]).value is None
