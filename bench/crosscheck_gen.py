"""A second generator of planted-phase corpora, written apart from the engine's own.

The bracketing engine's calibration figures come from a generator written with it; a
figure that holds only there says more about the generator than about real studies.
This one was designed from a description of how process studies are built, without
reading that generator, so the two can disagree. Its corpora have:

* **sources**: documents (minutes, reports) dated near the events they record, and
  interviews held in waves that look back over years (an interview in 2010 speaks of
  2003-2009, recent years more often); many segments per source;
* **source lean**: each source multiplies the phase composition by its own propensity
  vector drawn from a Dirichlet (small concentration = strong lean), so one interview
  talks mostly about two or three themes whatever the phase;
* **frontiers** that are sharp or gradual: across a transition window the composition
  is a linear mixture of the phases on either side; the planted date is the window's
  middle;
* **planted roles** across each frontier: continuous themes keep their share exactly,
  others emerge from nothing, disappear to nothing, or are multiplied (intensified) or
  divided (weakened) by about three;
* **dates** known to the day, month or year, stated as ranges with that precision;
  retrospective dates are coarse and sometimes a year off; documents date their
  segments by their own date;
* **coders**: two coders, each source coded by one, some documents by both; each coder
  has a habit (codes one theme as another some of the time) and both make random slips;
* **null corpora**: the same design with one composition throughout.

Everything is drawn from one ``numpy`` generator seeded per corpus, so a corpus is a
pure function of (level, seed, null).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from workbench.bracketing import DatedEvent, PhaseSpec

__all__ = [
    "LEVELS",
    "ROLE_TO_CLASS",
    "VARIANTS",
    "Corpus",
    "Level",
    "PlantedFrontier",
    "generate",
]

STUDY_START = dt.date(1998, 1, 1)
STUDY_END = dt.date(2010, 12, 31)
DAYS_PER_MONTH = 365.25 / 12

ROLE_TO_CLASS = {
    "continuous": "continuous",
    "emergent": "emergent",
    "disappearing": "disappearing",
    "intensified": "intensified",
    "weakened": "attenuated",
}
"""The engine's word for each planted role (it says "attenuated" for weakened)."""


@dataclass(frozen=True, slots=True)
class Level:
    """One difficulty: how a corpus's sources, dates, coders and frontiers are drawn.

    Precision mixes are (day, month, year) probabilities. ``tilt`` is the Dirichlet
    concentration of each source's lean (``None``: no lean). ``transition_months`` is
    the range of transition-window widths (0 = sharp). ``recall_slip`` is the chance
    that a retrospective year or month is one unit off. ``habit`` is the chance that a
    coder's habit fires on a coding of the habit theme; ``slip`` a random theme.
    """

    name: str
    description: str
    n_documents: int
    doc_segments: float
    waves: int
    interviews_per_wave: int
    interview_segments: float
    lookback_years: float
    tilt: float | None
    transition_months: tuple[float, float]
    doc_precision: tuple[float, float, float]
    interview_precision: tuple[float, float, float]
    recall_slip: float
    habit: float
    slip: float
    double_coded: float
    n_themes: int = 14
    n_present: int = 10
    k_choices: tuple[int, ...] = (2, 3, 4)
    segment_dispersion: float = 2.0
    """Negative-binomial shape of segments per source (smaller: more unequal sources)."""
    stream: str = ""
    """Name the random stream is salted with (default: ``name``); a one-factor variant
    keeps its level's stream so it differs from it by that factor, not by luck."""


