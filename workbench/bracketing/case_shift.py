"""Per-case timing against the pooled phases: where each case crosses each pooled frontier.

Why not bracket each case on its own? A case of a few hundred codings rarely has the
power to find its own frontiers (its K comes out 1, and "flat" then means "too small").
Here each case borrows strength from the pooled result instead: the pooled phases' theme
compositions are taken as known, and the case's codings are read as one pass through
those phases *in the pooled order*. The case's crossing of pooled frontier j is where its
material stops reading like phases 1..j and starts reading like phases j+1..K.

Model. With ``p_k`` the composition of pooled phase k (pooled counts plus half a coding
per theme, so no theme is impossible), a bin b of the case with counts ``c_bt`` scores
``L_bk = Σ_t c_bt log p_kt`` under phase k. The case's path is the non-decreasing
sequence of phases over its bins with material that maximises ``Σ_b L_{b,k(b)}`` (a
dynamic programme in O(bins × K)). It may start after phase 1, end before phase K, or
jump a phase (a case that skips one). Only the *timing* is free: no composition is
estimated per case, so a case of 60 codings can still place a frontier if its codings
lean clearly to one side or the other.

Crossing date. Between the last bin read as phase <= j and the first read as phase >= j+1
the crossing is put in the middle of any empty stretch (day resolution). The *shift* is
that date minus the pooled frontier j's date in days: positive, the case crosses *that*
frontier later; the sign is always relative to the frontier it belongs to, never to the
nearest one.

Uncertainty. The case's sources are resampled with replacement (codings within a source
are not independent) and the path is found again in each resample; the interval is the
2.5-97.5 percentile of the resampled shifts, widened by half a bin each side (a crossing
is only placed between bins). A resample in which the case never crosses within its
codings counts as "later than its codings" and the interval is then open at that end. A
case with fewer than ``min_sources`` sources resamples its codings instead, and says so.

Power, stated rather than hidden:

* **not crossed**: the case has fewer than ``min_side`` codings on one side of its path
  at this frontier (it stays in the earlier phases, starts later, or has no material
  near it);
* **too few events to tell**: the case crosses, but fewer than half the resamples agree
  that it does, or the interval is wider than 18 months (``max_width_days``) or than the
  shorter of the two pooled phases that meet at the frontier;
* otherwise **found**, and its timing is **late** or **early** when the whole interval
  lies beyond the *typical* case's crossing by more than the date precision (the larger
  of one bin, the median span of the case's dates and ``min_shift_days``), else **in
  step** (no difference shown). A case that stays in the earlier phases although it has
  material dated past the frontier is flagged **not crossed**.

The typical crossing is the median over the cases found (see ``case_compare.typical_shifts`` for why
it, and not the pooled date, is the reference for flags); shifts are always reported
from the pooled date.
"""

from __future__ import annotations

import datetime as dt
import itertools
import zlib
from typing import TYPE_CHECKING, Any

import numpy as np

from workbench.bracketing.binning import NOMINAL_DAYS
from workbench.bracketing.case_compare import (
    flag_rule,
    phase_shares,
    typical_shifts,
    with_timing,
)
from workbench.bracketing.case_results import (
    CaseFrontierShiftResult,
    CaseShiftResult,
    CaseTimingResult,
)
from workbench.core.errors import InputError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from workbench.bracketing.events import DatedEvent
    from workbench.bracketing.result import BracketingResult, CaseResult

__all__ = [
    "CaseFrontierShiftResult",
    "CaseShiftResult",
    "CaseTimingResult",
    "case_timing",
    "flag_rule",
]

_PSEUDO = 0.5
_MAX_PATH_BINS = 400


