"""``python -m bench crosscheck``: the bracketing evidence on an independent generator.

The calibration benchmark measures the engine on the generator written with it; this
one measures it on ``bench.crosscheck_gen``, designed apart from both, so a figure that
holds only on the engine's own corpora shows up as a disagreement between the two
tables. Every corpus is bracketed with the product's defaults (inference on), the way
the service calls the engine.

Per level and seed: the planted corpus is bracketed with the planted phases stated as
the researcher's; then once more with one planted frontier moved by 12-24 months; and a
null corpus (same design, no change) is bracketed with a frontier stated in its middle.

How each figure is computed (where the result types leave a choice):

* **boundary F1 (6 months)**: the proposed frontiers at the default K, *all* of them,
  including those the engine marks as weak (it shows them), matched one-to-one to the
  planted dates (closest pairs first, at most 183 days apart); F1 = 2PR / (P + R) per
  corpus, averaged over corpora. The planted date of a gradual frontier is the middle of
  its transition window.
* **right K**: the default K equals the planted number of phases.
* **likely-interval coverage**: over proposed frontiers matched to a planted one, the
  planted date lies in [interval_start, interval_end] (both inclusive).
* **class vs planted role**: at the *stated* planted frontiers, each theme with a
  planted role (not absent on both sides) compared with the engine's class (weakened =
  "attenuated"); "continuous called continuous" is the same over planted-continuous
  themes; "forbidden" counts continuous themes called emergent or disappearing;
  "ratio interval holds 1" is the share of planted-continuous themes whose 95% share-ratio
  interval contains 1 (its calibration: near 95% says a shortfall in "continuous called
  continuous" is the sample's power, not a conservative test).
* **likely-interval coverage (stated)**: the planted date lies in the likely interval of
  the stated planted frontier (the researcher's test, whose interval decides "displaced").
* **correct / shifted frontiers flagged**: verdict other than "supported" for each
  stated planted frontier / for the moved one.
* **null: false frontier**: a null corpus whose default K is above 1 (weak ones counted,
  and shown apart). **null: theme change**: any theme classed emergent, intensified,
  disappearing or attenuated at the frontier stated in the middle of a null corpus
  (the family-wise error of the per-theme tests).

``python -m bench.bench_crosscheck [SEEDS] [--offset FIRST] [LEVEL ...]`` prints the Markdown
table for planted seeds FIRST .. FIRST + SEEDS - 1 (null corpora 5000 + those), so figures
can be checked on corpora a change was not developed on; LEVEL may also be one of the
one-factor variants (``crosscheck_gen.VARIANTS``).
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from bench.crosscheck_gen import (
    LEVELS,
    ROLE_TO_CLASS,
    STUDY_END,
    STUDY_START,
    VARIANTS,
    Corpus,
    generate,
    phase_specs,
)
from bench.harness import row
from workbench.bracketing import BracketParams, bracket

if TYPE_CHECKING:
    from workbench.bracketing import BracketingResult

TOLERANCE_DAYS = 183
CHANGE_CLASSES = frozenset({"emergent", "intensified", "disappearing", "attenuated"})
NULL_SEED_OFFSET = 5000
SMOKE_LEVELS = ("hard",)


@dataclass
class Tally:
    """Counts behind one level's row."""

    f1: list[float] = field(default_factory=list)
    right_k: int = 0
    corpora: int = 0
    codings: list[int] = field(default_factory=list)
    sources: list[int] = field(default_factory=list)
    matched: int = 0
    covered: int = 0
    widths: list[int] = field(default_factory=list)
    weak_proposed: int = 0
    proposed: int = 0
    stated: int = 0
    stated_flagged: int = 0
    shifted: int = 0
    shifted_flagged: int = 0
    shifted_by_size: dict[str, list[int]] = field(default_factory=dict)
    """Shift size ("12-18" or "18-24" months) -> [flagged, tested]."""
    roles: int = 0
    roles_right: int = 0
    continuous: int = 0
    continuous_right: int = 0
    continuous_ratio: int = 0
    continuous_ratio_covered: int = 0
    stated_covered: int = 0
    forbidden: int = 0
    nulls: int = 0
    null_false: int = 0
    null_false_weak_only: int = 0
    null_theme_change: int = 0
    null_verdicts: dict[str, int] = field(default_factory=dict)
    seconds: list[float] = field(default_factory=list)
    confusion: dict[tuple[str, str], int] = field(default_factory=dict)