LEVELS: dict[str, Level] = {
    level.name: level
    for level in (
        Level(
            name="easy",
            description="sharp frontiers, mild lean, dates to the day or month, ~7,000 codings",
            n_documents=120,
            doc_segments=40,
            waves=3,
            interviews_per_wave=10,
            interview_segments=60,
            lookback_years=4,
            tilt=8.0,
            transition_months=(0, 0),
            doc_precision=(0.9, 0.1, 0.0),
            interview_precision=(0.2, 0.6, 0.2),
            recall_slip=0.0,
            habit=0.1,
            slip=0.02,
            double_coded=0.1,
        ),
        Level(
            name="medium",
            description="transitions up to 12 months, moderate lean, a third of interview "
            "dates to the year, ~4,500 codings",
            n_documents=80,
            doc_segments=30,
            waves=4,
            interviews_per_wave=10,
            interview_segments=50,
            lookback_years=6,
            tilt=3.0,
            transition_months=(0, 12),
            doc_precision=(0.7, 0.25, 0.05),
            interview_precision=(0.1, 0.5, 0.4),
            recall_slip=0.05,
            habit=0.2,
            slip=0.04,
            double_coded=0.2,
        ),
        Level(
            name="clustered",
            description="few long sources with a strong lean: 30 documents of ~70 segments, "
            "3 waves of 5 interviews of ~150, ~4,500 codings",
            n_documents=30,
            doc_segments=70,
            waves=3,
            interviews_per_wave=5,
            interview_segments=150,
            lookback_years=6,
            tilt=0.7,
            transition_months=(0, 12),
            doc_precision=(0.7, 0.25, 0.05),
            interview_precision=(0.1, 0.5, 0.4),
            recall_slip=0.05,
            habit=0.2,
            slip=0.04,
            double_coded=0.2,
            segment_dispersion=1.0,
        ),
        Level(
            name="hard",
            description="realistic size (~2,300 codings from ~70 sources), strong lean, "
            "12-24 month transitions, most interview dates to the year, recall slips, "
            "coder habits, a third of documents double coded",
            n_documents=50,
            doc_segments=18,
            waves=4,
            interviews_per_wave=5,
            interview_segments=55,
            lookback_years=7,
            tilt=1.2,
            transition_months=(12, 24),
            doc_precision=(0.5, 0.35, 0.15),
            interview_precision=(0.05, 0.3, 0.65),
            recall_slip=0.15,
            habit=0.3,
            slip=0.08,
            double_coded=0.33,
            segment_dispersion=1.0,
        ),
    )
}


VARIANTS: dict[str, Level] = {
    "hard-k2": dataclasses.replace(LEVELS["hard"], name="hard-k2", stream="hard", k_choices=(2,)),
    "hard-no-lean": dataclasses.replace(
        LEVELS["hard"], name="hard-no-lean", stream="hard", tilt=None
    ),
    "hard-even-sources": dataclasses.replace(
        LEVELS["hard"], name="hard-even-sources", stream="hard", segment_dispersion=50.0
    ),
    "easy-no-year-dates": dataclasses.replace(
        LEVELS["easy"],
        name="easy-no-year-dates",
        stream="easy",
        interview_precision=(0.2, 0.8, 0.0),
    ),
    "clustered-k2": dataclasses.replace(
        LEVELS["clustered"], name="clustered-k2", stream="clustered", k_choices=(2,)
    ),
}
"""One-factor variants of a level, to tell which of its features a figure depends on."""


@dataclass(frozen=True, slots=True)
class PlantedFrontier:
    """A planted change: the window's middle, its width, and each theme's role."""

    date: dt.date
    window_days: int
    roles: dict[str, str]


@dataclass(frozen=True, slots=True)
class Corpus:
    """A generated corpus with what was planted in it."""

    level: str
    seed: int
    null: bool
    events: list[DatedEvent]
    frontiers: tuple[PlantedFrontier, ...]
    phases: tuple[PhaseSpec, ...]
    compositions: tuple[dict[str, float], ...]
    n_sources: int
    n_codings: int
    coders: tuple[str, ...] = field(default=("ana", "ben"))

    @property
    def k(self) -> int:
        return len(self.frontiers) + 1

    @property
    def planted_dates(self) -> tuple[dt.date, ...]:
        return tuple(f.date for f in self.frontiers)