def _path(scores: np.ndarray) -> np.ndarray:
    """Best non-decreasing phase path per replicate: ``scores`` (R, n, K) -> states (R, n)."""
    r, n, k = scores.shape
    ar = np.arange(k)
    best = scores[:, 0, :].copy()
    back = np.zeros((r, n, k), dtype=np.int16)
    for i in range(1, n):
        prefix = np.maximum.accumulate(best, axis=1)
        back[:, i, :] = np.maximum.accumulate(np.where(best >= prefix, ar, -1), axis=1)
        best = prefix + scores[:, i, :]
    states = np.empty((r, n), dtype=np.int64)
    s = np.argmax(best, axis=1)
    rows = np.arange(r)
    for i in range(n - 1, -1, -1):
        states[:, i] = s
        s = back[rows, i, s]
    return states


def _crossings(
    states: np.ndarray, weights: np.ndarray, edges: np.ndarray, j: int, min_side: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Crossing day (float ordinal, NaN if not crossed) of frontier j per replicate.

    ``weights`` (R, n) is each replicate's weight per material bin; ``edges`` (n, 2) the
    first day of each material bin and the first day after it.
    """
    after = states > j
    w_after = np.where(after, weights, 0.0).sum(axis=1)
    w_before = np.where(~after, weights, 0.0).sum(axis=1)
    has = after.any(axis=1)
    first = np.argmax(after, axis=1)
    prev = np.maximum(first - 1, 0)
    day = 0.5 * (edges[prev, 1] + edges[first, 0])
    ok = has & (first > 0) & (w_after >= min_side) & (w_before >= min_side)
    return np.where(ok, day, np.nan), w_before, w_after


def case_timing(
    events: Sequence[DatedEvent],
    pooled: BracketingResult,
    *,
    cases: Sequence[str] | None = None,
    min_case_events: int = 30,
    min_side: float = 10.0,
    min_sources: int = 5,
    min_typical: int = 5,
    min_shift_days: float = 91.0,
    max_width_days: int = 548,
    replicates: int = 200,
    seed: int = 0,
    level: float = 0.95,
    reference: str = "proposed",
) -> CaseTimingResult:
    """Place every case (or the named ``cases``) on the pooled frontiers of ``pooled``.

    ``events`` are the dated events the pooled result was computed from; ``cases`` only
    chooses which cases are returned (all are placed, so a case's figures and flags are the
    same whether it is shown alone or with the others); ``replicates=0`` switches the
    resampling off. ``reference``
    "researcher" places the cases on the researcher's phases (the pooled data's mixes in
    the scheme's phases) instead of the proposed ones.
    """
    tl = pooled.timeline
    if reference == "researcher":
        if pooled.researcher is None:
            raise InputError("no researcher's phases to place the cases on")
        seg = pooled.researcher
        described = "the researcher's phases"
    else:
        seg = pooled.proposal.segmentation
        described = "the phases proposed from the pooled data"
    fronts = seg.frontiers
    labels = tuple(p.label for p in seg.phases)
    pooled_dates = tuple(f.date for f in fronts)
    rule = flag_rule(replicates, min_shift_days, min_typical)
    if not fronts:
        return CaseTimingResult(
            pooled_dates,
            labels,
            described,
            rule,
            min_case_events,
            min_side,
            min_shift_days,
            replicates,
            (),
            (),
            0,
            "the pooled data show no frontier (K = 1): there is nothing to place per case",
            (),
            (),
        )
    themes = {t: i for i, t in enumerate(tl.themes)}
    counts = np.asarray(tl.counts, dtype=float)
    n_bins = counts.shape[0]
    bounds = [0, *(f.bin for f in fronts), n_bins]
    comp = np.stack([counts[a:b].sum(axis=0) for a, b in itertools.pairwise(bounds)])
    comp += _PSEUDO
    logp = np.log(comp / comp.sum(axis=1, keepdims=True))  # (K, T)
    k = logp.shape[0]
    starts = np.array([d.toordinal() for d in tl.bin_starts], dtype=np.int64)
    ends = np.array([d.toordinal() for d in tl.bin_ends], dtype=np.int64)
    bin_days = NOMINAL_DAYS[tl.bin_unit]
    phase_len = [(ends[b - 1] + 1 - starts[a]) for a, b in itertools.pairwise(bounds)]

    by_case: dict[str, list[DatedEvent]] = {}
    for e in events:
        if e.case is not None and e.theme in themes:
            by_case.setdefault(e.case, []).append(e)
    own = {c.case: c for c in pooled.cases}
    # every case is placed, so that the typical crossing (and with it each flag) is the
    # same whichever cases are shown; each case resamples with its own generator, seeded
    # by its name, so its interval does not depend on the others either
    names = sorted(set(by_case) | set(cases or ()))
    results = []
    for name in names:
        rng = np.random.default_rng([seed, zlib.crc32(name.encode("utf-8"))])
        evs = by_case.get(name, [])
        results.append(
            _one_case(
                name,
                evs,
                own.get(name),
                themes=themes,
                logp=logp,
                starts=starts,
                ends=ends,
                fronts=fronts,
                phase_len=phase_len,
                labels=labels,
                k=k,
                bin_days=bin_days,
                min_case_events=min_case_events,
                min_side=min_side,
                min_sources=min_sources,
                max_width_days=max_width_days,
                replicates=replicates,
                rng=rng,
                level=level,
            )
        )
    typical = typical_shifts(results, len(fronts), min_typical)
    if replicates > 0:
        results = [with_timing(r, typical, min_shift_days) for r in results]
    flagged = sum(r.flagged for r in results)
    share, notes = phase_shares(results, seg, np.exp(logp), min_typical, min_side)
    if cases is not None:
        wanted = {name: i for i, name in enumerate(cases)}
        results = sorted((r for r in results if r.case in wanted), key=lambda r: wanted[r.case])
        flagged = sum(r.flagged for r in results)
    return CaseTimingResult(
        pooled_dates,
        labels,
        described,
        rule,
        min_case_events,
        min_side,
        min_shift_days,
        replicates,
        typical,
        tuple(results),
        flagged,
        "",
        share,
        notes,
    )


def _own(case: CaseResult | None, n_events: int) -> tuple[int | None, tuple[dt.date, ...], str]:
    if case is None or case.skipped is not None:
        return None, (), "" if case is None else f"not bracketed alone: {case.skipped}"
    if case.k == 1:
        return (
            1,
            (),
            f"alone, no frontier found in {n_events} codings: too few events to tell on its "
            "own (a flat case and a small one look alike)",
        )
    return case.k, case.frontiers, ""


def _one_case(
    name: str,
    evs: list[DatedEvent],
    own: CaseResult | None,
    *,
    themes: dict[str, int],
    logp: np.ndarray,
    starts: np.ndarray,
    ends: np.ndarray,
    fronts: Sequence[Any],
    phase_len: list[int],
    labels: tuple[str, ...],
    k: int,
    bin_days: float,
    min_case_events: int,
    min_side: float,
    min_sources: int,
    max_width_days: int,
    replicates: int,
    rng: np.random.Generator,
    level: float,
) -> CaseShiftResult:
    sources = sorted({e.source for e in evs})
    own_k, own_frontiers, own_note = _own(own, len(evs))
    weight = float(sum(e.weight for e in evs))
    first = min((e.start for e in evs), default=None)
    last = max((e.end for e in evs), default=None)
    common = {
        "case": name,
        "n_events": len(evs),
        "n_sources": len(sources),
        "weight": weight,
        "first_date": first,
        "last_date": last,
        "own_k": own_k,
        "own_frontiers": own_frontiers,
        "own_note": own_note,
    }
    if len(evs) < min_case_events:
        status = "no codings" if not evs else f"fewer than {min_case_events} events"
        return CaseShiftResult(
            **common,
            status=f"skipped: {status}",
            phases_seen=(),
            frontiers=(),
            precision_days=0.0,
            resampled="",
            flagged=False,
        )
    src_index = {s: i for i, s in enumerate(sources)}
    b0 = np.searchsorted(starts, [e.start.toordinal() for e in evs], side="right") - 1
    b1 = np.searchsorted(starts, [e.end.toordinal() for e in evs], side="right") - 1
    b0 = np.clip(b0, 0, starts.size - 1)
    b1 = np.clip(b1, b0, starts.size - 1)
    span_days = np.array([(e.end - e.start).days + 1 for e in evs], dtype=float)
    w = np.array([e.weight for e in evs], dtype=float)
    precision = max(bin_days, float(_weighted_median(span_days, w)))
    theme_ids = np.array([themes[e.theme] for e in evs], dtype=np.int64)
    by_sources = len(sources) >= min_sources
    unit = (
        np.array([src_index[e.source] for e in evs], dtype=np.int64)
        if by_sources
        else np.arange(len(evs), dtype=np.int64)
    )
    n_units = int(unit.max()) + 1
    # expand each event over the bins it touches, weight spread evenly
    span = b1 - b0 + 1
    rows = np.repeat(np.arange(len(evs)), span)
    offsets = np.arange(rows.size) - np.repeat(np.cumsum(span) - span, span)
    bins = b0[rows] + offsets
    piece_w = (w / span)[rows]
    material = np.unique(bins)
    pos = np.searchsorted(material, bins)
    n = material.size
    unit_scores = np.zeros((n_units, n, k))
    np.add.at(unit_scores, (unit[rows], pos), piece_w[:, None] * logp[:, theme_ids[rows]].T)
    unit_weights = np.zeros((n_units, n))
    np.add.at(unit_weights, (unit[rows], pos), piece_w)
    edges = np.stack([starts[material], ends[material] + 1], axis=1).astype(float)
    if n > _MAX_PATH_BINS:
        # a long daily grid: consecutive material bins are read in groups, so the path
        # stays linear in the bins and the crossing is placed to within a group
        first = np.arange(0, n, -(-n // _MAX_PATH_BINS))
        unit_scores = np.add.reduceat(unit_scores, first, axis=1)
        unit_weights = np.add.reduceat(unit_weights, first, axis=1)
        last = np.append(first[1:] - 1, n - 1)
        edges = np.stack([edges[first, 0], edges[last, 1]], axis=1)

    states = _path(unit_scores.sum(axis=0)[None])
    point_w = unit_weights.sum(axis=0)[None]
    phase_w = np.bincount(states[0], weights=point_w[0], minlength=k)
    seen = tuple(labels[i] for i in range(k) if phase_w[i] >= min_side)
    if replicates > 0:
        draws = rng.multinomial(n_units, np.full(n_units, 1.0 / n_units), size=replicates)
        draws = draws.astype(float)
        rep_scores = np.einsum("ru,unk->rnk", draws, unit_scores)
        rep_w = draws @ unit_weights
        rep_states = _path(rep_scores)
    out = []
    for j, f in enumerate(fronts):
        pooled_day = f.date.toordinal()
        day, wb, wa = _crossings(states, point_w, edges, j, min_side)
        base = {
            "frontier": j,
            "before": f.before,
            "after": f.after,
            "pooled_date": f.date,
            "weight_before": float(wb[0]),
            "weight_after": float(wa[0]),
        }
        if np.isnan(day[0]):
            # material dated well after the pooled frontier that still reads as the
            # earlier phases: the case is observed past the frontier and does not cross it
            later = float(point_w[0][edges[:, 0] >= pooled_day + precision].sum())
            stays = wb[0] >= min_side and wa[0] < min_side and later >= min_side
            out.append(
                CaseFrontierShiftResult(
                    **base,
                    status="not crossed",
                    date=None,
                    shift_days=None,
                    interval_days=None,
                    interval_dates=None,
                    crossed_share=None,
                    timing="not crossed" if stays else "undetermined",
                    note=_not_crossed(wb[0], wa[0], min_side, f, later if stays else 0.0),
                )
            )
            continue
        shift = round(day[0] - pooled_day)
        date = dt.date.fromordinal(round(day[0]))
        if replicates <= 0:
            out.append(
                CaseFrontierShiftResult(
                    **base,
                    status="found",
                    date=date,
                    shift_days=shift,
                    interval_days=None,
                    interval_dates=None,
                    crossed_share=None,
                    timing="undetermined",
                    note="interval not computed (inference off)",
                )
            )
            continue
        # the estimate needs min_side codings on each side; a resample needs only a
        # quarter of that, or resampling noise near the threshold would itself read as
        # "not crossed" (12 codings a side drop under 10 in a fifth of resamples)
        rep_side = max(1.0, min_side / 4)
        rep_day, rep_b, rep_a = _crossings(rep_states, rep_w, edges, j, rep_side)
        missing = np.isnan(rep_day)
        # a resample that still reads as the earlier phases at the case's last codings
        # crosses "later than its codings" (+inf); one that reads as the later phases from
        # its first codings crossed "before them" (-inf); both stay in the interval
        never = missing & (rep_b >= rep_side) & (rep_a < rep_side)
        before = missing & (rep_a >= rep_side) & (rep_b < rep_side)
        crossed = rep_day[~missing]
        share = crossed.size / replicates
        values = np.concatenate(
            [crossed, np.full(int(never.sum()), np.inf), np.full(int(before.sum()), -np.inf)]
        )
        tail = (1 - level) / 2 * 100
        if values.size:
            low = float(np.percentile(values, tail, method="lower")) - bin_days / 2
            high = float(np.percentile(values, 100 - tail, method="higher")) + bin_days / 2
        else:
            low = high = float(day[0])
        lo = round(low) if np.isfinite(low) else None
        hi = round(high) if np.isfinite(high) else None
        interval = (
            None if lo is None else lo - pooled_day,
            None if hi is None else hi - pooled_day,
        )
        dates = (
            None if lo is None else dt.date.fromordinal(lo),
            None if hi is None else dt.date.fromordinal(hi),
        )
        widest = min(phase_len[j], phase_len[j + 1], max_width_days)
        status, timing, note = "found", "undetermined", ""
        if share < 0.5:
            status, timing = "too few events to tell", "undetermined"
            note = f"only {share:.0%} of resamples see the case cross it within its codings"
        elif lo is not None and hi is not None and hi - lo > widest:
            status, timing = "too few events to tell", "undetermined"
            note = (
                f"the interval ({hi - lo} days) is wider than {widest} days (the shorter "
                f"of {max_width_days} days and the pooled phases beside it)"
            )
        elif lo is None and hi is None:
            status, timing = "too few events to tell", "undetermined"
            note = "resamples place it both before and after the case's codings"
        out.append(
            CaseFrontierShiftResult(
                **base,
                status=status,
                date=date,
                shift_days=shift,
                interval_days=interval,
                interval_dates=dates,
                crossed_share=share,
                timing=timing,
                note=note,
            )
        )
    return CaseShiftResult(
        **common,
        status="analysed",
        phases_seen=seen,
        frontiers=tuple(out),
        precision_days=precision,
        resampled=("sources" if by_sources else "codings") if replicates > 0 else "",
        flagged=False,
    )


def _not_crossed(wb: float, wa: float, min_side: float, f: Any, later: float) -> str:
    if wa < min_side and wb < min_side:
        return "too few codings on either side"
    if later > 0:
        return (
            f"the case stays in the phases up to {f.before}, though {later:.0f} of its "
            "codings are dated after the frontier"
        )
    if wa < min_side:
        return f"the case's material stays in the phases up to {f.before}"
    return f"the case's material reads as {f.after} or later from its start"


def _weighted_median(values: np.ndarray, weights: np.ndarray) -> float:
    order = np.argsort(values)
    cum = np.cumsum(weights[order])
    if cum.size == 0 or cum[-1] <= 0:
        return 0.0
    return float(values[order][np.searchsorted(cum, 0.5 * cum[-1])])
