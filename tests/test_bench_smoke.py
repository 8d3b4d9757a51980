"""The benchmarks run at tiny sizes in CI so that they never rot."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO


def test_bench_smoke_mode_runs_every_benchmark(tmp_path):
    out = tmp_path / "rows.json"
    proc = subprocess.run(
        [sys.executable, "-m", "bench", "--smoke", "--json", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    import json

    rows = json.loads(out.read_text())
    assert rows
    assert all(r["seconds"] >= 0 and r["target"] for r in rows)
