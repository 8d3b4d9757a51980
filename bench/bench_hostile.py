"""Hostile archives: time and peak memory of refusing (or reading) each one.

Each case runs in a fresh process that reads the file the way an import does
(the .docx/.odt reader, the .qdpx reader) and reports the seconds it took and its
peak resident memory above the baseline it had before reading (Linux
``VmHWM - VmRSS``). Targets: a lying header costs < 0.5 s and < 50 MB; any hostile
archive < 200 MB above the baseline.

``BENCH_SOURCE=/path/to/checkout`` reads with another checkout's code (for a
before/after comparison).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.harness import row
from bench.zipbombs import build

CHILD = r"""
import json, sys, time
from pathlib import Path

def status(field):
    for line in open("/proc/self/status"):
        if line.startswith(field):
            return int(line.split()[1]) / 1024

path = Path(sys.argv[1])
from workbench.core.errors import WorkbenchError
from workbench.ingest.registry import reader_for
from workbench.interop.refi.inbound import read_qdpx
import docx, odf.opendocument  # loaded before the baseline, as in a running import
raw = path.read_bytes()
base = status("VmRSS")
try:
    open("/proc/self/clear_refs", "w").write("5")  # reset the peak to now
except OSError:
    pass
t0 = time.perf_counter()
try:
    if path.suffix == ".qdpx":
        read_qdpx(path, label=str(path))
    else:
        reader_for(path)(raw, path)
    outcome = "read"
except WorkbenchError as exc:
    outcome = "refused: " + exc.message[:70]
except MemoryError:
    outcome = "MemoryError"
seconds = time.perf_counter() - t0
print(json.dumps({"seconds": seconds, "peak_mb": status("VmHWM") - base, "outcome": outcome}))
"""

CASES = [
    ("docx", "lie", "lying header: document.xml claims 2,000 B"),
    ("docx", "bomb", "honest bomb: document.xml"),
    ("docx", "media", "a large picture member"),
    ("odt", "lie", "lying header: content.xml claims 2,000 B"),
    ("odt", "bomb", "honest bomb: content.xml"),
    ("odt", "media", "a large picture member"),
    ("qdpx", "lie", "lying header: project.qde claims 2,000 B"),
    ("qdpx", "bomb", "honest bomb: project.qde"),
    ("qdpx", "media", "a large video member"),
    ("docx", "members", "many members"),
]


def _measure(path: Path) -> dict[str, Any]:
    env = dict(os.environ)
    source = os.environ.get("BENCH_SOURCE")
    if source:
        env["PYTHONPATH"] = source + os.pathsep + env.get("PYTHONPATH", "")
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)],
        capture_output=True,
        text=True,
        env=env,
        cwd=path.parent,  # not the checkout: ``python -c`` puts the working folder first
        timeout=900,
        check=False,
    )
    if proc.returncode != 0:
        tail = (proc.stderr.strip().splitlines() or ["?"])[-1]
        return {"seconds": float("nan"), "peak_mb": float("nan"), "outcome": f"died: {tail}"}
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def run(smoke: bool = False) -> list[dict[str, Any]]:
    size = 20 * 1024 * 1024 if smoke else 300 * 1024 * 1024
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for kind, attack, label in CASES:
            path = Path(tmp) / f"{attack}.{kind}"
            path.write_bytes(build(kind, attack, 200 if attack == "members" else size))
            got = _measure(path)
            what = "200 members" if attack == "members" else f"{size // (1024 * 1024)} MB"
            target = "< 0.5 s, < 50 MB" if attack == "lie" else "< 200 MB above baseline"
            rows.append(
                row(
                    f"hostile {kind}: {label} ({what})",
                    got["seconds"],
                    0.0,
                    target,
                    peak_mb=round(got["peak_mb"], 1),
                    file_kb=path.stat().st_size // 1024,
                    outcome=got["outcome"],
                )
            )
    return rows
