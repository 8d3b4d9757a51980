"""Linearised intervals: Student's t against SciPy, clustering by document."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from tests.agreement.test_gwet_handbook import RAW5OBSERVERS
from workbench.agreement import conger_kappa, fleiss_kappa, gwet_ac1
from workbench.agreement.intervals import linearised_interval
from workbench.core.studentt import t_ppf, t_sf


@pytest.mark.parametrize("df", [1, 2, 3, 7, 11, 30, 250, 10_000])
@pytest.mark.parametrize("q", [0.005, 0.025, 0.1, 0.5, 0.9, 0.975, 0.995])
def test_t_quantiles_match_scipy(df, q):
    assert t_ppf(q, df) == pytest.approx(stats.t.ppf(q, df), abs=1e-9)
    assert t_sf(t_ppf(q, df), df) == pytest.approx(1 - q, abs=1e-12)


def test_one_unit_per_cluster_is_gwets_formula():
    data = RAW5OBSERVERS
    plain = fleiss_kappa(data)
    same = fleiss_kappa(data, clusters=np.arange(data.shape[0]))
    assert same.interval.standard_error == pytest.approx(plain.interval.standard_error)
    assert same.interval.lower == pytest.approx(plain.interval.lower)


def test_clustering_widens_the_interval_when_documents_differ():
    # Ten documents: in half of them the coders agree on everything, in the other half
    # they agree at chance. Units inside a document are alike, so clustering must widen.
    rng = np.random.default_rng(7)
    rows, docs = [], []
    for doc in range(10):
        truth = rng.integers(0, 2, 40)
        second = truth if doc % 2 else rng.integers(0, 2, 40)
        rows.append(np.column_stack((truth, second)))
        docs += [doc] * 40
    data = np.vstack(rows)
    for statistic in (fleiss_kappa, conger_kappa, gwet_ac1):
        units = statistic(data).interval
        clustered = statistic(data, clusters=np.array(docs)).interval
        assert clustered.standard_error > 1.5 * units.standard_error
        assert clustered.degrees_of_freedom == 9
        assert "10 documents" in clustered.method


def test_no_interval_from_a_single_cluster():
    interval, reason = linearised_interval(0.5, np.array([0.4, 0.6]), clusters=np.array([1, 1]))
    assert interval is None
    assert "one document" in reason
