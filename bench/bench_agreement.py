"""Nominal alpha, 10 coders x 200,000 units: under 2 s and no slower than ``krippendorff``."""

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
                "< 2 s and <= krippendorff pkg",
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
    return rows
