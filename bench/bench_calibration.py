"""Calibration of the bracketing engine's evidence on generated corpora with known truth.

Not a timing: how often the default analysis (inference on) gets the phases right, how
often its figures hold what they claim, and how often it sees change where there is none.
Each noise family is a medium corpus with one kind of real-study structure pushed hard
(see ``workbench.bracketing.synthetic.NOISE_FAMILIES``); ``easy``, ``medium`` and ``hard``
are the difficulty levels. Per family and seed three runs:

* **planted** (3 or 4 phases): boundary F1 within 6 months and right K of the proposal;
  coverage of the nominal 95% likely interval of each planted frontier (tested as the
  researcher's frontier); the verdict on the correct frontiers (flagged = not
  "supported"); continuity classes against the planted roles; and how often the 95%
  interval of a planted-continuous theme's share ratio holds 1 (``continuous_ratio_ci_
  covers_1``: the interval's calibration, which tells a continuity shortfall that is the
  sample's power from one that is a conservative test).
* **shifted**: the first planted frontier moved by 12 or 24 months (sign alternating by
  seed) and tested as the researcher's: flagged when the verdict is not "supported".
* **null** (no change): a false frontier when the proposal has K > 1; the theme-change
  tests at a frontier stated in the middle: a family-wise false alarm when any theme is
  called changed (emergent, disappearing, intensified, attenuated).

Rows carry the figures as extra columns; ``seconds`` is the time of the whole family.
From the command line, ``python -m bench.bench_calibration 20 --offset 20 clustered`` runs
20 seeds starting at 20 (planted 20-39, null 1020-1039) of the families named (all when
none is), so figures can be checked on seeds a change was not developed on.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import TYPE_CHECKING, Any

import numpy as np

from bench.harness import row
from workbench.bracketing import BracketParams, PhaseSpec, bracket
from workbench.bracketing.synthetic import DIFFICULTIES, NOISE_FAMILIES, boundary_f1, generate

if TYPE_CHECKING:
    from workbench.bracketing.result import BracketingResult

CHANGED = {"emergent", "disappearing", "intensified", "attenuated"}
FORBIDDEN = {
    ("continuous", "emergent"),
    ("continuous", "disappearing"),
    ("emergent", "continuous"),
    ("disappearing", "continuous"),
}


def _shift_months(day: dt.date, months: int) -> dt.date:
    total = day.year * 12 + day.month - 1 + months
    return dt.date(total // 12, total % 12 + 1, 1)


def _shifted(phases: tuple[PhaseSpec, ...], months: int) -> list[PhaseSpec]:
    out = list(phases)
    new_start = _shift_months(phases[1].start, months)
    out[0] = PhaseSpec(phases[0].label, phases[0].start, new_start - dt.timedelta(days=1))
    out[1] = PhaseSpec(phases[1].label, new_start, phases[1].end)
    return out


def _middle(phases: tuple[PhaseSpec, ...]) -> list[PhaseSpec]:
    (whole,) = phases
    cut = _shift_months(whole.start, ((whole.end - whole.start).days // 30) // 2)
    return [
        PhaseSpec("before", whole.start, cut - dt.timedelta(days=1)),
        PhaseSpec("after", cut, whole.end),
    ]


def _coder_flag(result: BracketingResult) -> bool:
    return any(d.kind == "coder-change" for d in result.diagnostics)


def evaluate(family: str, seeds: range, params: BracketParams) -> dict[str, Any]:
    level = NOISE_FAMILIES.get(family) or DIFFICULTIES[family]
    f1s: list[float] = []
    right_k = covered = n_frontiers = correct_flagged = 0
    shifted_flagged = n_shifted = 0
    agree = n_roles = cont_called = n_cont = 0
    cont_ratio_covered = n_cont_ratio = 0
    confusions: set[tuple[str, str]] = set()
    null_false = null_fwer = null_coder_flag = 0
    n_events = 0
    widths: list[int] = []
    for seed in seeds:
        data = generate(level, seed)
        n_events += len(data.events)
        res = bracket(data.events, phases=data.truth.phases, params=params)
        found = [f.date for f in res.proposal.segmentation.frontiers]
        f1s.append(boundary_f1(data.truth.frontiers, found))
        right_k += res.proposal.default_k == len(data.truth.phases)
        assert res.researcher is not None
        for frontier, true, roles in zip(
            res.researcher.frontiers, data.truth.frontiers, data.truth.roles, strict=True
        ):
            n_frontiers += 1
            covered += frontier.test.interval_start <= true <= frontier.test.interval_end
            widths.append((frontier.test.interval_end - frontier.test.interval_start).days)
            correct_flagged += frontier.test.verdict != "supported"
            for change, role in zip(frontier.continuity.themes, roles, strict=True):
                n_roles += 1
                agree += change.classification == role
                if role == "continuous":
                    n_cont += 1
                    cont_called += change.classification == "continuous"
                    if change.ci_low is not None and change.ci_high is not None:
                        n_cont_ratio += 1
                        cont_ratio_covered += change.ci_low <= 0.0 <= change.ci_high
                if change.classification != role:
                    confusions.add((role, change.classification))
        months = (12 if seed % 2 == 0 else 24) * (1 if seed % 4 < 2 else -1)
        shifted = bracket(data.events, phases=_shifted(data.truth.phases, months), params=params)
        assert shifted.researcher is not None
        n_shifted += 1
        shifted_flagged += shifted.researcher.frontiers[0].test.verdict != "supported"
        null = generate(level, 1000 + seed, n_phases=1)
        nres = bracket(null.events, phases=_middle(null.truth.phases), params=params)
        null_false += nres.proposal.default_k > 1
        null_coder_flag += nres.proposal.default_k > 1 and _coder_flag(nres)
        assert nres.researcher is not None
        null_fwer += any(
            c.classification in CHANGED for c in nres.researcher.frontiers[0].continuity.themes
        )
    n = len(seeds)
    return {
        "corpora": n,
        "events_per_corpus": round(n_events / n),
        "f1": round(sum(f1s) / n, 3),
        "right_k": round(right_k / n, 3),
        "coverage": round(covered / n_frontiers, 3),
        "interval_days_median": sorted(widths)[len(widths) // 2],
        "interval_days_p90": int(np.quantile(widths, 0.9)),
        "correct_flagged": round(correct_flagged / n_frontiers, 3),
        "shifted_flagged": round(shifted_flagged / n_shifted, 3),
        "class_agreement": round(agree / n_roles, 3),
        "continuous_called": round(cont_called / n_cont, 3) if n_cont else None,
        "continuous_ratio_ci_covers_1": (
            round(cont_ratio_covered / n_cont_ratio, 3) if n_cont_ratio else None
        ),
        "forbidden_confusions": sorted(FORBIDDEN & confusions),
        "null_false_frontier": round(null_false / n, 3),
        "null_false_with_coder_diagnostic": null_coder_flag,
        "null_theme_fwer": round(null_fwer / n, 3),
    }


FAMILIES = (
    "easy",
    "medium",
    "hard",
    "clustered",
    "waves",
    "tilt",
    "gradual",
    "year_dates",
    "coder_habit",
    "double_coding",
    "realistic",
)
TARGETS = (
    "F1 1.00 and right K >= 95% (easy, medium); F1 >= 0.80 (hard), >= 0.95 (clustered); "
    "coverage >= 90%; shifted flagged >= 95%, correct flagged <= 5%; null false frontier "
    "<= 5%; null theme FWER <= 5%; continuous called >= 80%"
)


def run(smoke: bool = False, seeds: int = 10, offset: int = 0) -> list[dict[str, Any]]:
    families = ("medium",) if smoke else FAMILIES
    params = BracketParams(bootstrap=20 if smoke else 200, seed=1)
    rows = []
    for family in families:
        t0 = time.perf_counter()
        figures = evaluate(family, range(offset, offset + (1 if smoke else seeds)), params)
        rows.append(
            row(f"calibration: {family}", time.perf_counter() - t0, 0.0, TARGETS, **figures)
        )
    return rows


if __name__ == "__main__":
    import json
    import sys

    # python -m bench.bench_calibration [SEEDS] [--offset FIRST] [FAMILY ...]: seeds
    # FIRST .. FIRST + SEEDS - 1 (planted) and 1000 + those (null), so that figures can be
    # checked on corpora other than the ones looked at while developing
    args = sys.argv[1:]
    n_seeds = int(args.pop(0)) if args and args[0].isdigit() else 10
    first = 0
    if "--offset" in args:
        at = args.index("--offset")
        if at + 1 >= len(args) or not args[at + 1].isdigit():
            sys.exit("bench_calibration: --offset needs a whole number")
        first = int(args[at + 1])
        del args[at : at + 2]
    chosen = args or list(FAMILIES)
    p = BracketParams(seed=1)
    for name in chosen:
        t = time.perf_counter()
        seeds = range(first, first + n_seeds)
        print(
            json.dumps(
                {
                    "family": name,
                    "seeds": f"{first}-{first + n_seeds - 1}",
                    **evaluate(name, seeds, p),
                }
            ),
            flush=True,
        )
        print(f"  {time.perf_counter() - t:.0f} s", flush=True)
