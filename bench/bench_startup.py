"""CLI start-up: ``workbench --help`` must answer in under 0.3 s."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from bench.harness import row, timed


def run(smoke: bool = False) -> list[dict[str, Any]]:
    cmd = [sys.executable, "-m", "workbench", "--help"]

    def once() -> None:
        subprocess.run(cmd, check=True, capture_output=True)

    median, spread = timed(once, repeat=3 if smoke else 15)
    bare, _ = timed(
        lambda: subprocess.run([sys.executable, "-c", "pass"], check=True),
        repeat=3 if smoke else 15,
    )
    return [
        row(
            "cli startup: workbench --help",
            median,
            spread,
            "< 0.300 s",
            reference=f"bare python {bare:.3f} s",
        )
    ]
