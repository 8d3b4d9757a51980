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
(target < 3 s), ``pooled_s`` the pooled run.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

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
    return rows
