"""Agreement benchmarks.

* Nominal alpha, 10 coders x 200,000 units: target < 0.3 x the ``krippendorff`` package's time.
* Date agreement over 1,000,000 matched units (two coders, 20 codes, 1,000 documents, dates
  at day to year precision), per code and pooled with every interval: target < 1 s.
* Coverage of alpha's two bootstrap intervals on studies drawn from a known population
  (not a timing: how often each 95% interval holds the population's alpha).
* Coverage of the document bootstrap of |u-alpha, u-alpha (1995/2004) and mv-alpha on
  studies of 20 documents drawn from a population of 3,000.
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
    rows.append(_continuum_coverage(smoke))
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


def continuum_coverage(
    studies: int, documents: int = 20, replicates: int = 500, population: int = 3000
) -> dict[str, Any]:
    """How often each document-bootstrap 95% interval holds the population's value."""
    import numpy as np

    from workbench.agreement.document_bootstrap import continuum_intervals, multi_valued_interval
    from workbench.agreement.multivalued import multi_valued_alpha
    from workbench.agreement.synthetic import synthetic_continuum, synthetic_sets
    from workbench.agreement.unitized import binary_unitized_alpha
    from workbench.agreement.unitized_classic import classic_unitized_alpha_documents

    def laid_end_to_end(docs: list[Any]) -> tuple[int, dict[str, list[Any]]]:
        offset = 0
        continuum: dict[str, list[Any]] = {c: [] for c in docs[0][1]}
        for length, segments in docs:
            for coder, spans in segments.items():
                continuum[coder].extend((a + offset, b + offset, x) for a, b, x in spans)
            offset += length
        return offset, continuum

    everything = synthetic_continuum(population, seed=1)
    truth_binary = binary_unitized_alpha(*laid_end_to_end(everything), codes=["x"]).value
    truth_classic = classic_unitized_alpha_documents(everything, ["x"])[0].value
    sets, _ = synthetic_sets(population, seed=2)
    truth_mv = multi_valued_alpha(sets).value
    assert truth_binary is not None
    assert truth_classic is not None
    assert truth_mv is not None
    covered = {"binary": 0, "classic": 0, "mv": 0}
    widths: dict[str, list[float]] = {k: [] for k in covered}
    for study in range(studies):
        docs = synthetic_continuum(documents, seed=10_000 + study)
        found = continuum_intervals(docs, ["x"], n_replicates=replicates, rng=study)
        sample, groups = synthetic_sets(documents, seed=20_000 + study)
        mv, _ = multi_valued_interval(sample, groups, n_replicates=replicates, rng=study)
        for key, interval, truth in (
            ("binary", found.binary["x"][0], truth_binary),
            ("classic", found.classic["x"][0], truth_classic),
            ("mv", mv, truth_mv),
        ):
            if interval is not None:
                covered[key] += interval.lower <= truth <= interval.upper
                widths[key].append(interval.upper - interval.lower)
    return {
        "studies": studies,
        "truth": {"binary": truth_binary, "classic": truth_classic, "mv": truth_mv},
        "coverage": {k: v / studies for k, v in covered.items()},
        "median_width": {k: float(np.median(v)) if v else None for k, v in widths.items()},
    }


def _continuum_coverage(smoke: bool) -> dict[str, Any]:
    import time

    studies = 20 if smoke else 400
    t0 = time.perf_counter()
    found = continuum_coverage(studies, population=300 if smoke else 3000)
    seconds = time.perf_counter() - t0
    cover = found["coverage"]
    truth = found["truth"]
    return row(
        f"continuum alphas' and mv-alpha's 95% interval coverage, {studies} studies of "
        "20 documents",
        seconds,
        0.0,
        "near 0.95",
        u_alpha_binary=f"{cover['binary']:.3f}",
        u_alpha_1995=f"{cover['classic']:.3f}",
        mv_alpha=f"{cover['mv']:.3f}",
        population=f"{truth['binary']:.3f} / {truth['classic']:.3f} / {truth['mv']:.3f}",
    )
