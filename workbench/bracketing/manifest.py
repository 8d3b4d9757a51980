"""Reproducibility manifest: engine version, parameters, seed and input fingerprints.

The events hash is order-free and covers content only: vocabularies are sorted, every
event becomes a row of integer/float columns indexed into them, rows are sorted
lexicographically and the sorted columns are hashed in a fixed little-endian layout
after a JSON header of the vocabularies. Event ids are not hashed: they are database
row ids, which differ between a project and its copy (an exchange round trip, a team
server). Re-reading the same events in another order, or from another database, gives
the same hash; changing any field of any event changes it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import platform
from typing import TYPE_CHECKING

import numpy as np

from workbench.bracketing.events import DATE_SOURCES, EventTable, Indicator, PhaseSpec, UndatedEvent
from workbench.bracketing.result import ManifestResult, to_jsonable

if TYPE_CHECKING:
    from collections.abc import Sequence

    from workbench.bracketing.params import BracketParams

__all__ = ["ENGINE_VERSION", "events_sha256", "inputs_sha256", "make_manifest"]

ENGINE_VERSION = "1.0.0"


def events_sha256(table: EventTable) -> str:
    text_vocab = sorted(set(table.texts) - {None})  # type: ignore[arg-type]
    text_index: dict[str | None, int] = {t: n for n, t in enumerate(text_vocab)}
    text_index[None] = -1
    text_key = np.fromiter(map(text_index.__getitem__, table.texts), np.int64, table.n)
    header = {
        "layout": 2,
        "themes": list(table.themes),
        "sources": list(table.sources),
        "cases": list(table.cases),
        "precisions": list(table.precisions),
        "date_sources": list(DATE_SOURCES),
        "texts": text_vocab,
    }
    columns = [
        table.theme,
        table.source,
        table.case,
        table.start,
        table.end,
        table.precision,
        table.date_source,
        text_key,
    ]
    weight_bits = np.ascontiguousarray(table.weight, dtype="<f8").view("<i8")
    columns.append(weight_bits)
    order = np.lexsort(tuple(reversed(columns)))
    digest = hashlib.sha256(json.dumps(header, ensure_ascii=False, sort_keys=True).encode())
    for column in columns:
        digest.update(np.ascontiguousarray(column[order], dtype="<i8").tobytes())
    return digest.hexdigest()


def inputs_sha256(
    undated: Sequence[UndatedEvent], phases: Sequence[PhaseSpec], indicators: Sequence[Indicator]
) -> str:
    """Hash of the non-event inputs (order-free for undated events and indicators)."""
    payload = {
        "undated": sorted(
            json.dumps(to_jsonable(dataclasses.asdict(u)), sort_keys=True) for u in undated
        ),
        "phases": [to_jsonable(dataclasses.asdict(p)) for p in phases],
        "indicators": sorted(
            json.dumps(to_jsonable(dataclasses.asdict(i)), sort_keys=True) for i in indicators
        ),
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def make_manifest(
    table: EventTable,
    params: BracketParams,
    undated: Sequence[UndatedEvent],
    phases: Sequence[PhaseSpec],
    indicators: Sequence[Indicator],
) -> ManifestResult:
    parameters = {f.name: getattr(params, f.name) for f in dataclasses.fields(params)}
    return ManifestResult(
        engine_version=ENGINE_VERSION,
        python_version=platform.python_version(),
        numpy_version=np.__version__,
        seed=params.seed,
        parameters=parameters,
        events_sha256=events_sha256(table),
        inputs_sha256=inputs_sha256(undated, phases, indicators),
        n_events=table.n,
        n_undated=len(undated),
        n_indicators=len(indicators),
        n_researcher_phases=len(phases),
    )
