"""Synthetic process data with planted phases, to check the engine against known truth.

The generator imitates how process data are actually collected, because each feature
breaks a naive method in its own way:

* **documents** dated by their own date, carrying 'document'-dated segments, some
  'own'-dated recent events and some 'mention'-dated past events;
* **interview waves** whose interviewees recount the whole past retrospectively with
  month, quarter or year precision (and so carry material across every frontier);
* **source idiosyncrasy**: every source tilts the phase composition by a Dirichlet factor,
  which clusters codes by source (overdispersion);
* **label noise**: a share of codes is replaced by a uniformly drawn theme;
* **gradual transitions**: around a frontier the phase of an event is drawn from a linear
  ramp between the two phases;
* a few **undated** segments;
* **coder habits**: with ``coder_habit`` > 0 a second coder codes the later half of the
  sources and adds one theme of their own to a share of them (a change of coder that
  looks like a frontier);
* **double coding**: a share ``double_coding`` of the sources is coded again by the other
  coder (agreeing on 85 % of the codes), as in a reliability sample kept in the data;
* **coarse dates**: with ``coarse_all`` every event (not only mentions) gets a precision
  from ``precision_mix``, so a corpus can be dated only to the year;
* **null corpora**: ``n_phases=1`` plants no change at all.

Planted roles per frontier and theme are defined on *shares*: a continuous theme keeps
exactly its share, intensified/attenuated themes change by at least a factor 2, emergent
themes go from 0 to at least 5 %, disappearing ones to 0, absent ones stay at 0 (label
noise aside). Difficulty presets are documented in ``DIFFICULTIES``.

``boundary_f1`` scores found frontiers against the planted ones; it lives here, next to
the truth it reads, so that the tests and the calibration benchmark score alike.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from workbench.bracketing.events import DatedEvent, PhaseSpec, UndatedEvent

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "DIFFICULTIES",
    "NOISE_FAMILIES",
    "Difficulty",
    "PlantedTruth",
    "SyntheticData",
    "boundary_f1",
    "generate",
]


@dataclass(frozen=True, slots=True)
class Difficulty:
    """Knobs of one difficulty level; precision mix is (day, month, quarter, year)."""

    name: str
    n_documents: int
    document_events: float
    n_waves: int
    interviewees_per_wave: int
    interview_events: float
    label_noise: float
    concentration: float
    transition_months: int
    effect: float
    precision_mix: tuple[float, float, float, float]
    undated_share: float
    coder_habit: float = 0.0
    double_coding: float = 0.0
    coarse_all: bool = False


DIFFICULTIES = {
    "easy": Difficulty(
        name="easy",
        n_documents=300,
        document_events=25.0,
        n_waves=3,
        interviewees_per_wave=12,
        interview_events=80.0,
        label_noise=0.03,
        concentration=15.0,
        transition_months=0,
        effect=3.0,
        precision_mix=(0.2, 0.5, 0.2, 0.1),
        undated_share=0.02,
    ),
    "medium": Difficulty(
        name="medium",
        n_documents=300,
        document_events=25.0,
        n_waves=3,
        interviewees_per_wave=12,
        interview_events=80.0,
        label_noise=0.08,
        concentration=3.0,
        transition_months=3,
        effect=2.5,
        precision_mix=(0.1, 0.45, 0.25, 0.2),
        undated_share=0.03,
    ),
    "hard": Difficulty(
        name="hard",
        n_documents=150,
        document_events=20.0,
        n_waves=2,
        interviewees_per_wave=8,
        interview_events=60.0,
        label_noise=0.15,
        concentration=1.5,
        transition_months=6,
        effect=2.2,
        precision_mix=(0.05, 0.35, 0.3, 0.3),
        undated_share=0.05,
    ),
}


def _family(name: str, base: str, **changes: object) -> Difficulty:
    return dataclasses.replace(DIFFICULTIES[base], name=name, **changes)  # type: ignore[arg-type]


NOISE_FAMILIES = {
    # few sources, many segments each, strong lean: the overdispersion real studies have
    "clustered": _family(
        "clustered",
        "medium",
        n_documents=60,
        document_events=90.0,
        interviewees_per_wave=4,
        interview_events=150.0,
        concentration=1.0,
    ),
    "waves": _family("waves", "medium", n_documents=40, n_waves=4, interviewees_per_wave=15),
    "tilt": _family("tilt", "medium", concentration=0.7),
    "gradual": _family("gradual", "medium", transition_months=12),
    "year_dates": _family(
        "year_dates", "medium", precision_mix=(0.0, 0.0, 0.0, 1.0), coarse_all=True
    ),
    "coder_habit": _family("coder_habit", "medium", coder_habit=0.25),
    # the size of a real study: about 2,300 codings from 74 sources
    "realistic": _family(
        "realistic",
        "medium",
        n_documents=50,
        document_events=20.0,
        interviewees_per_wave=8,
        interview_events=50.0,
    ),
    "double_coding": _family("double_coding", "medium", double_coding=0.4),
}
"""Medium corpora with one kind of noise pushed hard (the calibration benchmark's families)."""


@dataclass(frozen=True, slots=True)
class PlantedTruth:
    themes: tuple[str, ...]
    phases: tuple[PhaseSpec, ...]
    frontiers: tuple[dt.date, ...]
    shares: tuple[tuple[float, ...], ...]
    roles: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class SyntheticData:
    events: tuple[DatedEvent, ...]
    undated: tuple[UndatedEvent, ...]
    truth: PlantedTruth
    difficulty: str
    seed: int


def _first_shares(rng: np.random.Generator, n_themes: int) -> np.ndarray:
    n_active = n_themes - 3
    while True:
        shares = rng.dirichlet(np.full(n_active, 8.0))
        if shares.min() >= 0.05:
            out = np.zeros(n_themes)
            out[rng.permutation(n_themes)[:n_active]] = shares
            return out


def _next_shares(
    rng: np.random.Generator, p: np.ndarray, effect: float
) -> tuple[np.ndarray, list[str]]:
    active = np.flatnonzero(p > 0)
    inactive = np.flatnonzero(p == 0)
    for _ in range(20000):
        order = rng.permutation(active)
        n_int, n_att = rng.integers(1, 3), rng.integers(1, 3)
        dis = order[:1]
        inten = order[1 : 1 + n_int]
        att = order[1 + n_int : 1 + n_int + n_att]
        cont = order[1 + n_int + n_att :]
        emg = rng.permutation(inactive)[: min(inactive.size, rng.integers(1, 3))]
        if cont.size < 3 or p[cont].min() < 0.06:
            continue
        new = p.copy()
        new[inten] *= effect
        new[att] /= effect
        new[dis] = 0.0
        new[emg] = rng.uniform(0.08, 0.14, emg.size)
        changers = np.concatenate([inten, att, emg])
        mass = new[changers].sum()
        c = (1.0 - p[cont].sum()) / mass if mass > 0 else -1.0
        if c <= 0:
            continue
        new[changers] *= c
        if effect * c < 2.0 or c / effect > 0.5 or (emg.size and new[emg].min() < 0.05):
            continue
        if new[new > 0].min() < 0.03 or (new > 0).sum() > p.size - 1:
            continue
        roles = ["absent"] * p.size
        for idx, role in (
            (cont, "continuous"),
            (inten, "intensified"),
            (att, "attenuated"),
            (dis, "disappearing"),
            (emg, "emergent"),
        ):
            for i in idx:
                roles[int(i)] = role
        return new / new.sum(), roles
    raise RuntimeError("could not design planted shares")  # pragma: no cover


def _month_start(start: dt.date, months: int) -> dt.date:
    total = start.year * 12 + start.month - 1 + months
    return dt.date(total // 12, total % 12 + 1, 1)


def _date_range(day: dt.date, precision: str) -> tuple[dt.date, dt.date]:
    if precision == "day":
        return day, day
    if precision == "year":
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    first_month = day.month if precision == "month" else 3 * ((day.month - 1) // 3) + 1
    span = 1 if precision == "month" else 3
    first = dt.date(day.year, first_month, 1)
    return first, _month_start(first, span) - dt.timedelta(days=1)


def generate(
    difficulty: str | Difficulty = "easy",
    seed: int = 0,
    *,
    n_themes: int = 12,
    start: dt.date = dt.date(2000, 1, 1),
    years: int = 20,
    n_phases: int | None = None,
) -> SyntheticData:
    """Generate one synthetic data set with planted phases; deterministic in ``seed``."""
    level = DIFFICULTIES[difficulty] if isinstance(difficulty, str) else difficulty
    rng = np.random.default_rng(seed)
    months = years * 12
    k = int(n_phases if n_phases is not None else rng.integers(3, 5))
    while True:
        cuts = np.sort(rng.integers(24, months - 24, size=k - 1))
        gaps = np.diff(np.concatenate([[0], cuts, [months]]))
        if gaps.min() >= 36:
            break
    frontier_dates = [_month_start(start, int(c)) for c in cuts]
    end = _month_start(start, months) - dt.timedelta(days=1)
    edges = [start, *frontier_dates, end + dt.timedelta(days=1)]
    shares = [_first_shares(rng, n_themes)]
    roles: list[list[str]] = []
    for _ in range(k - 1):
        nxt, role = _next_shares(rng, shares[-1], level.effect)
        shares.append(nxt)
        roles.append(role)
    share_matrix = np.array(shares)
    themes = tuple(f"T{i + 1:02d}" for i in range(n_themes))
    cases = ("case-A", "case-B", "case-C", "case-D")
    total_days = (end - start).days + 1
    frontier_days = np.array([(d - start).days for d in frontier_dates])

    # sources: documents then interviewees; tilt per source
    doc_days = rng.integers(0, total_days, level.n_documents)
    wave_days = [int(total_days * (w + 1) / level.n_waves) - 1 for w in range(level.n_waves)]
    names: list[str] = [f"doc-{i:04d}" for i in range(level.n_documents)]
    kinds: list[str] = ["document"] * level.n_documents
    anchor: list[int] = list(doc_days)
    for w, wave_day in enumerate(wave_days):
        for i in range(level.interviewees_per_wave):
            names.append(f"int-w{w + 1}-{i:02d}")
            kinds.append("interview")
            anchor.append(wave_day)
    n_sources = len(names)
    source_case = rng.integers(0, len(cases), n_sources)
    tilt = rng.dirichlet(np.full(n_themes, level.concentration), n_sources) * n_themes
    n_per = np.where(
        np.array(kinds) == "document",
        1 + rng.poisson(level.document_events - 1, n_sources),
        1 + rng.poisson(level.interview_events - 1, n_sources),
    )
    src = np.repeat(np.arange(n_sources), n_per)
    n = src.size
    is_doc = np.array(kinds)[src] == "document"
    anchor_arr = np.array(anchor)[src]
    # date source and true day of each event
    u = rng.random(n)
    date_source = np.where(is_doc, np.where(u < 0.6, 1, np.where(u < 0.8, 0, 2)), 2)
    # codes: 0 = own, 1 = document, 2 = mention
    true_day = anchor_arr.copy()
    own = date_source == 0
    true_day[own] -= rng.integers(0, 60, own.sum())
    mention_doc = is_doc & (date_source == 2)
    true_day[mention_doc] -= rng.integers(0, 730, mention_doc.sum())
    interview = ~is_doc
    true_day[interview] = (rng.random(interview.sum()) * (anchor_arr[interview] + 1)).astype(int)
    true_day = np.clip(true_day, 0, total_days - 1)
    # phase with gradual ramp around each frontier
    phase = np.searchsorted(frontier_days, true_day, side="right")
    half = level.transition_months * 30
    if half > 0:
        for f, fday in enumerate(frontier_days):
            near = np.abs(true_day - fday) < half
            prob_after = (true_day[near] - (fday - half)) / (2 * half)
            phase[near] = np.where(rng.random(near.sum()) < prob_after, f + 1, f)
    probs = share_matrix[phase] * tilt[src]
    probs /= probs.sum(axis=1, keepdims=True)
    theme = (rng.random((n, 1)) > np.cumsum(probs, axis=1)).sum(axis=1)
    theme = np.minimum(theme, n_themes - 1)
    noisy = rng.random(n) < level.label_noise
    theme[noisy] = rng.integers(0, n_themes, noisy.sum())
    # precision of mention-dated events
    labels = np.array(["day", "month", "quarter", "year"])
    drawn = labels[rng.choice(4, n, p=level.precision_mix)]
    precision = drawn if level.coarse_all else np.where(date_source == 2, drawn, "day")
    # coders: one, or a second who codes the later sources (with a habit) and re-codes some
    coder = np.zeros(n, dtype=np.int64)
    if level.coder_habit > 0 or level.double_coding > 0:
        later = np.array(anchor) >= np.median(anchor)
        coder = later[src].astype(np.int64)
        if level.coder_habit > 0:
            habit_theme = int(rng.integers(0, n_themes))
            habit = (coder == 1) & (rng.random(n) < level.coder_habit)
            theme[habit] = habit_theme
    undated = rng.random(n) < level.undated_share
    has_text = rng.random(n) < 0.3
    # double coding: some sources coded again by the other coder, agreeing on 85 % of codes
    rows = np.arange(n)
    if level.double_coding > 0:
        again = rng.random(n_sources) < level.double_coding
        dup = np.flatnonzero(again[src])
        rows = np.concatenate([rows, dup])
        second_theme = theme[dup].copy()
        differ = rng.random(dup.size) >= 0.85
        second_theme[differ] = rng.integers(0, n_themes, differ.sum())
        theme = np.concatenate([theme, second_theme])
        coder = np.concatenate([coder, 1 - coder[dup]])
    coders = ("coder-1", "coder-2")
    with_coder = level.coder_habit > 0 or level.double_coding > 0
    events: list[DatedEvent] = []
    undated_events: list[UndatedEvent] = []
    ds_names = ("own", "document", "mention")
    for j, row in enumerate(rows.tolist()):
        i = int(row)
        s = int(src[i])
        label = themes[theme[j]]
        text = f"[{label}] passage {i} from {names[s]}" if has_text[i] else None
        case = cases[int(source_case[s])]
        if undated[i]:
            if j < n:
                undated_events.append(UndatedEvent(j, label, names[s], case, "no date found", text))
            continue
        day = start + dt.timedelta(days=int(true_day[i]))
        lo, hi = _date_range(day, str(precision[i]))
        events.append(
            DatedEvent(
                event_id=j,
                theme=label,
                source=names[s],
                case=case,
                start=max(lo, start),
                end=min(hi, end),
                precision=str(precision[i]),
                date_source=ds_names[int(date_source[i])],
                text=text,
                coder=coders[int(coder[j])] if with_coder else None,
            )
        )
    phases = tuple(
        PhaseSpec(
            label=f"phase {j + 1}",
            start=edges[j],
            end=edges[j + 1] - dt.timedelta(days=1),
            justification="planted",
        )
        for j in range(k)
    )
    return SyntheticData(
        events=tuple(events),
        undated=tuple(undated_events),
        truth=PlantedTruth(
            themes=themes,
            phases=phases,
            frontiers=tuple(frontier_dates),
            shares=tuple(tuple(float(x) for x in row) for row in share_matrix),
            roles=tuple(tuple(r) for r in roles),
        ),
        difficulty=level.name,
        seed=seed,
    )


MATCH_DAYS = 183
"""A found frontier matches a planted one within this many days (about 6 months)."""


def boundary_f1(
    true: Sequence[dt.date], found: Sequence[dt.date], *, within_days: int = MATCH_DAYS
) -> float:
    """F1 of one-to-one matches of found to planted frontiers within ``within_days``.

    Matching is greedy on distance (closest pairs first), so one found frontier cannot
    count for two planted ones; 1.0 when both are empty (a null corpus left unbracketed).
    """
    pairs = sorted(
        (abs((f - t).days), i, j)
        for i, t in enumerate(true)
        for j, f in enumerate(found)
        if abs((f - t).days) <= within_days
    )
    used_t: set[int] = set()
    used_f: set[int] = set()
    for _, i, j in pairs:
        if i not in used_t and j not in used_f:
            used_t.add(i)
            used_f.add(j)
    tp = len(used_t)
    precision = tp / len(found) if found else 1.0
    recall = tp / len(true) if true else 1.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0