def match(proposed: list[dt.date], planted: list[dt.date]) -> list[tuple[int, int]]:
    """One-to-one pairs (proposed, planted) within the tolerance, closest pairs first."""
    pairs = sorted(
        (abs((p - q).days), i, j)
        for i, p in enumerate(proposed)
        for j, q in enumerate(planted)
        if abs((p - q).days) <= TOLERANCE_DAYS
    )
    used_p: set[int] = set()
    used_q: set[int] = set()
    out = []
    for _, i, j in pairs:
        if i not in used_p and j not in used_q:
            used_p.add(i)
            used_q.add(j)
            out.append((i, j))
    return out


def f1_score(n_proposed: int, n_planted: int, n_matched: int) -> float:
    if n_proposed == 0 and n_planted == 0:
        return 1.0
    if n_matched == 0:
        return 0.0
    precision, recall = n_matched / n_proposed, n_matched / n_planted
    return 2 * precision * recall / (precision + recall)


def _timed_bracket(tally: Tally, corpus: Corpus, phases: Any, params: BracketParams) -> Any:
    t0 = time.perf_counter()
    result = bracket(corpus.events, phases=phases, params=params)
    tally.seconds.append(time.perf_counter() - t0)
    return result


def _score_proposal(tally: Tally, corpus: Corpus, result: BracketingResult) -> None:
    seg = result.proposal.segmentation
    proposed = [f.date for f in seg.frontiers]
    planted = list(corpus.planted_dates)
    pairs = match(proposed, planted)
    tally.f1.append(f1_score(len(proposed), len(planted), len(pairs)))
    tally.right_k += result.proposal.default_k == corpus.k
    tally.proposed += len(proposed)
    tally.weak_proposed += sum(bool(f.test.support_note) for f in seg.frontiers)
    for i, j in pairs:
        test = seg.frontiers[i].test
        tally.matched += 1
        tally.covered += test.interval_start <= planted[j] <= test.interval_end
        tally.widths.append((test.interval_end - test.interval_start).days + 1)


def _score_researcher(tally: Tally, corpus: Corpus, result: BracketingResult) -> None:
    assert result.researcher is not None
    for frontier in result.researcher.frontiers:
        tally.stated += 1
        tally.stated_flagged += frontier.test.verdict != "supported"
        planted = corpus.planted_dates[frontier.index]
        tally.stated_covered += (
            frontier.test.interval_start <= planted <= frontier.test.interval_end
        )
        roles = corpus.frontiers[frontier.index].roles
        for theme in frontier.continuity.themes:
            role = roles.get(theme.theme)
            if role is None:
                continue
            tally.roles += 1
            tally.roles_right += theme.classification == ROLE_TO_CLASS[role]
            key = (role, theme.classification)
            tally.confusion[key] = tally.confusion.get(key, 0) + 1
            if role == "continuous":
                tally.continuous += 1
                tally.continuous_right += theme.classification == "continuous"
                if theme.ci_low is not None and theme.ci_high is not None:
                    tally.continuous_ratio += 1
                    tally.continuous_ratio_covered += theme.ci_low <= 0.0 <= theme.ci_high
                tally.forbidden += theme.classification in ("emergent", "disappearing")
        # a theme with a role but no row (not tested) counts as wrong
        listed = {t.theme for t in frontier.continuity.themes}
        for theme_name, role in roles.items():
            if theme_name not in listed:
                tally.roles += 1
                tally.continuous += role == "continuous"
                key = (role, "not listed")
                tally.confusion[key] = tally.confusion.get(key, 0) + 1