def _ordinal(day: dt.date) -> int:
    return day.toordinal()


def _frontier_dates(rng: np.random.Generator, k: int) -> list[int]:
    """K-1 dates at least 2 years from the study's ends and 2.5 years from each other."""
    lo = _ordinal(STUDY_START) + 730
    hi = _ordinal(STUDY_END) - 730
    for _ in range(10_000):
        dates = np.sort(rng.integers(lo, hi, size=k - 1))
        if k == 2 or np.diff(dates).min() >= 913:
            return [int(d) for d in dates]
    raise RuntimeError(f"cannot place {k - 1} frontiers in the study period")


def _base_composition(rng: np.random.Generator, present: list[int], n: int) -> np.ndarray:
    for _ in range(1000):
        w = rng.gamma(4.0, 1.0, size=len(present))
        w /= w.sum()
        if w.min() >= 0.03:
            share = np.zeros(n)
            share[present] = w
            return share
    raise RuntimeError("cannot draw a base composition")


def _next_phase(rng: np.random.Generator, share: np.ndarray) -> tuple[np.ndarray, dict[int, str]]:
    """The composition after a frontier and each theme's planted role across it.

    Continuous themes keep their share exactly; the changing ones share what is left, so
    that the planted roles hold on the share scale the engine's tests use.
    """
    n = share.size
    for _ in range(1000):
        present = [t for t in range(n) if share[t] > 0]
        dormant = [t for t in range(n) if share[t] == 0]
        order = list(rng.permutation(present))
        n_emerge = min(len(dormant), int(rng.integers(1, 3)))
        n_vanish = int(rng.integers(1, 3))
        n_up, n_down = int(rng.integers(1, 3)), int(rng.integers(1, 3))
        vanish = order[:n_vanish]
        up = order[n_vanish : n_vanish + n_up]
        down = order[n_vanish + n_up : n_vanish + n_up + n_down]
        cont = order[n_vanish + n_up + n_down :]
        emerge = list(rng.choice(dormant, size=n_emerge, replace=False)) if n_emerge else []
        if len(cont) < 3:
            continue
        new = np.zeros(n)
        new[cont] = share[cont]
        raw = np.zeros(n)
        raw[up] = share[up] * 3.0
        raw[down] = share[down] / 3.0
        raw[emerge] = rng.uniform(0.06, 0.12, size=len(emerge))
        left = 1.0 - share[cont].sum()
        new += raw * (left / raw.sum())
        ok = (
            all(new[t] / share[t] >= 2.2 for t in up)
            and all(new[t] / share[t] <= 0.45 for t in down)
            and all(new[t] >= 0.04 for t in emerge)
            and all(new[t] >= 0.02 for t in down)
            and all(new[t] >= 0.03 for t in cont)
        )
        if not ok:
            continue
        roles = dict.fromkeys(cont, "continuous")
        roles |= dict.fromkeys(emerge, "emergent")
        roles |= dict.fromkeys(vanish, "disappearing")
        roles |= dict.fromkeys(up, "intensified")
        roles |= dict.fromkeys(down, "weakened")
        return new, roles
    raise RuntimeError("cannot draw the next phase")


def _mixture(
    t: np.ndarray, comps: list[np.ndarray], fronts: list[int], windows: list[int]
) -> np.ndarray:
    """Composition at each true date: phases blended linearly across each window."""
    p = np.tile(comps[0], (t.size, 1))
    for j, (f, w) in enumerate(zip(fronts, windows, strict=True)):
        a = (t >= f).astype(float) if w == 0 else np.clip((t - (f - w / 2)) / w, 0.0, 1.0)
        p = (1 - a)[:, None] * p + a[:, None] * comps[j + 1][None, :]
    return p


def _segments(rng: np.random.Generator, mean: float, shape: float, size: int) -> np.ndarray:
    """Segments per source: negative binomial (sources differ a lot in length), >= 3."""
    lam = rng.gamma(shape, mean / shape, size=size)
    return np.maximum(rng.poisson(lam), 3)


