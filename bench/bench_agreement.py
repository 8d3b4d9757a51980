"""Agreement benchmarks.

* Nominal alpha, 10 coders x 200,000 units: target < 0.3 x the ``krippendorff`` package's time.
* Date agreement over 1,000,000 matched units (two coders, 20 codes, 1,000 documents, dates
  at day to year precision), per code and pooled with every interval: target < 1 s.
* Coverage of alpha's two bootstrap intervals on studies drawn from a known population
  (not a timing: how often each 95% interval holds the population's alpha).
"""

from __future__ import annotations

from typing import Any

from bench.harness import row, timed


def run(smoke: bool = False) -> list[dict[str, Any]]:
    import krippendorff
    import numpy as np

    from workbench.agreement import align_units, krippendorff_alpha, synthetic_ratings

    n_units = 2_000 if smoke else 200_000
    repeat = 1 if smoke else 5
    rows = []
    for n_values in (2, 5, 50):
        data = synthetic_ratings(n_units, 10, n_values, seed=n_values)
        ours = krippendorff_alpha(data, "nominal").value
        t, spread = timed(lambda d=data: krippendorff_alpha(d, "nominal"), repeat=repeat)
        extra: dict[str, Any] = {"alpha": f"{ours:.12f}"}
        if n_values < 50 or smoke:  # the package builds units x values x values: 47 s at 50
            ref = krippendorff.alpha(reliability_data=data.T, level_of_measurement="nominal")
            rt, _ = timed(
                lambda d=data: krippendorff.alpha(
                    reliability_data=d.T, level_of_measurement="nominal"
                ),
                repeat=repeat,
            )
            extra |= {
                "krippendorff_pkg_s": f"{rt:.4f}",
                "ratio": f"{t / rt:.2f}",
                "abs_diff": f"{abs(ours - ref):.1e}",
            }
        rows.append(
            row(
                f"nominal alpha 10 x {n_units} ({n_values} values)",
                t,
                spread,
                "< 0.3 x krippendorff pkg",
                **extra,
            )
        )
    rng = np.random.default_rng(0)
    length = 200_000
    cuts = np.sort(rng.choice(np.arange(1, length), 999, replace=False))
    bounds = np.concatenate(([0], cuts, [length]))
    units = np.column_stack((bounds[:-1], bounds[1:]))
    coders = []
    for _ in range(5):
        starts = rng.integers(0, length - 500, 1000)
        coders.append(np.column_stack((starts, starts + rng.integers(1, 500, 1000))))
    t, spread = timed(lambda: align_units(length, units, coders, min_share=0.5), repeat=repeat)
    rows.append(row("align 1,000 units x 5 coders x 1,000 spans", t, spread, "< 0.05 s"))
    rows.append(_dates(smoke, repeat))
    rows.append(_coverage(smoke))
    return rows


def _dates(smoke: bool, repeat: int) -> dict[str, Any]:
    import numpy as np

    from workbench.agreement.dates import date_agreement

    rng = np.random.default_rng(0)
    n = 2_000 if smoke else 1_000_000
    truth = rng.integers(730_000, 734_000, n).astype(float)  # day numbers, about 1999-2010
    second = truth + rng.normal(0.0, 60.0, n).round()
    start = np.column_stack((truth, second))
    end = start + rng.choice([0, 30, 91, 364], size=(n, 2))  # day, month, quarter, year
    codes = rng.integers(0, 20, n)
    documents = rng.integers(0, 1_000, n)
    import time

    result = date_agreement(start, end, subjects=codes, clusters=documents)
    t, spread = timed(
        lambda: date_agreement(start, end, subjects=codes, clusters=documents), repeat=repeat
    )
    # CPU time beside wall time: on a shared machine the wall clock waits for other jobs.
    cpu = []
    for _ in range(repeat):
        c0 = time.process_time()
        date_agreement(start, end, subjects=codes, clusters=documents)
        cpu.append(time.process_time() - c0)
    pooled = result.pooled
    return row(
        f"date agreement, {n:,} matched units, 20 codes + pooled",
        t,
        spread,
        "< 1 s",
        cpu_s=f"{sorted(cpu)[len(cpu) // 2]:.3f}",
        alpha_range=f"{pooled.alpha_range.value:.4f}",
        overlap=f"{pooled.overlap.value:.3f}",
        median_days=pooled.difference.median_days,
    )


def _coverage(smoke: bool) -> dict[str, Any]:
    """How often each 95% interval holds the population's alpha (30 units x 4 coders)."""
    import time

    from workbench.agreement import bootstrap_alpha, krippendorff_alpha, synthetic_ratings

    studies = 20 if smoke else 400
    population = synthetic_ratings(300_000, 4, 3, missing_share=0.0, accuracy=0.7, seed=98)
    truth = krippendorff_alpha(population).value
    covered = {"units": 0, "krippendorff": 0}
    t0 = time.perf_counter()
    for study in range(studies):
        sample = synthetic_ratings(30, 4, 3, missing_share=0.0, accuracy=0.7, seed=1000 + study)
        for method in covered:
            boot = bootstrap_alpha(sample, n_replicates=500, rng=study, method=method)
            assert boot.lower is not None
            assert boot.upper is not None
            covered[method] += boot.lower <= truth <= boot.upper
    seconds = time.perf_counter() - t0
    return row(
        f"alpha 95% interval coverage, {studies} studies of 30 units x 4 coders",
        seconds,
        0.0,
        "near 0.95",
        units=f"{covered['units'] / studies:.3f}",
        kalpha=f"{covered['krippendorff'] / studies:.3f}",
        population_alpha=f"{truth:.3f}",
    )
