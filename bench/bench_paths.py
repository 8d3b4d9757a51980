"""Path types (``bracket --compare``) on generated multi-case corpora with planted paths.

Each corpus has 36 cases of 500 codings through three planted phases (frontiers at
2003-07 and 2007-01): 18 cases on time, 9 late by 18 months at both frontiers and 9 that
never cross the second frontier (``workbench.bracketing.synthetic_cases``). The pooled
bracketing runs without resamples (``bootstrap=0``) on quarters, every case is placed on
the pooled frontiers without resamples (its point crossings are what the sequences use),
and the cases' sequences are compared with the defaults (constant costs, maxdist
normalisation, Ward linkage, silhouette rule).

Rows per difficulty: ``exact`` is the share of corpora whose path types are the planted
groups, ``ari`` the mean adjusted Rand index against them (1: the same grouping, about 0:
no better than chance), ``ari_at_3`` the same for the tree cut at the planted 3 types,
``types`` the numbers of types chosen; ``seconds`` is the comparison alone (distances,
clustering and the silhouette rule over 36 cases). The issue sets no target for these;
they are reported so that a reader knows how far the types can be trusted. A second row
per difficulty has all 36 cases on time (no planted types): ``types`` should be 1 there,
and ``ari_at_3`` is meaningless.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np

from bench.harness import row
from workbench.bracketing import BracketParams, bracket
from workbench.bracketing.case_shift import case_timing
from workbench.bracketing.sequences import cut_tree, linkage
from workbench.bracketing.synthetic_cases import generate_cases
from workbench.services.case_paths import compare_case_paths


def adjusted_rand(a: list[int], b: list[int]) -> float:
    """Hubert and Arabie's adjusted Rand index of two groupings of the same items."""
    _, ai = np.unique(a, return_inverse=True)
    _, bi = np.unique(b, return_inverse=True)
    table = np.zeros((ai.max() + 1, bi.max() + 1))
    np.add.at(table, (ai, bi), 1)

    def pairs(x: np.ndarray) -> float:
        return float((x * (x - 1) / 2).sum())

    index = pairs(table)
    rows, cols = pairs(table.sum(axis=1)), pairs(table.sum(axis=0))
    total = len(a) * (len(a) - 1) / 2
    expected = rows * cols / total
    top = (rows + cols) / 2
    return 1.0 if top == expected else (index - expected) / (top - expected)


def _rows(difficulty: str, seeds: list[int], per_kind: tuple[int, int, int], size: int) -> dict:
    on, late, skip = per_kind
    shifts: list[tuple[int | None, ...]] = [(0, 0)] * on + [(18, 18)] * late + [(0, None)] * skip
    planted = [0] * on + [1] * late + [2] * skip
    exact, aris, aris3, types, seconds = 0, [], [], [], []
    for seed in seeds:
        data = generate_cases(shifts=shifts, events_per_case=size, difficulty=difficulty, seed=seed)
        pooled = bracket(
            list(data.events), params=BracketParams(bin_unit="quarter", bootstrap=0, seed=1)
        )
        timing = case_timing(list(data.events), pooled, replicates=0, seed=2)
        t0 = time.perf_counter()
        paths = compare_case_paths(pooled, timing)
        seconds.append(time.perf_counter() - t0)
        got = list(paths.assignment)
        ari = adjusted_rand(got, planted)
        aris.append(ari)
        exact += ari == 1.0
        dist = np.array(paths.distances)
        aris3.append(adjusted_rand(cut_tree(linkage(dist), len(dist), 3).tolist(), planted))
        types.append(len(paths.types))
    return {
        "seconds": float(np.median(seconds)),
        "spread": float(max(seconds) - min(seconds)),
        "exact": f"{exact}/{len(seeds)}",
        "ari": round(float(np.mean(aris)), 3),
        "ari_at_3": round(float(np.mean(aris3)), 3),
        "types": ",".join(map(str, types)),
    }


def run(smoke: bool) -> list[dict[str, Any]]:
    if smoke:
        seeds, per_kind, size = [0], (4, 3, 3), 200
    else:
        seeds, per_kind, size = [0, 1, 2, 3, 4], (18, 9, 9), 500
    out = []
    for difficulty in ("easy", "medium"):
        for kinds, what in ((per_kind, "planted"), ((sum(per_kind), 0, 0), "all on time")):
            r = _rows(difficulty, seeds, kinds, size)
            out.append(
                row(
                    f"paths {difficulty} {sum(per_kind)}x{size} quarter, {what}",
                    r.pop("seconds"),
                    r.pop("spread"),
                    "no target (recovery reported)",
                    **r,
                )
            )
    return out
