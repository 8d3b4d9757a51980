"""Result records of the bracketing engine.

Every output is a frozen dataclass whose name ends in ``Result`` so that a notebook user,
the report layer and the TUI all see the same immutable facts. They hold plain Python
values (tuples, floats, ``datetime.date``), never numpy arrays, so that ``to_dict()`` is a
faithful, JSON-safe copy: dates become ISO strings and non-finite floats become ``None``
(strict JSON has no NaN or infinity, and an infinite log-ratio is better said as "none").
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import math
from collections.abc import Mapping
from typing import Any

import numpy as np

__all__ = [
    "BracketingResult",
    "CaseResult",
    "ContinuityResult",
    "CriterionResult",
    "DiagnosticResult",
    "ExemplarResult",
    "FrontierResult",
    "FrontierTestResult",
    "IndicatorSeriesResult",
    "KPathEntryResult",
    "ManifestResult",
    "PhaseMapResult",
    "PhaseMapSegmentResult",
    "PhaseResult",
    "ProfilePointResult",
    "ProposalResult",
    "SegmentationResult",
    "ThemeChangeResult",
    "ThemeShareResult",
    "TimelineResult",
    "UndatedSummaryResult",
    "to_jsonable",
]


def to_jsonable(value: Any) -> Any:
    """Convert a result tree to JSON-safe builtins (dates as ISO strings, NaN/inf as None)."""
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, enum.Enum):
        return to_jsonable(value.value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        number = float(value)
        return number if math.isfinite(number) else None
    if isinstance(value, dt.date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(key): to_jsonable(item) for key, item in value.items()}
    if isinstance(value, np.ndarray):
        return [to_jsonable(item) for item in value.tolist()]
    if isinstance(value, list | tuple | set | frozenset):
        return [to_jsonable(item) for item in value]
    raise TypeError(f"cannot serialise {type(value).__name__}")


class _Serialisable:
    """Mixin giving every result a ``to_dict`` that is safe for ``json.dumps``."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        converted = to_jsonable(self)
        assert isinstance(converted, dict)
        return converted


# --------------------------------------------------------------------------- timeline


@dataclasses.dataclass(frozen=True, slots=True)
class UndatedSummaryResult(_Serialisable):
    """Events that could not be placed in time: counted and named, never dropped silently."""

    count: int
    event_ids: tuple[int | str, ...]
    by_theme: tuple[tuple[str, int], ...]
    reasons: tuple[tuple[str, int], ...]


@dataclasses.dataclass(frozen=True, slots=True)
class TimelineResult(_Serialisable):
    """Composition per bin beside volume per bin, so that a reader never confuses the two."""

    bin_unit: str
    count_unit: str
    spreading: str
    themes: tuple[str, ...]
    bin_starts: tuple[dt.date, ...]
    bin_ends: tuple[dt.date, ...]
    volume: tuple[float, ...]
    counts: tuple[tuple[float, ...], ...]
    n_events: int
    n_sources: int
    n_cases: int
    total_weight: float


@dataclasses.dataclass(frozen=True, slots=True)
class IndicatorSeriesResult(_Serialisable):
    """An external indicator on the same bins (overlap-weighted mean of the observations)."""

    name: str
    unit: str
    values: tuple[float | None, ...]
    n_observations: int


# --------------------------------------------------------------------------- phases


@dataclasses.dataclass(frozen=True, slots=True)
class ThemeShareResult(_Serialisable):
    theme: str
    weight: float
    share: float
    whole_share: float
    lift: float | None


@dataclasses.dataclass(frozen=True, slots=True)
class ExemplarResult(_Serialisable):
    event_id: int | str
    theme: str
    source: str
    case: str | None
    start: dt.date
    end: dt.date
    precision: str
    date_source: str
    text: str
    typicality: float


