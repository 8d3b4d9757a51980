"""Hostile archives: time and peak memory of refusing (or reading) each one.

Each case runs in a fresh process that reads the file the way an import does
(the .docx/.odt reader, the .qdpx reader) and reports the seconds it took and its
peak resident memory above the baseline it had before reading (Linux
``VmHWM - VmRSS``). Targets: a lying header costs < 0.5 s and < 50 MB; any hostile
archive < 200 MB above the baseline.

``BENCH_SOURCE=/path/to/checkout`` reads with another checkout's code (for a
before/after comparison).

Hostile names: code names holding C0 and C1 controls, DEL and bidirectional
overrides or isolates, in a codebook (each must be refused, the project unchanged)
and in a REFI-QDA codebook from another program (imported with every name
neutralised). Target: 0 internal errors, 0 changes on refusal, no unsafe name stored.
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


# A name's hostile part, as a YAML double-quoted escape and as an XML character reference
# (None where XML 1.0 cannot carry the character at all: the reader refuses the file).
NAMES: dict[str, tuple[str, str | None]] = {
    "NUL": ("\\0", None),
    "BEL": ("\\a", None),
    "ESC [2J": ("\\e[2J", None),
    "newline": ("\\n", "&#10;"),
    "tab": ("\\t", "&#9;"),
    "DEL": ("\\x7f", "&#x7F;"),
    "C1 CSI": ("\\x9b2J", "&#x9B;2J"),
    "C1 NEL": ("\\x85", "&#x85;"),
    "RLO": ("\\u202e", "&#x202E;"),
    "RLE": ("\\u202b", "&#x202B;"),
    "LRI/PDI": ("\\u2066x\\u2069", "&#x2066;x&#x2069;"),
    "FSI": ("\\u2068", "&#x2068;"),
}


def _digest(project: Any) -> str:
    import hashlib

    from sqlalchemy import select

    from workbench.store.models import Base

    parts = []
    with project.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            rows = conn.execute(select(table).order_by(*table.primary_key.columns)).all()
            parts.append(repr([tuple(r) for r in rows]))
    return hashlib.sha256("".join(parts).encode()).hexdigest()


def _hostile_names(tmp: Path) -> list[dict[str, Any]]:
    """Each hostile code name through ``codebook load``'s service, then a .qdc of them all."""
    import statistics
    import time

    from workbench.core.errors import WorkbenchError
    from workbench.core.names import unsafe_characters
    from workbench.services.codebook import list_codes, load_codebook_file
    from workbench.services.exchange import import_refi
    from workbench.services.project import init_project

    project = init_project("names", base=tmp, coder="alice")
    refused = internal = changed = 0
    times = []
    try:
        for i, (escape, _) in enumerate(NAMES.values()):
            path = tmp / f"codebook-{i}.yaml"
            head = "codebook:\n  id: hostile\n  name: Hostile\ncodes:\n"
            path.write_text(f'{head}  - id: a\n    name: "Ta{escape}cit"\n', encoding="utf-8")
            before = _digest(project)
            t0 = time.perf_counter()
            try:
                load_codebook_file(project.uow(), path=path, actor="alice")
            except WorkbenchError:
                refused += 1
            except Exception:  # counted: the target is none
                internal += 1
            times.append(time.perf_counter() - t0)
            changed += _digest(project) != before
        codes = "".join(
            f'<Code guid="00000000-0000-4000-8000-{i:012d}" name="Ta{ref}cit" isCodable="true"/>'
            for i, (_, ref) in enumerate(NAMES.values())
            if ref is not None
        )
        qdc = tmp / "hostile.qdc"
        qdc.write_text(
            '<?xml version="1.0" encoding="utf-8"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0" '
            f'origin="bench"><Codes>{codes}</Codes></CodeBook>',
            encoding="utf-8",
        )
        t0 = time.perf_counter()
        qdc_internal, warnings = 0, 0
        try:
            warnings = len(import_refi(project, path=qdc, actor="alice").warnings)
        except Exception:  # counted: the target is none
            qdc_internal = 1
        qdc_seconds = time.perf_counter() - t0
        names = [c.name for c in list_codes(project.uow())]
        unsafe = sum(bool(unsafe_characters(n)) for n in names)
    finally:
        project.close()
    return [
        row(
            f"hostile code names in a codebook ({len(NAMES)}: C0, C1, DEL, bidi)",
            statistics.median(times),
            max(times) - min(times),
            "all refused; 0 internal errors; 0 changes",
            refused=refused,
            internal_errors=internal,
            changed=changed,
        ),
        row(
            f"hostile code names in a .qdc ({codes.count('<Code ')} codes)",
            qdc_seconds,
            0.0,
            "imported neutralised; 0 internal errors; 0 unsafe names stored",
            codes=len(names),
            warnings=warnings,
            internal_errors=qdc_internal,
            unsafe_names=unsafe,
        ),
    ]


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
        rows.extend(_hostile_names(Path(tmp)))
    return rows