def shifted_phases(corpus: Corpus, seed: int) -> tuple[int, float, Any] | None:
    """The planted phases with one frontier moved by 12-24 months, or None if none fits.

    Returns the moved frontier's index, the shift in months and the phases."""
    rng = np.random.default_rng([seed, 77])
    dates = list(corpus.planted_dates)
    j = seed % len(dates)
    months = rng.uniform(12, 24)
    days = round(months * 365.25 / 12)
    lo = (dates[j - 1] if j > 0 else STUDY_START) + dt.timedelta(days=183)
    hi = (dates[j + 1] if j + 1 < len(dates) else STUDY_END) - dt.timedelta(days=183)
    signs = [1, -1] if rng.random() < 0.5 else [-1, 1]
    for sign in signs:
        moved = dates[j] + dt.timedelta(days=sign * days)
        if lo <= moved <= hi:
            dates[j] = moved
            return j, months, phase_specs([STUDY_START, *dates])
    return None


def run_level(level: str, seeds: range, params: BracketParams) -> Tally:
    tally = Tally()
    for seed in seeds:
        corpus = generate(level, seed)
        tally.corpora += 1
        tally.codings.append(corpus.n_codings)
        tally.sources.append(corpus.n_sources)
        result = _timed_bracket(tally, corpus, corpus.phases, params)
        _score_proposal(tally, corpus, result)
        _score_researcher(tally, corpus, result)
        moved = shifted_phases(corpus, seed)
        if moved is not None:
            j, months, phases = moved
            shifted = _timed_bracket(tally, corpus, phases, params)
            assert shifted.researcher is not None
            flagged = shifted.researcher.frontiers[j].test.verdict != "supported"
            tally.shifted += 1
            tally.shifted_flagged += flagged
            size = tally.shifted_by_size.setdefault("12-18" if months < 18 else "18-24", [0, 0])
            size[0] += flagged
            size[1] += 1

        null = generate(level, NULL_SEED_OFFSET + seed, null=True)
        middle = STUDY_START + (STUDY_END - STUDY_START) / 2
        nres = _timed_bracket(tally, null, phase_specs([STUDY_START, middle]), params)
        tally.nulls += 1
        frontiers = nres.proposal.segmentation.frontiers
        if nres.proposal.default_k > 1:
            tally.null_false += 1
            tally.null_false_weak_only += all(bool(f.test.support_note) for f in frontiers)
        assert nres.researcher is not None
        stated = nres.researcher.frontiers[0]
        tally.null_theme_change += any(
            t.classification in CHANGE_CLASSES for t in stated.continuity.themes
        )
        verdict = str(stated.test.verdict)
        tally.null_verdicts[verdict] = tally.null_verdicts.get(verdict, 0) + 1
    return tally


def _pct(num: int, den: int) -> str:
    return f"{100 * num / den:.1f}%" if den else "n/a"


def summary(level: str, tally: Tally) -> dict[str, Any]:
    """One row: the figures of the issue's targets for this level."""
    seconds = tally.seconds or [0.0]
    return row(
        f"crosscheck {level}",
        statistics.median(seconds),
        max(seconds) - min(seconds),
        "F1 1.00 / right K >= 95% (easy, medium); F1 >= 0.80 (hard), >= 0.95 (clustered); "
        "coverage >= 90%; class >= 90%, continuous >= 80%; shifted flagged >= 95%, "
        "correct <= 5%; null false frontier <= 5%, null theme change <= 5%",
        corpora=tally.corpora,
        codings=round(statistics.mean(tally.codings)),
        sources=round(statistics.mean(tally.sources)),
        f1=round(statistics.mean(tally.f1), 3),
        right_k=_pct(tally.right_k, tally.corpora),
        coverage=_pct(tally.covered, tally.matched),
        matched=tally.matched,
        median_width_days=int(statistics.median(tally.widths)) if tally.widths else None,
        p90_width_days=int(np.quantile(tally.widths, 0.9)) if tally.widths else None,
        wider_than_2_years=f"{sum(w > 731 for w in tally.widths)}/{len(tally.widths)}",
        weak_proposed=f"{tally.weak_proposed}/{tally.proposed}",
        stated_coverage=_pct(tally.stated_covered, tally.stated),
        correct_flagged=_pct(tally.stated_flagged, tally.stated),
        shifted_flagged=_pct(tally.shifted_flagged, tally.shifted),
        shifted_flagged_by_months={
            k: f"{flagged}/{tested}"
            for k, (flagged, tested) in sorted(tally.shifted_by_size.items())
        },
        class_vs_role=_pct(tally.roles_right, tally.roles),
        continuous_called_continuous=_pct(tally.continuous_right, tally.continuous),
        continuous_called_emergent_or_disappearing=tally.forbidden,
        continuous_ratio_ci_covers_1=_pct(tally.continuous_ratio_covered, tally.continuous_ratio),
        null_false_frontier=f"{tally.null_false}/{tally.nulls}",
        null_false_all_weak=tally.null_false_weak_only,
        null_theme_change=f"{tally.null_theme_change}/{tally.nulls}",
        null_verdicts=dict(sorted(tally.null_verdicts.items())),
        confusion={f"{a}->{b}": n for (a, b), n in sorted(tally.confusion.items())},
    )


