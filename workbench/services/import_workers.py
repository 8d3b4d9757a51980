"""Reading and analysing files for an import, in worker processes when there are many.

Reading, normalising and spaCy's analysis need no database, so a large import runs
them in forked worker processes a chunk or two ahead while the importing process
stores what is ready. The workers end with the importing process, however it ends.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from workbench.core.dates import parse_date
from workbench.core.errors import WorkbenchError

if TYPE_CHECKING:
    from collections.abc import Iterator

    from workbench.services.imports import ImportItem, ImportOutcome, _Prepared

BATCH = 16
"""Files read and analysed together (spaCy batches a chunk's texts in one ``pipe``)."""


@dataclass(frozen=True, slots=True)
class _Options:
    max_bytes: int
    day_first: bool
    model: str | None


@dataclass(frozen=True, slots=True)
class _Analysed:
    """What the store needs of spaCy's work: picklable, without the Doc."""

    sentences: tuple[tuple[int, int], ...]
    mentions: tuple[Any, ...]


def _read_and_analyse(
    chunk: list[ImportItem], opts: _Options
) -> list[tuple[_Prepared, _Analysed] | ImportOutcome]:
    """Read and analyse a chunk of files: spaCy batches the chunk's texts in one ``pipe``."""
    from workbench.nlp import analyse
    from workbench.services.imports import ImportOutcome, _prepare, _reason

    out: list[tuple[_Prepared, _Analysed] | ImportOutcome] = []
    ready: list[_Prepared] = []
    for item in chunk:
        try:
            ready.append(_prepare(item, opts.max_bytes))
        except WorkbenchError as exc:
            out.append(ImportOutcome(str(item.path), "failed", _reason(exc)))
    texts = [
        (p.extracted.text, parse_date(p.meta.date).start if p.meta.date else None) for p in ready
    ]
    breaks = [tuple(t.start for t in p.extracted.turns) for p in ready]
    analyses = analyse(texts, day_first=opts.day_first, model=opts.model, breaks=breaks)
    for prepared, analysis in zip(ready, analyses, strict=True):
        out.append((prepared, _Analysed(analysis.sentences, analysis.mentions)))
    # Failures first is fine: outcomes are reported per file, not in input order.
    return out


def _chunks(items: list[ImportItem]) -> list[list[ImportItem]]:
    return [items[i : i + BATCH] for i in range(0, len(items), BATCH)]


PARALLEL_FROM = 64
"""Imports of at least this many files read and analyse in worker processes."""


def _analysed_entries(
    items: list[ImportItem], opts: _Options
) -> Iterator[tuple[_Prepared, _Analysed] | ImportOutcome]:
    """Read and analyse chunk by chunk, in order; large imports in worker processes.

    Reading and spaCy run in workers a chunk or two ahead while this process stores
    what is ready, so storing overlaps analysis on another core. Small imports stay
    in process: starting a worker and loading the pipeline there costs a second.
    """
    import multiprocessing

    chunks = _chunks(items)
    workers = min(max(1, os.cpu_count() or 1), 4)
    forkable = "fork" in multiprocessing.get_all_start_methods()
    if len(items) < PARALLEL_FROM or len(chunks) < 2 or not forkable:
        for chunk in chunks:
            yield from _read_and_analyse(chunk, opts)
        return
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # fork, not spawn: spawn re-runs the caller's main script in each worker, which
    # breaks any script without a __main__ guard; the workers only read and analyse
    context = multiprocessing.get_context("fork")
    done = 0
    try:
        with ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=_die_with_parent,
            initargs=(os.getpid(),),
        ) as pool:
            pending: deque[Any] = deque()
            todo = iter(chunks)
            for chunk in todo:
                pending.append(pool.submit(_read_and_analyse, chunk, opts))
                if len(pending) >= workers + 1:
                    break
            while pending:
                entries = pending.popleft().result()
                nxt = next(todo, None)
                if nxt is not None:
                    pending.append(pool.submit(_read_and_analyse, nxt, opts))
                done += 1
                yield from entries
    except BrokenProcessPool:
        # a worker died (out of memory, killed): carry on in this process
        for chunk in chunks[done:]:
            yield from _read_and_analyse(chunk, opts)


def _die_with_parent(parent: int) -> None:
    """Make an import worker end when the importing process does, however it ends.

    A worker left behind by a killed import holds the database open and keeps
    analysing for minutes. On Linux the kernel kills the worker when its parent dies
    (``PR_SET_PDEATHSIG``); a parent already gone by now is checked for after.
    """
    import ctypes
    import ctypes.util
    import signal

    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:
        os._exit(1)
