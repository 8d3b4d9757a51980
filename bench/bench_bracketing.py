"""Speed of the bracketing engine.

``python -m bench.bench_bracketing`` prints one line per measurement; ``run(smoke=True)``
is the quick version used to check that the script still works.

Rows: name, seconds (median of repeats), spread (max - min), target, and for the
daily-grid rows the growth factor against the previous size (linear ~4x per 4x bins,
quadratic ~16x).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import numpy as np

from bench.harness import row, timed
from workbench.bracketing import BracketParams, DatedEvent, bracket
from workbench.bracketing.cost import Cumulative
from workbench.bracketing.segment import dp_path

_START = dt.date(1990, 1, 1)


def make_events(
    n_events: int,
    *,
    n_themes: int = 20,
    days: int = 30 * 365,
    n_sources: int = 5000,
    n_cases: int = 40,
    seed: int = 0,
) -> list[DatedEvent]:
    """Events with 3 planted phases, source tilts and a mix of day/month/year precision."""
    rng = np.random.default_rng(seed)
    base = rng.dirichlet(np.full(n_themes, 3.0), 3)
    tilt = rng.dirichlet(np.full(n_themes, 5.0), n_sources) * n_themes
    source = rng.integers(0, n_sources, n_events)
    day = rng.integers(0, days, n_events)
    phase = np.searchsorted([days // 3, 2 * days // 3], day, side="right")
    probs = base[phase] * tilt[source]
    probs /= probs.sum(axis=1, keepdims=True)
    theme = np.minimum(
        (rng.random((n_events, 1)) > np.cumsum(probs, axis=1)).sum(axis=1), n_themes - 1
    )
    precision = rng.choice(3, n_events, p=[0.5, 0.4, 0.1])
    themes = [f"theme-{t:02d}" for t in range(n_themes)]
    sources = [f"src-{s:05d}" for s in range(n_sources)]
    cases = [f"case-{c:02d}" for c in range(n_cases)]
    source_case = rng.integers(0, n_cases, n_sources)
    out = []
    for i in range(n_events):
        d = _START + dt.timedelta(days=int(day[i]))
        p = int(precision[i])
        if p == 0:
            lo, hi, label = d, d, "day"
        elif p == 1:
            lo = d.replace(day=1)
            hi = (lo + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
            label = "month"
        else:
            lo, hi, label = dt.date(d.year, 1, 1), dt.date(d.year, 12, 31), "year"
        s = int(source[i])
        out.append(
            DatedEvent(
                i,
                themes[int(theme[i])],
                sources[s],
                cases[int(source_case[s])],
                lo,
                hi,
                label,
                "own",
            )
        )
    return out


def _big(smoke: bool) -> list[dict[str, Any]]:
    n_big = 20_000 if smoke else 1_000_000
    events = make_events(n_big)
    off = BracketParams(bin_unit="month", bootstrap=0)
    sec, spread = timed(lambda: bracket(events, params=off), repeat=1 if smoke else 3, warmup=0)
    rows = [
        row(
            f"bracketing: {n_big} events, 20 themes, monthly 30y, inference off",
            sec,
            spread,
            "< 5 s",
        )
    ]
    default = BracketParams(bin_unit="month", bootstrap=10 if smoke else 200)
    sec, spread = timed(lambda: bracket(events, params=default), repeat=1, warmup=0)
    rows.append(
        row(
            f"bracketing: {n_big} events, monthly 30y, default "
            f"(inference on, {default.bootstrap} source resamples)",
            sec,
            spread,
            "< 15 s",
        )
    )
    return rows


def _daily(smoke: bool) -> list[dict[str, Any]]:
    """Long daily grids: the default (auto) search must stay linear in the number of bins."""
    rows = []
    previous = None
    for n_bins in (2_000, 8_000) if smoke else (25_000, 100_000):
        events = make_events(2 * n_bins, days=n_bins, n_sources=2000, seed=1)
        daily = BracketParams(bin_unit="day", bootstrap=0)  # the search's growth, alone
        sec, spread = timed(lambda ev=events, p=daily: bracket(ev, params=p), repeat=1, warmup=0)
        growth = None if previous is None else sec / previous
        rows.append(
            row(
                f"bracketing: {n_bins} daily bins, {2 * n_bins} events (auto search, "
                "inference off)",
                sec,
                spread,
                "< 30 s, growth ~4x per 4x bins (not 16x)",
                growth=growth,
            )
        )
        previous = sec
    return rows


def _exact_dp(smoke: bool) -> list[dict[str, Any]]:
    """The exact K path at the largest size the auto mode still solves exactly."""
    n_bins = 500 if smoke else 5000
    rng = np.random.default_rng(2)
    counts = rng.poisson(rng.uniform(0.5, 5, 20), size=(n_bins, 20)).astype(float)
    cum = Cumulative.of(counts)
    sec, spread = timed(lambda: dp_path(cum, 8, 6), repeat=1, warmup=0)
    return [
        row(
            f"bracketing: exact DP K path, {n_bins} bins x 20 themes, K<=8",
            sec,
            spread,
            "reference (O(K n^2))",
        )
    ]


def run(smoke: bool = False) -> list[dict[str, Any]]:
    return _big(smoke) + _daily(smoke) + _exact_dp(smoke)


if __name__ == "__main__":
    for line in run():
        print(json.dumps(line))