def run(
    smoke: bool = False, seeds: int = 10, levels: tuple[str, ...] = (), offset: int = 0
) -> list[dict[str, Any]]:
    """One row per level; ``smoke`` runs one small corpus with few resamples.

    ``offset`` is the first planted seed (null seeds follow at ``NULL_SEED_OFFSET``)."""
    params = BracketParams(bootstrap=20) if smoke else BracketParams()
    chosen = levels or (SMOKE_LEVELS if smoke else tuple(LEVELS))
    n = 1 if smoke else seeds
    span = range(offset, offset + n)
    return [summary(level, run_level(level, span, params)) for level in chosen]


COLUMNS = (
    ("corpora", "corpora"),
    ("codings", "codings"),
    ("sources", "sources"),
    ("f1", "boundary F1 (6 months)"),
    ("right_k", "right K"),
    ("coverage", "likely-interval coverage"),
    ("median_width_days", "median width (days)"),
    ("p90_width_days", "90th percentile width (days)"),
    ("weak_proposed", "weak / proposed frontiers"),
    ("stated_coverage", "likely-interval coverage (stated planted frontiers)"),
    ("correct_flagged", "correct frontiers flagged"),
    ("shifted_flagged", "shifted frontiers flagged"),
    ("class_vs_role", "class vs planted role"),
    ("continuous_called_continuous", "planted continuous called continuous"),
    ("continuous_called_emergent_or_disappearing", "continuous called emergent/disappearing"),
    ("continuous_ratio_ci_covers_1", "continuous: 95% ratio interval holds 1"),
    ("null_false_frontier", "null: false frontier"),
    ("null_theme_change", "null: any theme change at stated frontier"),
)


def markdown(rows: list[dict[str, Any]]) -> str:
    head = "| level | " + " | ".join(title for _, title in COLUMNS) + " | s per run |"
    rule = "|---" * (len(COLUMNS) + 2) + "|"
    lines = [head, rule]
    for r in rows:
        cells = [str(r[key]) for key, _ in COLUMNS]
        lines.append(
            f"| {r['name'].split()[-1]} | " + " | ".join(cells) + f" | {r['seconds']:.1f} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    args = sys.argv[1:]
    n_seeds = int(args.pop(0)) if args and args[0].isdigit() else 10
    first = 0
    if "--offset" in args:
        at = args.index("--offset")
        if at + 1 >= len(args) or not args[at + 1].isdigit():
            sys.exit("bench_crosscheck: --offset needs a whole number")
        first = int(args[at + 1])
        del args[at : at + 2]
    out = []
    for name in args or tuple(LEVELS):
        if name not in LEVELS and name not in VARIANTS:
            sys.exit(f"unknown level {name!r}; have: {', '.join([*LEVELS, *VARIANTS])}")
        (r,) = run(seeds=n_seeds, levels=(name,), offset=first)
        r["seeds"] = f"{first}-{first + n_seeds - 1}"
        out.append(r)
        print({k: v for k, v in r.items() if k != "target"}, flush=True)
    print(markdown(out))
