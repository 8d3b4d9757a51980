"""The top-level ``bracket`` function: events in, one serialisable result out.

Order of work, and why:

1. events -> columns -> calendar bins (``binning``); undated events are counted aside.
2. the automatic K path (``segment``), BIC choice, source-level dispersion φ on the BIC
   segmentation, quasi-BIC choice (``selection``);
3. inference (on by default): resamples of whole sources give replicate K paths, support
   per frontier and the bootstrap K rule, which is the default K (``selection``); without
   it the quasi-BIC choice stands and every resampled figure says "not computed";
4. the proposed phases and, if given, the researcher's phases each get frontier tests,
   continuity classes and phase characterisation — the same code for both, so the
   researcher's bracketing and the data's can be compared line by line;
5. per-case view, rule-based phase map, indicators, manifest;
6. diagnostics (``diagnostics``): double coding (averaged before anything else), coarse
   dates, nothing to bracket, small samples, a source dominating a phase, a frontier at a
   change of coder, weak frontiers.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import sys
from collections import Counter
from typing import TYPE_CHECKING

import numpy as np

from workbench.bracketing.binning import (
    NOMINAL_DAYS,
    Grid,
    IntervalTable,
    Pieces,
    bin_counts,
    indicator_series,
    interval_table,
    length_in_bins,
    make_grid,
    make_pieces,
)
from workbench.bracketing.bootstrap import BootstrapRun, run_bootstrap, support
from workbench.bracketing.cases import case_view
from workbench.bracketing.characterise import characterise_phases
from workbench.bracketing.coders import coder_explained, coder_sums, explained_note
from workbench.bracketing.continuity import continuity, persisting_themes
from workbench.bracketing.cost import Cumulative
from workbench.bracketing.diagnostics import (
    SMALL_SOURCES,
    coarse_dates,
    coder_changes,
    dominant_sources,
    double_coding_weights,
    few_sources,
    nothing_to_bracket,
    small_sample,
)
from workbench.bracketing.events import DatedEvent, EventTable, Indicator, PhaseSpec, UndatedEvent
from workbench.bracketing.frontier import frontier_test
from workbench.bracketing.further_change import further_change_p, permutations_for
from workbench.bracketing.manifest import make_manifest
from workbench.bracketing.params import BracketParams
from workbench.bracketing.phasemap import PhaseMapRules, map_phases
from workbench.bracketing.placement import bagged_bounds
from workbench.bracketing.precision import FrontierPrecision
from workbench.bracketing.result import (
    BracketingResult,
    CriterionResult,
    DiagnosticResult,
    FrontierResult,
    IndicatorSeriesResult,
    KPathEntryResult,
    ProposalResult,
    SegmentationResult,
    TimelineResult,
    UndatedSummaryResult,
)
from workbench.bracketing.segment import PathSearch, pelt, search_path, search_penalised
from workbench.bracketing.selection import (
    bic_values,
    composition_dispersion,
    counted_frontiers,
    default_k,
    further_change_note,
    k_by_further_change,
    segment_penalty,
    transition_segments,
    unplaced_change,
    volume_dispersion,
)
from workbench.core.errors import InputError

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["bracket", "bracket_table"]

_PELT_CHECK_MAX_BINS = 2000


def bracket(
    events: Sequence[DatedEvent | UndatedEvent],
    *,
    phases: Sequence[PhaseSpec] | None = None,
    params: BracketParams | None = None,
    undated: Sequence[UndatedEvent] = (),
    indicators: Sequence[Indicator] = (),
    rules: PhaseMapRules | None = None,
) -> BracketingResult:
    """Bracket coded events in time (automatic proposal, researcher phases, rule map).

    ``events`` may mix dated and undated events; undated ones are listed in the result.
    """
    all_undated = list(undated)
    dated = events if set(map(type, events)) == {DatedEvent} else []
    if not dated:
        dated = []
        for event in events:
            if isinstance(event, DatedEvent):
                dated.append(event)
            elif isinstance(event, UndatedEvent):
                all_undated.append(event)
            else:
                raise InputError(f"not an event: {type(event).__name__}")
    if not dated:
        raise InputError("no dated events to bracket")
    return bracket_table(
        EventTable.from_events(dated),
        phases=phases,
        params=params,
        undated=all_undated,
        indicators=indicators,
        rules=rules,
    )


def _tolerance_bins(params: BracketParams) -> int:
    bins = params.tolerance_length * NOMINAL_DAYS[params.tolerance_unit]
    return math.floor(bins / NOMINAL_DAYS[params.bin_unit] + 0.5)


def _intervals(bounds: Sequence[int], n: int) -> list[tuple[int, int]]:
    edges = [0, *bounds, n]
    return list(itertools.pairwise(edges))


def _researcher_intervals(
    phases: Sequence[PhaseSpec], grid: Grid, warnings: list[str]
) -> list[tuple[int, int]]:
    ordered = sorted(phases, key=lambda p: p.start)
    if list(ordered) != list(phases):
        raise InputError("researcher phases must be given in chronological order")
    out = []
    for phase in phases:
        a = grid.nearest_edge(phase.start)
        b = grid.nearest_edge(phase.end + dt.timedelta(days=1))
        if grid.edge_date(a) != phase.start:
            warnings.append(
                f"phase {phase.label!r} starts {phase.start}, "
                f"rounded to bin edge {grid.edge_date(a)}"
            )
        if b <= a:
            raise InputError(f"phase {phase.label!r} is shorter than one {grid.unit} bin")
        if out and a < out[-1][1]:
            raise InputError(f"phase {phase.label!r} overlaps the previous phase at bin resolution")
        out.append((a, b))
    return out


def _segmentation(
    origin: str,
    labels: Sequence[str],
    intervals: Sequence[tuple[int, int]],
    *,
    table: EventTable,
    pieces: Pieces,
    counts: np.ndarray,
    cum: Cumulative,
    grid: Grid,
    event_bins: tuple[np.ndarray, np.ndarray],
    params: BracketParams,
    phi: float,
    min_len: int,
    precision: FrontierPrecision,
    boot: BootstrapRun | None,
    same_k: int,
    default_k_value: int,
    fixed_in_advance: bool,
    stated: Sequence[dt.date | None],
    itab: IntervalTable | None = None,
    stated_bins: Sequence[int | None] | None = None,
    diagnostics: list[DiagnosticResult],
    few_units: int | None = None,
) -> SegmentationResult:
    itab = itab if itab is not None else interval_table(pieces, intervals)
    diagnostics.extend(dominant_sources(itab, labels, table.sources, origin))
    mid_bin = (event_bins[0] + event_bins[1]) // 2
    diagnostics.extend(coder_changes(table, table.weight, mid_bin, intervals, labels, origin))
    totals = itab.totals()
    whole = counts.sum(axis=0)
    phases = characterise_phases(
        [(label, a, b) for label, (a, b) in zip(labels, intervals, strict=True)],
        itab,
        table,
        event_bins,
        grid,
        whole,
        n_dominant=params.n_dominant,
        n_exemplars=params.n_exemplars,
    )
    boot_totals = boot.interval_totals(intervals) if boot is not None else None
    frontiers = []
    bin_days = NOMINAL_DAYS[grid.unit]
    edges = [(intervals[i][1] + intervals[i + 1][0]) // 2 for i in range(len(intervals) - 1)]
    tolerances = precision.tolerances(edges, bin_days)
    same_support = default_support = None
    if boot is not None:
        same_support = support(edges, boot.boundaries(same_k), tolerances)
        default_support = support(edges, boot.boundaries(default_k_value), tolerances)
    for i in range(len(intervals) - 1):
        outer_a, outer_b = intervals[i][0], intervals[i + 1][1]
        edge = intervals[i + 1][0]
        precision_days = precision.days(edges[i])
        relocated = None if boot is None else boot.relocate(outer_a, outer_b, min_len, cum.kind)
        test = frontier_test(
            cum,
            grid,
            intervals[i],
            intervals[i + 1],
            min_len=min_len,
            phi=phi,
            fixed_in_advance=fixed_in_advance,
            profile_level=params.profile_level,
            alpha=params.alpha,
            max_profile_points=params.max_profile_points,
            boot_totals=None if boot_totals is None else boot_totals[:, i : i + 2, :],
            support_same_k=None if same_support is None else same_support[i],
            support_default_k=None if default_support is None else default_support[i],
            relocated=relocated,
            precision_days=precision_days if precision_days > bin_days else 0.0,
            bin_days=bin_days,
            stated_bin=None if stated_bins is None else stated_bins[i + 1],
            support_threshold=params.support_threshold,
            centre=edge if boot is not None and not fixed_in_advance else None,
            few_units=None if fixed_in_advance else few_units,
        )
        if test.support_note and origin == "proposed":
            diagnostics.append(
                DiagnosticResult(
                    "weak-frontier",
                    f"frontier {labels[i]} | {labels[i + 1]} at {grid.edge_date(edge)}: "
                    f"{test.support_note}; it is shown but not a supported frontier",
                    origin=origin,
                    frontier=i,
                )
            )
        cont = continuity(
            itab,
            i,
            i + 1,
            themes=table.themes,
            sources=table.sources,
            cases=table.cases,
            alpha=params.alpha,
            presence=params.presence_threshold,
            margin=params.equivalence_margin,
            max_listed=params.max_listed,
        )
        frontiers.append(
            FrontierResult(
                index=i,
                before=labels[i],
                after=labels[i + 1],
                date=grid.edge_date(edge),
                bin=edge,
                stated_date=stated[i + 1],
                test=test,
                continuity=cont,
            )
        )
    return SegmentationResult(
        origin=origin,
        phases=phases,
        frontiers=tuple(frontiers),
        persisting_themes=persisting_themes(totals, table.themes, params.presence_threshold),
        weight_outside=float(max(whole.sum() - totals.sum(), 0.0)),
    )


def _case_groups(table: EventTable) -> np.ndarray:
    """Group index per source: its case (the first seen), or a group of its own."""
    n_sources = len(table.sources)
    case_of = np.full(n_sources, -1, dtype=np.int64)
    order = np.argsort(table.source, kind="stable")[::-1]
    case_of[table.source[order]] = table.case[order]
    n_cases = len(table.cases)
    alone = case_of < 0
    case_of[alone] = n_cases + np.arange(int(alone.sum()))
    _, groups = np.unique(case_of, return_inverse=True)
    return groups.astype(np.int64)


def _undated_summary(undated: Sequence[UndatedEvent]) -> UndatedSummaryResult:
    themes = Counter(u.theme for u in undated)
    reasons = Counter(u.reason or "unspecified" for u in undated)
    return UndatedSummaryResult(
        count=len(undated),
        event_ids=tuple(u.event_id for u in undated),
        by_theme=tuple(sorted(themes.items())),
        reasons=tuple(sorted(reasons.items())),
    )


def bracket_table(
    table: EventTable,
    *,
    phases: Sequence[PhaseSpec] | None = None,
    params: BracketParams | None = None,
    undated: Sequence[UndatedEvent] = (),
    indicators: Sequence[Indicator] = (),
    rules: PhaseMapRules | None = None,
) -> BracketingResult:
    """``bracket`` on events already in columnar form (what the services layer will call)."""
    params = params if params is not None else BracketParams()
    phases = list(phases or ())
    if table.n == 0:
        raise InputError("no dated events to bracket")
    warnings: list[str] = []
    weight, diagnostics = double_coding_weights(table, params.double_coding)
    if weight is not table.weight:
        table = table.with_weight(weight)
    diagnostics.extend(small_sample(table))
    first = min([int(table.start.min()), *(p.start.toordinal() for p in phases)])
    last = max([int(table.end.max()), *(p.end.toordinal() for p in phases)])
    grid = make_grid(params.bin_unit, first, last)
    pieces = make_pieces(table, grid, params.count_unit)
    counts = bin_counts(pieces)
    event_bins = (grid.bins_of(table.start), grid.bins_of(table.end))
    kind = params.cost
    cum = Cumulative.of(counts, kind)
    n_used, total = cum.n_themes, cum.total
    volume = counts.sum(axis=1)
    min_len = length_in_bins(params.min_phase_length, params.min_phase_unit, params.bin_unit)
    diagnostics.extend(coarse_dates(table, grid))
    empty = nothing_to_bracket(volume, grid, min_len)
    diagnostics.extend(empty)
    tolerance = _tolerance_bins(params)
    bin_days = NOMINAL_DAYS[grid.unit]
    precision = FrontierPrecision(table, event_bins, tolerance, bin_days)
    k_search = max(params.k_max, len(phases))
    # "dp" forces the exact DP whatever the length; otherwise coarsen beyond dp_max_bins
    dp_max_bins = sys.maxsize if params.search == "dp" else params.dp_max_bins
    researcher_intervals = _researcher_intervals(phases, grid, warnings) if phases else []

    def dispersion_of(bounds: Sequence[int]) -> tuple[float, float, int, IntervalTable]:
        itab = interval_table(pieces, _intervals(bounds, grid.n))
        phi, x2, df = composition_dispersion(itab)
        if kind == "poisson":
            phi = max(phi, volume_dispersion(volume, bounds))
        return phi, x2, df, itab

    # ---- the K path, BIC, dispersion, quasi-BIC
    penalty = segment_penalty(n_used, total, kind)
    if params.search == "pelt":
        bic_path = search_penalised(counts, penalty, min_len, kind)
        (k_bic,) = bic_path.boundaries
        phi, x2, df, itab_bic = dispersion_of(bic_path.boundaries[k_bic])
        q_path = search_penalised(counts, phi * penalty, min_len, kind)
        (k_q,) = q_path.boundaries
        path = PathSearch(
            costs={**bic_path.costs, **q_path.costs},
            boundaries={**bic_path.boundaries, **q_path.boundaries},
            method="pelt",
            factor=1,
        )
    else:
        path = search_path(counts, k_search, min_len, kind, dp_max_bins=dp_max_bins)
        if path.factor > 1:
            warnings.append(
                f"{grid.n} bins exceed dp_max_bins={params.dp_max_bins}: coarse-to-fine search "
                f"on super-bins of {path.factor} bins"
            )
    ks = sorted(path.costs)
    costs = [path.costs[k] for k in ks]
    _, bic, _ = bic_values(ks, costs, n_used, total, 1.0, kind)
    if params.search != "pelt":
        k_bic = ks[int(np.argmin(bic))]
        phi, x2, df, itab_bic = dispersion_of(path.boundaries[k_bic])
    n_par, bic, qbic = bic_values(ks, costs, n_used, total, phi, kind)
    if params.search != "pelt":
        k_q = ks[int(np.argmin(qbic))]

    # ---- bootstrap over sources (or cases: each source in its case's group)
    case_groups = _case_groups(table) if params.resample == "case" else None
    boot = None
    supports: dict[int, tuple[float, ...] | None] = dict.fromkeys(ks)
    if params.bootstrap > 0:
        boot = run_bootstrap(
            pieces,
            replicates=params.bootstrap,
            seed=params.seed,
            k_max=k_search,
            min_len=min_len,
            kind=kind,
            dp_max_bins=min(dp_max_bins, params.secondary_max_bins),
            penalty=phi * penalty if params.search == "pelt" else None,
            groups=case_groups,
        )
        for k in ks:
            bounds = path.boundaries[k]
            found = support(bounds, boot.boundaries(k), precision.tolerances(bounds, bin_days))
            supports[k] = found if found is not None else (0.0,) * len(bounds)

    k_path = None  # the K-phase solution the proposal is drawn from (less `dropped`)
    dropped: tuple[int, ...] = ()
    criteria = [
        CriterionResult("bic", k_bic, "min D_K + p_K log N"),
        CriterionResult("qbic", k_q, f"min D_K / phi + p_K log N, phi = {phi:.3g}"),
    ]
    if boot is not None and params.search != "pelt":
        transitions = {
            k: transition_segments(cum.sums, path.boundaries[k], phi, params.alpha)
            for k in ks
            if k >= 3
        }
        by_coder = coder_sums(table, grid, params.count_unit)
        explained = {
            k: coder_explained(by_coder, path.boundaries[k], phi, params.alpha, tolerance)
            for k in ks
            if k >= 2
        }
        edges_of = {k: [0, *path.boundaries[k - 1], grid.n] for k in ks if k >= 2}
        n_permutations = permutations_for(params.bootstrap, pieces.source.size, params.alpha)
        k_boot, further = k_by_further_change(
            supports,
            lambda k: (
                further_change_p(
                    pieces,
                    edges_of[k],
                    min_len=min_len,
                    kind=kind,
                    permutations=n_permutations,
                    seed=params.seed,
                    groups=case_groups,
                ).p_value
            ),
            params.alpha,
            path.boundaries,
            tolerance,
            transitions,
            explained,
        )
        diagnostics.extend(explained_note(explained, path.boundaries, k_boot, grid))
        if (unplaced := unplaced_change(further, params.alpha, k_boot)) is not None:
            diagnostics.append(DiagnosticResult("unplaced-change", unplaced))
        dropped = tuple(explained.get(k_boot, ()))
        k_path, k_boot = k_boot, k_boot - len(dropped)
        note = further_change_note(params.alpha, n_permutations, further, k_path, dropped)
        criteria.append(CriterionResult("bootstrap", k_boot, note))
        k_default = k_boot
        rule = (
            f"further-change test and source-bootstrap support (inference on): K={k_boot}; "
            f"BIC K={k_bic} and quasi-BIC K={k_q} shown for comparison"
        )
    else:
        k_default = k_q if boot is None else default_k([c.k for c in criteria])
        rule = (
            f"quasi-BIC K={k_default} (inference off: support not computed, frontiers not "
            "checked against source resamples)"
            if boot is None
            else f"median of criteria ({', '.join(f'{c.name}={c.k}' for c in criteria)})"
        )
        if boot is None:
            diagnostics.append(
                DiagnosticResult(
                    "inference-off",
                    "inference off (bootstrap=0): K is the quasi-BIC choice; support, likely "
                    "intervals, JSD intervals, p-values and verdicts are not computed",
                )
            )
    if empty:
        k_default, k_path, dropped = 1, None, ()
    if k_path is None:
        k_path = k_default if k_default in path.boundaries else max(k for k in ks if k <= k_default)
    k_bounds = path.boundaries[k_path]
    if boot is not None:
        # placed with every frontier of the K-phase solution as neighbours, the dropped
        # (coder-explained) ones too: without them a frontier would relocate onto the habit
        replicates = boot.boundaries(k_path)
        k_bounds = bagged_bounds(
            boot,
            k_bounds,
            grid.n,
            min_len,
            kind,
            tolerance,
            support_of=lambda b: support(b, replicates, precision.tolerances(b, bin_days)),
            threshold=params.support_threshold,
        )
    auto_bounds = counted_frontiers(k_bounds, dropped)
    k_default = len(auto_bounds) + 1
    if k_q == max(ks) and k_q == k_search and k_search > 1 and params.search != "pelt":
        warnings.append(f"quasi-BIC chose the largest K searched ({k_q}); consider a larger k_max")

    pelt_k = None
    if params.search == "pelt":
        pelt_k = k_q
    elif grid.n <= _PELT_CHECK_MAX_BINS:
        pelt_k = len(pelt(cum, phi * penalty, min_len)) + 1
        if pelt_k > max(ks):
            warnings.append(
                f"the unrestricted quasi-BIC optimum (PELT) has K={pelt_k} > k_max={max(ks)}"
            )

    entries = tuple(
        KPathEntryResult(
            k=k,
            cost=c,
            n_params=p,
            bic=b,
            qbic=q,
            boundaries=tuple(grid.edge_date(x) for x in path.boundaries[k]),
            boundary_bins=tuple(path.boundaries[k]),
            support=supports[k],
        )
        for k, c, p, b, q in zip(ks, costs, n_par, bic, qbic, strict=True)
    )

    few_units = None
    if boot is not None:
        n_units = len(np.unique(case_groups if case_groups is not None else table.source))
        if n_units < SMALL_SOURCES:
            few_units = n_units
            diagnostics.append(
                few_sources(n_units, "case" if params.resample == "case" else "source")
            )
    common = {
        "few_units": few_units,
        "table": table,
        "pieces": pieces,
        "counts": counts,
        "cum": cum,
        "grid": grid,
        "event_bins": event_bins,
        "params": params,
        "phi": phi,
        "min_len": min_len,
        "precision": precision,
        "boot": boot,
        "default_k_value": k_path,
        "diagnostics": diagnostics,
    }
    auto_intervals = _intervals(auto_bounds, grid.n)
    proposed = _segmentation(
        "proposed",
        [f"P{i + 1}" for i in range(len(auto_intervals))],
        auto_intervals,
        same_k=k_path,
        fixed_in_advance=False,
        stated=[None] * len(auto_intervals),
        itab=itab_bic if auto_bounds == path.boundaries[k_bic] else None,
        **common,
    )
    proposal = ProposalResult(
        cost=kind,
        search=path.method,
        coarsening_factor=path.factor,
        min_phase_bins=min_len,
        k_max=max(ks),
        dispersion=phi,
        dispersion_x2=x2,
        dispersion_df=df,
        n_themes_used=n_used,
        total_weight=total,
        path=entries,
        criteria=tuple(criteria),
        default_k=k_default,
        default_rule=rule,
        pelt_k=pelt_k,
        bootstrap_replicates=params.bootstrap,
        segmentation=proposed,
    )

    researcher = None
    if phases:
        researcher = _segmentation(
            "researcher",
            [p.label for p in phases],
            researcher_intervals,
            same_k=len(phases),
            fixed_in_advance=True,
            stated=[p.start for p in phases],
            stated_bins=[a for a, _ in researcher_intervals],
            **common,
        )

    case_events = np.bincount(table.case[table.case >= 0], minlength=len(table.cases))
    cases = case_view(
        pieces,
        table.cases,
        case_events,
        grid,
        auto_bounds,
        k_max=k_search,
        min_len=min_len,
        kind=kind,
        phi=phi,
        dp_max_bins=min(dp_max_bins, params.secondary_max_bins),
        min_events=params.min_case_events,
        max_cases=params.max_cases,
    )
    rule_map = map_phases(counts, table.themes, rules, grid) if rules is not None else None
    indicator_results = tuple(
        IndicatorSeriesResult(name=name, unit=unit, values=tuple(values), n_observations=n)
        for name, unit, values, n in indicator_series(indicators, grid)
    )
    timeline = TimelineResult(
        bin_unit=grid.unit,
        count_unit=params.count_unit,
        spreading="even over the bins a date range touches",
        themes=table.themes,
        bin_starts=grid.starts(),
        bin_ends=grid.ends(),
        volume=tuple(volume.tolist()),
        counts=tuple(map(tuple, counts.tolist())),
        n_events=table.n,
        n_sources=len(table.sources),
        n_cases=len(table.cases),
        total_weight=float(counts.sum()),
    )
    return BracketingResult(
        manifest=make_manifest(table, params, undated, phases, indicators),
        timeline=timeline,
        undated=_undated_summary(undated),
        indicators=indicator_results,
        proposal=proposal,
        researcher=researcher,
        rule_map=rule_map,
        cases=cases,
        warnings=tuple(warnings),
        diagnostics=tuple(diagnostics),
    )