@dataclasses.dataclass(frozen=True, slots=True)
class PhaseResult(_Serialisable):
    """A phase described the way a process researcher writes it up."""

    label: str
    start: dt.date
    end: dt.date
    first_bin: int
    last_bin: int
    first_event: dt.date | None
    last_event: dt.date | None
    n_events: int
    weight: float
    n_sources: int
    n_cases: int
    dominant_themes: tuple[ThemeShareResult, ...]
    exemplars: tuple[ExemplarResult, ...]


@dataclasses.dataclass(frozen=True, slots=True)
class ProfilePointResult(_Serialisable):
    date: dt.date
    bin: int
    gain: float


@dataclasses.dataclass(frozen=True, slots=True)
class FrontierTestResult(_Serialisable):
    """How strongly the data mark a frontier, and how precisely they date it.

    Every uncertainty (``jsd_ci``, the likely interval ``interval_start``..``interval_end``,
    ``p_value``, support) comes from the same resamples of whole sources; without them
    (inference off) they are ``None`` and ``interval_method`` says "not computed". For a
    researcher's frontier, ``verdict`` answers "is the change here?": ``supported`` (the
    phases differ and the stated date lies in the likely interval), ``displaced`` (they
    differ, but the data place the change elsewhere) or ``not supported`` (no difference
    shown between the two phases).

    ``gain`` is the drop in segmentation cost from splitting the two adjacent phases here;
    it equals ``2 * weight * weighted_jsd_nats`` under the multinomial cost.
    ``quasi_gain`` divides by the source-level dispersion. ``p_value`` is given only for
    frontiers fixed before looking (researcher phases); for data-chosen frontiers a p-value
    would ignore the search, so only bootstrap support is reported.
    """

    gain: float
    quasi_gain: float
    df: int
    p_value: float | None
    weighted_jsd_nats: float
    jsd_bits: float
    jsd_ci: tuple[float, float] | None
    best_date: dt.date
    best_bin: int
    interval_start: dt.date
    interval_end: dt.date
    interval_contiguous: bool
    profile_threshold: float
    profile: tuple[ProfilePointResult, ...]
    profile_stride: int
    support_same_k: float | None
    support_default_k: float | None
    interval_method: str = "not computed"
    precision_days: float = 0.0
    p_method: str = "not computed"
    stated_bin: int | None = None
    stated_inside: bool | None = None
    verdict: str | None = None
    verdict_note: str = ""
    support_note: str = ""


@dataclasses.dataclass(frozen=True, slots=True)
class ThemeChangeResult(_Serialisable):
    """One theme across one frontier; see ``continuity`` for the classification rules."""

    theme: str
    weight_before: float
    weight_after: float
    share_before: float
    share_after: float
    log_ratio: float | None
    se: float | None
    df: float | None
    ci_low: float | None
    ci_high: float | None
    eq_ci_low: float | None
    eq_ci_high: float | None
    p_value: float | None
    p_holm: float | None
    p_equivalence: float | None
    p_equivalence_holm: float | None
    classification: str
    df_equivalence: float | None = None
    """The equivalence test's df: ``df`` plus what the themes' shared design effects add
    (moderation); the change test and the 95% interval stay on ``df``."""


@dataclasses.dataclass(frozen=True, slots=True)
class ContinuityResult(_Serialisable):
    themes: tuple[ThemeChangeResult, ...]
    bridging_themes: tuple[str, ...]
    n_carrier_sources: int
    carrier_sources: tuple[str, ...]
    n_carrier_cases: int
    carrier_cases: tuple[str, ...]


@dataclasses.dataclass(frozen=True, slots=True)
class FrontierResult(_Serialisable):
    index: int
    before: str
    after: str
    date: dt.date
    bin: int
    stated_date: dt.date | None
    test: FrontierTestResult
    continuity: ContinuityResult


@dataclasses.dataclass(frozen=True, slots=True)
class SegmentationResult(_Serialisable):
    """Phases, frontiers and cross-phase continuities of one bracketing (proposed or given)."""

    origin: str
    phases: tuple[PhaseResult, ...]
    frontiers: tuple[FrontierResult, ...]
    persisting_themes: tuple[str, ...]
    weight_outside: float


# --------------------------------------------------------------------------- K choice


