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


def test_bench_crosscheck_smoke_scores_the_independent_generator(tmp_path):
    """The cross-check benchmark runs at smoke size and reports every figure of its table."""
    from bench.bench_crosscheck import COLUMNS
    from bench.crosscheck_gen import generate

    null = generate("hard", 0, null=True)
    planted = generate("hard", 0)
    assert null.k == 1
    assert planted.k >= 2
    assert all(f.roles for f in planted.frontiers)
    out = tmp_path / "rows.json"
    proc = subprocess.run(
        [sys.executable, "-m", "bench", "crosscheck", "--smoke", "--json", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    import json

    (row,) = json.loads(out.read_text())
    assert row["name"] == "crosscheck hard"
    assert all(key in row for key, _ in COLUMNS)