def _stated_range(
    rng: np.random.Generator, true_day: int, precision: str, slip: float
) -> tuple[dt.date, dt.date]:
    day = dt.date.fromordinal(true_day)
    if precision == "day":
        return day, day
    if precision == "month":
        y, m = day.year, day.month
        if rng.random() < slip:
            m += int(rng.choice((-1, 1)))
            if m == 0:
                y, m = y - 1, 12
            elif m == 13:
                y, m = y + 1, 1
        if not STUDY_START.year <= y <= STUDY_END.year:
            y, m = day.year, day.month
        first = dt.date(y, m, 1)
        last = (dt.date(y + (m == 12), m % 12 + 1, 1)) - dt.timedelta(days=1)
        return first, last
    y = day.year + (int(rng.choice((-1, 1))) if rng.random() < slip else 0)
    y = min(max(y, STUDY_START.year), STUDY_END.year)
    return dt.date(y, 1, 1), dt.date(y, 12, 31)


def generate(level: Level | str, seed: int, *, null: bool = False) -> Corpus:
    """One corpus of ``level`` drawn with ``seed``; ``null`` plants no change at all."""
    lv = (LEVELS | VARIANTS)[level] if isinstance(level, str) else level
    rng = np.random.default_rng([seed, int(null), sum(map(ord, lv.stream or lv.name))])
    themes = [f"T{t:02d}" for t in range(lv.n_themes)]
    n = lv.n_themes
    k = 1 if null else int(rng.choice(lv.k_choices))
    fronts = _frontier_dates(rng, k) if k > 1 else []
    lo_w, hi_w = lv.transition_months
    windows = [round(rng.uniform(lo_w, hi_w) * DAYS_PER_MONTH) for _ in fronts]
    present = sorted(rng.choice(n, size=lv.n_present, replace=False).tolist())
    comps = [_base_composition(rng, present, n)]
    role_sets: list[dict[int, str]] = []
    for _ in fronts:
        nxt, roles = _next_phase(rng, comps[-1])
        comps.append(nxt)
        role_sets.append(roles)

    start, end = _ordinal(STUDY_START), _ordinal(STUDY_END)
    span = end - start
    # ---- sources: documents spread with an uneven yearly volume, interviews in waves
    year_weight = rng.gamma(3.0, 1.0, size=STUDY_END.year - STUDY_START.year + 1)
    doc_year = rng.choice(year_weight.size, size=lv.n_documents, p=year_weight / year_weight.sum())
    doc_day = np.array(
        [
            min(
                end,
                _ordinal(dt.date(STUDY_START.year + int(y), 1, 1)) + int(rng.integers(0, 365)),
            )
            for y in doc_year
        ]
    )
    doc_len = _segments(rng, lv.doc_segments, lv.segment_dispersion, lv.n_documents)
    n_iv = lv.waves * lv.interviews_per_wave
    wave_day = [start + round(span * (w + 1) / lv.waves) for w in range(lv.waves)]
    iv_day = np.array(
        [
            min(end, wave_day[w] - int(rng.integers(0, 120)))
            for w in range(lv.waves)
            for _ in range(lv.interviews_per_wave)
        ]
    )
    iv_len = _segments(rng, lv.interview_segments, lv.segment_dispersion, n_iv)
    n_src = lv.n_documents + n_iv
    is_doc = np.arange(n_src) < lv.n_documents
    src_day = np.concatenate([doc_day, iv_day])
    src_len = np.concatenate([doc_len, iv_len])
    names = [f"doc{i:03d}" for i in range(lv.n_documents)] + [
        f"int-w{w + 1}-{i:02d}" for w in range(lv.waves) for i in range(lv.interviews_per_wave)
    ]
    lean = (
        np.ones((n_src, n))
        if lv.tilt is None
        else rng.dirichlet(np.full(n, lv.tilt), size=n_src) * n
    )
    coder_of = rng.integers(0, 2, size=n_src)
    double = is_doc & (rng.random(n_src) < lv.double_coded)

    # ---- segments: true dates, composition, themes
    src = np.repeat(np.arange(n_src), src_len)
    m = src.size
    lookback = lv.lookback_years * 365.25
    u = rng.random(m)
    true_day = np.where(
        is_doc[src],
        src_day[src] - rng.exponential(30.0, size=m).astype(int),
        src_day[src] - (lookback * u**1.5).astype(int),
    )
    true_day = np.clip(true_day, start, end)
    comp = _mixture(true_day.astype(float), comps, fronts, windows) * lean[src]
    comp /= comp.sum(axis=1, keepdims=True)
    cum = comp.cumsum(axis=1)
    theme = np.minimum((cum < rng.random(m)[:, None]).sum(axis=1), n - 1)

    # ---- dates as stated
    prec_names = np.array(["day", "month", "year"])
    doc_prec = rng.choice(3, size=m, p=lv.doc_precision)
    iv_prec = rng.choice(3, size=m, p=lv.interview_precision)
    prec = np.where(is_doc[src], doc_prec, iv_prec)

    # ---- coders: one per source, a second one on double-coded documents
    habits = [tuple(rng.choice(present, size=2, replace=False).tolist()) for _ in range(2)]

    def code(true_theme: int, coder: int) -> int:
        t = true_theme
        frm, to = habits[coder]
        if t == frm and rng.random() < lv.habit:
            t = to
        if rng.random() < lv.slip:
            t = int(rng.integers(0, n))
        return t

    events: list[DatedEvent] = []
    coder_names = ("ana", "ben")
    for i in range(m):
        s = int(src[i])
        if is_doc[s]:
            if prec[i] == 0 and rng.random() < 0.7:
                # the segment carries the document's own date
                a = b = dt.date.fromordinal(int(src_day[s]))
                precision, date_source = "day", "document"
            else:
                precision = str(prec_names[prec[i]])
                a, b = _stated_range(rng, int(true_day[i]), precision, 0.0)
                date_source = "own"
        else:
            precision = str(prec_names[prec[i]])
            a, b = _stated_range(rng, int(true_day[i]), precision, lv.recall_slip)
            date_source = "mention"
        coders = (int(coder_of[s]), 1 - int(coder_of[s])) if double[s] else (int(coder_of[s]),)
        for c in coders:
            events.append(
                DatedEvent(
                    event_id=f"{i}-{c}",
                    theme=themes[code(int(theme[i]), c)],
                    source=names[s],
                    case=None,
                    start=a,
                    end=b,
                    precision=precision,
                    date_source=date_source,
                    coder=coder_names[c],
                )
            )

    planted = tuple(
        PlantedFrontier(
            date=dt.date.fromordinal(f),
            window_days=w,
            roles={themes[t]: r for t, r in roles.items()},
        )
        for f, w, roles in zip(fronts, windows, role_sets, strict=True)
    )
    return Corpus(
        level=lv.name,
        seed=seed,
        null=null,
        events=events,
        frontiers=planted,
        phases=phase_specs([STUDY_START, *(p.date for p in planted)]),
        compositions=tuple({themes[t]: float(c[t]) for t in range(n) if c[t] > 0} for c in comps),
        n_sources=n_src,
        n_codings=len(events),
    )


def phase_specs(starts: list[dt.date]) -> tuple[PhaseSpec, ...]:
    """Researcher phases starting at ``starts`` (chronological) and ending with the study."""
    ends = [d - dt.timedelta(days=1) for d in starts[1:]] + [STUDY_END]
    return tuple(
        PhaseSpec(f"R{i + 1}", a, b, "planted")
        for i, (a, b) in enumerate(zip(starts, ends, strict=True))
    )
