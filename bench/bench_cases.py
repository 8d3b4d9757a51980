"""Per-case timing (``bracket --cases``) on generated multi-case corpora with planted lags.

Each corpus has 36 cases of 500 codings through three planted phases (frontiers at
2003-07 and 2007-01): 24 cases on time, 6 late by 12 months and 6 late by 18 months at
both frontiers (``workbench.bracketing.synthetic_cases``). The pooled bracketing is the
default analysis (inference on, 200 source resamples) on the bins named in the row; then
every case is placed on the pooled frontiers with 200 resamples of its sources.

Rows per difficulty: the share of lagging cases flagged (target >= 90%), the share of
on-time cases flagged (target <= 10%), the share of planted case-frontiers with a
crossing found within 6 months of the planted date (target >= 80%, medium) and, the
other way round, the share of found crossings within 6 months of one of the case's
planted crossings (the pooled proposal often has more than the 3 planted phases: late
cases make transition phases, ``pooled_k``); ``seconds`` is the per-case view alone
(target < 3 s), ``pooled_s`` the pooled run. A last row per difficulty mixes cases late
or early at one frontier only and cases that never reach the second phase (370-530
codings each): each must be flagged at the right frontier, with the right timing.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import numpy as np

from bench.harness import row
from workbench.bracketing import BracketParams, bracket
from workbench.bracketing.case_shift import case_timing
from workbench.bracketing.synthetic_cases import generate_cases

WITHIN_DAYS = 183


def _corpus_rows(difficulty: str, seeds: list[int], n_cases: int, size: int, unit: str) -> dict:
    flagged_late = late = flagged_on = on = near = planted = found = right = 0
    pooled_k: list[int] = []
    case_s: list[float] = []
    pooled_s: list[float] = []
    for seed in seeds:
        third = n_cases // 6
        shifts = [(0, 0)] * (n_cases - 2 * third) + [(12, 12)] * third + [(18, 18)] * third
        data = generate_cases(shifts=shifts, events_per_case=size, difficulty=difficulty, seed=seed)
        t0 = time.perf_counter()
        pooled = bracket(list(data.events), params=BracketParams(bin_unit=unit, seed=seed))
        t1 = time.perf_counter()
        timing = case_timing(list(data.events), pooled, replicates=200, seed=seed)
        t2 = time.perf_counter()
        pooled_s.append(t1 - t0)
        pooled_k.append(pooled.proposal.default_k)
        case_s.append(t2 - t1)
        for truth, case in zip(data.truth, timing.cases, strict=True):
            if truth.lag_days >= 365 - 31:
                late += 1
                flagged_late += case.flagged
            else:
                on += 1
                flagged_on += case.flagged
            crossings = [f.date for f in case.frontiers if f.status == "found" and f.date]
            true_days = [
                true_frontier + dt.timedelta(days=shift)
                for shift, true_frontier in zip(truth.shifts_days, data.frontiers, strict=True)
                if shift is not None
            ]
            planted += len(true_days)
            near += sum(any(abs((d - t).days) <= WITHIN_DAYS for d in crossings) for t in true_days)
            found += len(crossings)
            right += sum(
                any(abs((d - t).days) <= WITHIN_DAYS for t in true_days) for d in crossings
            )
    return {
        "late_flagged": f"{flagged_late}/{late} = {flagged_late / late:.0%}",
        "on_time_flagged": f"{flagged_on}/{on} = {flagged_on / on:.0%}",
        "case_frontiers_within_6_months": f"{near}/{planted} = {near / planted:.0%}",
        "crossings_near_a_planted_one": f"{right}/{found} = {right / max(found, 1):.0%}",
        "pooled_k": ",".join(map(str, pooled_k)),
        "case_s": case_s,
        "pooled_s": pooled_s,
    }


def _mixed_row(difficulty: str, seeds: list[int], smoke: bool) -> dict[str, Any]:
    """Cases late or early at one frontier only, or stuck before the second, of 370-530
    codings: flagged share per kind (each must be flagged at the right frontier)."""
    kinds = {
        "on time": (0, 0),
        "late 18 at 2nd": (0, 18),
        "late 12 at 1st": (12, 0),
        "early 12 at 2nd": (0, -12),
        "stuck before 2nd": (0, None),
    }
    counts = dict.fromkeys(kinds, 0)
    right = dict.fromkeys(kinds, 0)
    seconds = []
    per_kind = 2 if smoke else 4
    for seed in seeds:
        rng = np.random.default_rng(seed)
        shifts = [kinds["on time"]] * (5 * per_kind) + [
            s for name, s in kinds.items() if name != "on time" for _ in range(per_kind)
        ]
        sizes = [int(x) for x in rng.integers(370, 531, len(shifts))]
        if smoke:
            sizes = [100] * len(shifts)
        data = generate_cases(
            shifts=shifts, events_per_case=sizes, difficulty=difficulty, seed=seed
        )
        pooled = bracket(list(data.events), params=BracketParams(bin_unit="quarter", seed=seed))
        t0 = time.perf_counter()
        timing = case_timing(list(data.events), pooled, replicates=200, seed=seed)
        seconds.append(time.perf_counter() - t0)
        by_shift = {v: k for k, v in kinds.items()}
        for shift, case in zip(shifts, timing.cases, strict=True):
            name = by_shift[shift]
            counts[name] += 1
            if name == "on time":
                right[name] += not case.flagged
                continue
            j = 0 if shift[0] else 1
            want = "not crossed" if shift[1] is None else "late" if shift[j] > 0 else "early"
            right[name] += case.frontiers[j].timing == want if len(case.frontiers) > j else 0
    seconds.sort()
    return row(
        f"cases {difficulty} one-frontier lags, {100 if smoke else '370-530'} codings",
        seconds[len(seconds) // 2],
        seconds[-1] - seconds[0],
        "late/early/stuck flagged at their frontier >= 90%; on time not flagged >= 90%",
        seeds=len(seeds),
        **{name.replace(" ", "_"): f"{right[name]}/{counts[name]}" for name in kinds},
    )


def run(smoke: bool) -> list[dict[str, Any]]:
    rows = []
    n_cases, size, seeds = (12, 100, [0]) if smoke else (36, 500, [0, 1, 2])
    for difficulty in ("easy", "medium"):
        for unit in ("month", "quarter"):
            r = _corpus_rows(difficulty, seeds, n_cases, size, unit)
            case_s = sorted(r.pop("case_s"))
            pooled_s = r.pop("pooled_s")
            rows.append(
                row(
                    f"cases {difficulty} {n_cases}x{size} {unit} bins",
                    case_s[len(case_s) // 2],
                    case_s[-1] - case_s[0],
                    "< 3 s; late flagged >= 90%, on time <= 10%, within 6 months >= 80%",
                    seeds=len(seeds),
                    pooled_s=f"{sorted(pooled_s)[len(pooled_s) // 2]:.2f}",
                    **r,
                )
            )
    for difficulty in ("easy", "medium"):
        rows.append(_mixed_row(difficulty, seeds, smoke))
    return rows
