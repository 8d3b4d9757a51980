"""Team mode: apply-code round trip over loopback with 8 coders working, p95 under 20 ms.

Each coder is its own process with its own login (row-level security and the
guard triggers are on, as in real use) and applies codings through the service
call the coding UI makes (``apply_code``: insert, audit, resolved segment back),
as fast as it can; the latency of every call is recorded. The server is
``WORKBENCH_TEST_PG`` or one on localhost; without one the benchmark is skipped.
"""

from __future__ import annotations

import multiprocessing
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from bench.harness import row

TEXT = (
    "Interviewer: When did your council first take part in the scheme?\n"
    "R1: In the first round, in 2000. We visited an award holder on an open day and copied "
    "their approach to customer access almost word for word.\n"
    "Interviewer: And later?\n"
    "R1: By 2003 we were adapting ideas to our own context with a peer council, and by "
    "spring 2005 we were inventing things nobody had tried.\n"
) * 6


def _admin_url() -> str | None:
    import psycopg

    url = os.environ.get("WORKBENCH_TEST_PG") or "postgresql://postgres@127.0.0.1/postgres"
    try:
        with psycopg.connect(url.replace("+psycopg", ""), connect_timeout=3):
            return url
    except Exception:
        return None


def _coder(
    url: str,
    root: Path,
    handle: str,
    count: int,
    documents: list[int],
    run: int,
    every: float,
    queue: Any,
) -> None:
    """Apply ``count`` codings, one every ``every`` seconds (0: back to back)."""
    import random

    from workbench.services.segments import apply_code
    from workbench.store.db import make_engine
    from workbench.store.project import CONFIG_NAME, Project, read_config

    engine = make_engine(url)
    project = Project(root, read_config(root / CONFIG_NAME), engine)
    latencies = []
    rng = random.Random(handle)
    try:
        for i in range(count):
            if every:
                time.sleep(rng.uniform(0.5, 1.5) * every)
            start = (i * 13) % (len(TEXT) - 320)
            t0 = time.perf_counter()
            apply_code(
                project,
                document_id=documents[i % len(documents)],
                code="imitation" if i % 2 else "adaptation",
                coder=handle,
                start=start,
                end=start + 20 + i % 30 + run * 31,  # each run's spans are new
            )
            latencies.append(time.perf_counter() - t0)
        queue.put((handle, latencies, None))
    except Exception as exc:
        queue.put((handle, latencies, repr(exc)))
    finally:
        engine.dispose()


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18] if len(values) >= 20 else max(values)


def run(smoke: bool) -> list[dict[str, Any]]:
    admin = _admin_url()
    if admin is None:
        print("team: no PostgreSQL server (set WORKBENCH_TEST_PG); skipped", file=sys.stderr)
        return []
    import psycopg
    from sqlalchemy.engine import make_url

    from workbench.services.codebook import load_codebook_file
    from workbench.services.coders import add_coder
    from workbench.services.documents import import_file
    from workbench.services.project import init_project
    from workbench.services.team import add_team_coder, init_team, migrate_project

    n_coders, per_coder, n_docs = (2, 10, 2) if smoke else (8, 500, 8)
    sfx = uuid.uuid4().hex[:8]
    name = f"wbbench_{sfx}"
    url = make_url(admin).set(database=name).render_as_string(hide_password=False)
    handles = [f"bench{i}_{sfx}" for i in range(n_coders)]
    codebook = Path(__file__).resolve().parent.parent / "codebooks" / "learning-innovation.yaml"
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        project = init_project("team-bench", base=base, coder=handles[0])
        load_codebook_file(project.uow(), path=codebook, actor=handles[0])
        for h in handles[1:]:
            add_coder(project.uow(), handle=h)
        titles = []
        for d in range(n_docs):
            f = base / f"interview-{d:02d}.txt"
            f.write_text(TEXT.replace("R1", f"R{d + 1}"), encoding="utf-8")
            titles.append(f"Interview {d:02d}")
            import_file(project, path=f, title=titles[-1], kind="interview", date="2006")
        root = project.root
        project.close()
        try:
            init_team(url)
            migrate_project(root, url)
            for h in handles:
                add_team_coder(url, h)
            # one coder alone; 8 coders at a brisk human pace (an action every 0.25 s
            # each, far above a real coding day); 8 coders back to back (saturation)
            plans = [(1, 0.0), (n_coders, 0.25), (n_coders, 0.0)]
            for run, (workers, every) in enumerate(plans, start=1):
                ctx = multiprocessing.get_context("spawn")
                queue = ctx.Queue()
                procs = [
                    ctx.Process(
                        target=_coder,
                        args=(
                            make_url(url).set(username=h).render_as_string(hide_password=False),
                            root,
                            h,
                            per_coder,
                            list(range(1, n_docs + 1)),
                            run,
                            every,
                            queue,
                        ),
                    )
                    for h in handles[:workers]
                ]
                t0 = time.perf_counter()
                for p in procs:
                    p.start()
                results = [queue.get(timeout=900) for _ in procs]
                for p in procs:
                    p.join(timeout=60)
                wall = time.perf_counter() - t0
                errors = [e for _, _, e in results if e]
                if errors:
                    raise RuntimeError(f"team bench: {errors[0]}")
                latencies = [x for _, lat, _ in results for x in lat[5:]]  # skip warm-up
                rows.append(
                    row(
                        f"team apply-code p95, {workers} coder(s) x {per_coder}, "
                        + (f"one every {every} s each" if every else "back to back"),
                        _p95(latencies),
                        max(latencies) - min(latencies),
                        "p95 < 0.020 s with 8 coders",
                        median=round(statistics.median(latencies), 4),
                        codings_per_s=round(workers * per_coder / wall),
                    )
                )
        finally:
            dsn = admin.replace("+psycopg", "")
            with psycopg.connect(dsn, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                for role in [*handles, f"{name}_leads", f"{name}_coders"]:
                    conn.execute(f'DROP ROLE IF EXISTS "{role}"')
    return rows