@dataclasses.dataclass(frozen=True, slots=True)
class KPathEntryResult(_Serialisable):
    k: int
    cost: float
    n_params: int
    bic: float
    qbic: float
    boundaries: tuple[dt.date, ...]
    boundary_bins: tuple[int, ...]
    support: tuple[float, ...] | None


@dataclasses.dataclass(frozen=True, slots=True)
class CriterionResult(_Serialisable):
    name: str
    k: int
    note: str


@dataclasses.dataclass(frozen=True, slots=True)
class ProposalResult(_Serialisable):
    """The automatic bracketing: the whole K path, the criteria, and the proposed phases."""

    cost: str
    search: str
    coarsening_factor: int
    min_phase_bins: int
    k_max: int
    dispersion: float
    dispersion_x2: float
    dispersion_df: int
    n_themes_used: int
    total_weight: float
    path: tuple[KPathEntryResult, ...]
    criteria: tuple[CriterionResult, ...]
    default_k: int
    default_rule: str
    pelt_k: int | None
    bootstrap_replicates: int
    segmentation: SegmentationResult


# --------------------------------------------------------------------------- other views


@dataclasses.dataclass(frozen=True, slots=True)
class CaseResult(_Serialisable):
    """One case bracketed on its own, and how far its frontiers sit from the pooled ones.

    ``distance_days`` is each own frontier's distance to the *nearest* pooled frontier
    (negative: before it), which says nothing about which pooled frontier it belongs to
    (a case 18 months late can sit "before" the next one). Lead and lag per pooled
    frontier, with intervals, are ``case_timing`` (``bracketing.case_shift``): read those.
    """

    case: str
    n_events: int
    weight: float
    k: int
    frontiers: tuple[dt.date, ...]
    distance_days: tuple[int, ...]
    mean_abs_distance_days: float | None
    skipped: str | None


@dataclasses.dataclass(frozen=True, slots=True)
class PhaseMapSegmentResult(_Serialisable):
    label: str
    kind: str
    start: dt.date
    end: dt.date
    first_bin: int
    last_bin: int
    marker_weight: float


@dataclasses.dataclass(frozen=True, slots=True)
class PhaseMapResult(_Serialisable):
    """Rule-based (Holmes & Poole) flexible phase map over the bins."""

    bin_labels: tuple[str, ...]
    segments: tuple[PhaseMapSegmentResult, ...]
    sequence: tuple[str, ...]
    markers: tuple[tuple[str, str], ...]
    min_run: int
    max_interruption: int
    dominance: float
    bridge_empty: bool


@dataclasses.dataclass(frozen=True, slots=True)
class ManifestResult(_Serialisable):
    """What is needed to reproduce (or to notice one cannot reproduce) a bracketing."""

    engine_version: str
    python_version: str
    numpy_version: str
    seed: int
    parameters: Mapping[str, Any]
    events_sha256: str
    inputs_sha256: str
    n_events: int
    n_undated: int
    n_indicators: int
    n_researcher_phases: int


@dataclasses.dataclass(frozen=True, slots=True)
class DiagnosticResult(_Serialisable):
    """Something about the data that limits what a figure means, said in one line.

    ``kind`` is one of: coder-change, coder-explained, double-coding, coarse-dates,
    nothing-to-bracket, small-sample, few-sources, dominant-source, weak-frontier, inference-off,
    unplaced-change.
    ``origin`` is
    "proposed", "researcher" or "" (about the whole corpus).
    """

    kind: str
    message: str
    origin: str = ""
    frontier: int | None = None
    phase: str | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class BracketingResult(_Serialisable):
    manifest: ManifestResult
    timeline: TimelineResult
    undated: UndatedSummaryResult
    indicators: tuple[IndicatorSeriesResult, ...]
    proposal: ProposalResult
    researcher: SegmentationResult | None
    rule_map: PhaseMapResult | None
    cases: tuple[CaseResult, ...]
    warnings: tuple[str, ...]
    diagnostics: tuple[DiagnosticResult, ...] = ()
