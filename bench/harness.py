"""Timing helpers shared by the benchmarks: several runs, median and spread."""

from __future__ import annotations

import statistics
import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable


def timed(fn: Callable[[], Any], *, repeat: int = 5, warmup: int = 1) -> tuple[float, float]:
    """Median and spread (max - min) of ``repeat`` runs, in seconds."""
    for _ in range(warmup):
        fn()
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs), max(runs) - min(runs)


def row(name: str, seconds: float, spread: float, target: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "seconds": seconds, "spread": spread, "target": target, **extra}
